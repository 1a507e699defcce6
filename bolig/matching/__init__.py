"""Matching a household to places: hard constraints, quality tiers, distance, and the reasons for each."""
