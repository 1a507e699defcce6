"""Creating and stopping staff users: on the admin page and with `flask users create`."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from bolig.audit.models import AuditEvent
from bolig.auth.models import Role, User
from bolig.auth.operations import authenticate, create_user, get_user_by_email
from bolig.db import db
from bolig.errors import InvalidInput
from bolig.municipalities.models import Municipality
from bolig.shelters.models import Shelter
from tests.conftest import csrf_token
from tests.factories import PASSWORD, make_user


def test_admin_adds_a_user_who_can_then_log_in(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    admin = make_user(Role.ADMIN, municipality)
    login(admin)
    form = {"name": "Kari Nordmann", "email": "kari@nav.no", "role": "caseworker", "password": "a long first password"}
    response = client.post("/admin/users", data={**form, "csrf_token": csrf_token(client, "/admin/users")})
    assert response.status_code == 302
    user = get_user_by_email("kari@nav.no")
    assert user is not None
    assert user.municipality_id == municipality.id
    assert authenticate("kari@nav.no", "a long first password") is not None
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "user.create")).all()[-1]
    assert event.actor_id == admin.id


def test_bad_user_input_is_explained_and_nothing_is_created(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    login(make_user(Role.ADMIN, municipality))
    form = {"name": "Kari", "email": "not-an-address", "role": "caseworker", "password": "short"}
    response = client.post("/admin/users", data={**form, "csrf_token": csrf_token(client, "/admin/users")})
    assert response.status_code == 422
    assert "Skriv inn en e-postadresse, for eksempel navn@eksempel.no." in response.text
    assert "Passordet må ha minst 12 tegn." in response.text
    assert get_user_by_email("not-an-address") is None


def test_admin_stops_and_restores_access(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    login(make_user(Role.ADMIN, municipality))
    worker = make_user(Role.CASEWORKER, municipality)
    token = csrf_token(client, "/admin/users")
    assert client.post(f"/admin/users/{worker.id}/active", data={"active": "0", "csrf_token": token}).status_code == 302
    db.session.refresh(worker)
    assert not worker.active
    assert authenticate(worker.email, PASSWORD) is None
    client.post(f"/admin/users/{worker.id}/active", data={"active": "1", "csrf_token": token})
    db.session.refresh(worker)
    assert worker.active


def test_admin_cannot_lock_themselves_out(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    admin = make_user(Role.ADMIN, municipality)
    login(admin)
    client.post(
        f"/admin/users/{admin.id}/active", data={"active": "0", "csrf_token": csrf_token(client, "/admin/users")}
    )
    db.session.refresh(admin)
    assert admin.active
    assert "Du kan ikke stoppe din egen tilgang." in client.get("/admin/users").text


def test_user_list_shows_only_the_own_municipality(
    client: FlaskClient,
    login: Callable[[User], FlaskClient],
    municipality: Municipality,
    other_municipality: Municipality,
) -> None:
    login(make_user(Role.ADMIN, municipality))
    mine = make_user(Role.CASEWORKER, municipality)
    theirs = make_user(Role.CASEWORKER, other_municipality)
    page = client.get("/admin/users").text
    assert mine.email in page
    assert theirs.email not in page


def test_only_operators_act_for_shelters(municipality: Municipality, other_municipality: Municipality) -> None:
    shelter = Shelter(municipality=municipality, name="Ila")
    foreign = Shelter(municipality=other_municipality, name="Elsewhere")
    db.session.add_all([shelter, foreign])
    db.session.flush()
    with pytest.raises(InvalidInput) as refused:
        create_user("c@nav.no", "C", Role.CASEWORKER, municipality, password=PASSWORD, shelters=[shelter], actor=None)
    assert set(refused.value.errors) == {"shelters"}
    with pytest.raises(InvalidInput):
        create_user("o@nav.no", "O", Role.OPERATOR, municipality, password=PASSWORD, shelters=[foreign], actor=None)
    operator = create_user(
        "o@nav.no", "O", Role.OPERATOR, municipality, password=PASSWORD, shelters=[shelter], actor=None
    )
    assert operator.shelters == [shelter]


def test_cli_creates_a_user_for_a_municipality(app: Flask, municipality: Municipality) -> None:
    shelter = Shelter(municipality=municipality, name="Ila")
    db.session.add(shelter)
    db.session.flush()
    args = [
        "users",
        "create",
        "op@ila.no",
        "--role",
        "operator",
        "--municipality",
        "0301",
        "--shelter",
        str(shelter.id),
    ]
    result = app.test_cli_runner().invoke(args=[*args, "--password", "a long password here"])
    assert result.exit_code == 0, result.output
    user = get_user_by_email("op@ila.no")
    assert user is not None
    assert user.role == "operator"
    assert user.shelters == [shelter]
    assert authenticate("op@ila.no", "a long password here") is not None


def test_cli_generates_a_password_when_none_is_given(app: Flask, municipality: Municipality) -> None:
    result = app.test_cli_runner().invoke(
        args=["users", "create", "x@nav.no", "--role", "admin", "--municipality", "0301"]
    )
    assert result.exit_code == 0, result.output
    password = result.output.split("Password (shown once): ")[1].strip()
    assert authenticate("x@nav.no", password) is not None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "caseworker", "--municipality", "9999"], "no municipality 9999"),
        (["--role", "caseworker", "--municipality", "0301", "--shelter", "424242"], "no shelter 424242"),
        (["--role", "janitor", "--municipality", "0301"], "Invalid value for '--role'"),
        (["--role", "caseworker", "--municipality", "0301", "--password", "short"], "12"),
    ],
)
def test_cli_refuses_bad_input(app: Flask, municipality: Municipality, args: list[str], message: str) -> None:
    result = app.test_cli_runner().invoke(args=["users", "create", "bad@nav.no", *args])
    assert result.exit_code != 0
    assert message in result.output
    assert get_user_by_email("bad@nav.no") is None
