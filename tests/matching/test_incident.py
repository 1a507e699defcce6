"""The incident solver on small cases whose optimum is worked out by hand."""

from __future__ import annotations

from datetime import date

from bolig.matching.incident import propose
from bolig.matching.rules import Candidate, Gender, Household

NIGHT = date(2026, 11, 22)
HERE = (59.9111, 10.7528)


def place(
    shelter_id: int, kind: str, free: int, *, quality: bool = True, north_km: float = 1.0, **flags: object
) -> Candidate:
    values: dict[str, object] = {
        "shelter_id": shelter_id,
        "shelter_name": f"S{shelter_id}",
        "category_id": shelter_id * 10,
        "category_code": kind,
        "kind": kind,
        "quality": quality,
        "free_by_night": {NIGHT: free},
        "latitude": HERE[0] + north_km / 111.2,
        "longitude": HERE[1],
        "minimum_age": 0 if kind == "family_unit" else 18,
        "children_allowed": kind == "family_unit",
    }
    values.update(flags)
    return Candidate(**values)  # type: ignore[arg-type]


FAMILY = Household(adults=1, children_ages=(6,))
SINGLE = Household(adults=1, gender=Gender.MEN, youngest_adult_age=40)


def assigned(result: object) -> dict[int, int]:
    return {a.household: a.candidate.shelter_id for a in result.assignments}  # type: ignore[attr-defined]


def test_it_places_everyone_where_greedy_would_strand_a_family() -> None:
    # Greedy in order gives the single man the nearest place, the only family unit, and strands the family.
    unit = place(1, "family_unit", 1, north_km=0.5)
    bed = place(2, "bed", 1, north_km=3.0)
    result = propose([SINGLE, FAMILY], [unit, bed], [NIGHT], [HERE, HERE])
    assert assigned(result) == {0: 2, 1: 1}
    assert result.unplaced == {}


def test_quality_places_before_fallbacks_even_when_farther() -> None:
    hotel = place(1, "bed", 1, quality=False, north_km=0.2)
    shelter = place(2, "bed", 1, north_km=8.0)
    result = propose([SINGLE], [hotel, shelter], [NIGHT], [HERE])
    assert assigned(result) == {0: 2}


def test_a_fallback_is_used_when_it_places_one_more_household() -> None:
    hotel = place(1, "bed", 1, quality=False)
    shelter = place(2, "bed", 1)
    result = propose([SINGLE, SINGLE], [hotel, shelter], [NIGHT], [HERE, HERE])
    assert sorted(assigned(result).values()) == [1, 2]


def test_then_the_least_total_distance() -> None:
    # Two people, two beds: a at 1 km and 5 km, b at 2 km and 3 km (rows: household, columns: place).
    near_a, near_b = (59.9111 + 1 / 111.2, 10.7528), (59.9111 - 1 / 111.2, 10.7528)
    first = place(1, "bed", 1, north_km=2.0)
    second = place(2, "bed", 1, north_km=-2.0)
    # a is 1 km from the first and 3 km from the second; b the other way round: the optimum is a→1, b→2 (2 km)
    result = propose([SINGLE, SINGLE], [first, second], [NIGHT], [near_a, near_b])
    assert assigned(result) == {0: 1, 1: 2}
    assert sum(a.distance_km for a in result.assignments) < 2.1  # type: ignore[misc]


def test_beds_are_counted_per_person_and_who_cannot_be_placed_is_listed() -> None:
    couple = Household(adults=2)
    beds = place(1, "bed", 3)
    result = propose([couple, couple], [beds], [NIGHT], [HERE, HERE])
    assert len(result.assignments) == 1
    assert result.assignments[0].places == 2
    assert list(result.unplaced) == [1]


def test_hard_constraints_hold() -> None:
    women = place(1, "bed", 5, gender_policy="women")
    result = propose([SINGLE], [women], [NIGHT], [HERE])
    assert result.assignments == ()
    assert 0 in result.unplaced
