"""A case whose application lapsed is closed without a decision, never for want of a place (R5)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from bolig.audit.models import AuditEvent
from bolig.auth.models import Role, User
from bolig.auth.operations import create_token
from bolig.cases.models import Case
from bolig.cases.operations import close_without_decision, hold_place, unplaced_cases
from bolig.db import db, utcnow
from bolig.decisions.operations import overdue_decisions, undecided_today
from bolig.errors import InvalidInput
from bolig.municipalities.models import Municipality
from bolig.shelters.models import Channel
from bolig.shelters.operations import report_capacity
from tests.conftest import csrf_token
from tests.factories import make_case, make_case_with_hold, make_shelter, make_user


def bearer(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(user, 'test', actor=user)[1]}"}


def worker_of(case: Case) -> User:
    assert case.created_by is not None
    return case.created_by


def test_a_withdrawn_application_leaves_the_board_with_why_kept(municipality: Municipality) -> None:
    case = make_case(municipality)
    now = utcnow()
    assert case in unplaced_cases(municipality, now)
    close_without_decision(case, "withdrawn", "  Ringte og sa hun bor hos søsteren.  ", actor=worker_of(case), now=now)
    assert (case.status, case.closed_at, case.closed_reason) == ("closed", now, "withdrawn")
    assert case.closed_note == "Ringte og sa hun bor hos søsteren."
    assert case not in unplaced_cases(municipality, now)
    assert case not in undecided_today(municipality, now)
    assert case not in overdue_decisions(municipality, now)
    logged = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "case.close")).one()
    assert (logged.client_id, logged.details) == (case.client_id, {"reason": "withdrawn"})


@pytest.mark.parametrize(
    ("reason", "note", "field"),
    [("no_vacancy", "Fullt overalt.", "reason"), ("", "Trakk søknaden.", "reason"), ("withdrawn", "  ", "note")],
)
def test_closing_needs_a_lapsed_application_and_what_happened(
    municipality: Municipality, reason: str, note: str, field: str
) -> None:
    case = make_case(municipality)
    with pytest.raises(InvalidInput) as refused:
        close_without_decision(case, reason, note, actor=worker_of(case), now=utcnow())
    assert field in refused.value.errors
    assert (case.status, case.closed_at) == ("open", None)


def test_a_household_with_a_place_is_not_closed_this_way(municipality: Municipality) -> None:
    hold = make_case_with_hold(municipality)
    with pytest.raises(InvalidInput) as refused:
        close_without_decision(hold.case, "withdrawn", "Trakk søknaden.", actor=worker_of(hold.case), now=utcnow())
    assert refused.value.errors == {
        "case": "Husstanden har en plass. Avbryt reservasjonen eller sjekk husstanden ut i stedet."
    }
    case = make_case(municipality)
    close_without_decision(case, "moved_away", "Bor i Bærum nå.", actor=worker_of(case), now=utcnow())
    with pytest.raises(InvalidInput, match="allerede avsluttet"):
        close_without_decision(case, "other", "Igjen.", actor=worker_of(case), now=utcnow())


def test_the_caseworker_closes_it_from_the_case_page(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    case = make_case(municipality)
    login(make_user(Role.CASEWORKER, municipality))
    page = client.get(f"/cases/{case.id}").text
    assert "Avslutt saken uten vedtak" in page
    token = csrf_token(client, f"/cases/{case.id}")
    refused = client.post(f"/cases/{case.id}/close", data={"reason": "own_solution", "note": "", "csrf_token": token})
    assert refused.status_code == 302
    page = client.get(f"/cases/{case.id}").text
    assert "Skriv hva husstanden sa, eller hva som skjedde." in page
    form = {"reason": "own_solution", "note": "Fikk leie hos en venn.", "csrf_token": token}
    client.post(f"/cases/{case.id}/close", data=form)
    page = client.get(f"/cases/{case.id}").text
    assert "Saken er avsluttet." in page
    assert "<strong>De fant et sted å bo selv</strong>: Fikk leie hos en venn." in page
    assert "Avslutt saken uten vedtak" not in page


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.OPERATOR, Role.ADMIN])
def test_only_the_caseworker_closes_a_case(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality, role: Role
) -> None:
    status = 404  # a client's record is not there for a role that may not handle it
    case = make_case(municipality)
    user = make_user(role, municipality)
    login(user)
    form = {"reason": "withdrawn", "note": "Trakk søknaden.", "csrf_token": csrf_token(client, "/")}
    assert client.post(f"/cases/{case.id}/close", data=form).status_code == status
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    body = {"reason": "withdrawn", "note": "Trakk søknaden."}
    assert client.post(f"/api/v1/cases/{case.id}/close", json=body, headers=bearer(user)).status_code == status
    assert case.status == "open"


def test_the_api_closes_a_case_and_refuses_what_is_wrong(
    client: FlaskClient, municipality: Municipality, other_municipality: Municipality
) -> None:
    case = make_case(municipality)
    headers = bearer(make_user(Role.CASEWORKER, municipality))
    wrong = client.post(f"/api/v1/cases/{case.id}/close", json={"reason": "withdrawn", "note": 7}, headers=headers)
    assert wrong.status_code == 422
    assert wrong.json is not None
    assert set(wrong.json["error"]["fields"]) == {"note"}
    body = {"reason": "withdrawn", "note": "Trakk søknaden på telefon."}
    response = client.post(f"/api/v1/cases/{case.id}/close", json=body, headers=headers)
    assert response.status_code == 200
    assert response.json is not None
    assert response.json["status"] == "closed"
    assert response.json["closed_without_decision"] == {"reason": "withdrawn", "note": "Trakk søknaden på telefon."}
    elsewhere = make_case(other_municipality)
    assert client.post(f"/api/v1/cases/{elsewhere.id}/close", json=body, headers=headers).status_code == 404


def test_a_closed_case_takes_no_place(municipality: Municipality) -> None:
    case = make_case(municipality)
    close_without_decision(case, "withdrawn", "Trakk søknaden.", actor=worker_of(case), now=utcnow())
    shelter = make_shelter(municipality, agreement=(date(2000, 1, 1), date(2100, 1, 1)))
    now = utcnow()
    tonight = municipality.tonight(now)
    report_capacity(shelter, tonight, {"bed": 3}, today=tonight, channel=Channel.WEB, actor=None, now=now)
    with pytest.raises(InvalidInput) as refused:
        hold_place(
            case, shelter.categories[0], first_night=tonight, nights=1, actor=worker_of(case), now=now, today=tonight
        )
    assert refused.value.errors["case"] == "Saken er avsluttet. Registrer en ny søknad for husstanden."
