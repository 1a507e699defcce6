"""Municipalities (kommuner), the tenants of bolig, and their NAV offices."""
