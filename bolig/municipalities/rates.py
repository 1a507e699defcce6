"""Veiledende satser (R32): what a household needs to live on each month by the rates in force on a day, the
state's or the municipality's own, kept as versions with the day each takes effect; the latest applies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from bolig.audit.operations import record
from bolig.auth.models import User
from bolig.db import db
from bolig.errors import InvalidInput
from bolig.forms import kroner
from bolig.matching.rules import Household
from bolig.municipalities.models import RATE_MEMBERS, GuidelineRates, Municipality

MAX_RATE = 100_000
MAX_SOURCE = 200
COUPLE = 2
# What each rate is for, as the rates are published (R32).
MEMBER_LABELS = {
    "single_adult": _l("Single adult"),
    "couple": _l("Couple"),
    "shared_housing": _l("Person sharing a home"),
    "child_0_5": _l("Child aged 0–5"),
    "child_6_10": _l("Child aged 6–10"),
    "child_11_17": _l("Child aged 11–17"),
}
# The age bands of the rates for children (R32); from 18 a person counts as an adult.
CHILD_BANDS = ((5, "child_0_5"), (10, "child_6_10"), (17, "child_11_17"))


@dataclass(frozen=True)
class Guideline:
    """One household's monthly amount by one version of the rates, and what it is made of: (member, count, sum)."""

    rates: GuidelineRates
    parts: tuple[tuple[str, int, int], ...]

    @property
    def total(self) -> int:
        return sum(amount for _member, _count, amount in self.parts)


def rates_on(municipality: Municipality, day: date) -> GuidelineRates | None:
    """The rates in force on the day: the latest version by then, the state's or the municipality's own; on the
    same day, the municipality's own. New state rates replace a municipality's own from their day, unless it sets
    its own again."""
    query = (
        select(GuidelineRates)
        .where(
            or_(GuidelineRates.municipality_id == municipality.id, GuidelineRates.municipality_id.is_(None)),
            GuidelineRates.valid_from <= day,
        )
        .order_by(GuidelineRates.valid_from.desc(), GuidelineRates.municipality_id.is_(None))
        .limit(1)
    )
    return db.session.scalar(query)


def rate_versions(municipality: Municipality) -> list[GuidelineRates]:
    """Every version that has applied or will apply to the municipality, its own and the state's, latest first."""
    query = (
        select(GuidelineRates)
        .where(or_(GuidelineRates.municipality_id == municipality.id, GuidelineRates.municipality_id.is_(None)))
        .order_by(GuidelineRates.valid_from.desc(), GuidelineRates.municipality_id.is_(None))
    )
    return list(db.session.scalars(query))


def guideline(household: Household, rates: GuidelineRates) -> Guideline:
    """The household's monthly amount: one adult alone, two as a couple, each further adult as a person sharing a
    home; each child by age. [P] The household records adults by number only, so two adults count as a couple."""
    members: dict[str, int] = {}
    if household.adults == 1:
        members["single_adult"] = 1
    elif household.adults >= COUPLE:
        members["couple"] = 1
        members["shared_housing"] = household.adults - COUPLE
    for age in household.children_ages:
        member = next((name for top, name in CHILD_BANDS if age <= top), "shared_housing")
        members[member] = members.get(member, 0) + 1
    parts = tuple(
        (member, members[member], members[member] * rates.amount(member))
        for member in RATE_MEMBERS
        if members.get(member)
    )
    return Guideline(rates, parts)


def add_rates(municipality: Municipality, values: Mapping[str, Any], *, actor: User, now: datetime) -> GuidelineRates:
    """The municipality's own rates from a day (R32: the state's are guidance, a municipality may set its own).
    Each amount is whole kroner a month; one version a day."""
    errors: dict[str, str] = {}
    try:
        valid_from = date.fromisoformat(str(values.get("valid_from", "")).strip())
    except ValueError:
        errors["valid_from"] = str(_l("Write the date as YYYY-MM-DD."))
    else:
        taken = select(GuidelineRates.id).where(
            GuidelineRates.municipality_id == municipality.id, GuidelineRates.valid_from == valid_from
        )
        if db.session.scalar(taken) is not None:
            errors["valid_from"] = str(_l("The municipality has rates from that day already."))
    amounts: dict[str, int] = {}
    for member in RATE_MEMBERS:
        amount = kroner(str(values.get(member, "")))
        if amount is None or amount > MAX_RATE:
            errors[member] = str(_l("Write whole kroner a month, up to 100 000."))
        else:
            amounts[member] = amount
    source = " ".join(str(values.get("source", "")).split())
    if len(source) > MAX_SOURCE:
        errors["source"] = str(_l("Write at most %(most)d characters.", most=MAX_SOURCE))
    if errors:
        raise InvalidInput(errors)
    rates = GuidelineRates(
        municipality_id=municipality.id,
        valid_from=valid_from,
        source=source,
        created_at=now,
        created_by_id=actor.id,
        **amounts,
    )
    db.session.add(rates)
    db.session.flush()
    record(
        actor, "guideline_rates.create", rates, municipality_id=municipality.id, details={"valid_from": str(valid_from)}
    )
    return rates
