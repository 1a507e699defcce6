"""`flask seed demo` builds the demo through the operations and can run any number of times."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select

from bolig.audit.models import AuditEvent
from bolig.auth.models import Role, User
from bolig.auth.operations import authenticate
from bolig.db import db
from bolig.municipalities.models import Municipality, Office
from seed.demo import DEMO_PASSWORD, MUNICIPALITIES, demo_email


def counts() -> tuple[int, int, int]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(model)) or 0 for model in (Municipality, Office, User)
    )  # type: ignore[return-value]


def test_seed_loads_four_municipalities_with_a_user_per_role_and_is_idempotent(app: Flask) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed", "demo"])
    assert first.exit_code == 0, first.output
    assert "saksbehandler.oslo@demo.bolig.no" in first.output
    assert counts() == (4, 4, 16)
    numbers = set(db.session.scalars(select(Municipality.number)))
    assert numbers == {"0301", "4601", "5001", "4204"}
    assert runner.invoke(args=["seed", "demo"]).exit_code == 0
    assert counts() == (4, 4, 16)
    for place in MUNICIPALITIES:
        for role in Role:
            user = authenticate(demo_email(role, place.slug), DEMO_PASSWORD)
            assert user is not None
            assert (user.role, user.municipality.number) == (role.value, place.number)


def test_seed_goes_through_the_operations(app: Flask) -> None:
    app.test_cli_runner().invoke(args=["seed", "demo"])
    created = db.session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == "user.create", AuditEvent.address == "seed")
    )
    assert created == 16
