"""Pure matching: which places fit a household on the nights asked, in which order, and why (R2, R6, R7, R24).

No database and no Flask here: the caller gathers candidates (shelters, categories and their free places)
and the household's needs; these functions decide. The reason for a need (fire, eviction, …) is never
an input (R2).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache

from geopy.distance import geodesic

from bolig.shelters.models import GenderPolicy, PlaceKind

EARTH_RADIUS_KM = 6371.0088
# The geodesic distance is worked out for this many of the nearest options (haversine finds them).
SHORTLIST = 20


class Gender(StrEnum):
    """Who the household is, as far as a gender policy cares."""

    WOMEN = "women"
    MEN = "men"
    MIXED = "mixed"


@dataclass(frozen=True)
class Household:
    """Husstand: the people a place must take, and what they need."""

    adults: int
    children_ages: tuple[int, ...] = ()
    pets: bool = False
    gender: Gender = Gender.MIXED
    youngest_adult_age: int | None = None
    wheelchair: bool = False
    single_gender_place: bool = False  # needs a women-only or men-only place
    substance_free: bool = False
    protected_address: bool = False

    @property
    def size(self) -> int:
        return self.adults + len(self.children_ages)

    @property
    def has_children(self) -> bool:
        return bool(self.children_ages)

    @property
    def youngest_age(self) -> int | None:
        ages = [*self.children_ages, *([self.youngest_adult_age] if self.youngest_adult_age is not None else [])]
        return min(ages, default=None)


@dataclass(frozen=True)
class Candidate:
    """One category of one shelter, with its free places on each night asked."""

    shelter_id: int
    shelter_name: str
    category_id: int
    category_code: str
    kind: str
    quality: bool
    free_by_night: dict[date, int]
    latitude: float | None
    longitude: float | None
    gender_policy: str = GenderPolicy.ANY
    children_allowed: bool = False
    wheelchair_accessible: bool = False
    pets_allowed: bool = False
    substance_free: bool = False
    minimum_age: int = 18
    protected: bool = False
    kind_reason: str = ""
    kind_reason_on: date | None = None
    reported_at: datetime | None = None  # when the free places of the first night were reported
    stale: bool = False


class Why(StrEnum):
    """A reason a place fits or does not; rendered in the user's language by the caller."""

    # fits
    QUALITY_AGREEMENT = "quality_agreement"
    FALLBACK_NEEDED = "fallback_needed"
    FREE_PLACES = "free_places"
    FAMILY_UNIT = "family_unit"
    CHILDREN_WELCOME = "children_welcome"
    WHEELCHAIR = "wheelchair"
    PETS = "pets"
    SUBSTANCE_FREE = "substance_free"
    SINGLE_GENDER = "single_gender"
    SAFE_FOR_PROTECTED = "safe_for_protected"
    CONTINUITY = "continuity"
    # does not fit
    FULL = "full"
    NOT_ENOUGH_BEDS = "not_enough_beds"
    NEEDS_FAMILY_UNIT = "needs_family_unit"
    NO_CHILDREN = "no_children"
    WOMEN_ONLY = "women_only"
    MEN_ONLY = "men_only"
    NOT_SINGLE_GENDER = "not_single_gender"
    NO_WHEELCHAIR = "no_wheelchair"
    NO_PETS = "no_pets"
    NOT_SUBSTANCE_FREE = "not_substance_free"
    TOO_YOUNG = "too_young"
    NOT_PROTECTED = "not_protected"
    QUALITY_PLACE_FITS = "quality_place_fits"


@dataclass(frozen=True)
class Reason:
    why: Why
    value: int | str | date | None = None


@dataclass(frozen=True)
class Option:
    """A place that fits, with why, how far and how many places it takes."""

    candidate: Candidate
    places_needed: int
    distance_km: float | None
    reasons: tuple[Reason, ...]

    @property
    def tier(self) -> str:
        return "quality_agreement" if self.candidate.quality else "fallback"


