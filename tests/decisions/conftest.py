"""What the decision tests share: an issued decision that reached the client today, by post."""

from __future__ import annotations

from bolig.auth.models import User
from bolig.db import utcnow
from bolig.decisions.models import Decision
from bolig.decisions.operations import record_delivery
from bolig.municipalities.models import Municipality
from bolig.timeutil import oslo_today
from tests.factories import make_decision


def delivered(municipality: Municipality) -> tuple[Decision, User]:
    """An issued grant the client got by post today, and the caseworker who wrote it."""
    decision = make_decision(municipality)
    worker = decision.case.created_by
    assert worker is not None
    record_delivery(decision, "post", oslo_today(utcnow()), actor=worker, now=utcnow())
    return decision, worker
