"""Incidents: register many households at once, propose the optimal assignment, confirm it hold by hold."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l

from bolig.audit.operations import record
from bolig.auth.models import User
from bolig.cases.identity import normalise_national_id
from bolig.cases.models import Case, Hold, Incident
from bolig.cases.operations import CaseInput, PlaceTaken, create_case, hold_place, household_of, lock_person
from bolig.db import db
from bolig.errors import InvalidInput
from bolig.matching.incident import Assignment, Proposal, propose
from bolig.matching.operations import gather_candidates
from bolig.matching.rules import Candidate, hard_constraints
from bolig.municipalities.models import Municipality
from bolig.shelters.models import PlaceCategory

MAX_HOUSEHOLDS = 200


@dataclass(frozen=True)
class Confirmed:
    held: list[Hold]
    lost: list[Case]  # their place went to someone else first: proposed again
    proposal: Proposal | None


def register_incident(
    municipality: Municipality, name: str, households: Sequence[CaseInput], *, actor: User, now: datetime
) -> Incident:
    """One case per household, all under one incident; all or nothing."""
    if not name.strip() or len(name) > 120:
        raise InvalidInput({"name": _l("Give the incident a short name, like 'Brann i Storgata 10'.")})
    if not 1 <= len(households) <= MAX_HOUSEHOLDS:
        raise InvalidInput({"households": _l("Register between 1 and %(max)d households.", max=MAX_HOUSEHOLDS)})
    numbers = [normalise_national_id(data.national_id) for data in households]
    # Each person is locked as their case is made; taken here in one order first, so two incidents naming the
    # same people never wait on each other.
    for national_id in sorted({number for number in numbers if number}):
        lock_person(municipality, national_id)
    incident = Incident(municipality_id=municipality.id, name=name.strip(), created_by_id=actor.id)
    db.session.add(incident)
    errors: dict[str, str] = {}
    disclosed: list[Callable[[], object]] = []
    for index, data in enumerate(households):
        first = numbers.index(numbers[index])
        if numbers[index] and first < index:
            message = _l("The same national id number as household %(other)d.", other=first + 1)
            errors[f"households.{index}.national_id"] = str(message)
            continue
        try:
            case = create_case(municipality, data, actor=actor, now=now)
        except InvalidInput as error:
            errors.update({f"households.{index}.{field}": message for field, message in error.errors.items()})
            disclosed.extend(error.disclosed)
        else:
            case.incident = incident
    if errors:
        raise InvalidInput(errors, disclosed=disclosed)
    db.session.flush()
    record(actor, "incident.create", incident, details={"households": len(households)})
    return incident


def propose_for(cases: Sequence[Case], *, now: datetime) -> Proposal:
    """The optimal assignment of these households to tonight's places; indices refer to `cases`."""
    municipality = cases[0].municipality
    tonight = municipality.tonight(now)
    candidates = gather_candidates(municipality.id, [tonight], now=now)
    origins = [(c.latitude, c.longitude) if c.latitude is not None and c.longitude is not None else None for c in cases]
    return propose([household_of(case) for case in cases], candidates, [tonight], origins)


def fitting_places(cases: Sequence[Case], *, now: datetime) -> dict[int, list[Candidate]]:
    """For each case, every place that fits its household tonight: what the worker may switch the proposal to."""
    tonight = cases[0].municipality.tonight(now)
    candidates = gather_candidates(cases[0].municipality_id, [tonight], now=now)
    return {
        case.id: [c for c in candidates if not hard_constraints(household_of(case), c, [tonight])] for case in cases
    }


def confirm(
    incident: Incident,
    assignments: Sequence[tuple[Case, PlaceCategory]],
    *,
    justification: str,
    fallback_reason: str,
    actor: User,
    now: datetime,
) -> Confirmed:
    """Hold each place the worker confirmed, each atomically; a place lost to a race is proposed again."""
    tonight = incident.cases[0].municipality.tonight(now)
    held, lost = [], []
    for case, category in assignments:
        try:
            with db.session.begin_nested():
                held.append(
                    hold_place(
                        case,
                        category,
                        first_night=tonight,
                        nights=1,
                        actor=actor,
                        now=now,
                        today=tonight,
                        fallback_reason=fallback_reason,
                        children_justification=justification,
                    )
                )
        except PlaceTaken:
            lost.append(case)
    record(actor, "incident.confirm", incident, details={"held": len(held), "lost": len(lost)})
    return Confirmed(held, lost, propose_for(lost, now=now) if lost else None)


def assignment_json(cases: Sequence[Case], assignment: Assignment) -> dict[str, object]:
    """One proposed placement as the API shows it."""
    candidate = assignment.candidate
    return {
        "case_id": cases[assignment.household].id,
        "shelter_id": candidate.shelter_id,
        "shelter_name": candidate.shelter_name,
        "category": candidate.category_code,
        "tier": "quality_agreement" if candidate.quality else "fallback",
        "places": assignment.places,
        "distance_km": round(assignment.distance_km, 2) if assignment.distance_km is not None else None,
    }
