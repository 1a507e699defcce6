"""Urgent cases: the household, what it needs, and the place held for it tonight."""
