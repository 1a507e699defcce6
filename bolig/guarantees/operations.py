"""Depositum for a new lease: issue a deposit guarantee and handle the landlord's claims on it, or pay a cash
deposit into a deposit account (R19-R23).

A guarantee with a cash deposit the tenant pays besides is at most six months' rent in all (husleieloven
§ 3-6, R20). A payout is a grant to the client unless specially justified as a loan (sotjl § 21, R22). The
landlord may claim from the municipality directly (selvskyldnergaranti, R23), but only after the tenant was
told and their objections written down (R20); a dispute over a payout goes to Husleietvistutvalget (R21).

A cash deposit NAV pays goes into a deposit account in the tenant's name that neither party can use alone,
and with what the tenant pays in, is at most six months' rent (husleieloven § 3-5, R19). It too is a grant
unless specially justified as a loan; under a loan, what comes back of the account when the lease is over
goes to NAV, and the client repays the rest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import format_date, format_number
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from stdnum.no import kontonr

from bolig.audit.operations import record
from bolig.auth.models import User
from bolig.cases.models import Case
from bolig.db import db, lock_row
from bolig.errors import InvalidInput
from bolig.guarantees.models import (
    CashDeposit,
    ClaimStatus,
    DepositGuarantee,
    GuaranteeClaim,
    PayoutSupport,
    Repayment,
)
from bolig.timeutil import months_after, oslo_today

MOST_MONTHS = 6  # husleieloven §§ 3-5 and 3-6: deposit and guarantee together
HIGHEST_RENT = 200_000
HIGHEST_CLAIM = 10_000_000  # a landlord may claim more than is guaranteed; nothing near this
TEXT_LENGTH = 2000
VALID_YEARS = 3  # the usual term; the worker may set another
NAME_LENGTH, ADDRESS_LENGTH, BANK_LENGTH = 120, 200, 80
# NAV pays a deposit the day it decides, or within a month either side when the lease asks.
PAYMENT_WINDOW = timedelta(days=31)
_KIND = {DepositGuarantee: "guarantee", CashDeposit: "deposit"}
ACCOUNT_DIGITS = 11
# A lease may have started a little before the guarantee is issued, and may start up to a year after.
EARLIEST_START, LATEST_START = timedelta(days=31), timedelta(days=366)


@dataclass(frozen=True, kw_only=True)
class LeaseInput:
    landlord_name: str
    rental_address: str
    monthly_rent: int | None
    lease_starts_on: date | None
    landlord_address: str = ""
    support_justification: str = ""


@dataclass(frozen=True, kw_only=True)
class GuaranteeInput(LeaseInput):
    months: int | None
    tenant_deposit: int | None = 0
    payout_support: str = PayoutSupport.GRANT
    valid_until: date | None = None  # three years after the lease starts when not given


@dataclass(frozen=True, kw_only=True)
class DepositInput(LeaseInput):
    amount: int | None
    account_number: str
    bank: str
    paid_on: date | None
    # The worker has seen that the account is a deposit account in the tenant's name (husleieloven § 3-5).
    account_in_tenant_name: bool = False
    tenant_share: int | None = 0
    support: str = PayoutSupport.GRANT


def _support_errors(support: str, justification: str, field: str) -> dict[str, str]:
    """A grant, or a loan with its special reason (sotjl § 21, R22)."""
    if support not in set(PayoutSupport):
        return {field: _("Choose what the money is for the client.")}
    if len(justification) > TEXT_LENGTH:
        return {"support_justification": _("Write at most %(n)d characters.", n=TEXT_LENGTH)}
    if support != PayoutSupport.GRANT and not justification.strip():
        return {
            "support_justification": _(
                "Support is a grant unless there is a special reason. "
                "Write the reason for a loan (sosialtjenesteloven § 21)."
            )
        }
    return {}


def _lease_errors(data: LeaseInput, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not data.landlord_name.strip() or len(data.landlord_name.strip()) > NAME_LENGTH:
        errors["landlord_name"] = _("Write the landlord's name, at most %(n)d characters.", n=NAME_LENGTH)
    if not data.rental_address.strip() or len(data.rental_address.strip()) > ADDRESS_LENGTH:
        errors["rental_address"] = _("Write the address of the home, at most %(n)d characters.", n=ADDRESS_LENGTH)
    if len(data.landlord_address.strip()) > ADDRESS_LENGTH:
        errors["landlord_address"] = _("Write the address in at most %(n)d characters.", n=ADDRESS_LENGTH)
    if data.monthly_rent is None or not 1 <= data.monthly_rent <= HIGHEST_RENT:
        errors["monthly_rent"] = _("Write the monthly rent in whole kroner.")
    start = data.lease_starts_on
    if start is None or not today - EARLIEST_START <= start <= today + LATEST_START:
        errors["lease_starts_on"] = _("Give the day the lease starts: from a month ago to a year ahead.")
    return errors


def _guarantee_errors(data: GuaranteeInput, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    rent, deposit, months, start = data.monthly_rent, data.tenant_deposit, data.months, data.lease_starts_on
    if deposit is None or deposit < 0:
        errors["tenant_deposit"] = _("Write the tenant's own deposit in whole kroner, or 0.")
    if months is None or not 1 <= months <= MOST_MONTHS:
        errors["months"] = _("The guarantee covers 1 to 6 months' rent.")
    elif rent and deposit is not None and deposit >= 0 and rent * months + deposit > MOST_MONTHS * rent:
        errors["months"] = _(
            "With the tenant's own deposit, guarantee and deposit come to more than six months' rent "
            "(husleieloven § 3-6). Guarantee fewer months."
        )
    errors |= _support_errors(data.payout_support, data.support_justification, "payout_support")
    ends = data.valid_until
    if ends is not None and start is not None and not max(start, today) < ends <= months_after(start, 12 * 10):
        errors["valid_until"] = _("The guarantee ends after today and after the lease starts, within ten years.")
    return errors


def _same_home(address: str) -> str:
    return " ".join(address.split()).casefold()


def _standing(case: Case, address: str) -> tuple[int, int]:
    """For the home at this address, what the case's guarantees not ended cover and what its deposits not paid
    out hold, in kroner; with the case locked, so two forms sent at once (a double tap) are taken in turn."""
    lock_row(Case, case.id)
    home = _same_home(address)
    guaranteed = sum(
        g.amount for g in guarantees_of(case) if g.ended_on is None and _same_home(g.rental_address) == home
    )
    deposited = sum(
        d.amount + d.tenant_share
        for d in deposits_of(case)
        if d.released_on is None and _same_home(d.rental_address) == home
    )
    return guaranteed, deposited


TOO_MUCH_FOR_ONE_HOME = _l(
    "With what is already guaranteed or paid in for this home, that comes to more than six months' rent "
    "(husleieloven §§ 3-5 and 3-6)."
)


def issue_guarantee(
    case: Case, data: GuaranteeInput, *, actor: User, now: datetime, render: Callable[[DepositGuarantee], bytes]
) -> DepositGuarantee:
    """Issue the guarantee for the case's new lease, with its document for the landlord; it never changes after.

    Guarantees and deposits already standing for the same home count toward its six months' rent (R20)."""
    today = oslo_today(now)
    errors = _lease_errors(data, today) | _guarantee_errors(data, today)
    if errors or data.monthly_rent is None or data.months is None or data.lease_starts_on is None:
        raise InvalidInput(errors)
    guaranteed, deposited = _standing(case, data.rental_address)
    held = max(data.tenant_deposit or 0, deposited)  # the tenant's deposit may be the one NAV paid in
    if guaranteed + data.monthly_rent * data.months + held > MOST_MONTHS * data.monthly_rent:
        raise InvalidInput({"months": str(TOO_MUCH_FOR_ONE_HOME)})
    guarantee = DepositGuarantee(
        municipality_id=case.municipality_id,
        case=case,
        landlord_name=data.landlord_name.strip(),
        landlord_address=data.landlord_address.strip(),
        rental_address=data.rental_address.strip(),
        monthly_rent=data.monthly_rent,
        lease_starts_on=data.lease_starts_on,
        months=data.months,
        tenant_deposit=data.tenant_deposit or 0,
        payout_support=data.payout_support,
        support_justification=data.support_justification.strip(),
        valid_until=data.valid_until or months_after(data.lease_starts_on, 12 * VALID_YEARS),
        issued_at=now,
        issued_by=actor,
        document=b"",
        document_sha256="",
    )
    db.session.add(guarantee)
    db.session.flush()
    guarantee.document = render(guarantee)
    guarantee.document_sha256 = hashlib.sha256(guarantee.document).hexdigest()
    details = {"amount": guarantee.amount, "months": guarantee.months, "payout_support": guarantee.payout_support}
    record(actor, "guarantee.issue", guarantee, client_id=case.client_id, details=details)
    return guarantee


