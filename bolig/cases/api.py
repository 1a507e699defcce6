"""Cases for machines: intake, the case, its matches, holds and their life."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from flask import jsonify, request
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from bolig.api import api_blueprint, iso_date, json_object, not_text
from bolig.auth.permissions import Permission, acting_user, load_or_404, permission_required
from bolig.cases import incidents, operations
from bolig.cases.identity import mask_national_id
from bolig.cases.incidents import assignment_json
from bolig.cases.models import Case, Hold, Incident, Stay
from bolig.cases.operations import CaseInput, PlaceTaken
from bolig.db import db, is_id, reading, utcnow
from bolig.errors import InvalidInput
from bolig.matching.incident import Proposal
from bolig.matching.operations import Search, find_matches
from bolig.matching.rules import Matches, Reason
from bolig.matching.texts import reason_text
from bolig.shelters.models import PlaceCategory
from bolig.web import api_error

bp = api_blueprint("cases", __name__)
ALTERNATIVES = 3


def _object(body: dict[str, Any], key: str) -> dict[str, Any]:
    value = body.get(key, {})
    if not isinstance(value, dict):
        raise InvalidInput({key: _("Give %(key)s as an object.", key=key)})
    return value


def _case_input(body: dict[str, Any]) -> CaseInput:
    client, household, needs, location = (_object(body, key) for key in ("client", "household", "needs", "location"))
    ages = household.get("children_ages", [])
    typed = {
        "household.adults": isinstance(household.get("adults", 1), int),
        "household.children_ages": isinstance(ages, list) and all(type(age) is int for age in ages),
        "location": all(type(location.get(k)) in (int, float, type(None)) for k in ("lat", "lon")),
        "needs.youngest_adult_age": type(needs.get("youngest_adult_age")) in (int, type(None)),
    }
    wrong = {field: _("Wrong type.") for field, ok in typed.items() if not ok}
    if wrong:
        raise InvalidInput(wrong)
    return CaseInput(
        client_name=str(client.get("name", "")),
        phone=str(client.get("phone", "")),
        language=str(client.get("language", "nb")),
        sms_consent=bool(client.get("sms_consent", False)),
        national_id=str(client.get("national_id", "")),
        protected_address=bool(client.get("protected_address", False)),
        received_via=str(body.get("received_via", "oral")),
        reason=str(body.get("reason", "other")),
        location_text=str(location.get("address", "")),
        latitude=location.get("lat"),
        longitude=location.get("lon"),
        adults=household.get("adults", 1),
        children_ages=ages,
        pets=bool(household.get("pets", False)),
        gender=str(needs.get("gender", "mixed")),
        single_gender_place=bool(needs.get("single_gender_place", False)),
        wheelchair=bool(needs.get("wheelchair", False)),
        substance_free=bool(needs.get("substance_free", False)),
        youngest_adult_age=needs.get("youngest_adult_age"),
        note=str(body.get("note", "")),
    )


# What case_json and a search (Search.of, the municipality's nights) read of a case, in the query that loads it.
CASE_LOAD = (joinedload(Case.municipality), joinedload(Case.client), joinedload(Case.holds).joinedload(Hold.category))


def hold_json(hold: Hold) -> dict[str, Any]:
    return {
        "id": hold.id,
        "shelter_id": hold.shelter_id,
        "category": hold.category.code,
        "first_night": hold.first_night.isoformat(),
        "nights": hold.nights,
        "places": hold.places,
        "status": hold.status,
        "expires_at": hold.expires_at.isoformat(),
    }


def case_json(case: Case) -> dict[str, Any]:
    client = case.client
    return {
        "id": case.id,
        "municipality": case.municipality.number,
        "status": case.status,
        "received_at": case.received_at.isoformat(),
        "received_via": case.received_via,
        "reason": case.reason,
        "location": {"address": case.location_text, "lat": case.latitude, "lon": case.longitude},
        "household": {"adults": case.adults, "children_ages": case.children_ages, "pets": case.pets},
        "needs": {
            "gender": case.gender,
            "single_gender_place": case.single_gender_place,
            "wheelchair": case.wheelchair,
            "substance_free": case.substance_free,
            "youngest_adult_age": case.youngest_adult_age,
        },
        "client": {
            "name": client.name,
            "phone": client.phone,
            "language": client.language,
            "sms_consent": client.sms_consent,
            "national_id": mask_national_id(client.national_id),  # R27: never in full
            "protected_address": client.protected_address,
        },
        "holds": [hold_json(hold) for hold in case.holds],
        "closed_at": case.closed_at.isoformat() if case.closed_at else None,
        "closed_without_decision": {"reason": case.closed_reason, "note": case.closed_note}
        if case.closed_reason
        else None,
    }


def _reasons(reasons: tuple[Reason, ...], locale: str | None = None) -> tuple[dict[str, Any], ...]:
    return _reasons_in(reasons, locale or str(get_locale()))


# A match repeats a few sets of reasons hundreds of times; each is written out once per language.
# The dicts are shared between answers, so nothing may change them.
@lru_cache(maxsize=4096)
def _reasons_in(reasons: tuple[Reason, ...], _locale: str) -> tuple[dict[str, Any], ...]:
    return tuple(
        {
            "code": str(r.why),
            "value": r.value.isoformat() if isinstance(r.value, date) else r.value,
            "text": reason_text(r),
        }
        for r in reasons
    )


def matches_json(matches: Matches, *, limit: int | None = None) -> dict[str, Any]:
    options = matches.options[:limit] if limit else matches.options
    locale = str(get_locale())
    return {
        "fallback_only": matches.fallback_only,
        "options": [
            {
                "shelter_id": option.candidate.shelter_id,
                "shelter_name": option.candidate.shelter_name,
                "category": option.candidate.category_code,
                "tier": option.tier,
                "distance_km": round(option.distance_km, 2) if option.distance_km is not None else None,
                "places_needed": option.places_needed,
                "reasons": _reasons(option.reasons, locale),
            }
            for option in options
        ],
        "excluded": [
            {
                "shelter_id": item.shelter_id,
                "shelter_name": item.shelter_name,
                "reasons": _reasons(item.reasons, locale),
            }
            for item in matches.excluded
        ],
    }


@bp.post("/cases")
@permission_required(Permission.HANDLE_CASES)
def create_case() -> tuple[Response, int]:
    actor = acting_user()
    case = operations.create_case(actor.municipality, _case_input(json_object()), actor=actor, now=utcnow())
    db.session.commit()
    return jsonify(case_json(case)), 201


@bp.get("/cases/<int:case_id>")
@permission_required(Permission.READ_CASES)
def get_case(case_id: int) -> Response:
    return _answered(load_or_404(Case, case_id, Permission.READ_CASES, options=CASE_LOAD))


def _answered(case: Case) -> Response:
    """The case as the answer, its reading logged with whatever else the request changed (R24)."""
    body = case_json(case)  # before the commit that logs the read, which would expire what was loaded
    operations.read_case(case, actor=acting_user())
    db.session.commit()
    return jsonify(body)


@bp.patch("/cases/<int:case_id>/client")
@permission_required(Permission.HANDLE_CASES)
def correct_client(case_id: int) -> Response:
    case = load_or_404(Case, case_id, Permission.HANDLE_CASES, options=CASE_LOAD)
    body = json_object()
    wrong = not_text(body, ("name", "phone", "language"))
    for flag in ("sms_consent", "protected_address"):
        if not isinstance(body.get(flag, False), bool):
            wrong[flag] = _("Give %(field)s as true or false.", field=flag)
    if wrong:
        raise InvalidInput(wrong)
    client = case.client
    data = operations.ContactInput(
        name=body.get("name", client.name),
        phone=body.get("phone", client.phone),
        language=body.get("language", client.language),
        sms_consent=body.get("sms_consent", client.sms_consent),
        protected_address=body.get("protected_address", client.protected_address),
    )
    operations.update_contact(case, data, actor=acting_user(), now=utcnow())
    return _answered(case)


@bp.post("/cases/<int:case_id>/close")
@permission_required(Permission.HANDLE_CASES)
def close(case_id: int) -> Response:
    case = load_or_404(Case, case_id, Permission.HANDLE_CASES, options=CASE_LOAD)
    body = json_object()
    if wrong := not_text(body, ("reason", "note")):
        raise InvalidInput(wrong)
    operations.close_without_decision(
        case, body.get("reason", ""), body.get("note", ""), actor=acting_user(), now=utcnow()
    )
    return _answered(case)


def _nights_args(case: Case) -> tuple[date, int]:
    today = case.municipality.tonight(utcnow())
    try:
        first = date.fromisoformat(request.args["night"]) if request.args.get("night") else today
        nights = int(request.args.get("nights", "1"))
    except ValueError:
        raise InvalidInput({"night": _("Write the night as YYYY-MM-DD and nights as a whole number.")}) from None
    if not 1 <= nights <= int(case.municipality.setting("max_nights")) or first < today:
        raise InvalidInput(
            {"nights": _("Ask for tonight or later, and for a number of nights the municipality allows.")}
        )
    return first, nights


@bp.get("/cases/<int:case_id>/matches")
@permission_required(Permission.HANDLE_CASES)
def matches(case_id: int) -> Response:
    case = load_or_404(Case, case_id, Permission.HANDLE_CASES, options=CASE_LOAD)
    first, nights = _nights_args(case)
    search = Search.of(case)
    operations.read_case(case, actor=acting_user())
    db.session.commit()
    # The read is logged and committed; the matching itself writes nothing and waits for no writer.
    with reading():
        result = find_matches(search, first, nights, now=utcnow())
        body = matches_json(result)
        db.session.rollback()
    return jsonify(body)


@bp.post("/cases/<int:case_id>/holds")
@permission_required(Permission.HANDLE_CASES)
def hold(case_id: int) -> tuple[Response, int]:
    actor = acting_user()
    case = load_or_404(Case, case_id, Permission.HANDLE_CASES)
    body = json_object()
    if not is_id(body.get("shelter_id")) or type(body.get("nights", 1)) is not int:
        raise InvalidInput({"shelter_id": _("Give shelter_id and nights as whole numbers.")})
    category = db.session.scalar(
        select(PlaceCategory).where(
            PlaceCategory.shelter_id == body["shelter_id"], PlaceCategory.code == str(body.get("category", ""))
        )
    )
    if category is None or category.shelter.municipality_id != case.municipality_id:
        raise InvalidInput({"category": _("No such shelter or category in the municipality.")})
    now = utcnow()
    today = case.municipality.tonight(now)
    first = iso_date(body["night"], "night") if body.get("night") else today
    try:
        held = operations.hold_place(
            case,
            category,
            first_night=first,
            nights=body.get("nights", 1),
            actor=actor,
            now=now,
            today=today,
            fallback_reason=str(body.get("fallback_reason", "")),
            children_justification=str(body.get("children_justification", "")),
        )
    except PlaceTaken:
        db.session.rollback()
        alternatives = matches_json(find_matches(case, first, body.get("nights", 1), now=now), limit=ALTERNATIVES)
        message = _("Someone else took that place a moment ago. Here are the next best.")
        return api_error(409, "taken", message, alternatives=alternatives["options"])
    db.session.commit()
    return jsonify(hold_json(held)), 201


def stay_json(stay: Stay) -> dict[str, Any]:
    return {
        "id": stay.id,
        "hold_id": stay.hold_id,
        "shelter_id": stay.shelter_id,
        "first_night": stay.first_night.isoformat(),
        "last_night": stay.last_night.isoformat(),
        "status": stay.status,
        "destination": stay.destination or None,
    }


def _hold_action(hold_id: int, action: str) -> Response:
    actor = acting_user()
    hold = load_or_404(Hold, hold_id, Permission.HANDLE_HOLDS)
    now = utcnow()
    if action == "arrive":
        stay = operations.mark_arrived(hold, actor=actor, now=now)
        db.session.commit()
        return jsonify({**hold_json(hold), "stay": stay_json(stay)})
    if action == "cancel":
        operations.cancel_hold(hold, actor=actor, now=now)
    else:
        reason = json_object().get("reason", "") if request.data else ""
        operations.mark_no_show(hold, str(reason), actor=actor, now=now)
    db.session.commit()
    return jsonify(hold_json(hold))


@bp.post("/stays/<int:stay_id>/<any(extend, checkout, exclude):action>")
@permission_required(Permission.HANDLE_CASES)
def stay_action(stay_id: int, action: str) -> Response | tuple[Response, int]:
    actor = acting_user()
    stay = load_or_404(Stay, stay_id, Permission.HANDLE_CASES)
    body = json_object()
    now = utcnow()
    if action == "extend":
        try:
            operations.extend_stay(stay, body.get("nights", 0), actor=actor, now=now)
        except PlaceTaken:
            db.session.rollback()
            return api_error(409, "taken", _("Those nights are not free at this shelter."))
    elif action == "checkout":
        operations.check_out(stay, str(body.get("destination", "")), actor=actor, now=now)
    else:
        hearing, facts = str(body.get("hearing", "")), str(body.get("facts", ""))
        operations.exclude(stay, hearing=hearing, facts=facts, actor=actor, now=now)
    db.session.commit()
    return jsonify(stay_json(stay))


def _proposal_json(cases: list[Case], proposal: Proposal) -> dict[str, Any]:
    return {
        "proposal": [assignment_json(cases, assignment) for assignment in proposal.assignments],
        "unplaced": [
            {"case_id": cases[index].id, "reasons": _reasons(reasons)} for index, reasons in proposal.unplaced.items()
        ],
    }


@bp.post("/incidents")
@permission_required(Permission.HANDLE_CASES)
def create_incident() -> tuple[Response, int]:
    actor = acting_user()
    body = json_object()
    households = body.get("households")
    if not isinstance(households, list) or not all(isinstance(item, dict) for item in households):
        raise InvalidInput({"households": _("Give the households as a list of objects.")})
    shared: dict[str, Any] = {key: body[key] for key in ("location", "reason", "received_via") if key in body}
    inputs = [_case_input({**shared, **household}) for household in households]
    now = utcnow()
    incident = incidents.register_incident(actor.municipality, str(body.get("name", "")), inputs, actor=actor, now=now)
    proposal = incidents.propose_for(incident.cases, now=now)
    db.session.commit()
    return jsonify({"id": incident.id, "name": incident.name, **_proposal_json(incident.cases, proposal)}), 201


@bp.post("/incidents/<int:incident_id>/confirm")
@permission_required(Permission.HANDLE_CASES)
def confirm_incident(incident_id: int) -> Response:
    actor = acting_user()
    incident = load_or_404(Incident, incident_id, Permission.HANDLE_CASES)
    body = json_object()
    by_id = {case.id: case for case in incident.cases}
    chosen = []
    for item in body.get("assignments", []) if isinstance(body.get("assignments"), list) else []:
        case = by_id.get(item.get("case_id", 0)) if isinstance(item, dict) else None
        category = (
            db.session.scalar(
                select(PlaceCategory).where(
                    PlaceCategory.shelter_id == item.get("shelter_id"),
                    PlaceCategory.code == str(item.get("category", "")),
                )
            )
            if case is not None and is_id(item.get("shelter_id"))
            else None
        )
        if case is None or category is None or category.shelter.municipality_id != incident.municipality_id:
            raise InvalidInput(
                {"assignments": _("Each assignment needs a case of the incident, a shelter and a category.")}
            )
        chosen.append((case, category))
    result = incidents.confirm(
        incident,
        chosen,
        justification=str(body.get("justification", "")),
        fallback_reason=str(body.get("fallback_reason", "")),
        actor=actor,
        now=utcnow(),
    )
    db.session.commit()
    again = (
        _proposal_json(result.lost, result.proposal)
        if result.proposal is not None
        else {"proposal": [], "unplaced": []}
    )
    return jsonify({"held": [hold_json(hold) for hold in result.held], "reproposed": again})


@bp.post("/holds/<int:hold_id>/arrive")
@permission_required(Permission.HANDLE_HOLDS)
def arrive(hold_id: int) -> Response:
    return _hold_action(hold_id, "arrive")


@bp.post("/holds/<int:hold_id>/cancel")
@permission_required(Permission.HANDLE_HOLDS)
def cancel(hold_id: int) -> Response:
    return _hold_action(hold_id, "cancel")


@bp.post("/holds/<int:hold_id>/no-show")
@permission_required(Permission.HANDLE_HOLDS)
def no_show(hold_id: int) -> Response:
    return _hold_action(hold_id, "no_show")
