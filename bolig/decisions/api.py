"""Decisions for machines: issue one from a case (422 naming what is missing), register an appeal, fetch the letter."""

from __future__ import annotations

from typing import Any, TypeVar

from flask import jsonify, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from bolig.api import api_blueprint, iso_date, json_object, not_text
from bolig.audit.operations import record
from bolig.auth.permissions import Permission, acting_user, load_or_404, permission_required
from bolig.cases.models import Case
from bolig.db import db, utcnow
from bolig.decisions import letters, operations
from bolig.decisions.models import Appeal, Decision, Subject
from bolig.errors import InvalidInput
from bolig.guarantees.models import CashDeposit, DepositGuarantee
from bolig.web import api_error

bp = api_blueprint("decisions", __name__)
T = TypeVar("T", DepositGuarantee, CashDeposit)


def _named(body: dict[str, Any], key: str, model: type[T]) -> T | None:
    """The guarantee or deposit a deposit decision's body names, if any; 404 beyond the caseworker's own."""
    if body.get(key) is None:
        return None
    if type(body[key]) is not int:
        raise InvalidInput({key: _("Give a whole number.")})
    return load_or_404(model, body[key], Permission.HANDLE_CASES)


def decision_json(decision: Decision) -> dict[str, Any]:
    return {
        "id": decision.id,
        "case_id": decision.case_id,
        "outcome": decision.outcome,
        "subject": decision.subject,
        "guarantee_id": decision.guarantee_id,
        "deposit_id": decision.deposit_id,
        "status": decision.status,
        "issued_at": decision.issued_at.isoformat() if decision.issued_at else None,
        "pdf": url_for("api_decisions.letter", decision_id=decision.id) if decision.pdf else None,
        "pdf_sha256": decision.pdf_sha256 or None,
        "delivered_via": decision.delivered_via or None,
        "received_on": decision.received_on.isoformat() if decision.received_on else None,
        "appeal_deadline": decision.appeal_deadline.isoformat() if decision.appeal_deadline else None,
        "corrects": decision.corrects_id,
    }


def appeal_json(appeal: Appeal) -> dict[str, Any]:
    return {
        "id": appeal.id,
        "decision_id": appeal.decision_id,
        "received_on": appeal.received_on.isoformat(),
        "sent_on": appeal.sent_on.isoformat() if appeal.sent_on else None,
        "channel": appeal.channel,
        "in_time": appeal.in_time,
        "deadline": appeal.decision.appeal_deadline.isoformat() if appeal.decision.appeal_deadline else None,
        "status": appeal.status,
    }


@bp.post("/cases/<int:case_id>/decisions")
@permission_required(Permission.HANDLE_CASES)
def issue(case_id: int) -> tuple[Response, int]:
    case = load_or_404(Case, case_id, Permission.HANDLE_CASES)
    actor, now = acting_user(), utcnow()
    body = json_object()
    guarantee, deposit = _named(body, "guarantee_id", DepositGuarantee), _named(body, "deposit_id", CashDeposit)
    subject = str(body.get("subject", Subject.TEMPORARY_HOUSING))
    outcome = str(body.get("outcome", ""))
    decision = operations.draft(
        case, outcome, actor=actor, now=now, subject=subject, guarantee=guarantee, deposit=deposit
    )
    wrong = not_text(body, operations.EDITABLE)
    if wrong:
        raise InvalidInput(wrong)
    operations.update_draft(decision, {key: body[key] for key in operations.EDITABLE if key in body}, actor=actor)
    operations.issue(decision, actor=actor, now=now, render=letters.decision_pdf)
    if "received_on" in body or "delivered_via" in body:
        received_on = iso_date(body.get("received_on"), "received_on")
        operations.record_delivery(decision, str(body.get("delivered_via", "")), received_on, actor=actor, now=now)
    db.session.commit()
    return jsonify(decision_json(decision)), 201


@bp.post("/decisions/<int:decision_id>/appeals")
@permission_required(Permission.HANDLE_CASES)
def appeal(decision_id: int) -> tuple[Response, int]:
    decision = load_or_404(Decision, decision_id, Permission.HANDLE_CASES)
    body = json_object()
    appeal = operations.register_appeal(
        decision,
        iso_date(body.get("received_on"), "received_on"),
        str(body.get("channel", "post")),
        str(body.get("text", "")),
        actor=acting_user(),
        now=utcnow(),
        about=str(body.get("about", "")),
        sent_on=iso_date(body["sent_on"], "sent_on") if body.get("sent_on") else None,
    )
    db.session.commit()
    return jsonify(appeal_json(appeal)), 201


@bp.get("/decisions/<int:decision_id>/pdf")
@permission_required(Permission.READ_CASES)
def letter(decision_id: int) -> Response | tuple[Response, int]:
    decision = load_or_404(Decision, decision_id, Permission.READ_CASES)
    if decision.pdf is None:
        return api_error(404, "not_issued", _("The letter is made when the decision is issued."))
    record(acting_user(), "decision.letter.read", decision, client_id=decision.case.client_id)
    db.session.commit()
    return Response(decision.pdf, mimetype="application/pdf")