def guarantees_of(case: Case) -> list[DepositGuarantee]:
    return list(db.session.scalars(select(DepositGuarantee).where(DepositGuarantee.case_id == case.id)))


def register_claim(
    guarantee: DepositGuarantee,
    received_on: date | None,
    amount: int | None,
    grounds: str,
    *,
    actor: User,
    now: datetime,
) -> GuaranteeClaim:
    """Write down a landlord's claim as it came; nothing is paid yet."""
    errors: dict[str, str] = {}
    if received_on is None or not oslo_today(guarantee.issued_at) <= received_on <= oslo_today(now):
        errors["received_on"] = _("Give the day the claim came: not before the guarantee, and not in the future.")
    if amount is None or not 1 <= amount <= HIGHEST_CLAIM:
        errors["amount"] = _("Write the amount claimed in whole kroner.")
    if not grounds.strip() or len(grounds) > TEXT_LENGTH:
        errors["grounds"] = _("Write what the landlord claims for, such as unpaid rent or damage.")
    if guarantee.ended_on is not None and received_on is not None and received_on > guarantee.ended_on:
        errors["received_on"] = _(
            "The guarantee ended %(day)s: a claim that came later is not covered.",
            day=format_date(guarantee.ended_on, "short"),
        )
    if errors or received_on is None or amount is None:
        raise InvalidInput(errors)
    claim = GuaranteeClaim(
        guarantee=guarantee, received_on=received_on, amount=amount, grounds=grounds.strip(), created_by_id=actor.id
    )
    db.session.add(claim)
    db.session.flush()
    record(actor, "guarantee.claim", claim, client_id=guarantee.case.client_id, details={"amount": amount})
    return claim


