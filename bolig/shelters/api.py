"""Shelters for machines: the list with tonight's free places, registration, capacity reports, open data."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, jsonify, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from bolig.api import api_blueprint, iso_date, json_object
from bolig.auth.models import Role, User
from bolig.auth.permissions import (
    Permission,
    acting_user,
    load_or_404,
    may_see_address,
    permission_required,
    public,
    require,
)
from bolig.db import db, utcnow
from bolig.errors import InvalidInput
from bolig.municipalities.models import Municipality
from bolig.municipalities.operations import get_municipality
from bolig.shelters import operations
from bolig.shelters.availability import ShelterStatus, shelter_statuses
from bolig.shelters.hsds import hsds_services
from bolig.shelters.models import Channel, Shelter
from bolig.shelters.operations import AGREEMENT_STANDARDS, CATEGORY_FLAGS, CategorySpec

bp = api_blueprint("shelters", __name__)


def _municipality_param(actor: User | None) -> Municipality:
    number = request.args.get("municipality", "")
    municipality = get_municipality(number) if number else (actor.municipality if actor else None)
    if municipality is None:
        abort(404)
    return municipality


def shelter_json(status: ShelterStatus, night: date, actor: User) -> dict[str, Any]:
    """A shelter as the API shows it to staff; a protected shelter's whereabouts only to those who need them (R24)."""
    shelter = status.shelter
    shown = may_see_address(actor, shelter)
    agreements = [
        {"valid_from": a.valid_from.isoformat(), "valid_to": a.valid_to.isoformat()} for a in shelter.agreements
    ]
    return {
        "id": shelter.id,
        "name": shelter.name,
        "municipality": shelter.municipality.number,
        "provider_type": shelter.provider_type,
        "kind": str(status.verdict.kind),
        "kind_reason": str(status.verdict.reason),
        "agreements": agreements,
        "protected": shelter.protected,
        "address": shelter.address if shown else None,
        "postcode": shelter.postcode if shown else None,
        "city": shelter.city,
        "latitude": shelter.latitude if shown else None,
        "longitude": shelter.longitude if shown else None,
        "price_per_night": str(shelter.price_per_night),
        "night": night.isoformat(),
        "categories": [
            {
                "code": item.category.code,
                "kind": item.category.kind,
                "label": item.category.label,
                "maximum": item.category.maximum,
                "gender_policy": item.category.gender_policy,
                "minimum_age": item.category.minimum_age,
                **{flag: getattr(item.category, flag) for flag in CATEGORY_FLAGS},
                "offered": item.availability.offered,
                "out_of_service": item.availability.out_of_service,
                "taken": item.availability.taken,
                "free": item.availability.free,
                "reported_at": item.availability.reported_at.isoformat() if item.availability.reported_at else None,
                "stale": item.stale,
            }
            for item in status.categories
        ],
    }


@bp.get("/shelters")
@permission_required(Permission.USE_APP)
def list_shelters() -> Response:
    actor = acting_user()
    municipality = _municipality_param(actor)
    require(actor, Permission.USE_APP, municipality)
    night = municipality.tonight(utcnow())
    if actor.role == Role.OPERATOR:
        shelters = operations.shelters_for(actor)
    else:
        shelters = [s for s in operations.shelters_of(municipality.id) if s.active]
    statuses = shelter_statuses(shelters, night, utcnow())
    return jsonify(
        {"night": night.isoformat(), "shelters": [shelter_json(status, night, actor) for status in statuses]}
    )


def _category_specs(raw: Any) -> list[CategorySpec]:
    if not isinstance(raw, list):
        raise InvalidInput({"categories": _("Give the categories as a list.")})
    specs = []
    for index, item in enumerate(raw):
        if not isinstance(item, dict) or not isinstance(item.get("maximum"), int):
            raise InvalidInput({f"categories.{index}": _("Each category needs a kind and a whole-number maximum.")})
        specs.append(
            CategorySpec(
                kind=str(item.get("kind", "")),
                maximum=item["maximum"],
                code=str(item.get("code", "")),
                label=str(item.get("label", "")),
                gender_policy=str(item.get("gender_policy", "any")),
                minimum_age=item.get("minimum_age", 18),
                flags={flag: bool(item.get(flag, False)) for flag in CATEGORY_FLAGS},
            )
        )
    return specs


@bp.post("/shelters")
@permission_required(Permission.MANAGE_SHELTERS)
def create_shelter() -> tuple[Response, int]:
    actor = acting_user()
    body = json_object()
    shelter = operations.create_shelter(
        actor.municipality, body, categories=_category_specs(body.get("categories", [])), actor=actor
    )
    agreement = body.get("agreement")
    if agreement is not None:
        if not isinstance(agreement, dict):
            raise InvalidInput({"agreement": _("Give the agreement as an object.")})
        operations.add_agreement(
            shelter,
            iso_date(agreement.get("valid_from"), "agreement.valid_from"),
            iso_date(agreement.get("valid_to"), "agreement.valid_to"),
            {standard: bool(agreement.get(standard, False)) for standard in AGREEMENT_STANDARDS},
            actor=actor,
        )
    db.session.commit()
    night = actor.municipality.tonight(utcnow())
    return jsonify(shelter_json(shelter_statuses([shelter], night, utcnow())[0], night, actor)), 201


@bp.put("/shelters/<int:shelter_id>/capacity")
@permission_required(Permission.REPORT_CAPACITY)
def report_capacity(shelter_id: int) -> Response:
    actor = acting_user()
    shelter = load_or_404(Shelter, shelter_id, Permission.REPORT_CAPACITY)
    body = json_object()
    night = iso_date(body.get("night"), "night")
    offered = {key: value for key, value in body.items() if key != "night"}
    wrong_type = {key: _("Give a whole number.") for key, value in offered.items() if type(value) is not int}
    if wrong_type:
        raise InvalidInput(wrong_type)
    today = shelter.municipality.tonight(utcnow())
    operations.report_capacity(shelter, night, offered, today=today, channel=Channel.API, actor=actor, now=utcnow())
    db.session.commit()
    status = shelter_statuses([shelter], night, utcnow())[0]
    return jsonify(shelter_json(status, night, actor))


@bp.get("/hsds/services")
@public
def hsds_export() -> Response:
    municipality = _municipality_param(None)
    now = utcnow()
    shelters = [s for s in operations.shelters_of(municipality.id) if s.active]
    statuses = shelter_statuses(shelters, municipality.tonight(now), now)
    return jsonify(hsds_services(municipality, statuses, generated_at=now))
