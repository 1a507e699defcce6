"""Every night: destroy closed cases whose retention period has run out, unless kept for good (R28)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from bolig.db import db
from bolig.municipalities.models import Municipality
from bolig.retention.operations import destroy_expired


def run(*, now: datetime, dry_run: bool = False) -> int:
    """Destroy each municipality's expired cases; how many."""
    municipalities = db.session.scalars(select(Municipality).order_by(Municipality.id))
    return sum(destroy_expired(municipality, now) for municipality in municipalities)
