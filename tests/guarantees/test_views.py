"""The guarantee pages as requests: issue from the case, the document, claims; every role and municipality."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from bolig.audit.models import AuditEvent
from bolig.auth.models import Role, User
from bolig.cases.models import Case
from bolig.db import db, utcnow
from bolig.guarantees.document import guarantee_pdf
from bolig.guarantees.models import DepositGuarantee, GuaranteeClaim
from bolig.guarantees.operations import GuaranteeInput, issue_guarantee
from bolig.municipalities.models import Municipality
from bolig.timeutil import oslo_today
from tests.conftest import csrf_token
from tests.factories import make_case, make_user


def next_month() -> str:
    return (oslo_today(utcnow()) + timedelta(days=30)).isoformat()


def form(**values: str) -> dict[str, str]:
    return {
        "landlord_name": "Utleie AS",
        "landlord_address": "Postboks 1, 0101 Oslo",
        "rental_address": "Storgata 5, 0155 Oslo",
        "monthly_rent": "12 500",
        "lease_starts_on": next_month(),
        "months": "3",
        "tenant_deposit": "0",
        "payout_support": "grant",
        "support_justification": "",
        "valid_until": "",
    } | values


def issued(case: Case) -> DepositGuarantee:
    assert case.created_by is not None
    lease = GuaranteeInput(
        landlord_name="Utleie AS",
        rental_address="Storgata 5",
        monthly_rent=10_000,
        lease_starts_on=oslo_today(utcnow()),
        months=2,
    )
    return issue_guarantee(case, lease, actor=case.created_by, now=utcnow(), render=guarantee_pdf)


def test_the_caseworker_issues_a_guarantee_from_the_case(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    case = make_case(municipality)
    login(make_user(Role.CASEWORKER, municipality))
    assert "Garanti for nytt leieforhold" in client.get(f"/cases/{case.id}").text
    page = client.get(f"/cases/{case.id}/guarantees/new")
    assert page.status_code == 200
    assert "Depositumsgaranti for Kari Nordmann" in page.text
    sent = form(csrf_token=csrf_token(client, f"/cases/{case.id}/guarantees/new"))
    response = client.post(f"/cases/{case.id}/guarantees/new", data=sent)
    assert response.status_code == 302
    guarantee = db.session.scalars(select(DepositGuarantee)).one()
    assert (guarantee.monthly_rent, guarantee.amount) == (12_500, 37_500)  # "12 500" as people write it
    page = client.get(response.headers["Location"]).text
    assert "Garantien er utstedt. Send dokumentet til utleier." in page
    assert "Storgata 5, 0155 Oslo" in page
    document = client.get(f"/guarantees/{guarantee.id}/document.pdf")
    assert (document.status_code, document.mimetype) == (200, "application/pdf")
    assert document.data == guarantee.document
    actions = set(db.session.scalars(select(AuditEvent.action).where(AuditEvent.client_id == case.client_id)))
    assert {"guarantee.issue", "guarantee.read", "guarantee.document.read"} <= actions


def test_a_refused_guarantee_names_each_field_and_keeps_what_was_typed(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    case = make_case(municipality)
    login(make_user(Role.CASEWORKER, municipality))
    token = csrf_token(client, f"/cases/{case.id}/guarantees/new")
    sent = form(months="5", tenant_deposit="25000", payout_support="loan", csrf_token=token)
    response = client.post(f"/cases/{case.id}/guarantees/new", data=sent)
    assert response.status_code == 422
    assert "mer enn seks måneders leie (husleieloven § 3-6)" in response.text
    assert "Skriv grunnen til lån" in response.text
    assert 'value="Storgata 5, 0155 Oslo"' in response.text
    assert db.session.scalars(select(DepositGuarantee)).all() == []


def test_a_claim_from_notice_to_payout(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    guarantee = issued(make_case(municipality))
    login(make_user(Role.CASEWORKER, municipality))
    token = csrf_token(client, f"/guarantees/{guarantee.id}")
    today = oslo_today(utcnow()).isoformat()
    sent = {"received_on": today, "amount": "8 000", "grounds": "Ubetalt leie", "csrf_token": token}
    client.post(f"/guarantees/{guarantee.id}/claims", data=sent)
    claim = db.session.scalars(select(GuaranteeClaim)).one()
    client.post(f"/guarantee-claims/{claim.id}/pay", data={"amount": "8000", "csrf_token": token})
    page = client.get(f"/guarantees/{guarantee.id}").text
    assert "Gi leietakeren beskjed om kravet og skriv ned innsigelsene deres før du betaler." in page
    notice = {"notified_on": today, "objections": "Ingen innsigelser.", "csrf_token": token}
    client.post(f"/guarantee-claims/{claim.id}/notice", data=notice)
    client.post(f"/guarantee-claims/{claim.id}/pay", data={"amount": "8000", "csrf_token": token})
    db.session.refresh(claim)
    assert (claim.status, claim.paid_amount, claim.tenant_objections) == ("paid", 8_000, "Ingen innsigelser.")
    assert "Betalt" in client.get(f"/guarantees/{guarantee.id}").text


def test_the_supervisor_reads_but_does_not_act(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    guarantee = issued(make_case(municipality))
    login(make_user(Role.SUPERVISOR, municipality))
    page = client.get(f"/guarantees/{guarantee.id}")
    assert page.status_code == 200
    assert "Skriv ned et krav" not in page.text
    assert client.get(f"/guarantees/{guarantee.id}/document.pdf").status_code == 200
    token = csrf_token(client, f"/guarantees/{guarantee.id}")
    assert client.get(f"/cases/{guarantee.case_id}/guarantees/new").status_code == 404
    claim = {"received_on": oslo_today(utcnow()).isoformat(), "amount": "1", "grounds": "x", "csrf_token": token}
    assert client.post(f"/guarantees/{guarantee.id}/claims", data=claim).status_code == 404


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.ADMIN])
def test_operators_and_administrators_see_nothing(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality, role: Role
) -> None:
    guarantee = issued(make_case(municipality))
    claim = GuaranteeClaim(guarantee=guarantee, received_on=oslo_today(utcnow()), amount=1, grounds="x")
    claim.created_by_id = guarantee.issued_by_id
    db.session.add(claim)
    db.session.flush()
    login(make_user(role, municipality))
    token = csrf_token(client, "/")
    for path in (f"/guarantees/{guarantee.id}", f"/guarantees/{guarantee.id}/document.pdf"):
        assert client.get(path).status_code == 404
    assert client.get(f"/cases/{guarantee.case_id}/guarantees/new").status_code == 404
    assert (
        client.post(f"/guarantee-claims/{claim.id}/refuse", data={"refusal": "x", "csrf_token": token}).status_code
        == 404
    )
    db.session.refresh(claim)
    assert claim.status == "received"


def test_another_municipality_gets_404(
    client: FlaskClient,
    login: Callable[[User], FlaskClient],
    municipality: Municipality,
    other_municipality: Municipality,
) -> None:
    guarantee = issued(make_case(municipality))
    login(make_user(Role.CASEWORKER, other_municipality))
    assert client.get(f"/guarantees/{guarantee.id}").status_code == 404
    assert client.get(f"/guarantees/{guarantee.id}/document.pdf").status_code == 404
    assert client.get(f"/cases/{guarantee.case_id}/guarantees/new").status_code == 404
