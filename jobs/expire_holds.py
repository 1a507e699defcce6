"""Every minute: end holds whose time is up, tell their clients, and put the cases back on the board."""

from __future__ import annotations

from datetime import datetime

from bolig.cases.operations import expire_holds


def run(*, now: datetime, dry_run: bool = False) -> int:
    """End the holds that expired by now; a dry run is rolled back by the runner."""
    return len(expire_holds(now))
