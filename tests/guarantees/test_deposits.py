"""A cash deposit NAV pays (R19): into a deposit account in the tenant's name, at most six months' rent with what
the tenant pays in; a grant unless a loan is specially justified (R22); under a loan, what comes back of the
account when the lease is over, and what the client repays, bring down what they owe."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bolig.audit.models import AuditEvent
from bolig.db import db, utcnow
from bolig.errors import InvalidInput
from bolig.guarantees.models import CashDeposit
from bolig.guarantees.operations import (
    GuaranteeInput,
    deposits_of,
    issue_guarantee,
    pay_deposit,
    record_repayment,
    release_deposit,
)
from bolig.municipalities.models import Municipality
from bolig.timeutil import oslo_today
from tests.factories import deposit_input, make_case, make_deposit

TODAY = oslo_today(utcnow())
AS_LOAN = {"support": "loan", "support_justification": "Fast inntekt fra neste måned; avtalt nedbetaling."}


def test_a_deposit_is_paid_into_the_tenants_account_as_a_grant(municipality: Municipality) -> None:
    deposit = make_deposit(municipality)
    assert (deposit.account_number, deposit.amount, deposit.support) == ("86011117947", 25_000, "grant")
    assert deposit.owed == 0
    assert deposits_of(deposit.case) == [deposit]
    logged = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "deposit.pay")).one()
    assert (logged.client_id, logged.details) == (deposit.case.client_id, {"amount": 25_000, "support": "grant"})


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": 75_001}, "amount"),  # more than six months' rent
        ({"amount": 60_000, "tenant_share": 15_001}, "amount"),  # six months with the tenant's own share
        ({"amount": 0}, "amount"),
        ({"amount": None}, "amount"),
        ({"tenant_share": -1}, "tenant_share"),
        ({"account_number": "8601 11 17948"}, "account_number"),  # a wrong check digit
        ({"account_number": "12345"}, "account_number"),
        ({"account_in_tenant_name": False}, "account_in_tenant_name"),
        ({"bank": " "}, "bank"),
        ({"paid_on": TODAY + timedelta(days=40)}, "paid_on"),
        ({"paid_on": None}, "paid_on"),
        ({"support": "loan"}, "support_justification"),  # a loan needs its special reason (R22)
        ({"support": "gift"}, "support"),
        ({"monthly_rent": 0}, "monthly_rent"),
        ({"landlord_name": ""}, "landlord_name"),
    ],
)
def test_bad_deposits_are_refused_and_change_nothing(
    municipality: Municipality, changes: dict[str, object], field: str
) -> None:
    case = make_case(municipality)
    assert case.created_by is not None
    with pytest.raises(InvalidInput) as refused:
        pay_deposit(case, deposit_input(**changes), actor=case.created_by, now=utcnow())
    assert field in refused.value.errors
    assert db.session.scalar(select(func.count()).select_from(CashDeposit)) == 0


def test_six_months_rent_with_the_tenants_share_is_the_most(municipality: Municipality) -> None:
    deposit = make_deposit(municipality, amount=60_000, tenant_share=15_000)
    assert deposit.amount + deposit.tenant_share == 6 * deposit.monthly_rent


def test_the_database_refuses_a_deposit_over_six_months(municipality: Municipality) -> None:
    deposit = make_deposit(municipality)
    deposit.amount = 6 * deposit.monthly_rent + 1
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.flush()


def test_under_a_loan_what_comes_back_and_what_is_repaid_bring_down_what_is_owed(municipality: Municipality) -> None:
    deposit = make_deposit(municipality, **AS_LOAN)
    worker = deposit.case.created_by
    assert worker is not None
    now = utcnow()
    assert deposit.owed == 25_000
    record_repayment(deposit, TODAY, 5_000, "Første avdrag", actor=worker, now=now)
    assert deposit.owed == 20_000
    with pytest.raises(InvalidInput) as refused:
        release_deposit(deposit, TODAY, 20_001, "Utleier fikk ingenting.", actor=worker, now=now)
    assert set(refused.value.errors) == {"returned"}
    release_deposit(deposit, TODAY, 18_000, "Utleier fikk 7 000 for skader.", actor=worker, now=now)
    assert (deposit.released_on, deposit.returned, deposit.owed) == (TODAY, 18_000, 2_000)
    with pytest.raises(InvalidInput, match="frigitt allerede"):
        release_deposit(deposit, TODAY, 0, "Igjen.", actor=worker, now=now)
    with pytest.raises(InvalidInput) as refused:
        record_repayment(deposit, TODAY, 2_001, "", actor=worker, now=now)
    assert set(refused.value.errors) == {"amount"}
    record_repayment(deposit, TODAY, 2_000, "", actor=worker, now=now)
    assert deposit.owed == 0
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.startswith("deposit."))).all()
    assert actions == ["deposit.pay", "deposit.repayment", "deposit.release", "deposit.repayment"]


def test_a_grant_is_the_tenants_own_when_the_account_is_released(municipality: Municipality) -> None:
    deposit = make_deposit(municipality)
    worker = deposit.case.created_by
    assert worker is not None
    with pytest.raises(InvalidInput, match="bidrag"):
        release_deposit(deposit, TODAY, 1_000, "Tilbake.", actor=worker, now=utcnow())
    with pytest.raises(InvalidInput, match="skylder ikke noe"):
        record_repayment(deposit, TODAY, 1_000, "", actor=worker, now=utcnow())
    for day, note, field in ((TODAY - timedelta(days=1), "Før.", "released_on"), (TODAY, " ", "released_note")):
        with pytest.raises(InvalidInput) as refused:
            release_deposit(deposit, day, 0, note, actor=worker, now=utcnow())
        assert set(refused.value.errors) == {field}
    release_deposit(deposit, TODAY, 0, "Leieforholdet er slutt; utleier krevde ingenting.", actor=worker, now=utcnow())
    assert (deposit.released_on, deposit.returned) == (TODAY, 0)


def test_one_home_is_secured_for_at_most_six_months_rent_in_all(municipality: Municipality) -> None:
    """A second deposit for the same home (a double tap), or a guarantee on top, counts toward the six months
    (husleieloven §§ 3-5 and 3-6, R20); one paid out or for another home does not."""
    deposit = make_deposit(municipality, amount=60_000)  # almost five months of 12 500
    case, worker = deposit.case, deposit.case.created_by
    assert worker is not None
    with pytest.raises(InvalidInput, match="allerede er garantert eller betalt inn"):
        pay_deposit(case, deposit_input(rental_address=" storgata  5"), actor=worker, now=utcnow())
    lease = GuaranteeInput(
        landlord_name="Utleie AS", rental_address="Storgata 5", monthly_rent=12_500, lease_starts_on=TODAY, months=3
    )
    with pytest.raises(InvalidInput) as refused:
        issue_guarantee(case, lease, actor=worker, now=utcnow(), render=lambda _g: b"%PDF")
    assert set(refused.value.errors) == {"months"}
    issue_guarantee(case, replace(lease, months=1), actor=worker, now=utcnow(), render=lambda _g: b"%PDF")
    pay_deposit(case, deposit_input(rental_address="Kirkegata 1"), actor=worker, now=utcnow())
    release_deposit(deposit, TODAY, 0, "Flyttet ut.", actor=worker, now=utcnow())
    assert pay_deposit(case, deposit_input(amount=25_000), actor=worker, now=utcnow()).amount == 25_000


@pytest.mark.parametrize("number", ["1234566", "0000 00 00000", "8601 11 1794", "8601 11 17947 1"])
def test_only_an_eleven_digit_account_number_is_taken(municipality: Municipality, number: str) -> None:
    case = make_case(municipality)
    assert case.created_by is not None
    with pytest.raises(InvalidInput) as refused:
        pay_deposit(case, deposit_input(account_number=number), actor=case.created_by, now=utcnow())
    assert set(refused.value.errors) == {"account_number"}


def test_a_loan_paid_in_before_it_was_registered_is_repaid_from_that_day(municipality: Municipality) -> None:
    paid_on = TODAY - timedelta(days=10)
    deposit = make_deposit(municipality, paid_on=paid_on, lease_starts_on=paid_on, **AS_LOAN)
    assert deposit.case.created_by is not None
    record_repayment(deposit, paid_on, 1_000, "", actor=deposit.case.created_by, now=utcnow())
    assert deposit.owed == 24_000


def test_the_database_refuses_more_back_than_was_paid_in(municipality: Municipality) -> None:
    deposit = make_deposit(municipality, **AS_LOAN)
    deposit.returned = deposit.amount + 1
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.flush()
