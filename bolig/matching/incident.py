"""Many households at once (a building fire): the assignment that places the most, best, nearest — optimal, not greedy.

A mixed-integer programme solved by SciPy's HiGHS: one binary choice per household and fitting category,
each household in at most one place, no category over its free places. The objective puts, in strict
order: as many households placed as possible; then as few in fallback places as possible (R6); then the
least total distance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from bolig.matching.rules import Candidate, Household, Reason, Why, hard_constraints, haversine_km, places_needed

# Weights in strict order: one more household placed outweighs every fallback and every kilometre;
# one fewer fallback outweighs every kilometre (distances within a municipality are far below 1,000 km).
PLACED = 1e7
FALLBACK = 1e3
FAR = 999.0


@dataclass(frozen=True)
class Assignment:
    household: int  # index into the households given
    candidate: Candidate
    places: int
    distance_km: float | None


@dataclass(frozen=True)
class Proposal:
    assignments: tuple[Assignment, ...]
    unplaced: dict[int, tuple[Reason, ...]]  # household index -> why not


def propose(
    households: Sequence[Household],
    candidates: Sequence[Candidate],
    nights: Sequence[date],
    origins: Sequence[tuple[float, float] | None],
) -> Proposal:
    """The optimal assignment of households to places, and for each unplaced household why."""
    pairs: list[tuple[int, int, int, float]] = []  # household, candidate, places, distance
    unplaced: dict[int, tuple[Reason, ...]] = {}
    for h, household in enumerate(households):
        fitting = False
        for c, candidate in enumerate(candidates):
            if hard_constraints(household, candidate, nights):
                continue
            fitting = True
            origin, lat, lon = origins[h], candidate.latitude, candidate.longitude
            distance = haversine_km(origin, (lat, lon)) if origin and lat is not None and lon is not None else FAR
            pairs.append((h, c, places_needed(household, candidate.kind), distance))
        if not fitting:
            unplaced[h] = (Reason(Why.FULL, nights[0]),)
    if not pairs:
        return Proposal((), unplaced)
    chosen = _solve(pairs, households, candidates, nights)
    assignments = []
    placed = set()
    for index in chosen:
        h, c, places, distance = pairs[index]
        placed.add(h)
        assignments.append(Assignment(h, candidates[c], places, None if distance == FAR else distance))
    for h in range(len(households)):
        if h not in placed and h not in unplaced:
            unplaced[h] = (Reason(Why.FULL, nights[0]),)  # it fitted somewhere, but others took those places
    return Proposal(tuple(sorted(assignments, key=lambda a: a.household)), unplaced)


def _solve(
    pairs: list[tuple[int, int, int, float]],
    households: Sequence[Household],
    candidates: Sequence[Candidate],
    nights: Sequence[date],
) -> list[int]:
    cost = np.array([-PLACED + (0 if candidates[c].quality else FALLBACK) + distance for _, c, _, distance in pairs])
    one_place = np.zeros((len(households), len(pairs)))
    capacity = np.zeros((len(candidates), len(pairs)))
    for index, (h, c, places, _) in enumerate(pairs):
        one_place[h, index] = 1
        capacity[c, index] = places
    free = [min(candidate.free_by_night.get(night, 0) for night in nights) for candidate in candidates]
    constraints = [LinearConstraint(one_place, 0, 1), LinearConstraint(capacity, 0, free)]
    result = milp(cost, constraints=constraints, integrality=np.ones(len(pairs)), bounds=Bounds(0, 1))
    if not result.success:  # HiGHS proves optimality for these sizes; anything else is a bug to see
        raise RuntimeError(f"incident assignment failed: {result.message}")
    return [index for index, value in enumerate(result.x) if value > 0.5]
