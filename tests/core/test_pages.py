"""What every page shares: security headers, language, friendly errors, health."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient

from bolig import PROJECT_ROOT, create_app
from bolig.auth.models import Role, User
from bolig.auth.operations import create_token
from bolig.municipalities.models import Municipality
from tests.conftest import csrf_token, make_test_app
from tests.factories import make_user


def test_every_response_carries_the_security_headers(client: FlaskClient) -> None:
    for path in ("/login", "/healthz", "/no-such-page", "/api/v1/me"):
        headers = client.get(path).headers
        policy = headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy
        assert "script-src 'self'" in policy
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert "Strict-Transport-Security" not in headers


def test_hsts_is_sent_over_https(client: FlaskClient) -> None:
    response = client.get("/login", base_url="https://bolig.example.no")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_pages_about_people_are_not_cached(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    login(make_user(Role.CASEWORKER, municipality))
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_language_switch_to_english_and_back(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    login(make_user(Role.CASEWORKER, municipality, name="Sara Hansen"))
    assert "Hei, Sara" in client.get("/").text
    token = csrf_token(client, "/")
    response = client.post("/language", data={"lang": "en", "next": "/", "csrf_token": token})
    assert response.headers["Location"] == "/"
    page = client.get("/").text
    assert '<html lang="en"' in page
    assert "Hello, Sara" in page
    client.post("/language", data={"lang": "nb", "next": "/", "csrf_token": token})
    assert "Hei, Sara" in client.get("/").text


def test_unknown_language_changes_nothing(client: FlaskClient, app: Flask) -> None:
    client.post("/language", data={"lang": "xx", "csrf_token": csrf_token(client)})
    assert '<html lang="nb"' in client.get("/login").text


def test_the_chosen_language_survives_login_and_logout(client: FlaskClient, municipality: Municipality) -> None:
    user = make_user(Role.CASEWORKER, municipality)
    client.post("/language", data={"lang": "en", "csrf_token": csrf_token(client)})
    client.post(
        "/login", data={"email": user.email, "password": "correct horse battery", "csrf_token": csrf_token(client)}
    )
    assert '<html lang="en"' in client.get("/").text
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    assert "You are logged out." in client.get("/login").text


def test_unknown_page_is_a_friendly_404_in_the_users_language(client: FlaskClient, app: Flask) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Fant ikke siden" in response.text
    client.post("/language", data={"lang": "en", "csrf_token": csrf_token(client)})
    assert "Page not found" in client.get("/no-such-page").text


def test_an_unexpected_error_is_a_friendly_500(tmp_path: Path) -> None:
    app = make_test_app(f"sqlite:///{tmp_path / 'crash.db'}", tmp_path, PROPAGATE_EXCEPTIONS=False)

    @app.get("/crash")
    def crash() -> str:
        raise RuntimeError("boom")

    response = app.test_client().get("/crash")
    assert response.status_code == 500
    assert "Noe gikk galt hos oss. Ingenting ble lagret." in response.text
    assert "boom" not in response.text


def test_readyz_is_503_when_the_database_is_unreachable(tmp_path: Path) -> None:
    # Nothing listens on port 1 of the loopback: the connection is refused at once.
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": "postgresql://postgres@127.0.0.1:1/none"})
    app.instance_path = str(tmp_path)
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "database": "unreachable"}


def test_every_text_in_the_code_has_a_bokmal_translation(tmp_path: Path) -> None:
    pot = tmp_path / "messages.pot"
    command = [sys.executable, "-c", "from babel.messages.frontend import main; main()", "extract"]
    subprocess.run(
        [*command, "-F", "babel.cfg", "-k", "_l", "-o", str(pot), "."],
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as template:
        wanted = {message.id for message in read_po(template) if message.id}
    with (PROJECT_ROOT / "bolig/translations/nb/LC_MESSAGES/messages.po").open("rb") as catalog_file:
        catalog = read_po(catalog_file, locale="nb")
    translated = {
        message.id
        for message in catalog
        if message.id
        and not message.fuzzy
        and all(message.string if isinstance(message.string, tuple) else [message.string])
    }
    assert sorted(map(str, wanted - translated)) == [], "run `make messages` and translate what is new"


def test_a_server_database_needs_a_shared_secret_key(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="BOLIG_SECRET_KEY"):
        create_app({"DATABASE_URL": "postgresql://postgres@127.0.0.1:1/none", "SECRET_KEY": ""})


def test_freshness_reads_as_time_ago(app: Flask) -> None:
    from bolig.db import utcnow
    from bolig.web import ago

    with app.test_request_context():
        assert ago(utcnow()) == "akkurat nå"
        assert ago(utcnow() - timedelta(hours=3)) == "for 3 timer siden"


def test_the_accessibility_page_is_open_to_anyone_and_linked_from_every_page(
    client: FlaskClient, app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R29: a published accessibility statement, reachable from every page."""
    login_page = client.get("/login").text
    assert '<a class="ds-link" href="/accessibility">Tilgjengelighet</a>' in login_page
    page = client.get("/accessibility")
    assert page.status_code == 200
    assert "WCAG 2.1" in page.text
    assert "Meld fra om en barriere til NAV-kontoret ditt." in page.text
    assert 'href="https://www.uustatus.no/"' in page.text
    monkeypatch.setitem(app.config, "ACCESSIBILITY_STATEMENT_URL", "https://uustatus.no/nb/erklaringer/publisert/1234")
    monkeypatch.setitem(app.config, "ACCESSIBILITY_CONTACT", "uu@kommune.no")
    text = client.get("/accessibility").text
    assert "Meld fra om en barriere til uu@kommune.no." in text
    assert 'href="https://uustatus.no/nb/erklaringer/publisert/1234"' in text


def test_a_nul_character_is_refused_before_anything_is_saved(client: FlaskClient, municipality: Municipality) -> None:
    """PostgreSQL cannot store NUL in text; it is refused with a message, on a form and on the API alike."""
    token = csrf_token(client, "/login")
    response = client.post("/login", data={"email": "kari\x00@nav.no", "password": "x", "csrf_token": token})
    assert response.status_code == 400
    assert "Teksten har et tegn som ikke kan lagres (NUL)." in response.text
    worker = make_user(Role.CASEWORKER, municipality)
    headers = {"Authorization": f"Bearer {create_token(worker, 'test', actor=worker)[1]}"}
    body = {"client": {"name": "Kari\u0000"}, "location": {"lat": 59.91, "lon": 10.75}}
    answer = client.post("/api/v1/cases", json=body, headers=headers)
    assert answer.status_code == 400
    assert answer.json is not None
    assert answer.json["error"]["message"].startswith("Teksten har et tegn som ikke kan lagres")
    assert client.get("/login?next=%00").status_code == 400
    # However deep the nesting, the check itself never fails.
    deep = client.post("/api/v1/cases", data="[" * 5000 + "]" * 5000, headers=headers, content_type="application/json")
    assert deep.status_code == 400
