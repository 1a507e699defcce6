"""Gather a municipality's places for a case and match them: one batch of queries, then the pure rules."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bolig.cases.models import Case
from bolig.cases.operations import household_of
from bolig.matching.rules import Candidate, Matches, match
from bolig.shelters.availability import get_shelters_availability, get_shelters_kinds, is_stale
from bolig.shelters.operations import shelters_of
from bolig.timeutil import parse_clock


def find_matches(case: Case, first_night: date, nights: int, *, now: datetime) -> Matches:
    """Every place of the case's municipality that fits the household on these nights, best first, and why not."""
    span = [first_night + timedelta(days=n) for n in range(nights)]
    origin = (case.latitude, case.longitude) if case.latitude is not None and case.longitude is not None else None
    previous = next((hold.shelter_id for hold in reversed(case.holds)), None)
    candidates = gather_candidates(case.municipality_id, span, now=now)
    return match(household_of(case), candidates, span, origin=origin, previous_shelter_id=previous)


def gather_candidates(municipality_id: int, span: list[date], *, now: datetime) -> list[Candidate]:
    """Every category of the municipality's active shelters, with its free places on each night: three queries."""
    shelters = [shelter for shelter in shelters_of(municipality_id) if shelter.active]
    ids = [shelter.id for shelter in shelters]
    availability = get_shelters_availability(ids, span, now=now)
    kinds = get_shelters_kinds(ids, span[0])
    return [
        Candidate(
            shelter_id=shelter.id,
            shelter_name=shelter.name,
            category_id=category.id,
            category_code=category.code,
            kind=category.kind,
            quality=kinds[shelter.id].is_quality,
            free_by_night={night: availability[category.id, night].free for night in span},
            latitude=shelter.latitude,
            longitude=shelter.longitude,
            gender_policy=category.gender_policy,
            children_allowed=category.children_allowed,
            wheelchair_accessible=category.wheelchair_accessible,
            pets_allowed=category.pets_allowed,
            substance_free=category.substance_free,
            minimum_age=category.minimum_age,
            protected=shelter.protected,
            kind_reason=str(kinds[shelter.id].reason),
            kind_reason_on=kinds[shelter.id].on,
            reported_at=availability[category.id, span[0]].reported_at,
            stale=is_stale(
                availability[category.id, span[0]].reported_at,
                span[0],
                now,
                parse_clock(str(shelter.municipality.setting("capacity_stale_after"))),
            ),
        )
        for shelter in shelters
        for category in shelter.categories
    ]
