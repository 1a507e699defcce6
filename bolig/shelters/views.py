"""Shelter pages: the operator's phone page for tonight's places, the overview, and administration."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from bolig.auth.models import Role, User
from bolig.auth.permissions import Permission, acting_user, load_or_404, permission_required
from bolig.db import db, utcnow
from bolig.errors import InvalidInput
from bolig.shelters import operations
from bolig.shelters.availability import shelter_statuses
from bolig.shelters.forms import (
    CHANNEL_LABELS,
    GENDER_POLICIES,
    PLACE_KINDS,
    PROVIDER_TYPES,
    AgreementForm,
    CategoryForm,
    InspectionForm,
    OperatorsForm,
    ShelterForm,
)
from bolig.shelters.models import Channel, PlaceCategory, QualityAgreement, Shelter
from bolig.shelters.operations import CategorySpec, category_label
from bolig.shelters.texts import kind_reason
from bolig.timeutil import oslo_today

bp = Blueprint("shelters", __name__)
bp.add_app_template_global(kind_reason)
bp.add_app_template_global(category_label)

# The operator's page links tonight, tomorrow and this many nights after.
NIGHTS_SHOWN = 14


def _tonight(actor: User) -> date:
    return actor.municipality.tonight(utcnow())


@bp.get("/capacity")
@permission_required(Permission.REPORT_CAPACITY)
def capacity_home() -> Response | str:
    actor = acting_user()
    shelters = operations.shelters_for(actor)
    if len(shelters) == 1:
        return redirect(url_for("shelters.capacity", shelter_id=shelters[0].id))
    statuses = shelter_statuses(shelters, _tonight(actor), utcnow())
    return render_template("shelters/capacity_home.html", statuses=statuses)


def _requested_night(today: date) -> date:
    raw = request.values.get("night", "")
    try:
        night = date.fromisoformat(raw) if raw else today
    except ValueError:
        abort(404)
    return night


@bp.get("/shelters/<int:shelter_id>/capacity")
@permission_required(Permission.REPORT_CAPACITY)
def capacity(shelter_id: int) -> str | tuple[str, int]:
    shelter = load_or_404(Shelter, shelter_id, Permission.REPORT_CAPACITY)
    actor = acting_user()
    today = _tonight(actor)
    night = _requested_night(today)
    try:
        operations.check_night(night, today)
    except InvalidInput as error:
        flash(error.errors["night"], "danger")
        night = today
    return _capacity_page(shelter, night, today, _draft_counts(shelter))


def _step_args(draft: dict[str, int], code: str, step: int) -> dict[str, int]:
    """The query of a −/+ link: every count as it stands, the one category moved one step."""
    return {f"offered-{key}": max(0, value + step) if key == code else value for key, value in draft.items()}


def _count(raw: str) -> int | None:
    """A whole number as typed on a phone, sign allowed so the operations can say why it is refused."""
    match = re.fullmatch(r"\s*(-?\d{1,4})\s*", raw, re.ASCII)
    return int(match.group(1)) if match else None


def _draft_counts(shelter: Shelter) -> dict[str, int]:
    """Counts the operator has stepped to but not saved (the −/+ links carry them without JavaScript)."""
    draft = {}
    for category in shelter.categories:
        count = _count(request.values.get(f"offered-{category.code}", ""))
        if count is not None:
            draft[category.code] = min(max(count, 0), category.maximum)
    return draft


def _capacity_page(
    shelter: Shelter, night: date, today: date, draft: dict[str, int], errors: dict[str, str] | None = None
) -> str | tuple[str, int]:
    statuses = shelter_statuses([shelter], night, utcnow())[0]
    reports = operations.latest_reports(shelter, night)
    rows: list[dict[str, Any]] = []
    for status in statuses.categories:
        category = status.category
        saved = status.availability.offered
        report = reports.get(category.id)
        shown = draft.get(category.code, saved or 0)
        rows.append(
            {
                "category": category,
                "label": category_label(category),
                "saved": saved,
                "shown": shown,
                "status": status,
                "reason": request.form.get(f"reason-{category.code}")
                or (report.out_of_service_reason if report else ""),
                "error": (errors or {}).get(category.code),
            }
        )
    page = render_template(
        "shelters/capacity.html",
        shelter=shelter,
        night=night,
        today=today,
        nights=[today + timedelta(days=n) for n in range(NIGHTS_SHOWN + 1)],
        rows=rows,
        draft={row["category"].code: row["shown"] for row in rows},
        unsaved=any(row["shown"] != (row["saved"] or 0) for row in rows),
        errors=errors or {},
        form=FlaskForm(),
        history=operations.capacity_history(shelter, limit=10),
        step_args=_step_args,
        channel_labels=CHANNEL_LABELS,
    )
    return (page, 422) if errors else page


@bp.post("/shelters/<int:shelter_id>/capacity")
@permission_required(Permission.REPORT_CAPACITY)
def save_capacity(shelter_id: int) -> Response | str | tuple[str, int]:
    shelter = load_or_404(Shelter, shelter_id, Permission.REPORT_CAPACITY)
    actor = acting_user()
    today = _tonight(actor)
    night = _requested_night(today)
    offered: dict[str, int] = {}
    out_of_service: dict[str, tuple[int, str]] = {}
    errors: dict[str, str] = {}
    for category in shelter.categories:
        code = category.code
        for field, into in ((f"offered-{code}", code), (f"out-{code}", f"{code}.out_of_service")):
            raw = request.form.get(field, "")
            count = _count(raw)
            if raw.strip() and count is None:
                errors[into] = _("Write a whole number.")
            elif count is not None and into == code:
                offered[code] = count
            elif count is not None:
                out_of_service[code] = (count, request.form.get(f"reason-{code}", ""))
    try:
        if errors:
            raise InvalidInput(errors)
        operations.report_capacity(
            shelter,
            night,
            offered,
            out_of_service=out_of_service,
            today=today,
            channel=Channel.WEB,
            actor=actor,
            now=utcnow(),
        )
    except InvalidInput as error:
        if "night" in error.errors:
            flash(error.errors["night"], "danger")
        return _capacity_page(shelter, night if "night" not in error.errors else today, today, offered, error.errors)
    db.session.commit()
    flash(_("Saved. Caseworkers see the new numbers now."), "success")
    return redirect(url_for("shelters.capacity", shelter_id=shelter.id, night=night.isoformat()))


@bp.get("/shelters")
@permission_required(Permission.VIEW_SHELTERS)
def overview() -> str:
    actor = acting_user()
    today = _tonight(actor)
    shelters = operations.shelters_of(actor.municipality_id)
    expiring = operations.expiring_agreements(actor.municipality, today) if actor.role != Role.CASEWORKER else []
    return render_template(
        "shelters/overview.html",
        statuses=shelter_statuses([s for s in shelters if s.active], today, utcnow()),
        inactive=[s for s in shelters if not s.active],
        expiring=expiring,
        tonight=today,
    )


@bp.get("/shelters/<int:shelter_id>")
@permission_required(Permission.VIEW_SHELTERS)
def detail(shelter_id: int) -> str:
    shelter = load_or_404(Shelter, shelter_id, Permission.VIEW_SHELTERS)
    actor = acting_user()
    today = _tonight(actor)
    return render_template(
        "shelters/detail.html",
        shelter=shelter,
        status=shelter_statuses([shelter], today, utcnow())[0],
        operators=operations.operators_of(shelter),
        history=operations.capacity_history(shelter, limit=20),
        provider_types=PROVIDER_TYPES,
        gender_policies=GENDER_POLICIES,
        place_kinds=PLACE_KINDS,
    )


def _saved(form: FlaskForm, change: Callable[[], object], message: str) -> bool:
    """Run the operation for a posted form; commit and confirm it, or put its refusals on the form's fields."""
    try:
        change()
    except InvalidInput as error:
        _apply_errors(form, error)
        return False
    db.session.commit()
    flash(message, "success")
    return True


