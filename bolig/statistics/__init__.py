"""Statistikk: how long households stay in temporary housing, and the KOSTRA figures (R7, R30)."""
