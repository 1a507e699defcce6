"""Scheduled jobs: the schedule as data, each job a thin function calling operations."""