def _form_page(form: FlaskForm, title: str, action: str, submit: str, back: str) -> tuple[str, int]:
    status = 422 if form.errors else 200
    return render_template(
        "shelters/form.html", form=form, title=title, action=action, submit=submit, back=back
    ), status


def _apply_errors(form: FlaskForm, error: InvalidInput) -> None:
    for name, message in error.errors.items():
        target = getattr(form, name.rsplit(".", 1)[-1], None)
        if target is None:
            flash(message, "danger")
        else:
            target.errors = [*target.errors, message] if isinstance(target.errors, list) else [message]


def _shelter_values(form: ShelterForm) -> dict[str, Any]:
    return {name: field.data for name, field in form._fields.items() if name != "csrf_token"}


@bp.route("/shelters/new", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_SHELTERS)
def new_shelter() -> Response | tuple[str, int]:
    actor = acting_user()
    form = ShelterForm()
    if form.validate_on_submit():
        try:
            shelter = operations.create_shelter(actor.municipality, _shelter_values(form), actor=actor)
        except InvalidInput as error:
            _apply_errors(form, error)
        else:
            db.session.commit()
            flash(_("%(name)s is registered. Add the kinds of places it offers.", name=shelter.name), "success")
            return redirect(url_for("shelters.new_category", shelter_id=shelter.id))
    return _form_page(
        form, _("New shelter"), url_for("shelters.new_shelter"), _("Register"), url_for("shelters.overview")
    )


@bp.route("/shelters/<int:shelter_id>/edit", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_SHELTERS)
def edit_shelter(shelter_id: int) -> Response | tuple[str, int]:
    shelter = load_or_404(Shelter, shelter_id, Permission.MANAGE_SHELTERS)
    form = ShelterForm(obj=shelter)
    if form.validate_on_submit() and _saved(
        form, lambda: operations.update_shelter(shelter, _shelter_values(form), actor=acting_user()), _("Saved.")
    ):
        return redirect(url_for("shelters.detail", shelter_id=shelter.id))
    back = url_for("shelters.detail", shelter_id=shelter.id)
    return _form_page(form, shelter.name, url_for("shelters.edit_shelter", shelter_id=shelter.id), _("Save"), back)


