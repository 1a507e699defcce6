"""Gather a municipality's places for a case and match them: one batch of queries, then the pure rules."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, select

from bolig.cases.models import Case
from bolig.cases.operations import household_of
from bolig.db import db
from bolig.matching.rules import Candidate, Matches, match
from bolig.municipalities.models import Municipality
from bolig.shelters.availability import get_shelters_availability, get_shelters_kinds, is_stale
from bolig.shelters.models import PlaceCategory, Shelter
from bolig.timeutil import parse_clock


def find_matches(case: Case, first_night: date, nights: int, *, now: datetime) -> Matches:
    """Every place of the case's municipality that fits the household on these nights, best first, and why not."""
    span = [first_night + timedelta(days=n) for n in range(nights)]
    origin = (case.latitude, case.longitude) if case.latitude is not None and case.longitude is not None else None
    previous = next((hold.shelter_id for hold in reversed(case.holds)), None)
    candidates = gather_candidates(case.municipality_id, span, now=now)
    return match(household_of(case), candidates, span, origin=origin, previous_shelter_id=previous)


def gather_candidates(municipality_id: int, span: list[date], *, now: datetime) -> list[Candidate]:
    """Every category of the municipality's active shelters, with its free places on each night: four queries.

    Shelters and categories are read as plain columns, one query, not as ORM objects: a big municipality has
    hundreds of categories, and loading them as objects costs more than the rest of the match.
    """
    rows = db.session.execute(_categories_query(), {"municipality_id": municipality_id}).all()
    ids = list(dict.fromkeys(row.shelter_id for row in rows))
    availability = get_shelters_availability(ids, span, now=now)
    kinds = get_shelters_kinds(ids, span[0])
    municipality = db.session.get_one(Municipality, municipality_id)
    stale_after = parse_clock(str(municipality.setting("capacity_stale_after")))
    candidates = []
    for row in rows:
        kind, first = kinds[row.shelter_id], availability[row.category_id, span[0]]
        candidates.append(
            Candidate(
                shelter_id=row.shelter_id,
                shelter_name=row.shelter_name,
                category_id=row.category_id,
                category_code=row.code,
                kind=row.kind,
                quality=kind.is_quality,
                free_by_night={night: availability[row.category_id, night].free for night in span},
                latitude=row.latitude,
                longitude=row.longitude,
                gender_policy=row.gender_policy,
                children_allowed=row.children_allowed,
                wheelchair_accessible=row.wheelchair_accessible,
                pets_allowed=row.pets_allowed,
                substance_free=row.substance_free,
                minimum_age=row.minimum_age,
                protected=row.protected,
                kind_reason=str(kind.reason),
                kind_reason_on=kind.on,
                reported_at=first.reported_at,
                stale=is_stale(first.reported_at, span[0], now, stale_after),
            )
        )
    return candidates


@cache
def _categories_query() -> Select[Any]:
    """The categories of a municipality's active shelters with their shelters' columns, by shelter name."""
    return (
        select(
            Shelter.id.label("shelter_id"),
            Shelter.name.label("shelter_name"),
            Shelter.latitude,
            Shelter.longitude,
            Shelter.protected,
            PlaceCategory.id.label("category_id"),
            PlaceCategory.code,
            PlaceCategory.kind,
            PlaceCategory.gender_policy,
            PlaceCategory.children_allowed,
            PlaceCategory.wheelchair_accessible,
            PlaceCategory.pets_allowed,
            PlaceCategory.substance_free,
            PlaceCategory.minimum_age,
        )
        .join(PlaceCategory, PlaceCategory.shelter_id == Shelter.id)
        .where(Shelter.municipality_id == bindparam("municipality_id"), Shelter.active)
        .order_by(Shelter.name, Shelter.id, PlaceCategory.id)
    )
