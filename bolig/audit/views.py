"""The audit log, read-only, for supervisors and administrators."""

from __future__ import annotations

from flask import Blueprint, render_template

from bolig.audit.operations import recent_events, record
from bolig.auth.permissions import Permission, acting_user, permission_required
from bolig.db import db

bp = Blueprint("audit", __name__)


@bp.get("/audit")
@permission_required(Permission.READ_AUDIT)
def log() -> str:
    actor = acting_user()
    events = recent_events(actor.municipality_id)
    # Reading the log is itself logged: it shows who handled which client's record.
    record(actor, "audit.read", actor.municipality)
    db.session.commit()
    return render_template("audit/log.html", events=events)
