"""Matching rules, one constraint at a time, then tiers (R6), distance and the reasons shown."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from bolig.matching.rules import Candidate, Gender, Household, Reason, Why, hard_constraints, haversine_km, match

TONIGHT = date(2026, 11, 22)
NIGHTS = [TONIGHT]
OSLO_S = (59.9111, 10.7528)
FAMILY = Household(adults=2, children_ages=(4, 9), pets=True)
SINGLE_MAN = Household(adults=1, gender=Gender.MEN, youngest_adult_age=40)


def candidate(**overrides: object) -> Candidate:
    values: dict[str, object] = {
        "shelter_id": 1,
        "shelter_name": "Ila",
        "category_id": 10,
        "category_code": "bed",
        "kind": "bed",
        "quality": True,
        "free_by_night": {TONIGHT: 5},
        "latitude": 59.9289,
        "longitude": 10.7499,
    }
    values.update(overrides)
    return Candidate(**values)  # type: ignore[arg-type]


def family_unit(**overrides: object) -> Candidate:
    values: dict[str, object] = {"children_allowed": True, "pets_allowed": True, "minimum_age": 0, **overrides}
    return candidate(kind="family_unit", category_code="family_unit", **values)


def whys(reasons: list[Reason]) -> set[Why]:
    return {reason.why for reason in reasons}


@pytest.mark.parametrize(
    ("household", "place", "why"),
    [
        (FAMILY, candidate(children_allowed=True, pets_allowed=True), Why.NEEDS_FAMILY_UNIT),
        (FAMILY, family_unit(children_allowed=False), Why.NO_CHILDREN),
        (FAMILY, family_unit(pets_allowed=False), Why.NO_PETS),
        (FAMILY, family_unit(free_by_night={TONIGHT: 0}), Why.FULL),
        (Household(adults=3), candidate(free_by_night={TONIGHT: 2}), Why.NOT_ENOUGH_BEDS),
        (SINGLE_MAN, candidate(gender_policy="women"), Why.WOMEN_ONLY),
        (Household(adults=1, gender=Gender.WOMEN), candidate(gender_policy="men"), Why.MEN_ONLY),
        (Household(adults=1, gender=Gender.WOMEN, single_gender_place=True), candidate(), Why.NOT_SINGLE_GENDER),
        (Household(adults=1, wheelchair=True), candidate(), Why.NO_WHEELCHAIR),
        (Household(adults=1, substance_free=True), candidate(), Why.NOT_SUBSTANCE_FREE),
        (Household(adults=1, youngest_adult_age=17), candidate(minimum_age=18), Why.TOO_YOUNG),
        (Household(adults=1, protected_address=True), candidate(), Why.NOT_PROTECTED),
    ],
)
def test_each_hard_constraint_excludes_with_its_reason(household: Household, place: Candidate, why: Why) -> None:
    assert why in whys(hard_constraints(household, place, NIGHTS))


@pytest.mark.parametrize(
    ("household", "place"),
    [
        (FAMILY, family_unit()),
        (SINGLE_MAN, candidate()),
        (SINGLE_MAN, candidate(gender_policy="men")),
        (Household(adults=1, gender=Gender.WOMEN, single_gender_place=True), candidate(gender_policy="women")),
        (
            Household(adults=1, wheelchair=True, substance_free=True),
            candidate(wheelchair_accessible=True, substance_free=True),
        ),
        (Household(adults=1, protected_address=True), candidate(protected=True)),
        (Household(adults=3), candidate(free_by_night={TONIGHT: 3})),
    ],
)
def test_a_place_that_meets_every_need_fits(household: Household, place: Candidate) -> None:
    assert hard_constraints(household, place, NIGHTS) == []


def test_every_night_asked_must_have_room() -> None:
    nights = [TONIGHT, TONIGHT + timedelta(days=1)]
    place = family_unit(free_by_night={TONIGHT: 1})
    assert hard_constraints(FAMILY, place, nights) == [Reason(Why.FULL, TONIGHT + timedelta(days=1))]


def test_the_reason_for_the_need_is_no_input() -> None:
    # R2: why a household has nowhere to sleep never decides where it may sleep.
    assert "reason" not in Household.__dataclass_fields__


def test_quality_places_first_and_fallbacks_only_when_none_fits() -> None:
    quality = family_unit(shelter_id=1, shelter_name="Familiehuset", latitude=59.95, longitude=10.8)
    hotel = family_unit(shelter_id=2, shelter_name="Hotell", quality=False, latitude=59.912, longitude=10.753)
    result = match(FAMILY, [hotel, quality], NIGHTS, origin=OSLO_S)
    assert [option.candidate.shelter_name for option in result.options] == ["Familiehuset"]
    assert [(e.shelter_name, e.reasons) for e in result.excluded] == [("Hotell", (Reason(Why.QUALITY_PLACE_FITS),))]
    assert not result.fallback_only

    full_quality = replace(quality, free_by_night={TONIGHT: 0})
    result = match(FAMILY, [hotel, full_quality], NIGHTS, origin=OSLO_S)
    assert [option.tier for option in result.options] == ["fallback"]
    assert result.fallback_only
    assert result.options[0].reasons[0].why is Why.FALLBACK_NEEDED
    assert [(e.shelter_name, e.reasons) for e in result.excluded] == [("Familiehuset", (Reason(Why.FULL, TONIGHT),))]


def test_within_a_tier_the_nearest_comes_first_with_its_distance() -> None:
    near = candidate(shelter_id=1, shelter_name="Near", latitude=59.9139, longitude=10.7522)
    far = candidate(shelter_id=2, shelter_name="Far", latitude=60.3913, longitude=5.3221)  # Bergen
    result = match(SINGLE_MAN, [far, near], NIGHTS, origin=OSLO_S)
    assert [option.candidate.shelter_name for option in result.options] == ["Near", "Far"]
    near_km, far_km = (option.distance_km for option in result.options)
    assert near_km is not None
    assert near_km < 1
    assert far_km is not None
    assert 300 < far_km < 310  # Oslo S to Bergen as the crow flies, on the ellipsoid


def test_continuity_brings_the_last_shelter_forward() -> None:
    near = candidate(shelter_id=1, shelter_name="Near", latitude=59.9139, longitude=10.7522)
    known = candidate(shelter_id=2, shelter_name="Known", latitude=59.95, longitude=10.8)
    result = match(SINGLE_MAN, [near, known], NIGHTS, origin=OSLO_S, previous_shelter_id=2)
    assert result.options[0].candidate.shelter_name == "Known"
    assert Reason(Why.CONTINUITY) in result.options[0].reasons


def test_a_single_person_gets_a_bed_before_a_family_unit() -> None:
    unit = family_unit(shelter_id=1, shelter_name="A", latitude=59.9112, longitude=10.7529)
    bed = candidate(shelter_id=2, shelter_name="B", latitude=59.93, longitude=10.76)
    result = match(SINGLE_MAN, [unit, bed], NIGHTS, origin=OSLO_S)
    assert [option.candidate.kind for option in result.options] == ["bed", "family_unit"]


def test_every_option_says_why_it_fits_and_every_excluded_shelter_why_not() -> None:
    fits = family_unit(shelter_id=1, shelter_name="Fits", kind_reason_on=date(2027, 6, 30))
    women = candidate(shelter_id=2, shelter_name="Women", gender_policy="women")
    result = match(FAMILY, [fits, women], NIGHTS, origin=None)
    option = result.options[0]
    assert option.distance_km is None  # no origin, no distance
    assert option.places_needed == 1
    assert whys(list(option.reasons)) >= {Why.QUALITY_AGREEMENT, Why.FREE_PLACES, Why.FAMILY_UNIT, Why.PETS}
    assert option.reasons[0] == Reason(Why.QUALITY_AGREEMENT, date(2027, 6, 30))
    excluded = result.excluded[0]
    assert excluded.shelter_name == "Women"
    assert whys(list(excluded.reasons)) >= {Why.NEEDS_FAMILY_UNIT, Why.WOMEN_ONLY, Why.NO_PETS}


def test_a_shelter_is_excluded_only_when_none_of_its_categories_fits() -> None:
    bed = candidate(shelter_id=1, category_id=10)
    unit = family_unit(shelter_id=1, category_id=11)
    result = match(FAMILY, [bed, unit], NIGHTS, origin=OSLO_S)
    assert [option.candidate.category_id for option in result.options] == [11]
    assert result.excluded == ()


def test_haversine_is_close_to_the_geodesic_for_short_distances() -> None:
    assert haversine_km(OSLO_S, OSLO_S) == 0
    assert 1.9 < haversine_km(OSLO_S, (59.9289, 10.7499)) < 2.1
