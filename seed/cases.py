"""Demo cases: one waiting on the board, one with a bed held tonight, one family that has arrived, and three
households placed weeks ago: two still staying, long enough to be flagged (R7), one that has moved on, into a
flat whose deposit NAV paid."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from bolig.auth.models import User
from bolig.cases.models import Case, Destination, Stay
from bolig.cases.operations import CaseInput, check_out, create_case, extend_stay, hold_place, mark_arrived
from bolig.db import db
from bolig.decisions.letters import decision_pdf
from bolig.decisions.models import Subject
from bolig.decisions.operations import draft, issue, update_draft
from bolig.followups.models import FollowUpKind
from bolig.followups.operations import FollowUpInput, plan_follow_up
from bolig.guarantees.operations import DepositInput, pay_deposit
from bolig.municipalities.models import Municipality
from bolig.shelters.models import Channel, PlaceCategory, Shelter
from bolig.shelters.operations import latest_reports, report_capacity
from bolig.timeutil import oslo_moment, oslo_today


def load_cases(municipality: Municipality, worker: User, shelters: list[Shelter], *, now: datetime) -> None:
    """Households in different states, once per municipality: tonight's at the first and third shelters, the
    long stays at the cabins and the last pension, the household that moved on at the first shelter."""
    if db.session.scalar(select(func.count()).select_from(Case).where(Case.municipality_id == municipality.id)):
        return
    tonight = municipality.tonight(now)
    first, family = shelters[0], shelters[2]
    waiting = CaseInput(
        client_name="Jonas Berg",
        received_via="phone",
        reason="eviction",
        location_text=f"{first.city} sentrum",
        latitude=first.latitude,
        longitude=first.longitude,
        youngest_adult_age=44,
        received_at=now - timedelta(minutes=75),
    )
    create_case(municipality, waiting, actor=worker, now=now)
    single = CaseInput(
        client_name="Per Olsen",
        received_via="oral",
        reason="release",
        location_text=first.address,
        latitude=first.latitude,
        longitude=first.longitude,
        youngest_adult_age=52,
        # The console SMS sender only logs, so the demo shows the address message on the SMS page. A number
        # of each municipality's own: a reply (JA, NEI) from it is about this client and no other.
        phone=f"400{municipality.number}2",
        sms_consent=True,
    )
    held = create_case(municipality, single, actor=worker, now=now)
    hold_place(held, first.categories[0], first_night=tonight, nights=1, actor=worker, now=now, today=tonight)
    # The first step toward a home of his own, tomorrow morning; his SMS reminder waits in the outbox.
    meeting = FollowUpInput(
        kind=FollowUpKind.MEETING,
        due_at=oslo_moment(oslo_today(now) + timedelta(days=1), time(10)),
        note="Søknad om kommunal bolig og startlån.",
        remind_client=True,
    )
    plan_follow_up(held, meeting, actor=worker, now=now)
    parents = CaseInput(
        client_name="Fatima Ali",
        received_via="phone",
        reason="fire",
        location_text=family.address,
        latitude=family.latitude,
        longitude=family.longitude,
        adults=2,
        children_ages=[3, 7],
        youngest_adult_age=31,
    )
    staying = create_case(municipality, parents, actor=worker, now=now - timedelta(hours=2))
    unit = next(category for category in family.categories if category.kind == "family_unit")
    stay = hold_place(
        staying,
        unit,
        first_night=tonight,
        nights=1,
        actor=worker,
        now=now,
        today=tonight,
        children_justification="Brann i boligen; familien har ikke noe annet sted å bo de nærmeste nettene.",
    )
    mark_arrived(stay, actor=worker, now=now)
    tonight_stays(municipality, worker, shelters, now=now)


def _evening(night: date) -> datetime:
    return oslo_moment(night, time(20))


def stay_since(
    case: Case, category: PlaceCategory, first_night: date, last_night: date, *, actor: User, **why: str
) -> Stay:
    """A household that came on the evening of `first_night` and stayed through `last_night`, as if each night
    had happened: the count reported that day where none was, the place held, and extended as it ran out.

    `why` gives the justifications a hold needs (fallback_reason, children_justification)."""
    shelter = category.shelter
    night = first_night
    while night <= last_night:
        if category.id not in latest_reports(shelter, night):
            offered = {category.code: category.maximum}
            report_capacity(shelter, night, offered, today=night, channel=Channel.WEB, actor=None, now=_evening(night))
        night += timedelta(days=1)
    longest = int(case.municipality.setting("max_nights"))
    nights = min(longest, (last_night - first_night).days + 1)
    hold = hold_place(
        case,
        category,
        first_night=first_night,
        nights=nights,
        actor=actor,
        now=_evening(first_night),
        today=first_night,
        **why,
    )
    stay = mark_arrived(hold, actor=actor, now=_evening(first_night) + timedelta(hours=1))
    while stay.last_night < last_night:
        more = min(longest, (last_night - stay.last_night).days)
        extend_stay(stay, more, actor=actor, now=_evening(stay.last_night))
    return stay


def tonight_stays(municipality: Municipality, worker: User, shelters: list[Shelter], *, now: datetime) -> None:
    """Households placed weeks ago, each with its written decision of the day it came."""
    tonight = municipality.tonight(now)
    cabin, pension, first = shelters[5], shelters[7], shelters[0]
    no_agreement = "Ingen ledig familieplass med kvalitetsavtale den kvelden."
    long_family = _placed(
        municipality,
        worker,
        CaseInput(client_name="Amina Hassan", adults=1, children_ages=[5], youngest_adult_age=29, reason="eviction"),
        cabin.categories[0],
        first_night=tonight - timedelta(days=74),
        last_night=tonight,
        fallback_reason=no_agreement,
        children_justification="Utkastet med barn; ingen familiebolig ledig.",
    )
    viewing = FollowUpInput(
        kind=FollowUpKind.VIEWING, due_at=oslo_moment(oslo_today(now) + timedelta(days=3), time(14)), note="Visning."
    )
    plan_follow_up(long_family, viewing, actor=worker, now=now)
    long_single = _placed(
        municipality,
        worker,
        CaseInput(client_name="Ola Nilsen", youngest_adult_age=61, reason="other"),
        pension.categories[0],
        first_night=tonight - timedelta(days=99),
        last_night=tonight,
    )
    meeting = FollowUpInput(kind=FollowUpKind.MEETING, due_at=oslo_moment(oslo_today(now) + timedelta(days=2), time(9)))
    plan_follow_up(long_single, meeting, actor=worker, now=now)
    moved_on = _placed(
        municipality,
        worker,
        CaseInput(client_name="Lars Hansen", youngest_adult_age=38, reason="breakup"),
        first.categories[0],
        first_night=tonight - timedelta(days=30),
        last_night=tonight - timedelta(days=21),
    )
    stay = moved_on.stays[-1]
    moved = oslo_moment(stay.last_night + timedelta(days=1), time(10))
    check_out(stay, Destination.OWN_RENTAL, actor=worker, now=moved)
    # He rents a flat of his own: NAV paid the deposit into his deposit account, granted in writing that day.
    flat = DepositInput(
        landlord_name="Utleiehuset AS",
        rental_address=f"Solveien 3, {first.postcode} {first.city}",
        monthly_rent=11_000,
        lease_starts_on=oslo_today(moved),
        amount=22_000,
        account_number="86011117947",
        bank="DNB",
        paid_on=oslo_today(moved),
        account_in_tenant_name=True,
    )
    deposit = pay_deposit(moved_on, flat, actor=worker, now=moved)
    decision = draft(moved_on, "grant", actor=worker, now=moved, subject=Subject.CASH_DEPOSIT, deposit=deposit)
    reasons = "Lars har fått en egnet bolig og har ikke penger til depositum."
    update_draft(decision, {"reasoning": reasons}, actor=worker)
    issue(decision, actor=worker, now=moved, render=decision_pdf)


def _placed(
    municipality: Municipality,
    worker: User,
    data: CaseInput,
    category: PlaceCategory,
    *,
    first_night: date,
    last_night: date,
    **why: str,
) -> Case:
    """A case received on the evening of its first night, placed and granted in writing that evening."""
    came = _evening(first_night) - timedelta(hours=2)
    data.received_via = "phone"
    data.received_at = came
    data.location_text = f"{category.shelter.city} sentrum"
    data.latitude, data.longitude = category.shelter.latitude, category.shelter.longitude
    case = create_case(municipality, data, actor=worker, now=came)
    stay_since(case, category, first_night, last_night, actor=worker, **why)
    decision = draft(case, "grant", actor=worker, now=_evening(first_night))
    update_draft(decision, {"reasoning": "Husstanden hadde ikke noe sted å bo den natten."}, actor=worker)
    issue(decision, actor=worker, now=_evening(first_night), render=decision_pdf)
    return case
