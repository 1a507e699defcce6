"""A payout made as a loan is owed back (R22): repayments are written down, never past what is owed; a guarantee
ends when the lease is over, and covers no claim that comes later."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from bolig.audit.models import AuditEvent
from bolig.auth.models import Role, User
from bolig.auth.operations import create_token
from bolig.db import db, utcnow
from bolig.errors import InvalidInput
from bolig.guarantees.models import DepositGuarantee
from bolig.guarantees.operations import (
    GuaranteeInput,
    end_guarantee,
    issue_guarantee,
    pay_claim,
    record_notice,
    record_repayment,
    refuse_claim,
    register_claim,
)
from bolig.municipalities.models import Municipality
from bolig.timeutil import oslo_today
from tests.conftest import csrf_token
from tests.factories import make_case, make_user


def bearer(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(user, 'test', actor=user)[1]}"}


def paid_as_loan(municipality: Municipality, paid: int = 10_000, *, support: str = "loan") -> DepositGuarantee:
    """A guarantee whose payouts are a loan, with one claim of `paid` kroner paid today."""
    case = make_case(municipality, client_name="Kari Nordmann")
    worker = case.created_by
    assert worker is not None
    now = utcnow()
    today = oslo_today(now)
    lease = GuaranteeInput(
        landlord_name="Utleie AS",
        rental_address="Storgata 5",
        monthly_rent=12_500,
        lease_starts_on=today,
        months=3,
        payout_support=support,
        support_justification="Fast inntekt; avtalt nedbetaling." if support == "loan" else "",
    )
    guarantee = issue_guarantee(case, lease, actor=worker, now=now, render=lambda _guarantee: b"%PDF-1.7")
    claim = register_claim(guarantee, today, paid, "Ubetalt leie", actor=worker, now=now)
    record_notice(claim, today, "Ingen innsigelser.", actor=worker, now=now)
    pay_claim(claim, paid, actor=worker, now=now)
    return guarantee


def test_repayments_bring_down_what_is_owed_and_never_past_it(municipality: Municipality) -> None:
    guarantee = paid_as_loan(municipality)
    worker = guarantee.case.created_by
    assert worker is not None
    now = utcnow()
    today = oslo_today(now)
    assert guarantee.owed == 10_000
    record_repayment(guarantee, today, 4_000, "Første avdrag", actor=worker, now=now)
    assert guarantee.owed == 6_000
    for paid_on, amount, field in (
        (today, 6_001, "amount"),
        (today, 0, "amount"),
        (today + timedelta(days=1), 1_000, "paid_on"),
        (today - timedelta(days=1), 1_000, "paid_on"),  # before the payout
        (None, 1_000, "paid_on"),
    ):
        with pytest.raises(InvalidInput) as refused:
            record_repayment(guarantee, paid_on, amount, "", actor=worker, now=now)
        assert set(refused.value.errors) == {field}
    record_repayment(guarantee, today, 6_000, "", actor=worker, now=now)
    assert guarantee.owed == 0
    with pytest.raises(InvalidInput, match="skylder ikke noe"):
        record_repayment(guarantee, today, 1, "", actor=worker, now=now)
    logged = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "guarantee.repayment")).all()
    assert [event.details for event in logged] == [{"amount": 4_000, "owed": 6_000}, {"amount": 6_000, "owed": 0}]


def test_a_grant_is_owed_by_nobody(municipality: Municipality) -> None:
    guarantee = paid_as_loan(municipality, support="grant")
    worker = guarantee.case.created_by
    assert worker is not None
    assert guarantee.owed == 0
    with pytest.raises(InvalidInput):
        record_repayment(guarantee, oslo_today(utcnow()), 100, "", actor=worker, now=utcnow())


def test_the_caseworker_writes_down_a_repayment_on_the_guarantees_page(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    guarantee = paid_as_loan(municipality)
    login(make_user(Role.CASEWORKER, municipality))
    page = client.get(f"/guarantees/{guarantee.id}").text
    assert "Kari skylder 10\xa0000,00\xa0kr tilbake av utbetalinger gitt som lån." in page
    form = {"paid_on": oslo_today(utcnow()).isoformat(), "amount": "2 500", "note": "Avdrag"}
    form["csrf_token"] = csrf_token(client, f"/guarantees/{guarantee.id}")
    response = client.post(f"/guarantees/{guarantee.id}/repayments", data=form)
    assert response.headers["Location"].endswith(f"/guarantees/{guarantee.id}#repayments")
    page = client.get(f"/guarantees/{guarantee.id}").text
    assert "Tilbakebetalingen er lagret." in page
    assert "7\xa0500,00\xa0kr tilbake" in page
    assert "Avdrag" in page


def test_the_api_writes_down_a_repayment_and_only_the_caseworker_may(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    guarantee = paid_as_loan(municipality)
    path = f"/api/v1/guarantees/{guarantee.id}/repayments"
    body = {"paid_on": oslo_today(utcnow()).isoformat(), "amount": 1_000}
    for role in (Role.SUPERVISOR, Role.OPERATOR, Role.ADMIN):
        assert client.post(path, json=body, headers=bearer(make_user(role, municipality))).status_code == 404
    headers = bearer(make_user(Role.CASEWORKER, municipality))
    wrong = client.post(path, json={"paid_on": "i går", "amount": "1000"}, headers=headers)
    assert wrong.status_code == 422
    response = client.post(path, json=body, headers=headers)
    assert response.status_code == 201
    answer = client.get(f"/api/v1/guarantees/{guarantee.id}", headers=headers).json
    assert answer is not None
    assert answer["owed"] == 9_000
    assert [r["amount"] for r in answer["repayments"]] == [1_000]
    assert date.fromisoformat(answer["repayments"][0]["paid_on"]) == oslo_today(utcnow())
    supervisor = make_user(Role.SUPERVISOR, municipality)
    login(supervisor)
    page = client.get(f"/guarantees/{guarantee.id}").text
    assert "Kari skylder" in page
    assert "Registrer en tilbakebetaling" not in page


def test_a_guarantee_ends_when_the_lease_is_over_and_covers_nothing_later(municipality: Municipality) -> None:
    guarantee = paid_as_loan(municipality, support="grant")
    worker = guarantee.case.created_by
    assert worker is not None
    now = utcnow()
    today = oslo_today(now)
    open_claim = register_claim(guarantee, today, 500, "Vask", actor=worker, now=now)
    with pytest.raises(InvalidInput, match="åpne krav"):
        end_guarantee(guarantee, today, "Utleier bekrefter at alt er i orden.", actor=worker, now=now)
    refuse_claim(open_claim, "Vanlig slitasje.", actor=worker, now=now)
    for ended_on, note, field in ((today + timedelta(days=1), "Over.", "ended_on"), (today, " ", "ended_note")):
        with pytest.raises(InvalidInput) as refused:
            end_guarantee(guarantee, ended_on, note, actor=worker, now=now)
        assert set(refused.value.errors) == {field}
    end_guarantee(guarantee, today, "Utleier bekrefter at leieforholdet er over uten krav.", actor=worker, now=now)
    assert (guarantee.ended_on, guarantee.covers_until) == (today, today)
    with pytest.raises(InvalidInput, match="allerede avsluttet"):
        end_guarantee(guarantee, today, "Igjen.", actor=worker, now=now)
    tomorrow = now + timedelta(days=1)
    with pytest.raises(InvalidInput, match="dekkes ikke"):
        register_claim(guarantee, oslo_today(tomorrow), 1_000, "Skade", actor=worker, now=tomorrow)
    logged = db.session.scalars(select(AuditEvent.action).where(AuditEvent.action == "guarantee.end")).all()
    assert logged == ["guarantee.end"]


def test_the_caseworker_ends_a_guarantee_on_its_page_and_the_api_says_so(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    guarantee = paid_as_loan(municipality, support="grant")
    login(make_user(Role.CASEWORKER, municipality))
    form = {"ended_on": oslo_today(utcnow()).isoformat(), "ended_note": "Flyttet ut; ingen krav."}
    form["csrf_token"] = csrf_token(client, f"/guarantees/{guarantee.id}")
    client.post(f"/guarantees/{guarantee.id}/end", data=form)
    page = client.get(f"/guarantees/{guarantee.id}").text
    assert "Garantien er avsluttet." in page
    assert "Flyttet ut; ingen krav." in page
    assert "Avslutt garantien: leieforholdet er over" not in page
    headers = bearer(make_user(Role.CASEWORKER, municipality))
    answer = client.get(f"/api/v1/guarantees/{guarantee.id}", headers=headers).json
    assert answer is not None
    assert answer["ended_on"] == oslo_today(utcnow()).isoformat()
    again = client.post(f"/api/v1/guarantees/{guarantee.id}/end", json=form, headers=headers)
    assert again.status_code == 422
