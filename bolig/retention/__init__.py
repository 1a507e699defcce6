"""Bevaring og kassasjon: what is kept for good, and what is destroyed when its period has run out (R28)."""
