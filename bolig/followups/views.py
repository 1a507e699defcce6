"""The caseworker plans the next steps on the case page and records how each went."""

from __future__ import annotations

from flask import Blueprint, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from bolig.auth.permissions import Permission, acting_user, load_or_404, permission_required
from bolig.cases.models import Case
from bolig.db import utcnow
from bolig.followups import operations
from bolig.followups.models import FollowUp
from bolig.web import apply_change

bp = Blueprint("followups", __name__)
bp.add_app_template_global(operations.reminder_key, "follow_up_reminder_key")


@bp.app_context_processor
def labels() -> dict[str, object]:
    return {"follow_up_kinds": operations.KIND_LABELS, "follow_up_statuses": operations.STATUS_LABELS}


@bp.post("/cases/<int:case_id>/follow-ups")
@permission_required(Permission.HANDLE_CASES)
def plan(case_id: int) -> Response:
    case = load_or_404(Case, case_id, Permission.HANDLE_CASES)
    form = request.form
    data = operations.FollowUpInput(
        kind=form.get("kind", ""),
        due_at=operations.due_moment(form.get("day", ""), form.get("clock", "")),
        place=form.get("place", ""),
        note=form.get("note", ""),
        remind_client=bool(form.get("remind_client")),
    )
    apply_change(
        lambda: operations.plan_follow_up(case, data, actor=acting_user(), now=utcnow()),
        _("The step is planned."),
    )
    return redirect(url_for("cases.show", case_id=case.id, _anchor="follow-ups"))


@bp.post("/follow-ups/<int:follow_up_id>/<any(done, missed, cancelled):action>")
@permission_required(Permission.HANDLE_CASES)
def record(follow_up_id: int, action: str) -> Response:
    follow_up = load_or_404(FollowUp, follow_up_id, Permission.HANDLE_CASES)
    outcome = request.form.get("outcome", "")
    apply_change(
        lambda: operations.record_outcome(follow_up, action, outcome, actor=acting_user(), now=utcnow()),
        _("Saved."),
    )
    return redirect(url_for("cases.show", case_id=follow_up.case_id, _anchor="follow-ups"))
