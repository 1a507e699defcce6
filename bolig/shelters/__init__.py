"""Shelters (tilbydere), their quality agreements and their free places."""
