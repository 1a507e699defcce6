"""Every minute: tell the on-call supervisor of households waiting too long without a place (R5)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from bolig.cases.operations import escalate_unplaced
from bolig.db import db
from bolig.municipalities.models import Municipality
from bolig.web import link


def run(*, now: datetime, dry_run: bool = False) -> int:
    """Escalate, once each, the cases past each municipality's limit."""
    board = link("/board")
    municipalities = db.session.scalars(select(Municipality).order_by(Municipality.id))
    return sum(len(escalate_unplaced(municipality, now, board)) for municipality in municipalities)
