"""Log in and out, the profile page with API keys, and user administration."""

from __future__ import annotations

import time

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_user, logout_user
from werkzeug.wrappers import Response

from bolig.auth import operations
from bolig.auth.forms import ROLE_LABELS, LoginForm, TokenForm, UserForm
from bolig.auth.models import ApiToken, User
from bolig.auth.permissions import Permission, acting_user, permission_required, public, require
from bolig.db import db
from bolig.errors import InvalidInput
from bolig.extensions import limiter
from bolig.forms import safe_next

bp = Blueprint("auth", __name__)


def _failed_login(response: Response) -> bool:
    # Only failed attempts count against the limit: a worker who logs in often is not slowed.
    return response.status_code != 302


def _login_limit() -> str:
    from flask import current_app

    return str(current_app.config["LOGIN_RATE_LIMIT"])


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_failed_login)
def login() -> Response | str | tuple[str, int]:
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        user = operations.authenticate(form.email.data or "", form.password.data or "")
        if user is not None:
            lang = session.get("lang")
            session.clear()  # a fresh session on login: no fixation
            if lang:
                session["lang"] = lang
            login_user(user)
            session["started"] = session["seen"] = int(time.time())
            db.session.commit()
            return redirect(safe_next(form.next.data))
        db.session.commit()  # the failed attempt stays in the audit log
        flash(_("The e-mail address or password is wrong. Check them and try again."), "danger")
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@permission_required(Permission.USE_APP)
def logout() -> Response:
    operations.end_sessions(acting_user())
    db.session.commit()
    logout_user()
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("You are logged out."), "success")
    return redirect(url_for("auth.login"))


@bp.get("/profile")
@permission_required(Permission.USE_APP)
def profile() -> str:
    return render_template("auth/profile.html", user=acting_user(), form=TokenForm(), new_token=None)


@bp.post("/profile/tokens")
@permission_required(Permission.USE_APP)
def create_token() -> str | tuple[str, int]:
    user = acting_user()
    form = TokenForm()
    if not form.validate_on_submit():
        return render_template("auth/profile.html", user=user, form=form, new_token=None), 422
    try:
        _token, plaintext = operations.create_token(user, form.name.data or "", actor=user)
    except InvalidInput as error:
        form.name.errors = [error.errors["name"]]
        return render_template("auth/profile.html", user=user, form=form, new_token=None), 422
    db.session.commit()
    return render_template("auth/profile.html", user=user, form=TokenForm(formdata=None), new_token=plaintext)


@bp.post("/profile/tokens/<int:token_id>/revoke")
@permission_required(Permission.USE_APP)
def revoke_token(token_id: int) -> Response:
    user = acting_user()
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        abort(404)
    operations.revoke_token(token, actor=user)
    db.session.commit()
    flash(_("The key no longer works."), "success")
    return redirect(url_for("auth.profile"))


@bp.route("/admin/users", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_USERS)
def users() -> Response | str | tuple[str, int]:
    admin = acting_user()
    form = UserForm()
    if form.validate_on_submit():
        try:
            user = operations.create_user(
                form.email.data or "",
                form.name.data or "",
                form.role.data,
                admin.municipality,
                password=form.password.data or "",
                actor=admin,
            )
        except InvalidInput as error:
            for field, message in error.errors.items():
                getattr(form, field).errors = [message]
        else:
            db.session.commit()
            flash(_("%(name)s can now log in.", name=user.name), "success")
            return redirect(url_for("auth.users"))
    status = 422 if form.errors else 200
    page = render_template(
        "auth/users.html", form=form, users=operations.users_of(admin.municipality_id), role_labels=ROLE_LABELS
    )
    return page, status


@bp.post("/admin/users/<int:user_id>/active")
@permission_required(Permission.MANAGE_USERS)
def set_active(user_id: int) -> Response:
    admin = acting_user()
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    require(admin, Permission.MANAGE_USERS, user)
    try:
        operations.set_user_active(user, request.form.get("active") == "1", actor=admin)
    except InvalidInput as error:
        flash(error.errors["active"], "danger")
        return redirect(url_for("auth.users"))
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(url_for("auth.users"))
