"""Retention (R28): a closed case is destroyed when its period has run out, unless something keeps it for good."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from bolig.audit.models import AuditEvent
from bolig.auth.models import User
from bolig.cases.models import Case, Client, Hold
from bolig.cases.operations import cancel_hold, close_without_decision, exclude, hold_place
from bolig.db import Base, db, utcnow
from bolig.decisions.operations import draft, issue, update_draft
from bolig.followups.models import FollowUp
from bolig.followups.operations import FollowUpInput, plan_follow_up
from bolig.guarantees.operations import GuaranteeInput, issue_guarantee, pay_deposit
from bolig.municipalities.models import Municipality
from bolig.notifications.models import SmsMessage
from bolig.retention.operations import destroy_expired, due_for_destruction
from bolig.shelters.models import Channel
from bolig.shelters.operations import report_capacity
from jobs import retention
from seed.cases import stay_since
from tests.factories import deposit_input, make_case, make_shelter

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ELEVEN_YEARS_AGO = datetime(2015, 11, 2, 12, 0, tzinfo=UTC)
NINE_YEARS_AGO = datetime(2017, 11, 2, 12, 0, tzinfo=UTC)


def worker(case: Case) -> User:
    assert case.created_by is not None
    return case.created_by


def closed(municipality: Municipality, when: datetime, **values: object) -> Case:
    """A household that withdrew its application at `when`."""
    case = make_case(municipality, **values)
    close_without_decision(case, "withdrawn", "Trakk søknaden.", actor=worker(case), now=when)
    return case


def count(model: type[Base], **where: object) -> int:
    query = select(func.count()).select_from(model).filter_by(**where)
    return int(db.session.scalar(query) or 0)


def test_a_case_closed_longer_than_the_period_is_destroyed_with_all_that_is_its_own(
    municipality: Municipality,
) -> None:
    case = make_case(municipality, phone="+4791234567", sms_consent=True, client_name="Kari Nordmann")
    shelter = make_shelter(municipality, agreement=(date(2000, 1, 1), date(2100, 1, 1)))
    now = utcnow()
    tonight = municipality.tonight(now)
    report_capacity(shelter, tonight, {"bed": 5}, today=tonight, channel=Channel.WEB, actor=None, now=now)
    hold = hold_place(
        case, shelter.categories[0], first_night=tonight, nights=1, actor=worker(case), now=now, today=tonight
    )
    cancel_hold(hold, actor=worker(case), now=now)
    plan_follow_up(case, FollowUpInput(kind="meeting", due_at=now + timedelta(days=2)), actor=worker(case), now=now)
    draft(case, "refusal", actor=worker(case), now=now)  # never issued: not a decision letter
    close_without_decision(case, "own_solution", "Bor hos en venn.", actor=worker(case), now=ELEVEN_YEARS_AGO)
    case_id, client_id = case.id, case.client_id
    assert count(SmsMessage, client_id=client_id) >= 2

    assert due_for_destruction(municipality, NOW) == [case]
    assert destroy_expired(municipality, NOW) == 1

    for model, where in ((Case, {"id": case_id}), (Client, {"id": client_id}), (Hold, {"case_id": case_id})):
        assert count(model, **where) == 0
    assert count(FollowUp, case_id=case_id) == 0
    assert count(SmsMessage, client_id=client_id) == 0
    logged = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "case.destroyed")).one()
    assert (logged.object_type, logged.object_id, logged.client_id) == ("Case", str(case_id), client_id)
    assert "Kari" not in str(logged.details)


def test_what_is_kept_for_good_and_what_has_time_left(municipality: Municipality) -> None:
    recent = closed(municipality, NINE_YEARS_AGO)
    family = closed(municipality, ELEVEN_YEARS_AGO, children_ages=[6])
    still_open = make_case(municipality)
    refused = make_case(municipality)
    letter = draft(refused, "refusal", actor=worker(refused), now=ELEVEN_YEARS_AGO)
    update_draft(letter, {"reasoning": "Har et sted å bo."}, actor=worker(refused))
    issue(letter, actor=worker(refused), now=ELEVEN_YEARS_AGO, render=lambda _decision: b"%PDF-1.7 test")
    guaranteed = make_case(municipality)
    lease = GuaranteeInput(
        landlord_name="Utleie AS",
        rental_address="Storgata 5",
        monthly_rent=10_000,
        lease_starts_on=date(2015, 11, 1),
        months=3,
        valid_until=date(2018, 11, 1),
    )
    issue_guarantee(guaranteed, lease, actor=worker(guaranteed), now=ELEVEN_YEARS_AGO, render=lambda _g: b"%PDF")
    close_without_decision(guaranteed, "other", "Flyttet inn.", actor=worker(guaranteed), now=ELEVEN_YEARS_AGO)
    deposited = make_case(municipality)  # NAV paid a cash deposit (R19)
    account = deposit_input(
        rental_address="Storgata 7", lease_starts_on=date(2015, 11, 1), paid_on=date(2015, 11, 2), amount=30_000
    )
    pay_deposit(deposited, account, actor=worker(deposited), now=ELEVEN_YEARS_AGO)
    close_without_decision(deposited, "other", "Flyttet inn.", actor=worker(deposited), now=ELEVEN_YEARS_AGO)

    excluded = make_case(municipality)  # excluded from a shelter after a hearing (R9)
    first_night = date(2015, 10, 1)
    shelter = make_shelter(municipality, agreement=(date(2000, 1, 1), date(2100, 1, 1)))
    stay = stay_since(excluded, shelter.categories[0], first_night, first_night, actor=worker(excluded))
    exclude(stay, hearing="Hun forklarte seg.", facts="Bråk.", actor=worker(excluded), now=ELEVEN_YEARS_AGO)
    close_without_decision(excluded, "own_solution", "Bor hos en venn.", actor=worker(excluded), now=ELEVEN_YEARS_AGO)

    assert refused.status == "closed"
    assert due_for_destruction(municipality, NOW) == []
    assert destroy_expired(municipality, NOW) == 0
    for case in (recent, family, still_open, refused, guaranteed, deposited, excluded):
        assert count(Case, id=case.id) == 1


def test_the_municipality_sets_the_period_and_a_client_with_another_case_stays(
    municipality: Municipality,
) -> None:
    first = closed(municipality, NINE_YEARS_AGO, client_name="Per Olsen")
    again = make_case(municipality, client_name="Per Olsen")
    again.client = first.client  # the same person came back
    db.session.flush()
    assert due_for_destruction(municipality, NOW) == []
    municipality.settings = {**(municipality.settings or {}), "retention_years": 5}

    assert retention.run(now=NOW) == 1

    assert count(Case, id=first.id) == 0
    assert count(Client, id=first.client_id) == 1
    assert count(Case, id=again.id) == 1
