"""`flask seed demo` builds the demo through the operations and can run any number of times."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import func, select

from bolig.audit.models import AuditEvent
from bolig.auth.models import Role, User
from bolig.auth.operations import authenticate, get_user_by_email
from bolig.cases.models import Case, Client
from bolig.cases.operations import active_hold, current_stay, unplaced_cases
from bolig.db import db, utcnow
from bolig.decisions.operations import overdue_decisions
from bolig.followups.operations import follow_ups_of, stays_without_a_plan
from bolig.municipalities.models import Municipality, Office
from bolig.shelters.availability import KindReason, shelter_statuses
from bolig.shelters.operations import shelters_of
from bolig.statistics.operations import kostra, long_stays
from bolig.timeutil import oslo_today
from seed.demo import DEMO_PASSWORD, MUNICIPALITIES, demo_email


def counts() -> tuple[int, int, int]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(model)) or 0 for model in (Municipality, Office, User)
    )  # type: ignore[return-value]


def test_seed_loads_four_municipalities_with_a_user_per_role_and_is_idempotent(app: Flask) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed", "demo"])
    assert first.exit_code == 0, first.output
    assert "saksbehandler.oslo@demo.bolig.no" in first.output
    assert counts() == (4, 4, 16)
    numbers = set(db.session.scalars(select(Municipality.number)))
    assert numbers == {"0301", "4601", "5001", "4204"}
    assert runner.invoke(args=["seed", "demo"]).exit_code == 0
    assert counts() == (4, 4, 16)
    for place in MUNICIPALITIES:
        for role in Role:
            user = authenticate(demo_email(role, place.slug), DEMO_PASSWORD)
            assert user is not None
            assert (user.role, user.municipality.number) == (role.value, place.number)


def test_seed_goes_through_the_operations(app: Flask) -> None:
    app.test_cli_runner().invoke(args=["seed", "demo"])
    created = db.session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == "user.create", AuditEvent.address == "seed")
    )
    assert created == 16


def test_seed_gives_each_city_a_mix_of_shelters_and_tonights_places(app: Flask) -> None:
    app.test_cli_runner().invoke(args=["seed", "demo"])
    oslo = db.session.scalars(select(Municipality).where(Municipality.number == "0301")).one()
    shelters = shelters_of(oslo.id)
    assert 6 <= len(shelters) <= 10
    night = oslo.tonight(utcnow())
    statuses = {status.shelter.name: status for status in shelter_statuses(shelters, night, utcnow())}
    kinds = [status.verdict for status in statuses.values()]
    assert any(verdict.is_quality for verdict in kinds)
    assert {s.provider_type for s in shelters} >= {"shelter", "hotel", "cabin"}
    expired = [v for v in kinds if v.reason == KindReason.EXPIRED]
    assert [v.on for v in expired] == [night - timedelta(days=1)]
    categories = [category for shelter in shelters for category in shelter.categories]
    assert any(c.gender_policy == "women" for c in categories)
    assert any(c.kind == "family_unit" and c.pets_allowed for c in categories)
    assert any(c.substance_free for c in categories)
    assert any(c.wheelchair_accessible for c in categories)
    assert sum(s.protected for s in shelters) == 1
    assert all(status.last_reported is not None for status in statuses.values())
    operator = get_user_by_email(demo_email(Role.OPERATOR, "oslo"))
    assert operator is not None
    assert len(operator.shelters) == 2


def test_seed_shows_a_newcomer_the_board_a_held_bed_and_a_stay(app: Flask) -> None:
    app.test_cli_runner().invoke(args=["seed", "demo"])
    oslo = db.session.scalars(select(Municipality).where(Municipality.number == "0301")).one()
    now = utcnow()
    assert [case.client.name for case in unplaced_cases(oslo, now)] == ["Jonas Berg"]
    holds = {
        case.client.name: active_hold(case, now)
        for case in db.session.scalars(select(Case).where(Case.municipality_id == oslo.id))
    }
    assert holds["Per Olsen"] is not None
    assert holds["Per Olsen"].status == "active"
    assert holds["Fatima Ali"] is None
    fatima = db.session.scalars(select(Case).join(Case.client).where(Client.name == "Fatima Ali")).first()
    assert fatima is not None
    assert current_stay(fatima) is not None
    assert [step.kind for step in follow_ups_of(holds["Per Olsen"].case)] == ["meeting"]
    assert [stay.case.client.name for stay in stays_without_a_plan(oslo)] == ["Fatima Ali"]
    app.test_cli_runner().invoke(args=["seed", "demo"])
    assert db.session.scalar(select(func.count()).select_from(Case).where(Case.municipality_id == oslo.id)) == 6


def test_seed_shows_a_supervisor_long_stays_and_a_years_figures(app: Flask) -> None:
    app.test_cli_runner().invoke(args=["seed", "demo"])
    oslo = db.session.scalars(select(Municipality).where(Municipality.number == "0301")).one()
    now = utcnow()
    flagged = [(f.stay.case.client.name, f.over_three_months, f.period.children) for f in long_stays(oslo, now)]
    assert flagged == [("Ola Nilsen", True, False), ("Amina Hassan", False, True)]
    # Every one of them got the written decision of the day they came; none is overdue.
    assert overdue_decisions(oslo, now) == []
    year = oslo_today(now).year
    figures = kostra(oslo, year, now)
    # Lars Hansen's last night was three weeks ago: in January, that may have been last year.
    lars_this_year = (oslo.tonight(now) - timedelta(days=21)).year == year
    assert (figures.households, figures.with_children, figures.over_three_months) == (3 + lars_this_year, 2, 1)


def test_each_demo_client_with_a_number_has_one_of_their_own(app: Flask) -> None:
    """A reply by SMS (JA, NEI) is matched to the client by number: no two demo clients may share one."""
    app.test_cli_runner().invoke(args=["seed", "demo"])
    phones = list(db.session.scalars(select(Client.phone).where(Client.phone != "")))
    assert len(phones) == len(MUNICIPALITIES)
    assert len(set(phones)) == len(phones)
