"""Vedtak and klage: written, reasoned decisions and their appeals."""
