"""Every minute: remind clients half an hour before their held place is released."""

from __future__ import annotations

from datetime import datetime

from bolig.notifications.operations import hold_reminders


def run(*, now: datetime, dry_run: bool = False) -> int:
    """Queue the reminders now due; the outbox job sends them."""
    return len(hold_reminders(now))