def _open(claim: GuaranteeClaim) -> None:
    """Lock the guarantee, then read its claims afresh: two workers deciding at once are taken one at a time,
    so a claim is paid once and the payouts never pass the guarantee (R20)."""
    lock_row(DepositGuarantee, claim.guarantee_id)
    db.session.scalars(
        select(GuaranteeClaim)
        .where(GuaranteeClaim.guarantee_id == claim.guarantee_id)
        .execution_options(populate_existing=True)
    ).all()
    if claim.status != ClaimStatus.RECEIVED:
        raise InvalidInput({"status": _("This claim is already decided.")})


def record_notice(
    claim: GuaranteeClaim, notified_on: date | None, objections: str, *, actor: User, now: datetime
) -> None:
    """The tenant was told of the claim; what they objected to, or that they did not (R20)."""
    _open(claim)
    errors: dict[str, str] = {}
    if notified_on is None or not claim.received_on <= notified_on <= oslo_today(now):
        errors["notified_on"] = _("Give the day the tenant was told: after the claim came, and not in the future.")
    if not objections.strip() or len(objections) > TEXT_LENGTH:
        errors["objections"] = _("Write what the tenant said about the claim, or that they had no objections.")
    if errors:
        raise InvalidInput(errors)
    claim.tenant_notified_on = notified_on
    claim.tenant_objections = objections.strip()
    record(actor, "guarantee.claim.notice", claim, client_id=claim.guarantee.case.client_id)


def pay_claim(claim: GuaranteeClaim, amount: int | None, *, actor: User, now: datetime) -> None:
    """Pay the landlord, at most what is claimed and what is left of the guarantee."""
    _open(claim)
    guarantee = claim.guarantee
    if claim.tenant_notified_on is None:
        raise InvalidInput(
            {"notified_on": _("Tell the tenant of the claim and write down their objections before paying.")}
        )
    if claim.received_on > guarantee.covers_until:
        raise InvalidInput({"status": _("The claim came after the guarantee ended; refuse it.")})
    most = min(claim.amount, guarantee.remaining)
    if amount is None or not 1 <= amount <= most:
        raise InvalidInput(
            {"amount": _("Pay from 1 to %(most)s kroner: the claim, and what is left.", most=format_number(most))}
        )
    claim.status = ClaimStatus.PAID
    claim.paid_amount = amount
    claim.decided_at = now
    claim.decided_by_id = actor.id
    details = {"paid": amount, "recoverable": claim.recoverable}
    record(actor, "guarantee.claim.pay", claim, client_id=guarantee.case.client_id, details=details)


