"""The caseworker issues a deposit guarantee from the case and handles the landlord's claims on it, or registers a
cash deposit NAV pays into a deposit account and, when the lease is over, what came of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from stdnum.no import kontonr
from werkzeug.wrappers import Response

from bolig.audit.operations import record
from bolig.auth.models import User
from bolig.auth.permissions import Permission, acting_user, load_or_404, permission_required
from bolig.cases.models import Case
from bolig.cases.operations import read_case
from bolig.db import db, utcnow
from bolig.decisions.operations import decisions_granting
from bolig.errors import InvalidInput
from bolig.forms import kroner
from bolig.guarantees import operations
from bolig.guarantees.document import guarantee_pdf
from bolig.guarantees.forms import PAYOUT_SUPPORT, DepositForm, GuaranteeForm, LeaseForm, iso_day
from bolig.guarantees.models import CashDeposit, DepositGuarantee, GuaranteeClaim
from bolig.timeutil import oslo_today
from bolig.web import apply_change, stored_pdf

bp = Blueprint("guarantees", __name__)
bp.add_app_template_filter(kontonr.format, "account_number")


@bp.app_context_processor
def _labels() -> dict[str, object]:
    return {"payout_support_labels": PAYOUT_SUPPORT}


def _lease(form: LeaseForm) -> dict[str, Any]:
    return {
        "landlord_name": form.landlord_name.data or "",
        "landlord_address": form.landlord_address.data or "",
        "rental_address": form.rental_address.data or "",
        "monthly_rent": kroner(form.monthly_rent.data),
        "lease_starts_on": iso_day(form.lease_starts_on.data),
        "support_justification": form.support_justification.data or "",
    }


def _input(form: GuaranteeForm) -> operations.GuaranteeInput:
    return operations.GuaranteeInput(
        **_lease(form),
        months=kroner(form.months.data),
        tenant_deposit=kroner(form.tenant_deposit.data),
        payout_support=form.payout_support.data or "",
        valid_until=iso_day(form.valid_until.data) if (form.valid_until.data or "").strip() else None,
    )


def _deposit_input(form: DepositForm) -> operations.DepositInput:
    return operations.DepositInput(
        **_lease(form),
        amount=kroner(form.amount.data),
        tenant_share=kroner(form.tenant_share.data),
        account_number=form.account_number.data or "",
        bank=form.bank.data or "",
        account_in_tenant_name=bool(form.account_in_tenant_name.data),
        support=form.support.data or "",
        paid_on=iso_day(form.paid_on.data),
    )


def _lease_page(
    case_id: int, form: LeaseForm, template: str, act: Callable[[Case, User], Response]
) -> Response | tuple[str, int] | str:
    """A guarantee's or a deposit's form for a case's new lease: `act` issues it and answers, or the form comes
    back with what was refused, field by field."""
    case = load_or_404(Case, case_id, Permission.HANDLE_CASES)
    actor = acting_user()
    if form.validate_on_submit():
        try:
            answer = act(case, actor)
        except InvalidInput as error:
            db.session.rollback()
            for field, message in error.errors.items():
                getattr(form, field).errors = [message]
        else:
            db.session.commit()
            return answer
    read_case(case, actor=actor)
    page = render_template(template, form=form, case=case)
    db.session.commit()
    return (page, 422) if form.errors else page


@bp.route("/cases/<int:case_id>/guarantees/new", methods=["GET", "POST"])
@permission_required(Permission.HANDLE_CASES)
def new(case_id: int) -> Response | tuple[str, int] | str:
    def issue(case: Case, actor: User) -> Response:
        guarantee = operations.issue_guarantee(case, _input(form), actor=actor, now=utcnow(), render=guarantee_pdf)
        flash(_("The guarantee is issued. Send the document to the landlord."), "success")
        return redirect(url_for("guarantees.show", guarantee_id=guarantee.id))

    form = GuaranteeForm()
    return _lease_page(case_id, form, "guarantees/new.html", issue)


@bp.get("/guarantees/<int:guarantee_id>")
@permission_required(Permission.READ_CASES)
def show(guarantee_id: int) -> str:
    guarantee = load_or_404(DepositGuarantee, guarantee_id, Permission.READ_CASES)
    record(acting_user(), "guarantee.read", guarantee, client_id=guarantee.case.client_id)
    decisions = decisions_granting(guarantee)
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
    _repay(guarantee)
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


@bp.route("/cases/<int:case_id>/deposits/new", methods=["GET", "POST"])
@permission_required(Permission.HANDLE_CASES)
def new_deposit(case_id: int) -> Response | tuple[str, int] | str:
    def pay(case: Case, actor: User) -> Response:
        deposit = operations.pay_deposit(case, _deposit_input(form), actor=actor, now=utcnow())
        message = _("The deposit is registered. Write the decision for %(name)s.", name=case.client.first_name)
        flash(message, "success")
        return redirect(url_for("guarantees.show_deposit", deposit_id=deposit.id))

    form = DepositForm(paid_on=oslo_today(utcnow()).isoformat())  # NAV pays today, unless the worker says
    return _lease_page(case_id, form, "guarantees/deposit_new.html", pay)


@bp.get("/deposits/<int:deposit_id>")
@permission_required(Permission.READ_CASES)
def show_deposit(deposit_id: int) -> str:
    deposit = load_or_404(CashDeposit, deposit_id, Permission.READ_CASES)
    record(acting_user(), "deposit.read", deposit, client_id=deposit.case.client_id)
    decisions = decisions_granting(deposit)
    page = render_template("guarantees/deposit.html", deposit=deposit, decisions=decisions, today=oslo_today(utcnow()))
    db.session.commit()
    return page


@bp.post("/deposits/<int:deposit_id>/release")
@permission_required(Permission.HANDLE_CASES)
def release(deposit_id: int) -> Response:
    deposit = load_or_404(CashDeposit, deposit_id, Permission.HANDLE_CASES)
    form = request.form
    apply_change(
        lambda: operations.release_deposit(
            deposit,
            iso_day(form.get("released_on")),
            kroner(form.get("returned")),
            form.get("released_note", ""),
            actor=acting_user(),
            now=utcnow(),
        ),
        _("Saved: the deposit account is paid out."),
    )
    return redirect(url_for("guarantees.show_deposit", deposit_id=deposit.id))


@bp.post("/deposits/<int:deposit_id>/repayments")
@permission_required(Permission.HANDLE_CASES)
def deposit_repayment(deposit_id: int) -> Response:
    deposit = load_or_404(CashDeposit, deposit_id, Permission.HANDLE_CASES)
    _repay(deposit)
    return redirect(url_for("guarantees.show_deposit", deposit_id=deposit.id, _anchor="repayments"))


def _repay(item: DepositGuarantee | CashDeposit) -> None:
    form = request.form
    apply_change(
        lambda: operations.record_repayment(
            item,
            iso_day(form.get("paid_on")),
            kroner(form.get("amount")),
            form.get("note", ""),
            actor=acting_user(),
            now=utcnow(),
        ),
        _("The repayment is saved."),
    )
