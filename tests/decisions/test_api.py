"""The decisions API: 201 with the letter and the deadline, 422 naming what R13 requires, appeals in time or not."""

from __future__ import annotations

from datetime import timedelta

from flask.testing import FlaskClient
from sqlalchemy import select

from bolig.audit.models import AuditEvent
from bolig.auth.models import Role, User
from bolig.auth.operations import create_token
from bolig.db import db, utcnow
from bolig.decisions.models import Decision
from bolig.municipalities.models import Municipality
from bolig.timeutil import oslo_today
from tests.decisions.conftest import delivered
from tests.factories import make_case_with_hold, make_decision, make_user


def bearer(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(user, 'test', actor=user)[1]}"}


def test_a_decision_missing_its_reasons_is_refused_naming_them(client: FlaskClient, municipality: Municipality) -> None:
    hold = make_case_with_hold(municipality)
    worker = hold.case.created_by
    assert worker is not None
    response = client.post(
        f"/api/v1/cases/{hold.case_id}/decisions",
        json={"outcome": "grant", "appeal_information": ""},
        headers=bearer(worker),
    )
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {"reasoning", "appeal_information"}
    assert db.session.scalars(select(Decision)).all() == []


def test_a_grant_is_issued_with_its_letter_and_the_appeal_deadline(
    client: FlaskClient, municipality: Municipality
) -> None:
    hold = make_case_with_hold(municipality)
    worker = hold.case.created_by
    assert worker is not None
    today = oslo_today(utcnow())
    response = client.post(
        f"/api/v1/cases/{hold.case_id}/decisions",
        json={
            "outcome": "grant",
            "reasoning": "Familien står uten bolig etter brann.",
            "delivered_via": "in_person",
            "received_on": today.isoformat(),
        },
        headers=bearer(worker),
    )
    assert response.status_code == 201, response.json
    body = response.json
    assert body["status"] == "issued"
    assert body["appeal_deadline"] >= (today + timedelta(days=21)).isoformat()
    letter = client.get(body["pdf"], headers=bearer(worker))
    assert letter.status_code == 200
    assert letter.mimetype == "application/pdf"
    assert letter.data.startswith(b"%PDF")
    reads = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "decision.letter.read")).all()
    assert len(reads) == 1


def test_the_letter_is_for_staff_of_that_municipality_only(
    client: FlaskClient, municipality: Municipality, other_municipality: Municipality
) -> None:
    decision = make_decision(municipality)
    path = f"/api/v1/decisions/{decision.id}/pdf"
    assert client.get(path, headers=bearer(make_user(Role.SUPERVISOR, municipality))).status_code == 200
    assert client.get(path, headers=bearer(make_user(Role.OPERATOR, municipality))).status_code == 404
    assert client.get(path, headers=bearer(make_user(Role.CASEWORKER, other_municipality))).status_code == 404


def test_an_appeal_is_registered_and_says_whether_it_came_in_time(
    client: FlaskClient, municipality: Municipality
) -> None:
    decision, worker = delivered(municipality)
    today = oslo_today(utcnow())
    response = client.post(
        f"/api/v1/decisions/{decision.id}/appeals",
        json={"received_on": today.isoformat(), "text": "Jeg er uenig.", "channel": "post"},
        headers=bearer(worker),
    )
    assert response.status_code == 201
    assert (response.json["in_time"], response.json["deadline"]) == (True, decision.appeal_deadline.isoformat())


def test_bad_appeals_are_refused_and_change_nothing(
    client: FlaskClient, municipality: Municipality, other_municipality: Municipality
) -> None:
    decision, worker = delivered(municipality)
    today = oslo_today(utcnow())
    path = f"/api/v1/decisions/{decision.id}/appeals"
    future = client.post(path, json={"received_on": (today + timedelta(days=1)).isoformat()}, headers=bearer(worker))
    assert future.status_code == 422
    assert "received_on" in future.json["error"]["fields"]
    payout = client.post(
        path, json={"received_on": today.isoformat(), "about": "guarantee_payout"}, headers=bearer(worker)
    )
    assert payout.status_code == 422
    assert "Husleietvistutvalget" in payout.json["error"]["fields"]["about"]
    stranger = make_user(Role.CASEWORKER, other_municipality)
    assert client.post(path, json={"received_on": today.isoformat()}, headers=bearer(stranger)).status_code == 404
    db.session.refresh(decision)
    assert decision.appeals == []
