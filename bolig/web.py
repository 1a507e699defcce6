"""What every request shares: security headers, the idle timeout, errors in the user's language."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, Response, current_app, flash, g, jsonify, redirect, render_template, request, session, url_for
from flask_babel import format_currency, format_date, format_datetime, format_percent, format_timedelta, get_locale
from flask_babel import gettext as _
from flask_login import logout_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import BadRequest, HTTPException, Unauthorized
from werkzeug.routing import IntegerConverter, Map
from werkzeug.wrappers import Response as BaseResponse

from bolig.audit.operations import set_origin
from bolig.auth.forms import ROLE_LABELS
from bolig.auth.models import User
from bolig.auth.permissions import Permission, can, current_actor, may_see_address
from bolig.db import MAX_ID, db, utcnow
from bolig.errors import InvalidInput
from bolig.extensions import login_manager
from bolig.forms import referrer_path

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


class BadJson(BadRequest):
    """A request body that is not the JSON the API expects; its description is for the caller."""


def is_api_request() -> bool:
    return request.path.startswith("/api/")


class RecordId(IntegerConverter):
    """<int:…> in a URL: a number past what an id column holds matches no route, so it is a 404, not a 500."""

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def init_web(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.user_loader(_load_user)
    app.before_request(_start_request)
    app.after_request(_security_headers)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _server_error)
    app.jinja_env.globals.update(
        can=can,
        Permission=Permission,
        current_locale=get_locale,
        role_labels=ROLE_LABELS,
        may_see_address=may_see_address,
    )
    app.jinja_env.filters["datetime"] = lambda value, fmt="short": format_datetime(value, fmt) if value else ""
    app.jinja_env.filters["ago"] = ago
    app.jinja_env.filters["since"] = lambda moment: format_timedelta(utcnow() - moment, granularity="minute")
    app.jinja_env.filters["date"] = lambda value, fmt="short": format_date(value, fmt) if value else ""
    app.jinja_env.filters["money"] = lambda value: format_currency(value, "NOK")
    app.jinja_env.filters["percent"] = format_percent
    app.jinja_env.globals["timedelta"] = timedelta


def ago(moment: datetime) -> str:
    """How long ago, in words: "for 3 timer siden", or "just now" within the minute."""
    delta = moment - utcnow()  # negative: Babel words a past moment as "… siden"
    if -delta < timedelta(minutes=1):
        return str(_("just now"))
    return str(format_timedelta(delta, granularity="minute", add_direction=True))


def _load_user(session_id: str) -> User | None:
    user_id, _, epoch = session_id.partition(":")
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    if user is None or not user.active or epoch != str(user.session_epoch):
        return None
    return user


def _has_nul(value: object) -> bool:
    """Whether a string anywhere in the value holds NUL; a loop, so deep nesting cannot overflow the stack."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str) and "\x00" in item:
            return True
        if isinstance(item, dict):
            pending += [*item.keys(), *item.values()]
        elif isinstance(item, list):
            pending += item
    return False


def _refuse_nul() -> None:
    """A NUL character cannot be stored in PostgreSQL's text: refuse it whole, before anything changes."""
    values: list[object] = [*request.args.values(), *request.form.values()]
    if request.is_json:
        with contextlib.suppress(RecursionError):
            values.append(request.get_json(silent=True))
    if any(_has_nul(value) for value in values):
        raise BadJson(_("The text has a character that cannot be saved (NUL). Remove it and send again."))


def _start_request() -> None:
    set_origin(request.remote_addr or "unknown")
    _refuse_nul()
    if is_api_request() or request.endpoint in (None, "static"):
        return
    # An idle session ends server-side too: a copied cookie is no good after the timeout, and no
    # session outlives its absolute lifetime however busy it is kept.
    now = int(time.time())
    last_seen, started = session.get("seen"), session.get("started")
    idle_limit = 60 * int(current_app.config["IDLE_TIMEOUT_MINUTES"])
    lifetime = current_app.permanent_session_lifetime.total_seconds()
    if not isinstance(last_seen, int) or not isinstance(started, int):
        last_seen = started = 0
    if "_user_id" in session and (now - last_seen > idle_limit or now - started > lifetime):
        logout_user()
        session.clear()
        g.session_expired = True
    if "_user_id" in session:
        session["seen"] = now
        session.permanent = True


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), payment=()"
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    if current_actor() is not None or is_api_request():
        # Pages about people must not linger in shared caches or the back button of a shared phone.
        response.headers["Cache-Control"] = "no-store"
    return response


