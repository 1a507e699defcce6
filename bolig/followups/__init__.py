"""Oppfølging: the steps toward a permanent home, with reminders to the worker and the client (R8)."""