@dataclass(frozen=True)
class Excluded:
    """A shelter that does not fit, with every reason why not."""

    shelter_id: int
    shelter_name: str
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Matches:
    options: tuple[Option, ...]
    excluded: tuple[Excluded, ...]
    fallback_only: bool = field(default=False)  # no quality-agreement place fits: a fallback needs a reason (R6)


def places_needed(household: Household, kind: str) -> int:
    """A family unit takes the household; beds take one person each."""
    return 1 if kind == PlaceKind.FAMILY_UNIT else household.size


def hard_constraints(household: Household, candidate: Candidate, nights: Sequence[date]) -> list[Reason]:
    """Every reason this category cannot take the household on these nights; empty when it can."""
    why: list[Reason] = []
    if household.has_children and candidate.kind != PlaceKind.FAMILY_UNIT:
        why.append(Reason(Why.NEEDS_FAMILY_UNIT))
    elif household.has_children and not candidate.children_allowed:
        why.append(Reason(Why.NO_CHILDREN))
    needed = places_needed(household, candidate.kind)
    free = min((candidate.free_by_night.get(night, 0) for night in nights), default=0)
    if free == 0:
        full_night = next(night for night in nights if candidate.free_by_night.get(night, 0) == 0)
        why.append(Reason(Why.FULL, full_night))
    elif free < needed:
        why.append(Reason(Why.NOT_ENOUGH_BEDS, free))
    if candidate.gender_policy == GenderPolicy.WOMEN and household.gender != Gender.WOMEN:
        why.append(Reason(Why.WOMEN_ONLY))
    elif candidate.gender_policy == GenderPolicy.MEN and household.gender != Gender.MEN:
        why.append(Reason(Why.MEN_ONLY))
    elif household.single_gender_place and candidate.gender_policy == GenderPolicy.ANY:
        why.append(Reason(Why.NOT_SINGLE_GENDER))
    if household.wheelchair and not candidate.wheelchair_accessible:
        why.append(Reason(Why.NO_WHEELCHAIR))
    if household.pets and not candidate.pets_allowed:
        why.append(Reason(Why.NO_PETS))
    if household.substance_free and not candidate.substance_free:
        why.append(Reason(Why.NOT_SUBSTANCE_FREE))
    youngest = household.youngest_age
    if youngest is not None and youngest < candidate.minimum_age:
        why.append(Reason(Why.TOO_YOUNG, candidate.minimum_age))
    if household.protected_address and not candidate.protected:
        why.append(Reason(Why.NOT_PROTECTED))
    return why


def _fits(household: Household, candidate: Candidate, nights: Sequence[date]) -> tuple[Reason, ...]:
    """Why a category that passed every constraint fits: shown with the option."""
    free = min(candidate.free_by_night.get(night, 0) for night in nights)
    reasons = [
        Reason(Why.QUALITY_AGREEMENT, candidate.kind_reason_on) if candidate.quality else Reason(Why.FALLBACK_NEEDED)
    ]
    reasons.append(Reason(Why.FREE_PLACES, free))
    if candidate.kind == PlaceKind.FAMILY_UNIT and household.size > 1:
        reasons.append(Reason(Why.FAMILY_UNIT))
    if household.has_children:
        reasons.append(Reason(Why.CHILDREN_WELCOME))
    if household.wheelchair:
        reasons.append(Reason(Why.WHEELCHAIR))
    if household.pets:
        reasons.append(Reason(Why.PETS))
    if household.substance_free:
        reasons.append(Reason(Why.SUBSTANCE_FREE))
    if household.single_gender_place:
        reasons.append(Reason(Why.SINGLE_GENDER))
    if household.protected_address:
        reasons.append(Reason(Why.SAFE_FOR_PROTECTED))
    return tuple(reasons)


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance: cheap, for finding the nearest few."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


