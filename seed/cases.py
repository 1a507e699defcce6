"""Demo cases: one waiting on the board, one with a bed held tonight, one family that has arrived."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import func, select

from bolig.auth.models import User
from bolig.cases.models import Case
from bolig.cases.operations import CaseInput, create_case, hold_place, mark_arrived
from bolig.db import db
from bolig.followups.models import FollowUpKind
from bolig.followups.operations import FollowUpInput, plan_follow_up
from bolig.municipalities.models import Municipality
from bolig.shelters.models import Shelter
from bolig.timeutil import oslo_moment, oslo_today


def load_cases(municipality: Municipality, worker: User, shelters: list[Shelter], *, now: datetime) -> None:
    """Three households in different states, once per municipality; the first and third shelters take them."""
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
