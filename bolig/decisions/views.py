"""The caseworker's decision pages: a draft filled from the case, issued as a letter, delivered, appealed."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from bolig.audit.operations import record
from bolig.auth.permissions import Permission, acting_user, load_or_404, permission_required
from bolig.cases.models import Case
from bolig.db import db, utcnow
from bolig.decisions import letters, operations
from bolig.decisions.models import Appeal, Decision, Delivery, Outcome, Payment, Subject
from bolig.errors import InvalidInput
from bolig.guarantees.models import CashDeposit, DepositGuarantee
from bolig.timeutil import oslo_today
from bolig.web import apply_change, stored_pdf

bp = Blueprint("decisions", __name__)

OUTCOMES = {
    Outcome.GRANT: _l("Grant: temporary housing"),
    Outcome.REFUSAL: _l("Refusal"),
    Outcome.CHANGE: _l("Change"),
    Outcome.STOP: _l("Stop after an exclusion"),
}
DEPOSIT_OUTCOMES = {
    Subject.DEPOSIT_GUARANTEE: {
        Outcome.GRANT: _l("Grant: deposit guarantee"),
        Outcome.REFUSAL: _l("Refusal: deposit guarantee"),
    },
    Subject.CASH_DEPOSIT: {Outcome.GRANT: _l("Grant: cash deposit"), Outcome.REFUSAL: _l("Refusal: cash deposit")},
}


def decision_label(decision: Decision) -> str:
    """What the decision is, as lists and headings name it."""
    labels = DEPOSIT_OUTCOMES[Subject(decision.subject)] if decision.about_deposit else OUTCOMES
    return str(labels[Outcome(decision.outcome)])


bp.add_app_template_global(decision_label)

PAYMENTS = {
    Payment.OWN_SHARE: _l("The client pays their own share"),
    Payment.DIRECT_WITH_CONSENT: _l("NAV pays the provider, with the client's consent"),
    Payment.DIRECT_BY_DECISION: _l("NAV pays the provider, by a decision of its own"),
}
DELIVERIES = {
    Delivery.IN_PERSON: _l("In person"),
    Delivery.DIGITAL: _l("Digital, with an SMS notice"),
    Delivery.POST: _l("By post"),
}
APPEAL_STATUSES = {
    "received": _l("Received: NAV reassesses it"),
    "changed": _l("NAV changed its decision"),
    "forwarded": _l("Sent to Statsforvalteren"),
    "upheld": _l("Statsforvalteren upheld the decision"),
    "reversed": _l("Statsforvalteren reversed the decision"),
    "returned": _l("Statsforvalteren sent it back for a new decision"),
}


@bp.app_context_processor
def _labels() -> dict[str, object]:
    return {
        "decision_outcomes": OUTCOMES,
        "payments": PAYMENTS,
        "deliveries": DELIVERIES,
        "appeal_statuses": APPEAL_STATUSES,
    }


def _date(field: str) -> date:
    try:
        return date.fromisoformat(request.form.get(field, ""))
    except ValueError:
        raise InvalidInput({field: _("Choose a date.")}) from None


@bp.post("/cases/<int:case_id>/decisions")
@permission_required(Permission.HANDLE_CASES)
def start(case_id: int) -> Response:
    case = load_or_404(Case, case_id, Permission.HANDLE_CASES)
    drafts: list[Decision] = []
    outcome = request.form.get("outcome", "")
    subject = request.form.get("subject", Subject.TEMPORARY_HOUSING)

    def draft() -> None:
        drafts.append(operations.draft(case, outcome, actor=acting_user(), now=utcnow(), subject=subject))

    if apply_change(draft, None):
        return redirect(url_for("decisions.show", decision_id=drafts[0].id))
    return redirect(url_for("cases.show", case_id=case.id))


@bp.post("/guarantees/<int:guarantee_id>/decision")
@permission_required(Permission.HANDLE_CASES)
def start_for_guarantee(guarantee_id: int) -> Response:
    """The client's decision granting the guarantee, with how payouts are to be repaid or not (R21, R22)."""
    guarantee = load_or_404(DepositGuarantee, guarantee_id, Permission.HANDLE_CASES)
    return _start_granting(guarantee, url_for("guarantees.show", guarantee_id=guarantee.id))


@bp.post("/deposits/<int:deposit_id>/decision")
@permission_required(Permission.HANDLE_CASES)
def start_for_deposit(deposit_id: int) -> Response:
    """The client's decision granting the cash deposit, and whether it is a grant or a loan (R21, R22)."""
    deposit = load_or_404(CashDeposit, deposit_id, Permission.HANDLE_CASES)
    return _start_granting(deposit, url_for("guarantees.show_deposit", deposit_id=deposit.id))


def _start_granting(item: DepositGuarantee | CashDeposit, back: str) -> Response:
    drafts: list[Decision] = []
    guarantee = item if isinstance(item, DepositGuarantee) else None
    deposit = item if isinstance(item, CashDeposit) else None
    subject = Subject.DEPOSIT_GUARANTEE if guarantee is not None else Subject.CASH_DEPOSIT

    def draft() -> None:
        drafts.append(
            operations.draft(
                item.case,
                Outcome.GRANT,
                actor=acting_user(),
                now=utcnow(),
                subject=subject,
                guarantee=guarantee,
                deposit=deposit,
            )
        )

    if apply_change(draft, None):
        return redirect(url_for("decisions.show", decision_id=drafts[0].id))
    return redirect(back)


