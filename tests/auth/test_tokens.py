"""API tokens: made on the profile page or by the CLI, shown once, stored hashed, revocable."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from bolig.auth.models import ApiToken, Role, User
from bolig.auth.operations import create_token
from bolig.db import db
from bolig.municipalities.models import Municipality
from tests.conftest import csrf_token
from tests.factories import make_user


def test_token_from_the_profile_page_works_once_shown_and_is_stored_hashed(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    user = make_user(Role.OPERATOR, municipality)
    login(user)
    page = client.post("/profile/tokens", data={"name": "Booking system", "csrf_token": csrf_token(client, "/profile")})
    assert page.status_code == 200
    match = re.search(r'id="new-token">(bolig_[^<]+)<', page.text)
    assert match
    plaintext = match.group(1)
    stored = db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)).one()
    assert stored.token_hash == hashlib.sha256(plaintext.encode()).hexdigest()
    assert plaintext not in client.get("/profile").text  # never shown again

    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {plaintext}"})
    assert me.status_code == 200
    assert me.json is not None
    assert me.json["email"] == user.email
    db.session.refresh(stored)
    assert stored.last_used_at is not None


def test_a_token_needs_a_name(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    user = make_user(Role.OPERATOR, municipality)
    login(user)
    page = client.post("/profile/tokens", data={"name": "  ", "csrf_token": csrf_token(client, "/profile")})
    assert page.status_code == 422
    assert "Gi nøkkelen et navn" in page.text
    assert db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)).all() == []


def test_a_revoked_token_stops_working(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    user = make_user(Role.CASEWORKER, municipality)
    token, plaintext = create_token(user, "laptop", actor=user)
    login(user)
    response = client.post(f"/profile/tokens/{token.id}/revoke", data={"csrf_token": csrf_token(client, "/profile")})
    assert response.status_code == 302
    denied = client.get("/api/v1/me", headers={"Authorization": f"Bearer {plaintext}"})
    assert denied.status_code == 401
    assert denied.json is not None
    assert denied.json["error"]["code"] == "unauthorized"


def test_another_users_token_cannot_be_revoked(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    owner = make_user(Role.CASEWORKER, municipality)
    token, _ = create_token(owner, "theirs", actor=owner)
    login(make_user(Role.CASEWORKER, municipality))
    response = client.post(f"/profile/tokens/{token.id}/revoke", data={"csrf_token": csrf_token(client, "/profile")})
    assert response.status_code == 404
    db.session.refresh(token)
    assert token.revoked_at is None


def test_a_deactivated_users_token_stops_working(client: FlaskClient, municipality: Municipality) -> None:
    user = make_user(Role.CASEWORKER, municipality)
    _, plaintext = create_token(user, "laptop", actor=user)
    user.active = False
    db.session.flush()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {plaintext}"}).status_code == 401


def test_api_without_a_bearer_token_answers_401_json(client: FlaskClient, app: Flask) -> None:
    for headers in ({}, {"Authorization": "Basic dXNlcjpwYXNz"}, {"Authorization": "Bearer bolig_nonsense"}):
        response = client.get("/api/v1/me", headers=headers)
        assert response.status_code == 401
        assert response.json is not None
        assert set(response.json["error"]) == {"code", "message"}


def test_api_ignores_a_logged_in_session(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    # The API is CSRF-exempt, so it must never act on the session cookie a browser sends along.
    login(make_user(Role.CASEWORKER, municipality))
    assert client.get("/api/v1/me").status_code == 401


def test_unknown_api_path_answers_json_404(client: FlaskClient, app: Flask) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json is not None
    assert response.json["error"]["code"] == "not_found"


def test_cli_prints_a_working_token(app: Flask, client: FlaskClient, municipality: Municipality) -> None:
    user = make_user(Role.SUPERVISOR, municipality)
    runner: FlaskCliRunner = app.test_cli_runner()
    result = runner.invoke(args=["users", "token", user.email, "--name", "reporting"])
    assert result.exit_code == 0, result.output
    plaintext = result.output.strip()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {plaintext}"}).status_code == 200


def test_cli_token_for_an_unknown_user_fails_clearly(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["users", "token", "nobody@nowhere.no"])
    assert result.exit_code == 1
    assert "no user nobody@nowhere.no" in result.output
