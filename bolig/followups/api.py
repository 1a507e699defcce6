"""Follow-ups for machines: plan a step for a case, and record how it went."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from bolig.api import api_blueprint, json_object, not_text
from bolig.auth.permissions import Permission, acting_user, load_or_404, permission_required
from bolig.cases.models import Case
from bolig.db import db, utcnow
from bolig.errors import InvalidInput
from bolig.followups import operations
from bolig.followups.models import FollowUp

bp = api_blueprint("followups", __name__)
TEXTS = ("kind", "place", "note")


def follow_up_json(follow_up: FollowUp) -> dict[str, Any]:
    reminder = operations.reminder_of(follow_up)
    return {
        "id": follow_up.id,
        "case_id": follow_up.case_id,
        "kind": follow_up.kind,
        "due_at": follow_up.due_at.isoformat(),
        "place": follow_up.place,
        "note": follow_up.note,
        "status": follow_up.status,
        "outcome": follow_up.outcome,
        "remind_client": follow_up.remind_client,
        "reminder": None
        if reminder is None
        else {
            "status": reminder.status,
            "send_at": reminder.next_attempt_at.isoformat() if reminder.next_attempt_at else None,
        },
    }


@bp.post("/cases/<int:case_id>/follow-ups")
@permission_required(Permission.HANDLE_CASES)
def plan(case_id: int) -> tuple[Response, int]:
    case = load_or_404(Case, case_id, Permission.HANDLE_CASES)
    body = json_object()
    wrong = not_text(body, TEXTS)
    if not isinstance(body.get("remind_client", False), bool):
        wrong["remind_client"] = _("Give remind_client as true or false.")
    if wrong:
        raise InvalidInput(wrong)
    due = body.get("due_at")
    data = operations.FollowUpInput(
        kind=body.get("kind", ""),
        due_at=operations.parse_due(due) if isinstance(due, str) else None,
        place=body.get("place", ""),
        note=body.get("note", ""),
        remind_client=body.get("remind_client", False),
    )
    follow_up = operations.plan_follow_up(case, data, actor=acting_user(), now=utcnow())
    db.session.commit()
    return jsonify(follow_up_json(follow_up)), 201


@bp.post("/follow-ups/<int:follow_up_id>/<any(done, missed, cancelled):action>")
@permission_required(Permission.HANDLE_CASES)
def record(follow_up_id: int, action: str) -> Response:
    follow_up = load_or_404(FollowUp, follow_up_id, Permission.HANDLE_CASES)
    body = json_object() if request.data else {}
    if wrong := not_text(body, ["outcome"]):
        raise InvalidInput(wrong)
    outcome = body.get("outcome", "")
    operations.record_outcome(follow_up, action, outcome, actor=acting_user(), now=utcnow())
    db.session.commit()
    return jsonify(follow_up_json(follow_up))
