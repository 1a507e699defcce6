"""Deposit guarantees: the six-month cap (R19, R20), a grant unless justified (R22), the document (R23, R27),
and claims paid only after the tenant was heard (R20), disputes sent to Husleietvistutvalget (R21)."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from bolig.audit.models import AuditEvent
from bolig.auth.models import Role, User
from bolig.cases.models import Case
from bolig.db import db
from bolig.errors import InvalidInput
from bolig.guarantees.document import guarantee_pdf
from bolig.guarantees.models import DepositGuarantee, GuaranteeClaim
from bolig.guarantees.operations import (
    GuaranteeInput,
    issue_guarantee,
    pay_claim,
    record_notice,
    refuse_claim,
    register_claim,
)
from bolig.municipalities.models import Municipality
from tests.factories import make_case, make_user

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday 23 November 2026, 10:00 in Oslo
NATIONAL_ID = "01010750160"
LEASE = GuaranteeInput(
    landlord_name="Utleie & Sønn AS",
    landlord_address="Postboks 12, 0101 Oslo",
    rental_address="Thorvald Meyers gate 5, 0555 Oslo",
    monthly_rent=12_500,
    lease_starts_on=date(2026, 12, 1),
    months=3,
)


def no_document(_guarantee: DepositGuarantee) -> bytes:
    return b"%PDF-1.7 not drawn in this test"


def worker_and_case(municipality: Municipality) -> tuple[User, Case]:
    worker = make_user(Role.CASEWORKER, municipality, name="Siri Saksbehandler")
    return worker, make_case(municipality, worker=worker, client_name="Kari Nordmann", national_id=NATIONAL_ID)


def issued(municipality: Municipality, lease: GuaranteeInput = LEASE) -> tuple[User, DepositGuarantee]:
    worker, case = worker_and_case(municipality)
    return worker, issue_guarantee(case, lease, actor=worker, now=NOW, render=no_document)


def test_a_guarantee_of_three_months_rent_runs_three_years(municipality: Municipality) -> None:
    _worker, guarantee = issued(municipality)
    assert (guarantee.amount, guarantee.remaining, guarantee.valid_until) == (37_500, 37_500, date(2029, 12, 1))
    assert guarantee.payout_support == "grant"  # the default (R22)
    assert len(guarantee.document_sha256) == 64
    logged = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "guarantee.issue")).one()
    assert (logged.client_id, logged.details["amount"]) == (guarantee.case.client_id, 37_500)


@pytest.mark.parametrize(
    ("months", "deposit", "allowed"),
    [(6, 0, True), (4, 25_000, True), (4, 25_001, False), (5, 25_000, False), (7, 0, False), (0, 0, False)],
)
def test_guarantee_and_deposit_together_are_at_most_six_months_rent(
    municipality: Municipality, months: int, deposit: int, allowed: bool
) -> None:
    """husleieloven § 3-6 (R20): with a rent of 12 500, guarantee + cash deposit <= 75 000."""
    worker, case = worker_and_case(municipality)
    lease = replace(LEASE, months=months, tenant_deposit=deposit)
    if allowed:
        assert issue_guarantee(case, lease, actor=worker, now=NOW, render=no_document).amount == 12_500 * months
    else:
        with pytest.raises(InvalidInput) as refused:
            issue_guarantee(case, lease, actor=worker, now=NOW, render=no_document)
        assert set(refused.value.errors) == {"months"}
        assert db.session.scalars(select(DepositGuarantee)).all() == []


def test_a_payout_as_a_loan_needs_a_special_reason(municipality: Municipality) -> None:
    """sotjl § 21 (R22): support is a grant unless another form is specially justified."""
    worker, case = worker_and_case(municipality)
    with pytest.raises(InvalidInput) as refused:
        issue_guarantee(case, replace(LEASE, payout_support="loan"), actor=worker, now=NOW, render=no_document)
    assert set(refused.value.errors) == {"support_justification"}
    lease = replace(LEASE, payout_support="loan", support_justification="Har fast inntekt og kan betale tilbake.")
    assert issue_guarantee(case, lease, actor=worker, now=NOW, render=no_document).payout_support == "loan"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"landlord_name": " "}, "landlord_name"),
        ({"rental_address": ""}, "rental_address"),
        ({"monthly_rent": 0}, "monthly_rent"),
        ({"monthly_rent": None}, "monthly_rent"),
        ({"lease_starts_on": None}, "lease_starts_on"),
        ({"lease_starts_on": date(2026, 9, 1)}, "lease_starts_on"),  # long started
        ({"lease_starts_on": date(2028, 1, 1)}, "lease_starts_on"),
        ({"tenant_deposit": -1}, "tenant_deposit"),
        ({"payout_support": "gift"}, "payout_support"),
        ({"valid_until": date(2026, 11, 30)}, "valid_until"),  # before the lease starts
        ({"lease_starts_on": date(2026, 11, 1), "valid_until": date(2026, 11, 20)}, "valid_until"),  # already past
    ],
)
def test_bad_input_is_refused_and_issues_nothing(
    municipality: Municipality, change: dict[str, object], field: str
) -> None:
    worker, case = worker_and_case(municipality)
    with pytest.raises(InvalidInput) as refused:
        issue_guarantee(case, replace(LEASE, **change), actor=worker, now=NOW, render=no_document)  # type: ignore[arg-type]
    assert field in refused.value.errors
    assert db.session.scalars(select(DepositGuarantee)).all() == []


def test_the_document_is_a_guarantee_the_landlord_can_claim_on(municipality: Municipality) -> None:
    worker, case = worker_and_case(municipality)
    lease = replace(LEASE, tenant_deposit=12_500)
    guarantee = issue_guarantee(case, lease, actor=worker, now=NOW, render=guarantee_pdf)
    reader = PdfReader(io.BytesIO(guarantee.document))
    text = " ".join((page.extract_text() or "") for page in reader.pages)
    text = " ".join(text.split()).replace("\u00a0", " ")
    for expected in (
        "Selvskyldnergaranti for husleieavtale",
        "Utleie & Sønn AS",
        "Kari Nordmann",
        "Thorvald Meyers gate 5, 0555 Oslo",
        "01.12.2026",
        "inntil 3 måneders leie, det vil si inntil 37 500 kr",
        "depositum på 12 500 kr",
        "til sammen høyst seks måneders leie (husleieloven § 3-6)",
        "til og med 01.12.2029",
        "kreve kommunen direkte",
        "Husleietvistutvalget",
        "Siri Saksbehandler",
        f"Garantinummer: {guarantee.id} ",  # the guarantee's own number: the case number is not the landlord's
    ):
        assert expected in text, expected
    assert NATIONAL_ID not in text.replace(" ", "")  # R27
    assert reader.trailer["/Root"]["/Lang"] == "nb"  # tagged, its language set (R29)


def test_a_claim_is_paid_only_after_the_tenant_was_told_and_heard(municipality: Municipality) -> None:
    """R20: before paying a landlord's claim, log that the tenant was notified and what they objected to."""
    worker, guarantee = issued(municipality)
    claim = register_claim(guarantee, date(2026, 11, 23), 20_000, "Ubetalt husleie for desember", actor=worker, now=NOW)
    with pytest.raises(InvalidInput) as refused:
        pay_claim(claim, 20_000, actor=worker, now=NOW)
    assert set(refused.value.errors) == {"notified_on"}
    with pytest.raises(InvalidInput):
        record_notice(claim, date(2026, 11, 23), " ", actor=worker, now=NOW)  # what they said must be written
    record_notice(claim, date(2026, 11, 23), "Mener leien for desember er betalt.", actor=worker, now=NOW)
    pay_claim(claim, 20_000, actor=worker, now=NOW)
    assert (claim.status, claim.paid_amount, claim.recoverable, guarantee.remaining) == ("paid", 20_000, 0, 17_500)
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.like("guarantee.claim%")).order_by(AuditEvent.id)
    ).all()
    assert actions == ["guarantee.claim", "guarantee.claim.notice", "guarantee.claim.pay"]


