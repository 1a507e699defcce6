"""Every five minutes: after each municipality's reminder time, text operators who have not reported tonight."""

from __future__ import annotations

from datetime import datetime

from bolig.shelters.operations import capacity_reminders


def run(*, now: datetime, dry_run: bool = False) -> int:
    """Queue one reminder per shelter and night; the outbox job sends them."""
    return len(capacity_reminders(now))
