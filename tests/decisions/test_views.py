"""The decision pages: a draft from the case, what is missing, issuing, the letter, delivery, appeals."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy import select

from bolig.audit.models import AuditEvent
from bolig.auth.models import Role, User
from bolig.db import db, utcnow
from bolig.decisions.models import Decision
from bolig.municipalities.models import Municipality
from bolig.notifications.models import SmsKind, SmsMessage
from bolig.timeutil import oslo_today
from tests.conftest import csrf_token
from tests.factories import make_case_with_hold, make_decision, make_user


def test_a_grant_from_draft_to_delivered_letter(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    hold = make_case_with_hold(municipality)
    hold.case.client.phone, hold.case.client.sms_consent = "+4791234567", True
    worker = hold.case.created_by
    assert worker is not None
    login(worker)
    page = client.get(f"/cases/{hold.case_id}").text
    assert "Ingen vedtak ennå." in page
    token = csrf_token(client, f"/cases/{hold.case_id}")
    started = client.post(f"/cases/{hold.case_id}/decisions", data={"outcome": "grant", "csrf_token": token})
    decision = db.session.scalars(select(Decision)).one()
    assert started.headers["Location"] == f"/decisions/{decision.id}"
    page = client.get(f"/decisions/{decision.id}").text
    assert "Før vedtaket kan fattes" in page
    assert "Skriv begrunnelsen og hovedhensynene." in page
    assert hold.shelter.name in page

    refused = client.post(
        f"/decisions/{decision.id}", data={"facts": "Brann i natt.", "issue": "1", "csrf_token": token}
    )
    assert "Skriv begrunnelsen og hovedhensynene." in client.get(refused.headers["Location"]).text
    db.session.refresh(decision)
    # Not issued, but what was written is kept.
    assert (decision.status, decision.facts) == ("draft", "Brann i natt.")

    reasons = "Husstanden har ikke noe sted å bo i natt."
    client.post(f"/decisions/{decision.id}", data={"reasoning": reasons, "issue": "1", "csrf_token": token})
    db.session.refresh(decision)
    assert (decision.status, decision.reasoning) == ("issued", reasons)
    letter = client.get(f"/decisions/{decision.id}/letter.pdf")
    assert letter.mimetype == "application/pdf"
    assert letter.data == decision.pdf

    today = oslo_today(utcnow())
    client.post(
        f"/decisions/{decision.id}/deliver",
        data={"delivered_via": "digital", "received_on": today.isoformat(), "csrf_token": token},
    )
    db.session.refresh(decision)
    assert decision.appeal_deadline is not None
    page = client.get(f"/decisions/{decision.id}").text
    assert f"Klagefristen er {decision.appeal_deadline:%d.%m.%Y}" in page
    notice = db.session.scalars(select(SmsMessage).where(SmsMessage.kind == SmsKind.DECISION)).one()
    assert reasons not in notice.body

    edited = client.post(f"/decisions/{decision.id}", data={"reasoning": "Noe annet", "csrf_token": token})
    assert "Et fattet vedtak kan ikke endres." in client.get(edited.headers["Location"]).text
    db.session.refresh(decision)
    assert decision.reasoning == reasons
    actions = set(db.session.scalars(select(AuditEvent.action).where(AuditEvent.client_id == hold.case.client_id)))
    assert {
        "decision.draft",
        "decision.issue",
        "decision.read",
        "decision.letter.read",
        "decision.delivered",
    } <= actions


def test_an_appeal_is_registered_reassessed_and_sent_with_a_cover_letter(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    decision = make_decision(municipality)
    worker = decision.case.created_by
    assert worker is not None
    today = oslo_today(utcnow()).isoformat()
    login(worker)
    token = csrf_token(client, f"/decisions/{decision.id}")
    client.post(
        f"/decisions/{decision.id}/deliver", data={"delivered_via": "post", "received_on": today, "csrf_token": token}
    )
    payout = client.post(
        f"/decisions/{decision.id}/appeals",
        data={"received_on": today, "channel": "post", "about": "guarantee_payout", "csrf_token": token},
    )
    assert "Husleietvistutvalget" in client.get(payout.headers["Location"]).text
    assert decision.appeals == []
    client.post(
        f"/decisions/{decision.id}/appeals",
        data={"received_on": today, "channel": "post", "text": "Uenig", "csrf_token": token},
    )
    db.session.refresh(decision)
    [appeal] = decision.appeals
    assert "Innen fristen" in client.get(f"/decisions/{decision.id}").text
    client.post(f"/appeals/{appeal.id}/reassess", data={"changed": "0", "csrf_token": token})
    db.session.refresh(appeal)
    assert appeal.status == "forwarded"
    cover = client.get(f"/appeals/{appeal.id}/cover.pdf")
    assert cover.mimetype == "application/pdf"
    assert cover.data == appeal.cover_pdf


def test_decisions_are_404_to_operators_and_other_municipalities(
    client: FlaskClient,
    login: Callable[[User], FlaskClient],
    municipality: Municipality,
    other_municipality: Municipality,
) -> None:
    decision = make_decision(municipality)
    login(make_user(Role.OPERATOR, municipality))
    assert client.get(f"/decisions/{decision.id}").status_code == 404
    assert client.get(f"/decisions/{decision.id}/letter.pdf").status_code == 404
    client.post("/logout", data={"csrf_token": csrf_token(client, "/profile")})
    login(make_user(Role.CASEWORKER, other_municipality))
    assert client.get(f"/decisions/{decision.id}").status_code == 404


def test_a_supervisor_reads_but_does_not_write(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    decision = make_decision(municipality)
    login(make_user(Role.SUPERVISOR, municipality))
    page = client.get(f"/decisions/{decision.id}").text
    assert "Brevet (PDF)" in page
    assert "Registrer en klage" not in page
    token = csrf_token(client, "/profile")
    assert client.post(f"/decisions/{decision.id}/correct", data={"csrf_token": token}).status_code == 404