def refuse_claim(claim: GuaranteeClaim, reason: str, *, actor: User, now: datetime) -> None:
    """Refuse the claim, saying why; the landlord may take it to Husleietvistutvalget (R21)."""
    _open(claim)
    if not reason.strip() or len(reason) > TEXT_LENGTH:
        raise InvalidInput({"refusal": _("Write why the claim is refused.")})
    claim.status = ClaimStatus.REFUSED
    claim.refusal = reason.strip()
    claim.decided_at = now
    claim.decided_by_id = actor.id
    record(actor, "guarantee.claim.refuse", claim, client_id=claim.guarantee.case.client_id)


def _locked(item: DepositGuarantee | CashDeposit, *fresh: str) -> None:
    """Lock the guarantee or deposit and read these of it afresh: changes to it are made one at a time."""
    lock_row(type(item), item.id)
    db.session.refresh(item, list(fresh))


def record_repayment(
    item: DepositGuarantee | CashDeposit,
    paid_on: date | None,
    amount: int | None,
    note: str,
    *,
    actor: User,
    now: datetime,
) -> Repayment:
    """The client paid back part of what a loan left them owing, of a guarantee's payouts or of a deposit;
    never more than they owe."""
    _locked(item, *(("claims", "repayments") if isinstance(item, DepositGuarantee) else ("returned", "repayments")))
    errors: dict[str, str] = {}
    owed = item.owed
    if owed <= 0:
        raise InvalidInput({"amount": _("The client owes nothing back.")})
    if paid_on is None or not (item.owed_since or oslo_today(now)) <= paid_on <= oslo_today(now):
        errors["paid_on"] = _("Give the day it was paid: not before the loan, and not in the future.")
    if amount is None or not 1 <= amount <= owed:
        errors["amount"] = _("Write from 1 to %(most)s kroner: what the client owes.", most=format_number(owed))
    if len(note) > TEXT_LENGTH:
        errors["note"] = _("Write at most %(n)d characters.", n=TEXT_LENGTH)
    if errors or paid_on is None or amount is None:
        raise InvalidInput(errors)
    repayment = Repayment(paid_on=paid_on, amount=amount, note=note.strip(), created_by_id=actor.id)
    if isinstance(item, DepositGuarantee):
        repayment.guarantee = item
    else:
        repayment.deposit = item
    db.session.add(repayment)
    db.session.flush()
    details = {"amount": amount, "owed": item.owed}
    record(actor, f"{_KIND[type(item)]}.repayment", repayment, client_id=item.case.client_id, details=details)
    return repayment


def end_guarantee(guarantee: DepositGuarantee, ended_on: date | None, note: str, *, actor: User, now: datetime) -> None:
    """The lease is over and the landlord claims nothing more: the guarantee ends before its time.

    Claims still undecided are decided first; one that comes later is not covered."""
    _locked(guarantee, "ended_on", "claims")
    errors: dict[str, str] = {}
    if guarantee.ended_on is not None:
        errors["ended_on"] = _("The guarantee has ended already.")
    elif any(claim.status == ClaimStatus.RECEIVED for claim in guarantee.claims):
        errors["ended_on"] = _("Decide the landlord's open claims before the guarantee ends.")
    elif ended_on is None or not oslo_today(guarantee.issued_at) <= ended_on <= oslo_today(now):
        errors["ended_on"] = _("Give the day it ended: not before the guarantee, and not in the future.")
    if not note.strip() or len(note) > TEXT_LENGTH:
        errors["ended_note"] = _("Write why it ends, such as the landlord confirming the lease is over with no claims.")
    if errors or ended_on is None:
        raise InvalidInput(errors)
    guarantee.ended_on = ended_on
    guarantee.ended_note = note.strip()
    record(actor, "guarantee.end", guarantee, client_id=guarantee.case.client_id)