def api_error(status: int, code: str, message: str, **extra: Any) -> tuple[Response, int]:
    """The contract's error body: {"error": {"code": ..., "message": ...}}."""
    return jsonify({"error": {"code": code, "message": message, **extra}}), status


def _http_error(error: HTTPException) -> BaseResponse | tuple[Any, int]:
    status = error.code or 500
    if is_api_request():
        return api_error(status, _error_code(error), _error_message(status, error))
    if isinstance(error, Unauthorized):
        return _to_login()
    return render_template("errors/error.html", status=status, message=_error_message(status, error)), status


def _to_login() -> BaseResponse:
    if g.get("session_expired"):
        flash(_("You were logged out after a while without activity. Log in again to go on."), "info")
    else:
        flash(_("Log in to see this page."), "info")
    # After logging in, go back to the page, or for a form to the page that held the form.
    target = request.full_path.rstrip("?") if request.method == "GET" else referrer_path() or "/"
    return redirect(url_for("auth.login", next=target))


def _error_code(error: HTTPException) -> str:
    return (error.name or "error").lower().replace(" ", "_").replace("'", "")


def _error_message(status: int, error: HTTPException) -> str:
    messages: dict[int, str] = {
        400: _("The request could not be read."),
        401: _("Log in, or send a valid API key as 'Authorization: Bearer <key>'."),
        403: _("Your role does not give access to this."),
        404: _("We could not find that page."),
        405: _("That action is not possible here."),
        413: _("What you sent is too large."),
        429: _("Too many attempts. Wait a minute and try again."),
    }
    if isinstance(error, BadJson):
        return str(error.description)
    return messages.get(status) or str(_("Something went wrong on our side. Try again in a moment."))


def _csrf_error(_error: CSRFError) -> tuple[Any, int]:
    message = _("The form had expired or was incomplete, so nothing was saved. Go back, reload the page and try again.")
    if is_api_request():
        return api_error(400, "csrf", message)
    return render_template("errors/error.html", status=400, message=message), 400


def _server_error(error: Exception) -> tuple[Any, int]:
    if isinstance(error, HTTPException):
        return _http_error(error)  # type: ignore[return-value]
    current_app.logger.exception("unhandled error", exc_info=error)
    db.session.rollback()
    message = _("Something went wrong on our side. Nothing was saved. Try again in a moment.")
    if is_api_request():
        return api_error(500, "internal_error", message)
    return render_template("errors/error.html", status=500, message=message), 500


def public_url(path: str) -> str:
    """An address as Twilio signed it: behind a proxy, request.url is not what the world called."""
    base = str(current_app.config.get("PUBLIC_URL") or request.host_url).rstrip("/")
    return base + path


def link(path: str) -> str:
    """A link for an SMS to staff: bolig's public address and the path, never taken from a request's Host header."""
    return str(current_app.config.get("PUBLIC_URL") or "").rstrip("/") + path


def roll_back(error: InvalidInput) -> None:
    """Undo a refused change; what the refusal told the user about a client is then logged and kept (R24)."""
    db.session.rollback()
    if error.disclosed:
        for log in error.disclosed:
            log()
        db.session.commit()


def apply_change(change: Callable[[], object], success: str | None) -> bool:
    """Run one change a person asked for and commit it; a refusal is rolled back and each reason shown."""
    try:
        change()
    except InvalidInput as error:
        roll_back(error)
        for message in error.errors.values():
            flash(message, "danger")
        return False
    db.session.commit()
    if success:
        flash(success, "success")
    return True


def stored_pdf(
    content: bytes | None, name: str, *, read: Callable[[], object], missing: str, back: str
) -> BaseResponse:
    """A stored letter, its reading logged; a letter not yet made sends the worker back with why."""
    if content is None:
        flash(missing, "info")
        return redirect(back)
    read()
    db.session.commit()
    response = BaseResponse(content, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    return response
