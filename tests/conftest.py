"""The test harness: every database-backed test runs on SQLite and on PostgreSQL, in a rolled-back transaction."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher, profiles
from flask import Flask, has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from werkzeug.test import TestResponse

from bolig import create_app
from bolig.auth import operations as auth_operations
from bolig.auth.models import Role, User
from bolig.db import db
from bolig.extensions import limiter
from bolig.municipalities.models import Municipality
from tests.databases import KINDS, POSTGRES_URL, fresh_database
from tests.factories import PASSWORD, make_municipality, make_user

# Strong hashing costs a tenth of a second a password; tests hash hundreds.
auth_operations._hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)


def _database_params() -> list[object]:
    skip_pg = pytest.mark.skipif(not POSTGRES_URL, reason="set BOLIG_TEST_POSTGRES_URL to test on PostgreSQL")
    return [kind if kind == "sqlite" else pytest.param(kind, marks=skip_pg) for kind in KINDS]


@pytest.fixture(scope="session", params=_database_params())
def database_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


class IsolatedClient(FlaskClient):
    """A test client whose every request has its own app context, as in production.

    The test itself holds an app context for its factories; without this, requests would share its
    `g` and its database session, hiding what a fresh request would not see.
    """

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:  # type: ignore[override]
        if has_app_context():
            # What the test made so far is committed first: a request only ever sees committed work.
            db.session.commit()
        with self.application.app_context():
            return super().open(*args, **kwargs)


def make_test_app(database_url: str, instance: Path, **config: object) -> Flask:
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret",
            "RATELIMIT_STORAGE_URI": "memory://",
            # A test's work shares one connection, in one rolled-back transaction: one sender at a time.
            # The scheduler tests run real processes with the default several.
            "SMS_SENDERS": 1,
            **config,
        }
    )
    app.instance_path = str(instance)
    app.test_client_class = IsolatedClient
    with app.app_context():
        upgrade(directory=str(app.config["MIGRATIONS_DIR"]))
    return app


@pytest.fixture(scope="session")
def app(database_kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    folder = tmp_path_factory.mktemp(database_kind)
    with fresh_database(database_kind, folder) as url:
        app = make_test_app(url, folder)
        yield app
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(autouse=True)
def _rolled_back(request: pytest.FixtureRequest) -> Iterator[None]:
    """Each database test runs inside one transaction that is rolled back after it."""
    if "app" not in request.fixturenames:
        yield
        return
    app: Flask = request.getfixturevalue("app")
    with app.app_context():
        engines = db.engines
        engine = engines[None]
        connection = engine.connect()
        outer = connection.begin()
        engines[None] = connection  # type: ignore[assignment]
        db.session.remove()
        db.session.session_factory.configure(join_transaction_mode="create_savepoint")
        limiter.reset()
        try:
            yield
        finally:
            db.session.remove()
            outer.rollback()
            connection.close()
            engines[None] = engine


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A client that, unlike pytest-flask's, keeps no request context alive between requests."""
    return app.test_client()


@pytest.fixture
def municipality(app: Flask) -> Municipality:
    return make_municipality("0301")


@pytest.fixture
def other_municipality(app: Flask) -> Municipality:
    return make_municipality("4601")


@pytest.fixture
def users(municipality: Municipality) -> dict[Role, User]:
    """One user of each role in Oslo."""
    return {role: make_user(role, municipality) for role in Role}


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    """The CSRF token a form on this page carries, as a browser would read it."""
    match = re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', client.get(path).text)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def log_in(client: FlaskClient, user: User, password: str = PASSWORD) -> FlaskClient:
    """Log a client in as a user through the real login form."""
    response = client.post("/login", data={"email": user.email, "password": password, "csrf_token": csrf_token(client)})
    assert response.status_code == 302, response.text
    return client


@pytest.fixture
def login(client: FlaskClient) -> Callable[[User], FlaskClient]:
    """Log the test's client in as a user."""
    return lambda user: log_in(client, user)
