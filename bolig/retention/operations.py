"""Destroy closed cases whose retention period has run out, unless something keeps them for good (R28).

Kept for good: a case with a decision letter (and so any appeal), a case where the household stayed in
temporary housing (the municipality acting on its duty, with any exclusion, R9), a case with a deposit guarantee
or a cash deposit (the municipality's promise to pay a landlord, or its money), and a case about a household
with children. Anything else that has been closed for the municipality's retention period is destroyed, with
its holds, steps, draft decisions and SMS, and the client once none of their cases is left. The audit log keeps
that it happened, by number only: its lines about the case never held a name.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time

from sqlalchemy import delete, exists, or_, select

from bolig.audit.operations import record
from bolig.cases.models import Case, CaseStatus, Client, ClientCorrection, Hold, Stay
from bolig.db import db
from bolig.decisions.models import Decision
from bolig.followups.models import FollowUp
from bolig.guarantees.models import CashDeposit, DepositGuarantee
from bolig.municipalities.models import Municipality
from bolig.notifications.models import SmsMessage
from bolig.timeutil import months_after, oslo_moment, oslo_today


def retained_until(municipality: Municipality, now: datetime) -> datetime:
    """Cases closed before this moment have been closed for the whole retention period."""
    years = int(municipality.setting("retention_years"))
    return oslo_moment(months_after(oslo_today(now), -12 * years), time(0))


def due_for_destruction(municipality: Municipality, now: datetime) -> list[Case]:
    """Closed cases past the retention period that nothing keeps for good, longest closed first."""
    issued = select(Decision.case_id).where(Decision.issued_at.is_not(None))
    housed = select(Stay.case_id)
    guaranteed = select(DepositGuarantee.case_id).union(select(CashDeposit.case_id))
    query = (
        select(Case)
        .where(
            Case.municipality_id == municipality.id,
            Case.status == CaseStatus.CLOSED,
            Case.closed_at < retained_until(municipality, now),
            Case.id.not_in(issued),
            Case.id.not_in(housed),
            Case.id.not_in(guaranteed),
        )
        .order_by(Case.closed_at, Case.id)
    )
    # Children are in a JSON list, asked of the few candidates here rather than in two dialects of SQL.
    return [case for case in db.session.scalars(query) if not case.children_ages]


def destroy(cases: Sequence[Case]) -> int:
    """Delete the cases with everything that is theirs alone, and clients left with no case; how many cases."""
    if not cases:
        return 0
    for case in cases:
        closed = case.closed_at.isoformat() if case.closed_at else None
        record(None, "case.destroyed", case, client_id=case.client_id, details={"closed_at": closed})
    ids = [case.id for case in cases]
    clients = sorted({case.client_id for case in cases})
    holds = select(Hold.id).where(Hold.case_id.in_(ids))
    db.session.execute(delete(SmsMessage).where(or_(SmsMessage.case_id.in_(ids), SmsMessage.hold_id.in_(holds))))
    for model in (FollowUp, Decision, Hold):
        db.session.execute(delete(model).where(model.case_id.in_(ids)))
    db.session.execute(delete(Case).where(Case.id.in_(ids)))
    left_alone = select(Client.id).where(Client.id.in_(clients), ~exists().where(Case.client_id == Client.id))
    alone = list(db.session.scalars(left_alone))
    db.session.execute(delete(SmsMessage).where(SmsMessage.client_id.in_(alone)))
    db.session.execute(delete(ClientCorrection).where(ClientCorrection.client_id.in_(alone)))
    db.session.execute(delete(Client).where(Client.id.in_(alone)))
    return len(ids)


def destroy_expired(municipality: Municipality, now: datetime) -> int:
    """Destroy what the municipality may no longer keep (R28: destruction is required, not allowed)."""
    return destroy(due_for_destruction(municipality, now))
