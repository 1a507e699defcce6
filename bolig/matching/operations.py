"""Gather a municipality's places for a case and match them: one batch of queries, then the pure rules.

The places gathered are kept per municipality and nights while nothing changes them: a change renews the
municipality's availability token (bolig.shelters.versions), and time alone changes them when a hold passes
its expiry or a count turns stale; so every search at night after the first in a municipality costs no
query beyond reading its case (the token comes with the case's municipality) instead of four big ones, and
answers exactly what those four would have answered when the case was read.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from flask import current_app
from sqlalchemy import Select, bindparam, func, select

from bolig.cases.models import Case, Hold, taking_places
from bolig.cases.operations import household_of
from bolig.db import db
from bolig.matching.rules import Candidate, Household, Matches, Sifted, rank, sift
from bolig.municipalities.models import Municipality
from bolig.shelters.availability import get_shelters_availability, get_shelters_kinds, is_stale
from bolig.shelters.models import PlaceCategory, Shelter
from bolig.shelters.versions import availability_version, has_unsaved_changes
from bolig.timeutil import oslo_moment, parse_clock

# Gathered places are also forgotten after this long, for changes made with SQL outside bolig.
CANDIDATES_KEPT = timedelta(minutes=1)
CANDIDATES_MUNICIPALITIES = 256  # (municipality, nights) pairs kept, least recently used forgotten first
HOUSEHOLDS_KEPT = 64  # kinds of household sifted per kept set of candidates


@dataclass(frozen=True)
class _Kept:
    version: int
    since: datetime  # gathered as of this moment
    until: datetime  # when time alone changes them: a hold's expiry, a count turning stale, or the limit
    candidates: tuple[Candidate, ...]
    nights: tuple[date, ...]
    # What each household's needs make of them: a night's searches are for a handful of kinds of household.
    sifted: dict[Household, Sifted] = field(default_factory=dict, compare=False)

    def sift(self, household: Household) -> Sifted:
        sifted = self.sifted.get(household)
        if sifted is None:
            sifted = sift(household, self.candidates, self.nights)
            if len(self.sifted) >= HOUSEHOLDS_KEPT:
                self.sifted.clear()
            self.sifted[household] = sifted
        return sifted


class CandidateCache:
    """The candidates last gathered per (municipality, nights), each good under one availability token."""

    def __init__(self, size: int = CANDIDATES_MUNICIPALITIES) -> None:
        self._size = size
        self._kept: OrderedDict[tuple[int, tuple[date, ...]], _Kept] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[int, tuple[date, ...]], version: int, now: datetime) -> _Kept | None:
        with self._lock:
            kept = self._kept.get(key)
            if kept is None or kept.version != version or not kept.since <= now < kept.until:
                return None
            self._kept.move_to_end(key)
            return kept

    def put(self, key: tuple[int, tuple[date, ...]], kept: _Kept) -> None:
        with self._lock:
            self._kept[key] = kept
            self._kept.move_to_end(key)
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()


@dataclass(frozen=True)
class Search:
    """What of a case a search needs: its municipality, household and needs, where they are, where they were.

    `availability_version` is the municipality's token as the case was read: places kept under it answer the
    search without asking the database again (None: ask).
    """

    municipality_id: int
    household: Household
    origin: tuple[float, float] | None
    previous_shelter_id: int | None
    availability_version: int | None = None

    @classmethod
    def of(cls, case: Case) -> Search:
        latitude, longitude = case.latitude, case.longitude
        return cls(
            municipality_id=case.municipality_id,
            household=household_of(case),
            origin=(latitude, longitude) if latitude is not None and longitude is not None else None,
            previous_shelter_id=next((hold.shelter_id for hold in reversed(case.holds)), None),
            availability_version=case.municipality.availability_version,
        )


def find_matches(case: Case | Search, first_night: date, nights: int, *, now: datetime) -> Matches:
    """Every place of the case's municipality that fits the household on these nights, best first, and why not."""
    search = case if isinstance(case, Search) else Search.of(case)
    span = [first_night + timedelta(days=n) for n in range(nights)]
    sifted = _kept(search.municipality_id, span, now=now, version=search.availability_version).sift(search.household)
    return rank(search.household, sifted, origin=search.origin, previous_shelter_id=search.previous_shelter_id)


def gather_candidates(municipality_id: int, span: list[date], *, now: datetime) -> tuple[Candidate, ...]:
    """Every category of the municipality's active shelters, with its free places on each night."""
    return _kept(municipality_id, span, now=now).candidates


def _kept(municipality_id: int, span: list[date], *, now: datetime, version: int | None = None) -> _Kept:
    """The candidates, from the cache when the municipality's token is unchanged and no time limit has passed;
    never while the session's own transaction has changed places it has not committed (they could still be
    rolled back).

    `version` is the token as the search's case was read; when places kept under it are gone (something
    changed since), the token is read again, so the places gathered are kept under the token they are as of,
    never under an older one a later search would miss.
    """
    if has_unsaved_changes():
        return _gather(municipality_id, span, now=now, version=0)
    cache: CandidateCache = current_app.extensions["candidates"]
    key = (municipality_id, tuple(span))
    kept = cache.get(key, version, now) if version is not None else None
    if kept is not None:
        return kept
    version = availability_version(municipality_id)
    if version is None:
        return _Kept(0, now, now, (), tuple(span))
    kept = cache.get(key, version, now)
    if kept is None:
        kept = _gather(municipality_id, span, now=now, version=version)
        cache.put(key, kept)
    return kept


def _gather(municipality_id: int, span: list[date], *, now: datetime, version: int) -> _Kept:
    """The candidates from the database, four queries, with until when time alone leaves them as they are.

    Shelters and categories are read as plain columns, one query, not as ORM objects: a big municipality has
    hundreds of categories, and loading them as objects costs more than the rest of the match.
    """
    rows = db.session.execute(_categories_query(), {"municipality_id": municipality_id}).all()
    ids = list(dict.fromkeys(row.shelter_id for row in rows))
    availability = get_shelters_availability(ids, span, now=now)
    kinds = get_shelters_kinds(ids, span[0])
    municipality = db.session.get_one(Municipality, municipality_id)
    stale_after = parse_clock(str(municipality.setting("capacity_stale_after")))
    deadline = oslo_moment(span[0], stale_after)
    limits = [now + CANDIDATES_KEPT, *([deadline] if now < deadline else []), *_next_expiry(ids, span, now)]
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
    return _Kept(version, now, min(limits), tuple(candidates), tuple(span))


def _next_expiry(shelter_ids: list[int], span: list[date], now: datetime) -> list[datetime]:
    """The first expiry still to come of a hold counted on these nights, if any."""
    expiry = db.session.scalar(
        select(func.min(Hold.expires_at)).where(
            Hold.shelter_id.in_(shelter_ids),
            Hold.first_night <= span[-1],
            Hold.last_night >= span[0],
            taking_places(now),
        )
    )
    return [expiry] if expiry is not None else []


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
