"""The guarantee API: issue, read, the document, claims; 422 for bad input, 404 beyond the case's caseworkers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from bolig.audit.models import AuditEvent
from bolig.auth.models import Role, User
from bolig.auth.operations import create_token
from bolig.db import db, utcnow
from bolig.guarantees.models import DepositGuarantee
from bolig.municipalities.models import Municipality
from bolig.timeutil import oslo_today
from tests.factories import make_case, make_user


def bearer(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(user, 'test', actor=user)[1]}"}


def lease(**values: object) -> dict[str, object]:
    starts = (oslo_today(utcnow()) + timedelta(days=14)).isoformat()
    body: dict[str, object] = {
        "landlord_name": "Utleie AS",
        "rental_address": "Storgata 5, 0155 Oslo",
        "monthly_rent": 10_000,
        "lease_starts_on": starts,
        "months": 3,
    }
    return body | values


def test_issue_read_and_claim_through_the_api(client: FlaskClient, municipality: Municipality) -> None:
    case = make_case(municipality)
    headers = bearer(make_user(Role.CASEWORKER, municipality))
    response = client.post(f"/api/v1/cases/{case.id}/guarantees", json=lease(tenant_deposit=30_000), headers=headers)
    assert response.status_code == 201, response.json
    guarantee = response.json
    assert guarantee is not None
    assert (guarantee["amount"], guarantee["remaining"], guarantee["payout_support"]) == (30_000, 30_000, "grant")
    document = client.get(guarantee["document"], headers=headers)
    assert (document.status_code, document.mimetype) == (200, "application/pdf")
    today = oslo_today(utcnow()).isoformat()
    claim_url = f"/api/v1/guarantees/{guarantee['id']}/claims"
    claim = client.post(claim_url, json={"received_on": today, "amount": 4_000, "grounds": "Leie"}, headers=headers)
    assert claim.status_code == 201
    decide = f"/api/v1/guarantee-claims/{claim.json['id']}"  # type: ignore[index]
    assert client.post(f"{decide}/pay", json={"amount": 4_000}, headers=headers).status_code == 422  # not heard
    notice = {"notified_on": today, "objections": "Ingen innsigelser."}
    assert client.post(f"{decide}/notice", json=notice, headers=headers).status_code == 200
    paid = client.post(f"{decide}/pay", json={"amount": 4_000}, headers=headers)
    assert (paid.status_code, paid.json["status"]) == (200, "paid")  # type: ignore[index]
    read = client.get(f"/api/v1/guarantees/{guarantee['id']}", headers=headers)
    assert read.json["remaining"] == 26_000  # type: ignore[index]
    logged = set(db.session.scalars(select(AuditEvent.action).where(AuditEvent.client_id == case.client_id)))
    assert {"guarantee.issue", "guarantee.read", "guarantee.document.read", "guarantee.claim.pay"} <= logged


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"monthly_rent": "10000"}, "monthly_rent"),
        ({"months": True}, "months"),
        ({"months": 7}, "months"),
        ({"months": 4, "tenant_deposit": 30_000}, "months"),  # 7 months' rent in all
        ({"landlord_name": None}, "landlord_name"),
        ({"lease_starts_on": "1.12.2026"}, "lease_starts_on"),
        ({"payout_support": "loan"}, "support_justification"),
        ({"valid_until": "2020-01-01"}, "valid_until"),
    ],
)
def test_bad_input_is_422_naming_the_field(
    client: FlaskClient, municipality: Municipality, values: dict[str, object], field: str
) -> None:
    case = make_case(municipality)
    headers = bearer(make_user(Role.CASEWORKER, municipality))
    response = client.post(f"/api/v1/cases/{case.id}/guarantees", json=lease(**values), headers=headers)
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]  # type: ignore[index]
    assert db.session.scalars(select(DepositGuarantee)).all() == []


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.ADMIN])
def test_operators_and_administrators_get_404(client: FlaskClient, municipality: Municipality, role: Role) -> None:
    case = make_case(municipality)
    mine = client.post(f"/api/v1/cases/{case.id}/guarantees", json=lease(), headers=bearer(case.created_by))  # type: ignore[arg-type]
    headers = bearer(make_user(role, municipality))
    assert client.post(f"/api/v1/cases/{case.id}/guarantees", json=lease(), headers=headers).status_code == 404
    assert client.get(f"/api/v1/guarantees/{mine.json['id']}", headers=headers).status_code == 404  # type: ignore[index]


def test_a_supervisor_reads_and_another_municipality_gets_404(
    client: FlaskClient, municipality: Municipality, other_municipality: Municipality
) -> None:
    case = make_case(municipality)
    mine = client.post(f"/api/v1/cases/{case.id}/guarantees", json=lease(), headers=bearer(case.created_by))  # type: ignore[arg-type]
    url = f"/api/v1/guarantees/{mine.json['id']}"  # type: ignore[index]
    assert client.get(url, headers=bearer(make_user(Role.SUPERVISOR, municipality))).status_code == 200
    supervisor = bearer(make_user(Role.SUPERVISOR, municipality))
    assert client.post(f"/api/v1/cases/{case.id}/guarantees", json=lease(), headers=supervisor).status_code == 404
    stranger = bearer(make_user(Role.CASEWORKER, other_municipality))
    assert client.get(url, headers=stranger).status_code == 404
    assert client.get(url).status_code == 401


@pytest.mark.parametrize("amount", [0, 3_000_000_000, 10**20, "8000", None])
def test_a_claim_of_an_impossible_amount_is_422(
    client: FlaskClient, municipality: Municipality, amount: object
) -> None:
    case = make_case(municipality)
    headers = bearer(case.created_by)  # type: ignore[arg-type]
    guarantee = client.post(f"/api/v1/cases/{case.id}/guarantees", json=lease(), headers=headers).json
    body = {"received_on": oslo_today(utcnow()).isoformat(), "amount": amount, "grounds": "Leie"}
    response = client.post(f"/api/v1/guarantees/{guarantee['id']}/claims", json=body, headers=headers)  # type: ignore[index]
    assert response.status_code == 422
    assert "amount" in response.json["error"]["fields"]  # type: ignore[index]