def _category_spec(form: CategoryForm, existing: PlaceCategory | None = None) -> CategorySpec:
    """The category the form describes; an existing one keeps its kind and code."""
    return CategorySpec(
        kind=existing.kind if existing else form.kind.data,
        code=existing.code if existing else (form.code.data or "").strip(),
        label=(form.label.data or "").strip(),
        maximum=form.maximum.data,
        gender_policy=form.gender_policy.data,
        minimum_age=form.minimum_age.data,
        flags={flag: getattr(form, flag).data for flag in operations.CATEGORY_FLAGS},
    )


@bp.route("/shelters/<int:shelter_id>/categories/new", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_SHELTERS)
def new_category(shelter_id: int) -> Response | tuple[str, int]:
    shelter = load_or_404(Shelter, shelter_id, Permission.MANAGE_SHELTERS)
    form = CategoryForm()
    if form.validate_on_submit() and _saved(
        form, lambda: operations.add_category(shelter, _category_spec(form), actor=acting_user()), _("Saved.")
    ):
        return redirect(url_for("shelters.detail", shelter_id=shelter.id))
    action = url_for("shelters.new_category", shelter_id=shelter.id)
    back = url_for("shelters.detail", shelter_id=shelter.id)
    return _form_page(form, _("New kind of place at %(name)s", name=shelter.name), action, _("Add"), back)


@bp.route("/categories/<int:category_id>/edit", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_SHELTERS)
def edit_category(category_id: int) -> Response | tuple[str, int]:
    category = load_or_404(PlaceCategory, category_id, Permission.MANAGE_SHELTERS)
    form = CategoryForm(obj=category)
    del form.kind, form.code  # what a category is stays; what it allows may change
    if form.validate_on_submit() and _saved(
        form,
        lambda: operations.update_category(category, _category_spec(form, category), actor=acting_user()),
        _("Saved."),
    ):
        return redirect(url_for("shelters.detail", shelter_id=category.shelter_id))
    action = url_for("shelters.edit_category", category_id=category.id)
    back = url_for("shelters.detail", shelter_id=category.shelter_id)
    return _form_page(form, category_label(category), action, _("Save"), back)


@bp.route("/shelters/<int:shelter_id>/agreements/new", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_SHELTERS)
def new_agreement(shelter_id: int) -> Response | tuple[str, int]:
    shelter = load_or_404(Shelter, shelter_id, Permission.MANAGE_SHELTERS)
    form = AgreementForm()
    standards = {name: getattr(form, name).data for name in operations.AGREEMENT_STANDARDS}
    if form.validate_on_submit() and _saved(
        form,
        lambda: operations.add_agreement(
            shelter, form.valid_from.data, form.valid_to.data, standards, note=form.note.data or "", actor=acting_user()
        ),
        _("Saved. The agreement counts once an inspection has passed."),
    ):
        return redirect(url_for("shelters.detail", shelter_id=shelter.id))
    action = url_for("shelters.new_agreement", shelter_id=shelter.id)
    back = url_for("shelters.detail", shelter_id=shelter.id)
    return _form_page(form, _("Quality agreement with %(name)s", name=shelter.name), action, _("Save agreement"), back)


@bp.route("/agreements/<int:agreement_id>/inspections/new", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_SHELTERS)
def new_inspection(agreement_id: int) -> Response | tuple[str, int]:
    agreement = load_or_404(QualityAgreement, agreement_id, Permission.MANAGE_SHELTERS)
    form = InspectionForm()
    if form.validate_on_submit() and _saved(
        form,
        lambda: operations.add_inspection(
            agreement,
            form.inspected_on.data,
            form.inspector.data or "",
            bool(form.passed.data),
            findings=form.findings.data or "",
            today=oslo_today(utcnow()),
            actor=acting_user(),
        ),
        _("Saved."),
    ):
        return redirect(url_for("shelters.detail", shelter_id=agreement.shelter_id))
    action = url_for("shelters.new_inspection", agreement_id=agreement.id)
    back = url_for("shelters.detail", shelter_id=agreement.shelter_id)
    return _form_page(
        form, _("Inspection of %(name)s", name=agreement.shelter.name), action, _("Save inspection"), back
    )


@bp.route("/shelters/<int:shelter_id>/operators", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_SHELTERS)
def shelter_operators(shelter_id: int) -> Response | tuple[str, int]:
    shelter = load_or_404(Shelter, shelter_id, Permission.MANAGE_SHELTERS)
    candidates = [user for user in shelter.municipality.users if user.role == Role.OPERATOR]
    form = OperatorsForm(operators=[user.id for user in operations.operators_of(shelter)])
    form.operators.choices = [(user.id, f"{user.name} ({user.email})") for user in candidates]
    if form.validate_on_submit():
        chosen = [user for user in candidates if user.id in (form.operators.data or [])]
        operations.set_operators(shelter, chosen, actor=acting_user())
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("shelters.detail", shelter_id=shelter.id))
    action = url_for("shelters.shelter_operators", shelter_id=shelter.id)
    back = url_for("shelters.detail", shelter_id=shelter.id)
    return _form_page(form, _("Who acts for %(name)s", name=shelter.name), action, _("Save"), back)
