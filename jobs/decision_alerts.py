"""Every five minutes: at each municipality's checkpoints, tell the on-call supervisor of today's cases without a
decision (R3)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from bolig.db import db
from bolig.decisions.operations import alert_undecided
from bolig.municipalities.models import Municipality
from bolig.web import link


def run(*, now: datetime, dry_run: bool = False) -> int:
    """Queue one message per municipality and checkpoint while cases from today lack a decision."""
    board = link("/board#undecided")
    municipalities = db.session.scalars(select(Municipality).order_by(Municipality.id))
    return sum(len(alert_undecided(municipality, now, board)) for municipality in municipalities)
