"""The audit log records who did what from where, and nothing can change or delete a line of it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from bolig.audit.models import AuditEvent
from bolig.audit.operations import AuditLogIsAppendOnly, origin, record
from bolig.auth.models import Role, User
from bolig.db import db
from bolig.municipalities.models import Municipality
from tests.factories import make_user


def test_record_keeps_actor_object_client_time_and_address(municipality: Municipality) -> None:
    actor = make_user(Role.CASEWORKER, municipality)
    with origin("10.1.2.3"):
        event = record(actor, "case.read", actor, client_id=42, details={"why": "test"})
    db.session.flush()
    assert (event.actor_id, event.actor_label, event.action) == (actor.id, actor.email, "case.read")
    assert (event.object_type, event.object_id, event.client_id) == ("User", str(actor.id), 42)
    assert event.municipality_id == municipality.id
    assert event.address == "10.1.2.3"
    assert event.at is not None


def test_the_orm_refuses_to_change_or_delete_an_event(municipality: Municipality) -> None:
    event = record(None, "test", municipality)
    db.session.flush()
    event.action = "rewritten"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()


@pytest.mark.parametrize("statement", ["update", "delete"])
def test_the_database_refuses_to_change_or_delete_an_event(municipality: Municipality, statement: str) -> None:
    event = record(None, "test", municipality)
    db.session.flush()
    change = (
        update(AuditEvent).where(AuditEvent.id == event.id).values(action="rewritten")
        if statement == "update"
        else delete(AuditEvent).where(AuditEvent.id == event.id)
    )
    with pytest.raises(DBAPIError, match="append-only"), db.session.begin_nested():
        db.session.execute(change)
    assert (
        db.session.execute(text("SELECT action FROM audit_events WHERE id = :id"), {"id": event.id}).scalar() == "test"
    )


def test_a_request_records_the_client_address(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    user = make_user(Role.CASEWORKER, municipality)
    client.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    login(user)
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.actor_id == user.id)).one()
    assert (event.action, event.address) == ("auth.login", "192.0.2.7")


def test_supervisor_reads_the_log_of_the_own_municipality_and_the_read_is_logged(
    client: FlaskClient,
    login: Callable[[User], FlaskClient],
    municipality: Municipality,
    other_municipality: Municipality,
) -> None:
    supervisor = make_user(Role.SUPERVISOR, municipality)
    make_user(Role.CASEWORKER, other_municipality, email="elsewhere@bergen.no")
    login(supervisor)
    page = client.get("/audit")
    assert page.status_code == 200
    assert "auth.login" in page.text
    assert "elsewhere@bergen.no" not in page.text
    reads = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "audit.read")).all()
    assert [event.actor_id for event in reads] == [supervisor.id]


def test_no_route_changes_or_deletes_audit_events(client: FlaskClient) -> None:
    from flask import current_app

    for rule in current_app.url_map.iter_rules():
        assert "audit" not in rule.rule or (rule.methods is not None and rule.methods <= {"GET", "HEAD", "OPTIONS"})


def test_emptying_the_whole_table_is_refused_too(municipality: Municipality) -> None:
    record(None, "test", municipality)
    db.session.flush()
    # PostgreSQL's TRUNCATE skips row triggers; SQLite's equivalent is a DELETE without WHERE.
    statement = (
        "TRUNCATE audit_events CASCADE"
        if db.session.get_bind().dialect.name == "postgresql"
        else "DELETE FROM audit_events"
    )
    with pytest.raises(DBAPIError, match="append-only"), db.session.begin_nested():
        db.session.execute(text(statement))


def test_the_append_only_triggers_exist_after_every_migration(municipality: Municipality) -> None:
    dialect = db.session.get_bind().dialect.name
    query = (
        "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'audit_events'::regclass AND NOT tgisinternal"
        if dialect == "postgresql"
        else "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'"
    )
    assert db.session.execute(text(query)).scalar() == 2  # PostgreSQL: rows and TRUNCATE; SQLite: UPDATE and DELETE
