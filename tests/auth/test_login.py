"""Logging in and out, as a worker on a phone would meet it, and every way it can go wrong."""

from __future__ import annotations

import time
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from bolig.audit.models import AuditEvent
from bolig.auth.models import Role, User
from bolig.db import db
from bolig.municipalities.models import Municipality
from tests.conftest import csrf_token
from tests.factories import PASSWORD, make_user


def post_login(client: FlaskClient, email: str, password: str, **extra: str) -> object:
    return client.post("/login", data={"email": email, "password": password, "csrf_token": csrf_token(client), **extra})


def audit_actions(user: User | None = None) -> list[str]:
    query = select(AuditEvent.action).order_by(AuditEvent.id)
    if user is not None:
        query = query.where(AuditEvent.object_id == str(user.id), AuditEvent.object_type == "User")
    return list(db.session.scalars(query))


def test_login_page_is_in_bokmal_by_default(client: FlaskClient) -> None:
    page = client.get("/login", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert page.status_code == 200
    assert '<html lang="nb"' in page.text
    assert "Logg inn i bolig" in page.text


def test_login_takes_the_worker_to_the_page_they_asked_for(client: FlaskClient, municipality: Municipality) -> None:
    user = make_user(Role.CASEWORKER, municipality)
    first = client.get("/profile")
    assert first.status_code == 302
    assert first.headers["Location"] == "/login?next=/profile"
    response = post_login(client, user.email.upper(), PASSWORD, next="/profile")
    assert response.status_code == 302
    assert response.headers["Location"] == "/profile"
    assert client.get("/profile").status_code == 200
    assert audit_actions(user)[-1] == "auth.login"


def test_login_never_redirects_to_another_site(client: FlaskClient, municipality: Municipality) -> None:
    user = make_user(Role.CASEWORKER, municipality)
    response = post_login(client, user.email, PASSWORD, next="//evil.example/steal")
    assert response.headers["Location"] == "/"


def test_wrong_password_is_refused_with_a_clear_message(client: FlaskClient, municipality: Municipality) -> None:
    user = make_user(Role.CASEWORKER, municipality)
    response = post_login(client, user.email, "not the password")
    assert response.status_code == 401
    assert "E-postadressen eller passordet er feil" in response.text
    assert client.get("/").status_code == 302  # still logged out
    assert audit_actions(user)[-1] == "auth.login_failed"


def test_unknown_email_gets_the_same_answer_as_a_wrong_password(client: FlaskClient, app: Flask) -> None:
    response = post_login(client, "nobody@nowhere.no", "whatever")
    assert response.status_code == 401
    assert "E-postadressen eller passordet er feil" in response.text
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event is not None
    assert event.action == "auth.login_failed"
    assert event.details == {"email": "nobody@nowhere.no"}


def test_deactivated_user_cannot_log_in(client: FlaskClient, municipality: Municipality) -> None:
    user = make_user(Role.CASEWORKER, municipality)
    user.active = False
    db.session.flush()
    assert post_login(client, user.email, PASSWORD).status_code == 401


def test_too_many_failed_attempts_are_rate_limited(client: FlaskClient, municipality: Municipality) -> None:
    user = make_user(Role.CASEWORKER, municipality)
    statuses = [post_login(client, user.email, f"guess {n}").status_code for n in range(5)]
    assert statuses == [401] * 5
    blocked = post_login(client, user.email, PASSWORD)
    assert blocked.status_code == 429
    assert "For mange forsøk" in blocked.text
    assert client.get("/").status_code == 302  # even the right password did not log in


def test_successful_logins_do_not_use_up_the_limit(client: FlaskClient, municipality: Municipality) -> None:
    user = make_user(Role.CASEWORKER, municipality)
    for _ in range(7):
        assert post_login(client, user.email, PASSWORD).status_code == 302


def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(
    client: FlaskClient, municipality: Municipality
) -> None:
    user = make_user(Role.CASEWORKER, municipality)
    before = db.session.scalar(select(func.count()).select_from(AuditEvent))
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "Skjemaet var utløpt eller ufullstendig" in response.text
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == before
    assert client.get("/").status_code == 302


def test_an_idle_session_expires_and_remembers_the_page(
    app: Flask, client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    login(make_user(Role.CASEWORKER, municipality))
    assert client.get("/profile").status_code == 200
    with client.session_transaction() as session:
        session["seen"] = int(time.time()) - 60 * app.config["IDLE_TIMEOUT_MINUTES"] - 1
    response = client.get("/profile")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/profile"
    assert "Du ble logget ut etter en stund uten aktivitet" in client.get(response.headers["Location"]).text


def test_activity_keeps_the_session_alive(
    app: Flask, client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    login(make_user(Role.CASEWORKER, municipality))
    with client.session_transaction() as session:
        session["seen"] = int(time.time()) - 60 * app.config["IDLE_TIMEOUT_MINUTES"] + 30
    assert client.get("/profile").status_code == 200


def test_logout_ends_the_session(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    login(make_user(Role.CASEWORKER, municipality))
    response = client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 302
    assert "Du er logget ut." in client.get("/login").text
    assert client.get("/").status_code == 302


def test_session_cookie_is_secure_httponly_and_samesite(client: FlaskClient, municipality: Municipality) -> None:
    user = make_user(Role.CASEWORKER, municipality)
    response = post_login(client, user.email, PASSWORD)
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_no_session_outlives_its_absolute_lifetime_however_busy(
    app: Flask, client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    login(make_user(Role.CASEWORKER, municipality))
    with client.session_transaction() as session:
        session["started"] = int(time.time() - app.permanent_session_lifetime.total_seconds()) - 1
    assert client.get("/profile").status_code == 302


def test_a_session_without_its_timestamps_is_treated_as_expired(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    login(make_user(Role.CASEWORKER, municipality))
    with client.session_transaction() as session:
        del session["seen"]
    assert client.get("/profile").status_code == 302


def test_a_cookie_copied_before_logout_stops_working(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality, app: Flask
) -> None:
    login(make_user(Role.CASEWORKER, municipality))
    copied = client.get_cookie("bolig_session")
    assert copied is not None
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    thief = app.test_client()
    thief.set_cookie("bolig_session", copied.value)
    assert thief.get("/profile").status_code == 302


def test_stopping_a_user_ends_their_sessions_at_once(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality, app: Flask
) -> None:
    worker = make_user(Role.CASEWORKER, municipality)
    login(worker)
    admin_client = app.test_client()
    from tests.conftest import log_in

    log_in(admin_client, make_user(Role.ADMIN, municipality))
    admin_client.post(
        f"/admin/users/{worker.id}/active", data={"active": "0", "csrf_token": csrf_token(admin_client, "/admin/users")}
    )
    assert client.get("/profile").status_code == 302
