"""The caseworker issues a deposit guarantee from the case, and handles the landlord's claims on it."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from bolig.audit.operations import record
from bolig.auth.permissions import Permission, acting_user, load_or_404, permission_required
from bolig.cases.models import Case
from bolig.cases.operations import read_case
from bolig.db import db, utcnow
from bolig.decisions.operations import decisions_of_guarantee
from bolig.errors import InvalidInput
from bolig.guarantees import operations
from bolig.guarantees.document import guarantee_pdf
from bolig.guarantees.forms import PAYOUT_SUPPORT, GuaranteeForm, iso_day, kroner
from bolig.guarantees.models import DepositGuarantee, GuaranteeClaim
from bolig.timeutil import oslo_today
from bolig.web import apply_change, stored_pdf

bp = Blueprint("guarantees", __name__)


@bp.app_context_processor
def _labels() -> dict[str, object]:
    return {"payout_support_labels": PAYOUT_SUPPORT}


def _input(form: GuaranteeForm) -> operations.GuaranteeInput:
    return operations.GuaranteeInput(
        landlord_name=form.landlord_name.data or "",
        landlord_address=form.landlord_address.data or "",
        rental_address=form.rental_address.data or "",
        monthly_rent=kroner(form.monthly_rent.data),
        lease_starts_on=iso_day(form.lease_starts_on.data),
        months=kroner(form.months.data),
        tenant_deposit=kroner(form.tenant_deposit.data),
        payout_support=form.payout_support.data or "",
        support_justification=form.support_justification.data or "",
        valid_until=iso_day(form.valid_until.data) if (form.valid_until.data or "").strip() else None,
    )


@bp.route("/cases/<int:case_id>/guarantees/new", methods=["GET", "POST"])
@permission_required(Permission.HANDLE_CASES)
def new(case_id: int) -> Response | tuple[str, int] | str:
    case = load_or_404(Case, case_id, Permission.HANDLE_CASES)
    actor = acting_user()
    form = GuaranteeForm()
    if form.validate_on_submit():
        try:
            guarantee = operations.issue_guarantee(case, _input(form), actor=actor, now=utcnow(), render=guarantee_pdf)
        except InvalidInput as error:
            db.session.rollback()
            for field, message in error.errors.items():
                getattr(form, field).errors = [message]
        else:
            db.session.commit()
            flash(_("The guarantee is issued. Send the document to the landlord."), "success")
            return redirect(url_for("guarantees.show", guarantee_id=guarantee.id))
    read_case(case, actor=actor)
    page = render_template("guarantees/new.html", form=form, case=case)
    db.session.commit()
    return (page, 422) if form.errors else page


@bp.get("/guarantees/<int:guarantee_id>")
@permission_required(Permission.READ_CASES)
def show(guarantee_id: int) -> str:
    guarantee = load_or_404(DepositGuarantee, guarantee_id, Permission.READ_CASES)
    record(acting_user(), "guarantee.read", guarantee, client_id=guarantee.case.client_id)
    decisions = decisions_of_guarantee(guarantee)
    page = render_template("guarantees/show.html", guarantee=guarantee, decisions=decisions, today=oslo_today(utcnow()))
    db.session.commit()
    return page


@bp.get("/guarantees/<int:guarantee_id>/document.pdf")
@permission_required(Permission.READ_CASES)
def document(guarantee_id: int) -> Response:
    return document_response(load_or_404(DepositGuarantee, guarantee_id, Permission.READ_CASES))


def document_response(guarantee: DepositGuarantee) -> Response:
    """The document as issued, its reading logged; for the pages and the API alike."""
    return stored_pdf(
        guarantee.document,
        f"depositumsgaranti-{guarantee.id}.pdf",
        read=lambda: record(acting_user(), "guarantee.document.read", guarantee, client_id=guarantee.case.client_id),
        missing="",
        back="",
    )


@bp.post("/guarantees/<int:guarantee_id>/claims")
@permission_required(Permission.HANDLE_CASES)
def claim(guarantee_id: int) -> Response:
    guarantee = load_or_404(DepositGuarantee, guarantee_id, Permission.HANDLE_CASES)
    form = request.form
    apply_change(
        lambda: operations.register_claim(
            guarantee,
            iso_day(form.get("received_on")),
            kroner(form.get("amount")),
            form.get("grounds", ""),
            actor=acting_user(),
            now=utcnow(),
        ),
        _("The claim is written down. Tell the tenant, and write down what they say, before you pay."),
    )
    return redirect(url_for("guarantees.show", guarantee_id=guarantee.id, _anchor="claims"))


@bp.post("/guarantees/<int:guarantee_id>/repayments")
@permission_required(Permission.HANDLE_CASES)
def repayment(guarantee_id: int) -> Response:
    guarantee = load_or_404(DepositGuarantee, guarantee_id, Permission.HANDLE_CASES)
    form = request.form
    apply_change(
        lambda: operations.record_repayment(
            guarantee,
            iso_day(form.get("paid_on")),
            kroner(form.get("amount")),
            form.get("note", ""),
            actor=acting_user(),
            now=utcnow(),
        ),
        _("The repayment is saved."),
    )
    return redirect(url_for("guarantees.show", guarantee_id=guarantee.id, _anchor="repayments"))


@bp.post("/guarantees/<int:guarantee_id>/end")
@permission_required(Permission.HANDLE_CASES)
def end(guarantee_id: int) -> Response:
    guarantee = load_or_404(DepositGuarantee, guarantee_id, Permission.HANDLE_CASES)
    form = request.form
    apply_change(
        lambda: operations.end_guarantee(
            guarantee, iso_day(form.get("ended_on")), form.get("ended_note", ""), actor=acting_user(), now=utcnow()
        ),
        _("The guarantee has ended."),
    )
    return redirect(url_for("guarantees.show", guarantee_id=guarantee.id))


@bp.post("/guarantee-claims/<int:claim_id>/<any(notice, pay, refuse):action>")
@permission_required(Permission.HANDLE_CASES)
def decide(claim_id: int, action: str) -> Response:
    item = load_or_404(GuaranteeClaim, claim_id, Permission.HANDLE_CASES)
    actor, now, form = acting_user(), utcnow(), request.form
    changes = {
        "notice": lambda: operations.record_notice(
            item, iso_day(form.get("notified_on")), form.get("objections", ""), actor=actor, now=now
        ),
        "pay": lambda: operations.pay_claim(item, kroner(form.get("amount")), actor=actor, now=now),
        "refuse": lambda: operations.refuse_claim(item, form.get("refusal", ""), actor=actor, now=now),
    }
    apply_change(changes[action], _("Saved."))
    return redirect(url_for("guarantees.show", guarantee_id=item.guarantee_id, _anchor=f"claim-{item.id}"))
