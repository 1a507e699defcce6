"""The follow-up API: plan a step, record it; 422 for bad input, 404 for anyone but the case's caseworkers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from bolig.auth.models import Role, User
from bolig.auth.operations import create_token
from bolig.db import db, utcnow
from bolig.followups.models import FollowUp
from bolig.municipalities.models import Municipality
from bolig.timeutil import OSLO, oslo_today
from tests.factories import make_case, make_user


def bearer(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(user, 'test', actor=user)[1]}"}


def day_after_tomorrow() -> str:
    return (oslo_today(utcnow()) + timedelta(days=2)).isoformat()


def test_a_step_planned_and_recorded_through_the_api(client: FlaskClient, municipality: Municipality) -> None:
    case = make_case(municipality, phone="+4791234567", sms_consent=True)
    headers = bearer(make_user(Role.CASEWORKER, municipality))
    body = {"kind": "lease", "due_at": f"{day_after_tomorrow()}T13:30", "place": "Utleier AS", "remind_client": True}
    response = client.post(f"/api/v1/cases/{case.id}/follow-ups", json=body, headers=headers)
    assert response.status_code == 201, response.json
    planned = response.json
    assert planned is not None
    assert (planned["kind"], planned["status"], planned["place"]) == ("lease", "planned", "Utleier AS")
    due = db.session.get(FollowUp, planned["id"]).due_at  # type: ignore[union-attr]
    assert due.astimezone(OSLO).strftime("%Y-%m-%d %H:%M") == f"{day_after_tomorrow()} 13:30"  # Oslo time
    assert planned["reminder"]["status"] == "queued"
    url = f"/api/v1/follow-ups/{planned['id']}/done"
    recorded = client.post(url, json={"outcome": "Kontrakten er signert"}, headers=headers)
    assert recorded.status_code == 200
    assert (recorded.json["status"], recorded.json["outcome"]) == ("done", "Kontrakten er signert")  # type: ignore[index]
    assert recorded.json["reminder"]["status"] == "cancelled"  # type: ignore[index]
    assert client.post(url, headers=headers).status_code == 422  # recorded once


def test_an_offset_is_honoured(client: FlaskClient, municipality: Municipality) -> None:
    case = make_case(municipality)
    body = {"kind": "meeting", "due_at": f"{day_after_tomorrow()}T09:00:00+00:00"}
    response = client.post(f"/api/v1/cases/{case.id}/follow-ups", json=body, headers=bearer(case.created_by))  # type: ignore[arg-type]
    assert response.status_code == 201
    assert response.json["due_at"].endswith("09:00:00+00:00")  # type: ignore[index]
    assert response.json["reminder"] is None  # type: ignore[index]  # not asked for


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "party"}, "kind"),
        ({"kind": 3}, "kind"),
        ({"due_at": "tomorrow"}, "due"),
        ({"due_at": None}, "due"),
        ({"due_at": "2020-01-01T10:00"}, "due"),
        ({"remind_client": "yes"}, "remind_client"),
        ({"place": ["a"]}, "place"),
    ],
)
def test_bad_input_is_422_naming_the_field_and_saves_nothing(
    client: FlaskClient, municipality: Municipality, body: dict[str, object], field: str
) -> None:
    case = make_case(municipality)
    sent = {"kind": "meeting", "due_at": f"{day_after_tomorrow()}T10:00"} | body
    response = client.post(f"/api/v1/cases/{case.id}/follow-ups", json=sent, headers=bearer(case.created_by))  # type: ignore[arg-type]
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]  # type: ignore[index]
    assert db.session.scalar(select(func.count()).select_from(FollowUp)) == 0


def test_a_body_that_is_not_an_object_is_400(client: FlaskClient, municipality: Municipality) -> None:
    case = make_case(municipality)
    headers = {**bearer(case.created_by), "Content-Type": "application/json"}  # type: ignore[arg-type]
    assert client.post(f"/api/v1/cases/{case.id}/follow-ups", data="[1]", headers=headers).status_code == 400


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.OPERATOR, Role.ADMIN])
def test_other_roles_get_404(client: FlaskClient, municipality: Municipality, role: Role) -> None:
    case = make_case(municipality)
    headers = bearer(make_user(role, municipality))
    body = {"kind": "meeting", "due_at": f"{day_after_tomorrow()}T10:00"}
    assert client.post(f"/api/v1/cases/{case.id}/follow-ups", json=body, headers=headers).status_code == 404
    mine = client.post(f"/api/v1/cases/{case.id}/follow-ups", json=body, headers=bearer(case.created_by))  # type: ignore[arg-type]
    assert client.post(f"/api/v1/follow-ups/{mine.json['id']}/cancelled", headers=headers).status_code == 404  # type: ignore[index]


def test_another_municipality_gets_404_and_no_token_401(
    client: FlaskClient, municipality: Municipality, other_municipality: Municipality
) -> None:
    case = make_case(municipality)
    body = {"kind": "meeting", "due_at": f"{day_after_tomorrow()}T10:00"}
    stranger = bearer(make_user(Role.CASEWORKER, other_municipality))
    assert client.post(f"/api/v1/cases/{case.id}/follow-ups", json=body, headers=stranger).status_code == 404
    assert client.post(f"/api/v1/cases/{case.id}/follow-ups", json=body).status_code == 401
    assert db.session.scalar(select(func.count()).select_from(FollowUp)) == 0
