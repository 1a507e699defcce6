"""A deposit guarantee's grant or refusal is a decision of its own (R21), stating whether payouts are a grant or
a loan (R22). It does not decide the application for temporary housing, and a refusal does not close the case."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from pypdf import PdfReader

from bolig.auth.models import Role, User
from bolig.auth.operations import create_token
from bolig.cases.models import Case
from bolig.db import db, utcnow
from bolig.decisions.letters import decision_pdf
from bolig.decisions.operations import correct, draft, issue, missing, undecided_today
from bolig.errors import InvalidInput
from bolig.guarantees.models import DepositGuarantee
from bolig.guarantees.operations import GuaranteeInput, issue_guarantee
from bolig.municipalities.models import Municipality
from bolig.timeutil import oslo_today
from tests.conftest import csrf_token
from tests.factories import make_case, make_user


def guaranteed(case: Case, **values: object) -> DepositGuarantee:
    assert case.created_by is not None
    fields: dict[str, object] = {
        "landlord_name": "Utleie AS",
        "rental_address": "Storgata 5, 0155 Oslo",
        "monthly_rent": 12_500,
        "lease_starts_on": oslo_today(utcnow()) + timedelta(days=7),
        "months": 3,
    }
    lease = GuaranteeInput(**(fields | values))  # type: ignore[arg-type]
    return issue_guarantee(case, lease, actor=case.created_by, now=utcnow(), render=lambda _g: b"%PDF-1.7")


def letter_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "") for page in reader.pages).split()).replace("\u00a0", " ")


def test_the_grant_of_a_guarantee_is_a_letter_with_its_payout_form_and_how_to_appeal(
    municipality: Municipality,
) -> None:
    case = make_case(municipality)
    worker = case.created_by
    assert worker is not None
    guarantee = guaranteed(case, payout_support="loan", support_justification="Fast inntekt; avtalt nedbetaling.")
    decision = draft(case, "grant", actor=worker, now=utcnow(), subject="deposit_guarantee", guarantee=guarantee)
    assert "§ 21" in decision.legal_basis
    assert "Storgata 5, 0155 Oslo" in decision.facts
    assert "i natt" not in decision.facts  # the household is not asking for a bed tonight here
    assert set(missing(decision)) == {"reasoning"}
    decision.reasoning = "Husstanden har funnet en egnet bolig og mangler depositum."
    issue(decision, actor=worker, now=utcnow(), render=decision_pdf)
    text = letter_text(decision.pdf or b"")
    for expected in (
        "Vedtak om depositumsgaranti",
        "Kommunen stiller garanti overfor Utleie AS for leieforholdet i Storgata 5, 0155 Oslo",
        "inntil 3 måneders leie, det vil si inntil 37 500 kr",
        "er det et lån som du skal betale tilbake",  # the support form is part of the decision (R22)
        "Du kan klage",
    ):
        assert expected in text, expected
    assert case.status != "closed"
    assert case in undecided_today(municipality, utcnow())  # the bed tonight is still undecided (R3)


def test_a_refused_guarantee_does_not_close_the_case(municipality: Municipality) -> None:
    case = make_case(municipality)
    worker = case.created_by
    assert worker is not None
    decision = draft(case, "refusal", actor=worker, now=utcnow(), subject="deposit_guarantee")
    decision.reasoning = "Leien er høyere enn det husstanden kan betale over tid."
    issue(decision, actor=worker, now=utcnow(), render=decision_pdf)
    assert "Avslag på søknad om depositumsgaranti" in letter_text(decision.pdf or b"")
    assert case.status == "open"


@pytest.mark.parametrize(
    ("outcome", "subject", "with_guarantee", "field"),
    [
        ("grant", "deposit_guarantee", False, "guarantee_id"),  # a grant names its guarantee
        ("stop", "deposit_guarantee", False, "outcome"),
        ("grant", "holiday", False, "subject"),
        ("grant", "temporary_housing", True, "guarantee_id"),
        ("refusal", "deposit_guarantee", True, "guarantee_id"),
    ],
)
def test_a_guarantee_decision_that_does_not_fit_is_refused(
    municipality: Municipality, outcome: str, subject: str, with_guarantee: bool, field: str
) -> None:
    case = make_case(municipality)
    guarantee = guaranteed(case) if with_guarantee else None
    with pytest.raises(InvalidInput) as refused:
        draft(case, outcome, actor=case.created_by, now=utcnow(), subject=subject, guarantee=guarantee)  # type: ignore[arg-type]
    assert field in refused.value.errors


def test_another_cases_guarantee_is_refused(municipality: Municipality) -> None:
    case, other = make_case(municipality), make_case(municipality)
    with pytest.raises(InvalidInput):
        draft(
            case, "grant", actor=case.created_by, now=utcnow(), subject="deposit_guarantee", guarantee=guaranteed(other)
        )  # type: ignore[arg-type]


def test_the_caseworker_writes_it_from_the_guarantee_page(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    guarantee = guaranteed(make_case(municipality))
    login(make_user(Role.CASEWORKER, municipality))
    assert "Kari har ikke fått vedtak ennå" in client.get(f"/cases/{guarantee.case_id}").text
    page = client.get(f"/guarantees/{guarantee.id}").text
    assert "er et vedtak Kari kan klage på" in page
    response = client.post(
        f"/guarantees/{guarantee.id}/decision", data={"csrf_token": csrf_token(client, f"/guarantees/{guarantee.id}")}
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).text
    assert "Vedtak: innvilget depositumsgaranti" in page
    assert "Storgata 5, 0155 Oslo" in page
    assert "Vedtak om garantien" in client.get(f"/guarantees/{guarantee.id}").text
    assert "Kari har ikke fått vedtak ennå" in client.get(f"/cases/{guarantee.case_id}").text  # a draft is not one


def test_the_api_drafts_and_issues_a_guarantee_decision(
    client: FlaskClient, municipality: Municipality, other_municipality: Municipality
) -> None:
    case = make_case(municipality)
    worker = case.created_by
    assert worker is not None
    headers = {"Authorization": f"Bearer {create_token(worker, 'test', actor=worker)[1]}"}
    guarantee = guaranteed(case)
    body = {
        "outcome": "grant",
        "subject": "deposit_guarantee",
        "guarantee_id": guarantee.id,
        "reasoning": "Egnet bolig.",
    }
    response = client.post(f"/api/v1/cases/{case.id}/decisions", json=body, headers=headers)
    assert response.status_code == 201, response.json
    assert (response.json["subject"], response.json["guarantee_id"]) == ("deposit_guarantee", guarantee.id)  # type: ignore[index]
    foreign = guaranteed(make_case(other_municipality))
    body["guarantee_id"] = foreign.id
    assert client.post(f"/api/v1/cases/{case.id}/decisions", json=body, headers=headers).status_code == 404
    body["guarantee_id"] = "1"
    assert client.post(f"/api/v1/cases/{case.id}/decisions", json=body, headers=headers).status_code == 422
    db.session.rollback()


def test_a_correction_stays_a_decision_on_the_same_guarantee(municipality: Municipality) -> None:
    case = make_case(municipality)
    worker = case.created_by
    assert worker is not None
    guarantee = guaranteed(case)
    decision = draft(case, "grant", actor=worker, now=utcnow(), subject="deposit_guarantee", guarantee=guarantee)
    decision.reasoning = "Egnet bolig."
    issue(decision, actor=worker, now=utcnow(), render=decision_pdf)
    fresh = correct(decision, actor=worker, now=utcnow())
    assert (fresh.subject, fresh.guarantee_id, fresh.corrects_id) == ("deposit_guarantee", guarantee.id, decision.id)
