"""What a municipality does: come into being, get offices, set its own practice."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from bolig.audit.operations import record
from bolig.auth.models import User
from bolig.db import db
from bolig.municipalities.models import APPEAL_BODIES, DEFAULT_SETTINGS, Municipality, Office
from bolig.municipalities.settings import current, read_settings, stored


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


def update_settings(municipality: Municipality, values: Mapping[str, Any], *, actor: User) -> list[str]:
    """Set the municipality's own practice (R17); the keys whose value changed. A value equal to bolig's default
    is not stored, so the municipality follows the default. All or nothing: InvalidInput names each refused."""
    read = read_settings(values)
    changed = sorted(key for key, value in read.items() if current(municipality, key) != value)
    if changed:
        # What each was and became, so the log shows, say, the retention period the destruction job went by
        # (R28); a letter text's wording is in the letters it went into.
        values_changed = {key: [current(municipality, key), read[key]] for key in changed if key in DEFAULT_SETTINGS}
        own = dict(municipality.settings or {})
        for key in changed:
            own = stored(own, key, read[key])
        municipality.settings = own  # a new dict, so the change is seen and renews the availability token
        details = {"changed": changed, "values": values_changed}
        record(actor, "municipality.settings", municipality, municipality_id=municipality.id, details=details)
    return changed
