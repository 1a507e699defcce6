"""Factories: build what a test needs through the same operations the app uses."""

from __future__ import annotations

import itertools

from bolig.auth.models import Role, User
from bolig.auth.operations import create_user
from bolig.db import db
from bolig.municipalities.models import Municipality
from bolig.municipalities.operations import create_municipality, create_office, get_municipality

PASSWORD = "correct horse battery"
_counter = itertools.count(1)

KNOWN = {"0301": ("Oslo", "Oslo"), "4601": ("Bergen", "Vestland"), "5001": ("Trondheim", "Trøndelag")}


def make_municipality(number: str = "0301") -> Municipality:
    existing = get_municipality(number)
    if existing is not None:
        return existing
    name, county = KNOWN.get(number, (f"Kommune {number}", "Innlandet"))
    municipality = create_municipality(number, name, county, actor=None)
    create_office(municipality, f"NAV {name}", actor=None)
    return municipality


def make_user(role: Role = Role.CASEWORKER, municipality: Municipality | None = None, **kwargs: object) -> User:
    municipality = municipality or make_municipality()
    n = next(_counter)
    user = create_user(
        str(kwargs.pop("email", f"{role.value}{n}@{municipality.number}.test.no")),
        str(kwargs.pop("name", f"Test {role.value.title()} {n}")),
        role,
        municipality,
        password=str(kwargs.pop("password", PASSWORD)),
        actor=None,
        **kwargs,  # type: ignore[arg-type]
    )
    db.session.flush()
    return user