def test_payouts_never_exceed_the_guarantee_and_a_loan_is_recoverable(municipality: Municipality) -> None:
    lease = replace(LEASE, months=1, payout_support="loan", support_justification="Avtalt nedbetaling.")
    worker, guarantee = issued(municipality, lease)
    first = register_claim(guarantee, date(2026, 11, 23), 10_000, "Skade på dør", actor=worker, now=NOW)
    record_notice(first, date(2026, 11, 23), "Ingen innsigelser.", actor=worker, now=NOW)
    pay_claim(first, 10_000, actor=worker, now=NOW)
    assert first.recoverable == 10_000  # a loan: the client owes it back (R22)
    second = register_claim(guarantee, date(2026, 11, 23), 5_000, "Vask", actor=worker, now=NOW)
    record_notice(second, date(2026, 11, 23), "Ingen innsigelser.", actor=worker, now=NOW)
    with pytest.raises(InvalidInput) as refused:
        pay_claim(second, 5_000, actor=worker, now=NOW)  # only 2 500 is left of 12 500
    assert set(refused.value.errors) == {"amount"}
    pay_claim(second, 2_500, actor=worker, now=NOW)
    assert guarantee.remaining == 0


def test_a_refused_claim_is_decided_and_says_why(municipality: Municipality) -> None:
    worker, guarantee = issued(municipality)
    claim = register_claim(guarantee, date(2026, 11, 23), 3_000, "Maling", actor=worker, now=NOW)
    with pytest.raises(InvalidInput):
        refuse_claim(claim, "", actor=worker, now=NOW)
    refuse_claim(claim, "Vanlig slitasje, ikke skade.", actor=worker, now=NOW)
    with pytest.raises(InvalidInput):
        pay_claim(claim, 3_000, actor=worker, now=NOW)
    assert (claim.status, claim.refusal) == ("refused", "Vanlig slitasje, ikke skade.")


@pytest.mark.parametrize(
    ("received_on", "amount", "grounds", "field"),
    [
        (date(2026, 11, 24), 1_000, "Leie", "received_on"),  # tomorrow
        (date(2026, 11, 22), 1_000, "Leie", "received_on"),  # before the guarantee
        (None, 1_000, "Leie", "received_on"),
        (date(2026, 11, 23), 0, "Leie", "amount"),
        (date(2026, 11, 23), 1_000, " ", "grounds"),
    ],
)
def test_a_claim_with_bad_values_is_refused(
    municipality: Municipality, received_on: date | None, amount: int, grounds: str, field: str
) -> None:
    worker, guarantee = issued(municipality)
    with pytest.raises(InvalidInput) as refused:
        register_claim(guarantee, received_on, amount, grounds, actor=worker, now=NOW)
    assert field in refused.value.errors
    assert db.session.scalars(select(GuaranteeClaim)).all() == []
