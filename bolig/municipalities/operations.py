"""What a municipality does: come into being, get offices."""

from __future__ import annotations

import re

from sqlalchemy import select

from bolig.audit.operations import record
from bolig.auth.models import User
from bolig.db import db
from bolig.municipalities.models import APPEAL_BODIES, Municipality, Office


class MunicipalityError(ValueError):
    """Input a municipality cannot be made from."""


def get_municipality(number: str) -> Municipality | None:
    """The municipality with this four-digit kommunenummer, if any."""
    return db.session.scalar(select(Municipality).where(Municipality.number == number))


def create_municipality(number: str, name: str, county: str, *, actor: User | None) -> Municipality:
    """Register a municipality by its kommunenummer."""
    if not re.fullmatch(r"\d{4}", number):
        raise MunicipalityError(f"kommunenummer must be four digits, not {number!r}")
    if county not in APPEAL_BODIES:
        raise MunicipalityError(f"unknown county {county!r}")
    if get_municipality(number) is not None:
        raise MunicipalityError(f"municipality {number} exists already")
    municipality = Municipality(number=number, name=name, county=county, settings={})
    db.session.add(municipality)
    db.session.flush()
    record(actor, "municipality.create", municipality, municipality_id=municipality.id)
    return municipality


def create_office(
    municipality: Municipality, name: str, *, address: str = "", phone: str = "", actor: User | None
) -> Office:
    """Open a NAV office in a municipality."""
    office = Office(municipality=municipality, name=name, address=address, phone=phone)
    db.session.add(office)
    db.session.flush()
    record(actor, "office.create", office, municipality_id=municipality.id)
    return office
