"""The logged-read floor the match benchmark measures does what any read of a case must: check the token and the
role, keep to the user's municipality and log the read (R24); else its figure would be no floor."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.exceptions import NotFound, Unauthorized

from bench.load import logged_read_floor
from bolig.audit.models import AuditEvent
from bolig.auth.models import Role
from bolig.auth.operations import create_token, revoke_token
from bolig.db import db
from bolig.municipalities.models import Municipality
from tests.factories import make_case, make_user


def test_the_floor_logs_the_read_with_the_client(app: Flask, municipality: Municipality) -> None:
    worker = make_user(Role.CASEWORKER, municipality)
    case = make_case(municipality, worker=worker)
    plaintext = create_token(worker, "bench", actor=worker)[1]
    with app.test_request_context(headers={"Authorization": f"Bearer {plaintext}"}):
        assert logged_read_floor(case.id) == "ok"
    read = select(AuditEvent).where(AuditEvent.action == "case.read", AuditEvent.object_id == str(case.id))
    logged = list(db.session.scalars(read))
    assert [(e.actor_id, e.client_id, e.municipality_id) for e in logged] == [
        (worker.id, case.client_id, municipality.id)
    ]


def test_the_floor_refuses_another_municipalitys_case_a_role_that_reads_none_and_a_revoked_token(
    app: Flask, municipality: Municipality, other_municipality: Municipality
) -> None:
    worker = make_user(Role.CASEWORKER, municipality)
    theirs = make_case(other_municipality)
    token, plaintext = create_token(worker, "bench", actor=worker)
    with app.test_request_context(headers={"Authorization": f"Bearer {plaintext}"}), pytest.raises(NotFound):
        logged_read_floor(theirs.id)
    operator = make_user(Role.OPERATOR, municipality)
    theirs_to_run = create_token(operator, "bench", actor=operator)[1]
    with app.test_request_context(headers={"Authorization": f"Bearer {theirs_to_run}"}), pytest.raises(NotFound):
        logged_read_floor(make_case(municipality).id)
    revoke_token(token, actor=worker)
    mine = make_case(municipality, worker=worker)
    with app.test_request_context(headers={"Authorization": f"Bearer {plaintext}"}), pytest.raises(Unauthorized):
        logged_read_floor(mine.id)
