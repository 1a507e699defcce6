"""The cash deposit as requests, on the pages and the API: register from the case, release the account, repay a
loan; bad input named field by field; reads logged; every other role and municipality told nothing (404)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from bolig.audit.models import AuditEvent
from bolig.auth.models import Role, User
from bolig.db import db, utcnow
from bolig.guarantees.models import CashDeposit
from bolig.municipalities.models import Municipality
from bolig.timeutil import oslo_today
from tests.cases.test_api import bearer
from tests.conftest import csrf_token
from tests.factories import make_case, make_deposit, make_user

LOAN = {"support": "loan", "support_justification": "Fast inntekt; avtalt nedbetaling."}


def form(**values: str) -> dict[str, str]:
    return {
        "landlord_name": "Utleie AS",
        "landlord_address": "",
        "rental_address": "Storgata 5, 0155 Oslo",
        "monthly_rent": "12 500",
        "lease_starts_on": oslo_today(utcnow()).isoformat(),
        "amount": "25 000",
        "tenant_share": "0",
        "account_number": "8601 11 17947",
        "bank": "Sparebanken Øst",
        "account_in_tenant_name": "y",
        "support": "grant",
        "support_justification": "",
        "paid_on": oslo_today(utcnow()).isoformat(),
    } | values


def test_the_caseworker_registers_a_deposit_from_the_case(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    case = make_case(municipality)
    login(make_user(Role.CASEWORKER, municipality))
    assert f'href="/cases/{case.id}/deposits/new">Betal kontantdepositum</a>' in client.get(f"/cases/{case.id}").text
    page = client.get(f"/cases/{case.id}/deposits/new")
    assert "Kontantdepositum for Kari Nordmann" in page.text
    assert f'value="{oslo_today(utcnow()).isoformat()}"' in page.text  # NAV pays today, unless changed
    response = client.post(f"/cases/{case.id}/deposits/new", data=form(csrf_token=csrf_token(client, "/")))
    assert response.status_code == 302
    deposit = db.session.scalars(select(CashDeposit)).one()
    assert (deposit.amount, deposit.account_number, deposit.support) == (25_000, "86011117947", "grant")
    shown = client.get(response.headers["Location"]).text
    assert "Depositumet er registrert. Skriv vedtaket til Kari." in shown
    assert "8601.11.17947, Sparebanken Øst" in shown
    assert "Storgata 5, 0155 Oslo" in client.get(f"/cases/{case.id}").text
    actions = set(db.session.scalars(select(AuditEvent.action).where(AuditEvent.client_id == case.client_id)))
    assert {"deposit.pay", "deposit.read"} <= actions


def test_a_refused_deposit_names_each_field_and_keeps_what_was_typed(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    case = make_case(municipality)
    login(make_user(Role.CASEWORKER, municipality))
    sent = form(amount="80 000", account_in_tenant_name="", support="loan", csrf_token=csrf_token(client, "/"))
    sent.pop("account_in_tenant_name")
    response = client.post(f"/cases/{case.id}/deposits/new", data=sent)
    assert response.status_code == 422
    assert "høyst seks måneders leie" in response.text
    assert "bare inn på en depositumskonto i leietakerens navn" in response.text
    assert "Skriv grunnen til lån" in response.text
    assert 'value="Storgata 5, 0155 Oslo"' in response.text
    assert db.session.scalars(select(CashDeposit)).all() == []


def test_a_loan_is_repaid_and_the_account_released_on_the_page(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    deposit = make_deposit(municipality, **LOAN)
    login(make_user(Role.CASEWORKER, municipality))
    page = client.get(f"/deposits/{deposit.id}").text
    assert "Kari skylder 25 000,00 kr tilbake av depositumet." in page.replace("\xa0", " ")
    token, today = csrf_token(client, "/"), oslo_today(utcnow()).isoformat()
    client.post(f"/deposits/{deposit.id}/repayments", data={"paid_on": today, "amount": "5000", "csrf_token": token})
    release = {"released_on": today, "returned": "20 000", "released_note": "Utleier krevde ingenting."}
    response = client.post(f"/deposits/{deposit.id}/release", data=release | {"csrf_token": token})
    db.session.refresh(deposit)
    assert (deposit.returned, deposit.owed, deposit.released_note) == (20_000, 0, "Utleier krevde ingenting.")
    page = client.get(response.headers["Location"]).text
    assert "Kari har betalt tilbake alt" in page
    assert "Leieforholdet er slutt: kontoen er betalt ut" not in page  # released once; the form is gone


def test_a_bad_release_is_shown_and_changes_nothing(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    deposit = make_deposit(municipality)
    login(make_user(Role.CASEWORKER, municipality))
    sent = {"released_on": "i går", "returned": "0", "released_note": "", "csrf_token": csrf_token(client, "/")}
    response = client.post(f"/deposits/{deposit.id}/release", data=sent, follow_redirects=True)
    assert "Oppgi dagen kontoen ble utbetalt" in response.text
    db.session.refresh(deposit)
    assert deposit.released_on is None


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.ADMIN])
def test_operators_and_administrators_see_nothing(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality, role: Role
) -> None:
    deposit = make_deposit(municipality)
    login(make_user(role, municipality))
    token = csrf_token(client, "/")
    assert client.get(f"/deposits/{deposit.id}").status_code == 404
    assert client.get(f"/cases/{deposit.case_id}/deposits/new").status_code == 404
    release = {"released_on": oslo_today(utcnow()).isoformat(), "returned": "0", "released_note": "x"}
    assert client.post(f"/deposits/{deposit.id}/release", data=release | {"csrf_token": token}).status_code == 404
    db.session.refresh(deposit)
    assert deposit.released_on is None


def test_the_supervisor_reads_and_another_municipality_gets_404(
    client: FlaskClient,
    login: Callable[[User], FlaskClient],
    municipality: Municipality,
    other_municipality: Municipality,
) -> None:
    deposit = make_deposit(municipality)
    login(make_user(Role.SUPERVISOR, municipality))
    page = client.get(f"/deposits/{deposit.id}")
    assert page.status_code == 200
    assert "Leieforholdet er slutt: kontoen er betalt ut" not in page.text
    assert client.get(f"/cases/{deposit.case_id}/deposits/new").status_code == 404
    client.get("/logout")
    login(make_user(Role.CASEWORKER, other_municipality))
    assert client.get(f"/deposits/{deposit.id}").status_code == 404


def body(**values: object) -> dict[str, object]:
    today = oslo_today(utcnow()).isoformat()
    return {
        "landlord_name": "Utleie AS",
        "rental_address": "Storgata 5, 0155 Oslo",
        "monthly_rent": 12_500,
        "lease_starts_on": today,
        "amount": 25_000,
        "account_number": "86011117947",
        "bank": "Sparebanken Øst",
        "account_in_tenant_name": True,
        "paid_on": today,
    } | values


def test_the_api_registers_reads_releases_and_takes_repayments(client: FlaskClient, municipality: Municipality) -> None:
    case = make_case(municipality)
    worker = bearer(make_user(Role.CASEWORKER, municipality))
    created = client.post(f"/api/v1/cases/{case.id}/deposits", json=body(**LOAN), headers=worker)
    assert created.status_code == 201, created.json
    assert created.json is not None
    deposit_id = created.json["id"]
    assert (created.json["owed"], created.json["support"], created.json["released_on"]) == (25_000, "loan", None)
    today = oslo_today(utcnow()).isoformat()
    repaid = client.post(
        f"/api/v1/deposits/{deposit_id}/repayments", json={"paid_on": today, "amount": 1_000}, headers=worker
    )
    assert repaid.status_code == 201
    release = {"released_on": today, "returned": 24_000, "released_note": "Ingen krav fra utleier."}
    released = client.post(f"/api/v1/deposits/{deposit_id}/release", json=release, headers=worker)
    assert released.json is not None
    assert (released.status_code, released.json["owed"], released.json["returned"]) == (200, 0, 24_000)
    read = client.get(f"/api/v1/deposits/{deposit_id}", headers=bearer(make_user(Role.SUPERVISOR, municipality)))
    assert read.status_code == 200
    assert read.json is not None
    assert [item["amount"] for item in read.json["repayments"]] == [1_000]
    logged = db.session.scalars(select(AuditEvent.action).where(AuditEvent.client_id == case.client_id)).all()
    assert {"deposit.pay", "deposit.repayment", "deposit.release", "deposit.read"} <= set(logged)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"amount": "25000"}, "amount"),
        ({"account_in_tenant_name": "yes"}, "account_in_tenant_name"),
        ({"account_in_tenant_name": False}, "account_in_tenant_name"),
        ({"account_number": 86011117947}, "account_number"),
        ({"paid_on": "i dag"}, "paid_on"),
        ({"tenant_share": 80_000}, "amount"),
    ],
)
def test_bad_api_input_is_422_naming_the_field(
    client: FlaskClient, municipality: Municipality, values: dict[str, object], field: str
) -> None:
    case = make_case(municipality)
    answer = client.post(
        f"/api/v1/cases/{case.id}/deposits",
        json=body(**values),
        headers=bearer(make_user(Role.CASEWORKER, municipality)),
    )
    assert answer.status_code == 422
    assert answer.json is not None
    assert field in answer.json["error"]["fields"]
    assert db.session.scalars(select(CashDeposit)).all() == []


def test_the_api_tells_other_roles_and_municipalities_nothing(
    client: FlaskClient, municipality: Municipality, other_municipality: Municipality
) -> None:
    deposit = make_deposit(municipality)
    for outsider in (
        make_user(Role.OPERATOR, municipality),
        make_user(Role.ADMIN, municipality),
        make_user(Role.CASEWORKER, other_municipality),
    ):
        assert client.get(f"/api/v1/deposits/{deposit.id}", headers=bearer(outsider)).status_code == 404
        assert (
            client.post(f"/api/v1/cases/{deposit.case_id}/deposits", json=body(), headers=bearer(outsider)).status_code
            == 404
        )
    assert db.session.scalars(select(CashDeposit)).all() == [deposit]


def test_the_api_pays_today_unless_told(client: FlaskClient, municipality: Municipality) -> None:
    case = make_case(municipality)
    sent = {key: value for key, value in body().items() if key != "paid_on"}
    answer = client.post(
        f"/api/v1/cases/{case.id}/deposits", json=sent, headers=bearer(make_user(Role.CASEWORKER, municipality))
    )
    assert answer.status_code == 201
    assert answer.json is not None
    assert answer.json["paid_on"] == oslo_today(utcnow()).isoformat()