@lru_cache(maxsize=8192)
def geodesic_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance on the ellipsoid, to show; the same case searched again asks for the same few."""
    return float(geodesic(a, b).km)


@dataclass(frozen=True)
class Sifted:
    """What a household's needs make of a set of candidates, before anything about where they are."""

    fitting: tuple[tuple[Candidate, tuple[Reason, ...]], ...]  # in the tier offered (R6), with why they fit
    excluded: tuple[Excluded, ...]  # by shelter name
    any_quality: bool


def sift(household: Household, candidates: Iterable[Candidate], nights: Sequence[date]) -> Sifted:
    """The places whose constraints the household meets, in the tier offered, and every other shelter with why not.

    A fallback is offered only when no quality-agreement place fits. Each shelter that fits in none of its
    categories is listed as excluded with the reasons of its closest category.
    """
    fitting: list[tuple[Candidate, tuple[Reason, ...]]] = []
    refused: dict[int, tuple[str, list[Reason]]] = {}
    for candidate in candidates:
        why_not = hard_constraints(household, candidate, nights)
        if why_not:
            best = refused.get(candidate.shelter_id)
            if best is None or len(why_not) < len(best[1]):
                refused[candidate.shelter_id] = (candidate.shelter_name, why_not)
        else:
            fitting.append((candidate, _fits(household, candidate, nights)))
    any_quality = any(candidate.quality for candidate, _ in fitting)
    kept = []
    for candidate, reasons in fitting:
        if any_quality and not candidate.quality:
            refused.setdefault(candidate.shelter_id, (candidate.shelter_name, [Reason(Why.QUALITY_PLACE_FITS)]))
            continue
        kept.append((candidate, reasons))
    fitting_shelters = {candidate.shelter_id for candidate, _ in kept}
    excluded = tuple(
        Excluded(shelter_id, name, tuple(reasons))
        for shelter_id, (name, reasons) in sorted(refused.items(), key=lambda item: item[1][0])
        if shelter_id not in fitting_shelters
    )
    return Sifted(tuple(kept), excluded, any_quality)


def rank(
    household: Household,
    sifted: Sifted,
    *,
    origin: tuple[float, float] | None,
    previous_shelter_id: int | None = None,
) -> Matches:
    """The fitting places best first: quality agreements before fallbacks (R6), then continuity, then distance."""

    # Each place's great-circle distance is worked out once: to sort by, and to show past the shortlist.
    measured = []
    for candidate, fits in sifted.fitting:
        latitude, longitude = candidate.latitude, candidate.longitude
        where = (latitude, longitude) if latitude is not None and longitude is not None else None
        rough = haversine_km(origin, where) if origin is not None and where is not None else None
        measured.append((candidate, fits, where, rough))
    ordered = sorted(
        measured,
        key=lambda item: (
            not item[0].quality,
            item[0].shelter_id != previous_shelter_id,
            # a single person is better in a bed than in a family unit a family may need tonight
            household.size == 1 and item[0].kind == PlaceKind.FAMILY_UNIT,
            math.inf if item[3] is None else item[3],
            item[0].shelter_name,
        ),
    )
    options = []
    for index, (candidate, fits, where, rough) in enumerate(ordered):
        shown = rough
        if origin is not None and where is not None and index < SHORTLIST:
            shown = geodesic_km(origin, where)
        reasons = (*fits, Reason(Why.CONTINUITY)) if candidate.shelter_id == previous_shelter_id else fits
        options.append(Option(candidate, places_needed(household, candidate.kind), shown, reasons))
    return Matches(tuple(options), sifted.excluded, fallback_only=bool(options) and not sifted.any_quality)


def match(
    household: Household,
    candidates: Iterable[Candidate],
    nights: Sequence[date],
    *,
    origin: tuple[float, float] | None,
    previous_shelter_id: int | None = None,
) -> Matches:
    """The places that fit, best first, and every shelter that does not with why not (see sift and rank)."""
    return rank(household, sift(household, candidates, nights), origin=origin, previous_shelter_id=previous_shelter_id)