@bp.get("/decisions/<int:decision_id>")
@permission_required(Permission.READ_CASES)
def show(decision_id: int) -> str:
    decision = load_or_404(Decision, decision_id, Permission.READ_CASES)
    record(acting_user(), "decision.read", decision, client_id=decision.case.client_id)
    db.session.commit()
    return render_template(
        "decisions/show.html",
        decision=decision,
        missing=operations.missing(decision) if not decision.is_issued else {},
        today=oslo_today(utcnow()),
    )


@bp.post("/decisions/<int:decision_id>")
@permission_required(Permission.HANDLE_CASES)
def save(decision_id: int) -> Response:
    decision = load_or_404(Decision, decision_id, Permission.HANDLE_CASES)
    actor = acting_user()
    values = {key: request.form[key] for key in operations.EDITABLE if key in request.form}
    issuing = request.form.get("issue") == "1"

    # What the worker wrote is kept even when the decision cannot be issued yet.
    saved = apply_change(
        lambda: operations.update_draft(decision, values, actor=actor), None if issuing else _("Saved.")
    )
    if saved and issuing:
        apply_change(
            lambda: operations.issue(decision, actor=actor, now=utcnow(), render=letters.decision_pdf),
            _("The decision is issued. Record how the client gets it."),
        )
    return redirect(url_for("decisions.show", decision_id=decision.id))


@bp.get("/decisions/<int:decision_id>/letter.pdf")
@permission_required(Permission.READ_CASES)
def letter(decision_id: int) -> Response:
    decision = load_or_404(Decision, decision_id, Permission.READ_CASES)
    return stored_pdf(
        decision.pdf,
        f"vedtak-{decision.id}.pdf",
        read=lambda: record(acting_user(), "decision.letter.read", decision, client_id=decision.case.client_id),
        missing=_("The letter is made when the decision is issued."),
        back=url_for("decisions.show", decision_id=decision.id),
    )


@bp.post("/decisions/<int:decision_id>/<any(deliver, reasons, correct):action>")
@permission_required(Permission.HANDLE_CASES)
def decision_action(decision_id: int, action: str) -> Response:
    decision = load_or_404(Decision, decision_id, Permission.HANDLE_CASES)
    actor, now = acting_user(), utcnow()
    if action == "correct":
        corrections: list[Decision] = []
        if apply_change(
            lambda: corrections.append(operations.correct(decision, actor=actor, now=now)),
            _("A correction is started."),
        ):
            return redirect(url_for("decisions.show", decision_id=corrections[0].id))
    elif action == "deliver":
        apply_change(
            lambda: operations.record_delivery(
                decision, request.form.get("delivered_via", ""), _date("received_on"), actor=actor, now=now
            ),
            _("Saved. The appeal deadline is counted from that day."),
        )
    else:
        apply_change(
            lambda: operations.reasons_given(decision, _date("reasons_given_on"), actor=actor, now=now),
            _("Saved. The appeal deadline starts again from that day."),
        )
    return redirect(url_for("decisions.show", decision_id=decision.id))


@bp.post("/decisions/<int:decision_id>/appeals")
@permission_required(Permission.HANDLE_CASES)
def appeal(decision_id: int) -> Response:
    decision = load_or_404(Decision, decision_id, Permission.HANDLE_CASES)
    apply_change(
        lambda: operations.register_appeal(
            decision,
            _date("received_on"),
            request.form.get("channel", ""),
            request.form.get("text", ""),
            actor=acting_user(),
            now=utcnow(),
            about=request.form.get("about", ""),
            sent_on=_date("sent_on") if request.form.get("sent_on") else None,
        ),
        _("The appeal is registered."),
    )
    return redirect(url_for("decisions.show", decision_id=decision.id))


@bp.post("/appeals/<int:appeal_id>/<any(reassess, result):action>")
@permission_required(Permission.HANDLE_CASES)
def appeal_action(appeal_id: int, action: str) -> Response:
    appeal = load_or_404(Appeal, appeal_id, Permission.HANDLE_CASES)
    actor, now = acting_user(), utcnow()
    if action == "reassess":
        changed = request.form.get("changed") == "1"
        fresh: list[Decision | None] = []
        success = _("Write the new decision.") if changed else _("The appeal is sent to Statsforvalteren.")
        if (
            apply_change(
                lambda: fresh.append(
                    operations.reassess(
                        appeal,
                        changed=changed,
                        actor=actor,
                        now=now,
                        render=lambda item, documents: letters.cover_letter_pdf(item, documents, signed_by=actor),
                    )
                ),
                success,
            )
            and fresh[0] is not None
        ):
            return redirect(url_for("decisions.show", decision_id=fresh[0].id))
    else:
        apply_change(
            lambda: operations.record_result(
                appeal, request.form.get("result", ""), _date("result_on"), actor=actor, now=now
            ),
            _("Saved."),
        )
    return redirect(url_for("decisions.show", decision_id=appeal.decision_id))


@bp.get("/appeals/<int:appeal_id>/cover.pdf")
@permission_required(Permission.READ_CASES)
def cover_letter(appeal_id: int) -> Response:
    appeal = load_or_404(Appeal, appeal_id, Permission.READ_CASES)
    return stored_pdf(
        appeal.cover_pdf,
        f"oversendelse-klage-{appeal.id}.pdf",
        read=lambda: record(acting_user(), "appeal.cover.read", appeal, client_id=appeal.decision.case.client_id),
        missing=_("The cover letter is made when the appeal is sent to Statsforvalteren."),
        back=url_for("decisions.show", decision_id=appeal.decision_id),
    )