def pay_deposit(case: Case, data: DepositInput, *, actor: User, now: datetime) -> CashDeposit:
    """Pay a cash deposit for the case's new lease into a deposit account in the tenant's name (R19)."""
    today = oslo_today(now)
    errors = _lease_errors(data, today) | _support_errors(data.support, data.support_justification, "support")
    rent, amount, share = data.monthly_rent, data.amount, data.tenant_share
    if amount is None or amount < 1:
        errors["amount"] = _("Write the deposit NAV pays in whole kroner.")
    if share is None or share < 0:
        errors["tenant_share"] = _("Write what the tenant pays into the account themselves in whole kroner, or 0.")
    if rent and amount and amount > 0 and share is not None and share >= 0 and amount + share > MOST_MONTHS * rent:
        errors["amount"] = _(
            "A deposit is at most six months' rent, with what the tenant pays in themselves (husleieloven § 3-5)."
        )
    if not _account_number(data.account_number):
        errors["account_number"] = _("Write the deposit account's number: 11 digits, as 1234 56 78903.")
    elif not data.account_in_tenant_name:
        errors["account_in_tenant_name"] = _(
            "NAV pays a deposit only into a deposit account in the tenant's name (husleieloven § 3-5). "
            "Check the account before paying."
        )
    if not data.bank.strip() or len(data.bank.strip()) > BANK_LENGTH:
        errors["bank"] = _("Write the bank of the deposit account, at most %(n)d characters.", n=BANK_LENGTH)
    if data.paid_on is None or not today - PAYMENT_WINDOW <= data.paid_on <= today + PAYMENT_WINDOW:
        errors["paid_on"] = _("Give the day NAV pays the deposit: within a month of today.")
    if errors or rent is None or amount is None or data.lease_starts_on is None or data.paid_on is None:
        raise InvalidInput(errors)
    guaranteed, deposited = _standing(case, data.rental_address)
    if guaranteed + deposited + amount + (share or 0) > MOST_MONTHS * rent:
        raise InvalidInput({"amount": str(TOO_MUCH_FOR_ONE_HOME)})
    deposit = CashDeposit(
        municipality_id=case.municipality_id,
        case=case,
        landlord_name=data.landlord_name.strip(),
        landlord_address=data.landlord_address.strip(),
        rental_address=data.rental_address.strip(),
        monthly_rent=rent,
        lease_starts_on=data.lease_starts_on,
        amount=amount,
        tenant_share=share or 0,
        account_number=kontonr.compact(data.account_number),
        bank=data.bank.strip(),
        support=data.support,
        support_justification=data.support_justification.strip(),
        paid_on=data.paid_on,
        issued_at=now,
        issued_by=actor,
    )
    db.session.add(deposit)
    db.session.flush()
    details = {"amount": amount, "support": deposit.support}
    record(actor, "deposit.pay", deposit, client_id=case.client_id, details=details)
    return deposit


def _account_number(text: str) -> bool:
    """A Norwegian account number: 11 digits with their check digit, not all nought."""
    compact = kontonr.compact(text) if text else ""
    return len(compact) == ACCOUNT_DIGITS and compact.strip("0") != "" and kontonr.is_valid(compact)


def deposits_of(case: Case) -> list[CashDeposit]:
    return list(db.session.scalars(select(CashDeposit).where(CashDeposit.case_id == case.id).order_by(CashDeposit.id)))


def release_deposit(
    deposit: CashDeposit, released_on: date | None, returned: int | None, note: str, *, actor: User, now: datetime
) -> None:
    """The lease is over and the bank has paid the account out. Under a loan, what came back of it to NAV
    lessens what the client owes; under a grant, what is left is the tenant's own."""
    _locked(deposit, "released_on", "repayments")
    errors: dict[str, str] = {}
    if deposit.released_on is not None:
        raise InvalidInput({"released_on": _("The deposit account has been released already.")})
    if released_on is None or not deposit.paid_on <= released_on <= oslo_today(now):
        errors["released_on"] = _("Give the day the account was paid out: after NAV paid in, and not in the future.")
    most = deposit.owed if deposit.support == PayoutSupport.LOAN else 0
    if returned is None or not 0 <= returned <= most:
        errors["returned"] = (
            _("Write what came back to NAV, from 0 to %(most)s kroner.", most=format_number(most))
            if most
            else _("Nothing comes back to NAV: the deposit was a grant, or is paid back already. Write 0.")
        )
    if not note.strip() or len(note) > TEXT_LENGTH:
        errors["released_note"] = _("Write what happened, such as how much the landlord was paid of the account.")
    if errors or released_on is None or returned is None:
        raise InvalidInput(errors)
    deposit.released_on = released_on
    deposit.returned = returned
    deposit.released_note = note.strip()
    details = {"returned": returned, "owed": deposit.owed}
    record(actor, "deposit.release", deposit, client_id=deposit.case.client_id, details=details)
