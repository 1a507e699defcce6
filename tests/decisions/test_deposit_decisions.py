"""A cash deposit's grant or refusal is a decision of its own (R21), in writing: where the money goes, that the
account is the tenant's and neither side can use it alone (R19), and whether it is a grant or a loan (R22). It
does not decide the application for temporary housing, and a refusal does not close the case."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from bolig.auth.models import Role, User
from bolig.cases.models import Case
from bolig.db import utcnow
from bolig.decisions.letters import decision_pdf
from bolig.decisions.operations import case_documents, correct, draft, issue, missing, undecided_today
from bolig.errors import InvalidInput
from bolig.municipalities.models import Municipality
from tests.cases.test_api import bearer
from tests.conftest import csrf_token
from tests.decisions.test_guarantee_decisions import guaranteed, letter_text
from tests.factories import make_case, make_deposit, make_user

LOAN = {"support": "loan", "support_justification": "Fast inntekt; avtalt nedbetaling."}


def worker_of(case: Case) -> User:
    assert case.created_by is not None
    return case.created_by


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_the_grant_of_a_deposit_is_a_letter_saying_where_the_money_goes(
    municipality: Municipality, language: str
) -> None:
    deposit = make_deposit(municipality, **LOAN)
    case = deposit.case
    case.client.language = language
    decision = draft(case, "grant", actor=worker_of(case), now=utcnow(), subject="cash_deposit", deposit=deposit)
    assert "§ 21" in decision.legal_basis
    assert "Storgata 5" in decision.facts
    assert set(missing(decision)) == {"reasoning"}
    decision.reasoning = "Husstanden har funnet en egnet bolig og mangler depositum."
    issue(decision, actor=worker_of(case), now=utcnow(), render=decision_pdf)
    text = letter_text(decision.pdf or b"")
    expected = {
        "nb": (
            "Vedtak om depositum",
            "25 000 kr i depositum",
            "depositumskonto 8601.11.17947 i Sparebanken Øst",
            "Verken du eller utleier kan ta ut pengene alene",
            "Depositumet er et lån som du skal betale tilbake",
        ),
        "nn": (
            "Vedtak om depositum",
            "25 000 kr i depositum",
            "depositumskonto 8601.11.17947 i Sparebanken Øst",
            "Verken du eller utleigar kan ta ut pengane åleine",
            "Depositumet er eit lån som du skal betale tilbake",
        ),
    }[language]
    for line in (*expected, "Grunnen til at det er lån: Fast inntekt; avtalt nedbetaling.", "Du kan klage"):
        assert line in text, line
    assert case.status != "closed"
    assert case in undecided_today(municipality, utcnow())  # the bed tonight is still undecided (R3)
    assert case_documents(decision)[1].startswith("Vedtak om depositum ")


def test_a_refused_deposit_does_not_close_the_case(municipality: Municipality) -> None:
    case = make_case(municipality)
    decision = draft(case, "refusal", actor=worker_of(case), now=utcnow(), subject="cash_deposit")
    decision.reasoning = "Leien er høyere enn det husstanden kan betale over tid."
    issue(decision, actor=worker_of(case), now=utcnow(), render=decision_pdf)
    assert "Avslag på søknad om depositum" in letter_text(decision.pdf or b"")
    assert case.status == "open"


@pytest.mark.parametrize(
    ("outcome", "subject", "named", "field"),
    [
        ("grant", "cash_deposit", None, "deposit_id"),  # a grant names its deposit
        ("change", "cash_deposit", None, "outcome"),
        ("grant", "cash_deposit", "guarantee", "guarantee_id"),  # not a guarantee
        ("grant", "deposit_guarantee", "deposit", "deposit_id"),  # nor a guarantee's grant a deposit
        ("refusal", "cash_deposit", "deposit", "deposit_id"),
        ("grant", "temporary_housing", "deposit", "deposit_id"),
    ],
)
def test_a_deposit_decision_that_does_not_fit_is_refused(
    municipality: Municipality, outcome: str, subject: str, named: str | None, field: str
) -> None:
    case = make_case(municipality)
    deposit = make_deposit(municipality) if named == "deposit" else None
    if deposit is not None:
        deposit.case = case
    guarantee = guaranteed(case) if named == "guarantee" else None
    with pytest.raises(InvalidInput) as refused:
        draft(
            case,
            outcome,
            actor=worker_of(case),
            now=utcnow(),
            subject=subject,
            guarantee=guarantee,
            deposit=deposit,
        )
    assert field in refused.value.errors


def test_another_cases_deposit_is_refused_and_a_correction_keeps_the_deposit(municipality: Municipality) -> None:
    deposit = make_deposit(municipality)
    case = make_case(municipality)
    with pytest.raises(InvalidInput):
        draft(case, "grant", actor=worker_of(case), now=utcnow(), subject="cash_deposit", deposit=deposit)
    own = deposit.case
    decision = draft(own, "grant", actor=worker_of(own), now=utcnow(), subject="cash_deposit", deposit=deposit)
    decision.reasoning = "Egnet bolig."
    issue(decision, actor=worker_of(own), now=utcnow(), render=decision_pdf)
    fresh = correct(decision, actor=worker_of(own), now=utcnow())
    assert (fresh.subject, fresh.deposit_id, fresh.corrects_id) == ("cash_deposit", deposit.id, decision.id)


def test_the_caseworker_writes_it_from_the_deposit_page(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    deposit = make_deposit(municipality)
    login(make_user(Role.CASEWORKER, municipality))
    assert "Kari har ikke fått vedtak ennå" in client.get(f"/cases/{deposit.case_id}").text
    assert "er et vedtak Kari kan klage på" in client.get(f"/deposits/{deposit.id}").text
    response = client.post(f"/deposits/{deposit.id}/decision", data={"csrf_token": csrf_token(client, "/")})
    page = client.get(response.headers["Location"]).text
    assert "Vedtak: innvilget kontantdepositum" in page
    assert f'href="/deposits/{deposit.id}">Storgata 5</a>' in page
    assert "Vedtak om depositumet" in client.get(f"/deposits/{deposit.id}").text
    case_page = client.get(f"/cases/{deposit.case_id}").text
    assert "Avslå kontantdepositum skriftlig" in case_page


def test_the_api_issues_a_deposit_decision_and_keeps_to_the_municipality(
    client: FlaskClient, municipality: Municipality, other_municipality: Municipality
) -> None:
    deposit = make_deposit(municipality)
    headers = bearer(worker_of(deposit.case))
    body: dict[str, object] = {
        "outcome": "grant",
        "subject": "cash_deposit",
        "deposit_id": deposit.id,
        "reasoning": "Egnet bolig.",
    }
    response = client.post(f"/api/v1/cases/{deposit.case_id}/decisions", json=body, headers=headers)
    assert response.status_code == 201, response.json
    assert response.json is not None
    assert (response.json["subject"], response.json["deposit_id"]) == ("cash_deposit", deposit.id)
    body["deposit_id"] = make_deposit(other_municipality).id
    assert client.post(f"/api/v1/cases/{deposit.case_id}/decisions", json=body, headers=headers).status_code == 404
    body["deposit_id"] = "1"
    assert client.post(f"/api/v1/cases/{deposit.case_id}/decisions", json=body, headers=headers).status_code == 422
