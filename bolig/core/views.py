"""Home page, language switch and health checks."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, session
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from bolig.auth.permissions import Permission, acting_user, permission_required, public
from bolig.db import db
from bolig.forms import referrer_path, safe_next

bp = Blueprint("core", __name__)


@bp.get("/")
@permission_required(Permission.USE_APP)
def home() -> str:
    return render_template("core/home.html", user=acting_user())


@bp.post("/language")
@public
def set_language() -> Response:
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
    return redirect(safe_next(request.form.get("next") or referrer_path()))


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
