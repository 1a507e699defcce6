"""Guideline rates for living expenses (R32): the state's by default, the municipality's own from their date, and
what they come to for a household."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bolig.audit.models import AuditEvent
from bolig.auth.models import Role, User
from bolig.db import db, utcnow
from bolig.errors import InvalidInput
from bolig.matching.rules import Household
from bolig.municipalities.models import RATE_MEMBERS, GuidelineRates, Municipality
from bolig.municipalities.rates import add_rates, guideline, rate_versions, rates_on
from tests.conftest import csrf_token
from tests.factories import make_case, make_user

OWN = {
    "single_adult": "8 000",
    "couple": "13500",
    "shared_housing": "6 700 kr",
    "child_0_5": "4000",
    "child_6_10": "4100",
    "child_11_17": "5300",
    "source": "Kommunestyret 12.12.2025, sak 99/25",
}


def state(municipality: Municipality) -> GuidelineRates:
    rates = rates_on(municipality, date(2024, 1, 1))
    assert rates is not None
    return rates


def test_the_states_rates_from_2024_are_there_from_the_start(municipality: Municipality) -> None:
    rates = state(municipality)
    assert rates.municipality_id is None
    assert [rates.single_adult, rates.couple, rates.shared_housing] == [7850, 13100, 6600]
    assert [rates.child_0_5, rates.child_6_10, rates.child_11_17] == [3850, 3950, 5150]
    assert rates_on(municipality, date(2023, 12, 31)) is None


@pytest.mark.parametrize(
    ("adults", "ages", "parts"),
    [
        (1, (), [("single_adult", 1, 7850)]),
        (2, (), [("couple", 1, 13100)]),
        (3, (), [("couple", 1, 13100), ("shared_housing", 1, 6600)]),
        (
            1,
            (0, 5, 6, 10, 11, 17),
            [("single_adult", 1, 7850), ("child_0_5", 2, 7700), ("child_6_10", 2, 7900), ("child_11_17", 2, 10300)],
        ),
        (2, (18,), [("couple", 1, 13100), ("shared_housing", 1, 6600)]),  # 18 is an adult
    ],
)
def test_what_a_household_needs_is_each_member_by_their_rate(
    municipality: Municipality, adults: int, ages: tuple[int, ...], parts: list[tuple[str, int, int]]
) -> None:
    needs = guideline(Household(adults=adults, children_ages=ages), state(municipality))
    assert list(needs.parts) == parts
    assert needs.total == sum(amount for _member, _count, amount in parts)


def test_the_municipalitys_own_rates_apply_from_their_day(
    municipality: Municipality, other_municipality: Municipality
) -> None:
    admin = make_user(Role.ADMIN, municipality)
    own = add_rates(municipality, OWN | {"valid_from": "2026-01-01"}, actor=admin, now=utcnow())
    assert (own.single_adult, own.shared_housing, own.source) == (8000, 6700, OWN["source"])
    assert rates_on(municipality, date(2025, 12, 31)) == state(municipality)
    assert rates_on(municipality, date(2026, 1, 1)) == own
    assert rates_on(other_municipality, date(2026, 6, 1)) == state(other_municipality)
    assert rate_versions(municipality) == [own, state(municipality)]
    assert rate_versions(other_municipality) == [state(other_municipality)]
    logged = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "guideline_rates.create")).all()
    assert [(event.municipality_id, event.details) for event in logged] == [
        (municipality.id, {"valid_from": "2026-01-01"})
    ]


def test_the_latest_version_applies_and_the_municipalitys_own_on_the_same_day(municipality: Municipality) -> None:
    admin = make_user(Role.ADMIN, municipality)
    own = add_rates(municipality, OWN | {"valid_from": "2026-01-01"}, actor=admin, now=utcnow())
    amounts = dict.fromkeys(RATE_MEMBERS, 9000)
    newer_state = GuidelineRates(valid_from=date(2027, 1, 1), source="Rundskriv A-1/2027", **amounts)
    db.session.add(newer_state)
    db.session.flush()
    assert rates_on(municipality, date(2026, 12, 31)) == own
    assert rates_on(municipality, date(2027, 1, 1)) == newer_state  # the state's new rates replace the own
    again = add_rates(municipality, OWN | {"valid_from": "2027-01-01"}, actor=admin, now=utcnow())
    assert rates_on(municipality, date(2027, 1, 1)) == again
    assert rate_versions(municipality) == [again, newer_state, own, state(municipality)]


def test_the_state_has_one_version_a_day(municipality: Municipality) -> None:
    amounts = dict.fromkeys(RATE_MEMBERS, 9000)
    db.session.add(GuidelineRates(valid_from=date(2024, 1, 1), **amounts))
    with pytest.raises(IntegrityError):
        db.session.flush()


@pytest.mark.parametrize(
    ("changes", "refused"),
    [
        ({"valid_from": "1.1.2026"}, {"valid_from"}),
        ({"valid_from": ""}, {"valid_from"}),
        ({"couple": ""}, {"couple"}),
        ({"couple": "-1"}, {"couple"}),
        ({"child_0_5": "3 850,50"}, {"child_0_5"}),
        ({"single_adult": "100001", "shared_housing": "mye"}, {"single_adult", "shared_housing"}),
        ({"source": "x" * 201}, {"source"}),
    ],
)
def test_bad_rates_are_refused_with_why_and_nothing_is_kept(
    municipality: Municipality, changes: dict[str, Any], refused: set[str]
) -> None:
    with pytest.raises(InvalidInput) as error:
        add_rates(
            municipality,
            OWN | {"valid_from": "2026-01-01"} | changes,
            actor=make_user(Role.ADMIN, municipality),
            now=utcnow(),
        )
    assert set(error.value.errors) == refused
    assert rate_versions(municipality) == [state(municipality)]


def test_one_version_a_day(municipality: Municipality) -> None:
    admin = make_user(Role.ADMIN, municipality)
    add_rates(municipality, OWN | {"valid_from": "2026-01-01"}, actor=admin, now=utcnow())
    with pytest.raises(InvalidInput) as error:
        add_rates(municipality, OWN | {"valid_from": "2026-01-01"}, actor=admin, now=utcnow())
    assert error.value.errors == {"valid_from": "Kommunen har allerede satser fra den dagen."}


def test_the_administrator_sets_own_rates_on_a_page(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    login(make_user(Role.ADMIN, municipality))
    page = client.get("/admin/rates")
    assert page.status_code == 200
    assert "Statens satser fra 01.01.2024" in page.text
    assert "Gjelder nå" in page.text
    # The phone's number pad for amounts: the field's own attributes reach the page.
    assert re.search(r'<input[^>]*id="couple"[^>]*inputmode="numeric"', page.text)
    token = csrf_token(client, "/admin/rates")
    refused = client.post("/admin/rates", data=OWN | {"valid_from": "", "couple": "mye", "csrf_token": token})
    assert refused.status_code == 422
    assert "Skriv hele kroner i måneden, opptil 100 000." in refused.text
    assert rate_versions(municipality) == [state(municipality)]
    saved = client.post("/admin/rates", data=OWN | {"valid_from": "2026-01-01", "csrf_token": token})
    assert saved.status_code == 302
    assert "Satsene fra 01.01.2026 er lagret." in client.get(saved.headers["Location"]).text


def test_the_caseworker_sees_what_the_household_needs_to_live_on(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    """What the rates come to for the household, to weigh financial support when it cannot pay (R10)."""
    case = make_case(municipality, adults=1, children_ages=[4, 9])
    assert case.created_by is not None
    login(case.created_by)
    page = client.get(f"/cases/{case.id}").text
    assert "Penger å leve av" in page
    assert "Etter statens veiledende satser fra 01.01.2024 trenger husstanden 15\u00a0650,00\u00a0kr i måneden" in page
    assert "Barn 0–5 år: 3\u00a0850,00\u00a0kr" in page
