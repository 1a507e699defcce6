"""Deposits for machines: issue a guarantee for a case's lease, read it and its document, handle claims; register
a cash deposit, its release and repayments."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, jsonify, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse

from bolig.api import api_blueprint, iso_date, json_object, not_text
from bolig.audit.operations import record
from bolig.auth.permissions import Permission, acting_user, load_or_404, permission_required
from bolig.cases.models import Case
from bolig.db import db, utcnow
from bolig.errors import InvalidInput
from bolig.guarantees import operations
from bolig.guarantees.document import guarantee_pdf
from bolig.guarantees.models import CashDeposit, DepositGuarantee, GuaranteeClaim, Repayment
from bolig.guarantees.views import document_response
from bolig.timeutil import oslo_today

bp = api_blueprint("guarantees", __name__)
LEASE_TEXTS = ("landlord_name", "landlord_address", "rental_address", "support_justification")
TEXTS = (*LEASE_TEXTS, "payout_support")
WHOLE_NUMBERS = ("monthly_rent", "months", "tenant_deposit")
DEPOSIT_TEXTS = (*LEASE_TEXTS, "account_number", "bank", "support")
DEPOSIT_WHOLE_NUMBERS = ("monthly_rent", "amount", "tenant_share")


def claim_json(claim: GuaranteeClaim) -> dict[str, Any]:
    return {
        "id": claim.id,
        "guarantee_id": claim.guarantee_id,
        "received_on": claim.received_on.isoformat(),
        "amount": claim.amount,
        "grounds": claim.grounds,
        "tenant_notified_on": claim.tenant_notified_on.isoformat() if claim.tenant_notified_on else None,
        "tenant_objections": claim.tenant_objections,
        "status": claim.status,
        "paid_amount": claim.paid_amount,
        "recoverable": claim.recoverable,
        "refusal": claim.refusal,
    }


def guarantee_json(guarantee: DepositGuarantee) -> dict[str, Any]:
    return {
        "id": guarantee.id,
        "case_id": guarantee.case_id,
        "landlord_name": guarantee.landlord_name,
        "landlord_address": guarantee.landlord_address,
        "rental_address": guarantee.rental_address,
        "monthly_rent": guarantee.monthly_rent,
        "lease_starts_on": guarantee.lease_starts_on.isoformat(),
        "months": guarantee.months,
        "amount": guarantee.amount,
        "tenant_deposit": guarantee.tenant_deposit,
        "payout_support": guarantee.payout_support,
        "support_justification": guarantee.support_justification,
        "valid_until": guarantee.valid_until.isoformat(),
        "ended_on": guarantee.ended_on.isoformat() if guarantee.ended_on else None,
        "ended_note": guarantee.ended_note,
        "issued_at": guarantee.issued_at.isoformat(),
        "document": url_for("api_guarantees.document", guarantee_id=guarantee.id),
        "document_sha256": guarantee.document_sha256,
        "remaining": guarantee.remaining,
        "claims": [claim_json(claim) for claim in guarantee.claims],
        "owed": guarantee.owed,
        "repayments": [repayment_json(item) for item in guarantee.repayments],
    }


def deposit_json(deposit: CashDeposit) -> dict[str, Any]:
    return {
        "id": deposit.id,
        "case_id": deposit.case_id,
        "landlord_name": deposit.landlord_name,
        "landlord_address": deposit.landlord_address,
        "rental_address": deposit.rental_address,
        "monthly_rent": deposit.monthly_rent,
        "lease_starts_on": deposit.lease_starts_on.isoformat(),
        "amount": deposit.amount,
        "tenant_share": deposit.tenant_share,
        "account_number": deposit.account_number,
        "bank": deposit.bank,
        "support": deposit.support,
        "support_justification": deposit.support_justification,
        "paid_on": deposit.paid_on.isoformat(),
        "issued_at": deposit.issued_at.isoformat(),
        "released_on": deposit.released_on.isoformat() if deposit.released_on else None,
        "returned": deposit.returned,
        "released_note": deposit.released_note,
        "owed": deposit.owed,
        "repayments": [repayment_json(item) for item in deposit.repayments],
    }


def repayment_json(repayment: Repayment) -> dict[str, Any]:
    return {
        "id": repayment.id,
        "paid_on": repayment.paid_on.isoformat(),
        "amount": repayment.amount,
        "note": repayment.note,
    }


def _whole(body: dict[str, Any], key: str) -> int | None:
    value = body.get(key)
    return value if type(value) is int else None


def _day(body: dict[str, Any], key: str) -> date | None:
    return iso_date(body[key], key) if body.get(key) is not None else None


def _checked(texts: tuple[str, ...], whole_numbers: tuple[str, ...]) -> dict[str, Any]:
    """The JSON body, once its texts are text and its whole numbers whole numbers."""
    body = json_object()
    wrong = not_text(body, texts)
    wrong |= {key: _("Give a whole number.") for key in whole_numbers if key in body and _whole(body, key) is None}
    if wrong:
        raise InvalidInput(wrong)
    return body


def _lease(body: dict[str, Any]) -> dict[str, Any]:
    return {
        "landlord_name": body.get("landlord_name", ""),
        "landlord_address": body.get("landlord_address", ""),
        "rental_address": body.get("rental_address", ""),
        "monthly_rent": _whole(body, "monthly_rent"),
        "lease_starts_on": _day(body, "lease_starts_on"),
        "support_justification": body.get("support_justification", ""),
    }


@bp.post("/cases/<int:case_id>/guarantees")
@permission_required(Permission.HANDLE_CASES)
def issue(case_id: int) -> tuple[Response, int]:
    case = load_or_404(Case, case_id, Permission.HANDLE_CASES)
    body = _checked(TEXTS, WHOLE_NUMBERS)
    lease = operations.GuaranteeInput(
        **_lease(body),
        months=_whole(body, "months"),
        tenant_deposit=_whole(body, "tenant_deposit") if "tenant_deposit" in body else 0,
        payout_support=body.get("payout_support", "grant"),
        valid_until=_day(body, "valid_until"),
    )
    guarantee = operations.issue_guarantee(case, lease, actor=acting_user(), now=utcnow(), render=guarantee_pdf)
    db.session.commit()
    return jsonify(guarantee_json(guarantee)), 201


@bp.get("/guarantees/<int:guarantee_id>")
@permission_required(Permission.READ_CASES)
def show(guarantee_id: int) -> Response:
    guarantee = load_or_404(DepositGuarantee, guarantee_id, Permission.READ_CASES)
    body = guarantee_json(guarantee)
    record(acting_user(), "guarantee.read", guarantee, client_id=guarantee.case.client_id)
    db.session.commit()
    return jsonify(body)


@bp.get("/guarantees/<int:guarantee_id>/document")
@permission_required(Permission.READ_CASES)
def document(guarantee_id: int) -> BaseResponse:
    guarantee = load_or_404(DepositGuarantee, guarantee_id, Permission.READ_CASES)
    return document_response(guarantee)


@bp.post("/guarantees/<int:guarantee_id>/claims")
@permission_required(Permission.HANDLE_CASES)
def claim(guarantee_id: int) -> tuple[Response, int]:
    guarantee = load_or_404(DepositGuarantee, guarantee_id, Permission.HANDLE_CASES)
    body = json_object()
    if wrong := not_text(body, ["grounds"]):
        raise InvalidInput(wrong)
    grounds = body.get("grounds", "")
    received_on = _day(body, "received_on")
    item = operations.register_claim(
        guarantee, received_on, _whole(body, "amount"), grounds, actor=acting_user(), now=utcnow()
    )
    db.session.commit()
    return jsonify(claim_json(item)), 201


@bp.post("/guarantees/<int:guarantee_id>/repayments")
@permission_required(Permission.HANDLE_CASES)
def repayment(guarantee_id: int) -> tuple[Response, int]:
    return _repay(load_or_404(DepositGuarantee, guarantee_id, Permission.HANDLE_CASES))


def _repay(owing: DepositGuarantee | CashDeposit) -> tuple[Response, int]:
    body = _checked(("note",), ("amount",))
    item = operations.record_repayment(
        owing, _day(body, "paid_on"), _whole(body, "amount"), body.get("note", ""), actor=acting_user(), now=utcnow()
    )
    db.session.commit()
    return jsonify(repayment_json(item)), 201


@bp.post("/guarantees/<int:guarantee_id>/end")
@permission_required(Permission.HANDLE_CASES)
def end(guarantee_id: int) -> Response:
    guarantee = load_or_404(DepositGuarantee, guarantee_id, Permission.HANDLE_CASES)
    body = json_object()
    if wrong := not_text(body, ["ended_note"]):
        raise InvalidInput(wrong)
    operations.end_guarantee(
        guarantee, _day(body, "ended_on"), body.get("ended_note", ""), actor=acting_user(), now=utcnow()
    )
    db.session.commit()
    return jsonify(guarantee_json(guarantee))


@bp.post("/guarantee-claims/<int:claim_id>/<any(notice, pay, refuse):action>")
@permission_required(Permission.HANDLE_CASES)
def decide(claim_id: int, action: str) -> Response:
    item = load_or_404(GuaranteeClaim, claim_id, Permission.HANDLE_CASES)
    body = json_object()
    actor, now = acting_user(), utcnow()
    if wrong := not_text(body, ["objections", "refusal"]):
        raise InvalidInput(wrong)
    if action == "notice":
        operations.record_notice(item, _day(body, "notified_on"), body.get("objections", ""), actor=actor, now=now)
    elif action == "pay":
        operations.pay_claim(item, _whole(body, "amount"), actor=actor, now=now)
    else:
        operations.refuse_claim(item, body.get("refusal", ""), actor=actor, now=now)
    db.session.commit()
    return jsonify(claim_json(item))


@bp.post("/cases/<int:case_id>/deposits")
@permission_required(Permission.HANDLE_CASES)
def pay_deposit(case_id: int) -> tuple[Response, int]:
    case = load_or_404(Case, case_id, Permission.HANDLE_CASES)
    body, now = _checked(DEPOSIT_TEXTS, DEPOSIT_WHOLE_NUMBERS), utcnow()
    if not isinstance(body.get("account_in_tenant_name", False), bool):
        raise InvalidInput({"account_in_tenant_name": _("Give true or false.")})
    data = operations.DepositInput(
        **_lease(body),
        amount=_whole(body, "amount"),
        tenant_share=_whole(body, "tenant_share") if "tenant_share" in body else 0,
        account_number=body.get("account_number", ""),
        bank=body.get("bank", ""),
        account_in_tenant_name=body.get("account_in_tenant_name", False),
        support=body.get("support", "grant"),
        paid_on=_day(body, "paid_on") if body.get("paid_on") is not None else oslo_today(now),
    )
    deposit = operations.pay_deposit(case, data, actor=acting_user(), now=now)
    db.session.commit()
    return jsonify(deposit_json(deposit)), 201


@bp.get("/deposits/<int:deposit_id>")
@permission_required(Permission.READ_CASES)
def show_deposit(deposit_id: int) -> Response:
    deposit = load_or_404(CashDeposit, deposit_id, Permission.READ_CASES)
    body = deposit_json(deposit)
    record(acting_user(), "deposit.read", deposit, client_id=deposit.case.client_id)
    db.session.commit()
    return jsonify(body)


@bp.post("/deposits/<int:deposit_id>/release")
@permission_required(Permission.HANDLE_CASES)
def release_deposit(deposit_id: int) -> Response:
    deposit = load_or_404(CashDeposit, deposit_id, Permission.HANDLE_CASES)
    body = _checked(("released_note",), ("returned",))
    operations.release_deposit(
        deposit,
        _day(body, "released_on"),
        _whole(body, "returned") if "returned" in body else 0,
        body.get("released_note", ""),
        actor=acting_user(),
        now=utcnow(),
    )
    db.session.commit()
    return jsonify(deposit_json(deposit))


@bp.post("/deposits/<int:deposit_id>/repayments")
@permission_required(Permission.HANDLE_CASES)
def deposit_repayment(deposit_id: int) -> tuple[Response, int]:
    return _repay(load_or_404(CashDeposit, deposit_id, Permission.HANDLE_CASES))
