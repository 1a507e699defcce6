"""Home page, language switch and health checks."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, session
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from bolig.auth.permissions import Permission, acting_user, can, permission_required, public
from bolig.cases.operations import unplaced_cases
from bolig.db import db, utcnow
from bolig.followups.operations import due_today
from bolig.forms import referrer_path, safe_next
from bolig.statistics.operations import tonight_picture

bp = Blueprint("core", __name__)


@bp.get("/")
@permission_required(Permission.USE_APP)
def home() -> str:
    user = acting_user()
    # At night the caseworker's home is the board: who is still without a place (R5).
    handles = can(user, Permission.HANDLE_CASES)
    now = utcnow()
    unplaced = unplaced_cases(user.municipality, now) if handles else None
    # By day, what is due: the steps toward a permanent home planned for today (R8).
    steps = due_today(user.municipality, now) if handles else None
    # The supervisor's picture of the municipality tonight.
    picture = tonight_picture(user.municipality, now) if can(user, Permission.VIEW_STATISTICS) else None
    return render_template("core/home.html", user=user, unplaced=unplaced, steps=steps, picture=picture, now=now)


@bp.post("/language")
@public
def set_language() -> Response:
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
    return redirect(safe_next(request.form.get("next") or referrer_path()))


@bp.get("/accessibility")
@public
def accessibility() -> str:
    """How bolig meets WCAG 2.1 AA and where to report a barrier: open to anyone (R29)."""
    return render_template(
        "core/accessibility.html",
        statement_url=current_app.config["ACCESSIBILITY_STATEMENT_URL"],
        contact=current_app.config["ACCESSIBILITY_CONTACT"],
    )


@bp.get("/healthz")
@public
def healthz() -> Response:
    return jsonify(status="ok")


@bp.get("/readyz")
@public
def readyz() -> tuple[Response, int]:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        current_app.logger.exception("database not reachable")
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok"), 200
