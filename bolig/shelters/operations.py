"""What shelters do: come into being, hold agreements, pass inspections, report free places."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bolig.audit.operations import record
from bolig.auth.models import Role, User
from bolig.cases.identity import normalise_phone
from bolig.db import db
from bolig.errors import InvalidInput
from bolig.municipalities.models import Municipality
from bolig.notifications import operations as sms
from bolig.notifications.messages import render
from bolig.notifications.models import SmsKind, SmsMessage
from bolig.shelters.availability import AgreementTerms, get_shelters_availability, kind_for_night
from bolig.shelters.models import (
    CapacityReport,
    Channel,
    GenderPolicy,
    Inspection,
    PlaceCategory,
    PlaceKind,
    ProviderType,
    QualityAgreement,
    Shelter,
)
from bolig.timeutil import oslo_moment, oslo_today, parse_clock

# Capacity can be reported from tonight and this many nights ahead.
MAX_NIGHTS_AHEAD = 60
CATEGORY_FLAGS = (
    "children_allowed",
    "wheelchair_accessible",
    "pets_allowed",
    "substance_free",
    "staffed_24_7",
)
AGREEMENT_STANDARDS = (
    "linen_changed_weekly",
    "bathrooms_cleaned_daily",
    "daily_supervision",
    "kitchen_and_toilet_access",
    "suitable_for_families",
)
SHELTER_FIELDS = (
    "name",
    "provider_type",
    "address",
    "postcode",
    "city",
    "latitude",
    "longitude",
    "contact_phone",
    "operator_phone",
    "price_per_night",
    "protected",
    "active",
)


@dataclass
class CategorySpec:
    """What a place category is to be: parsed from a form or the API."""

    kind: str
    maximum: int
    code: str = ""
    label: str = ""
    gender_policy: str = GenderPolicy.ANY
    minimum_age: int = 18
    flags: dict[str, bool] = field(default_factory=dict)


def shelters_of(municipality_id: int) -> list[Shelter]:
    """Every shelter of a municipality, by name, with its categories (one more query, not one per shelter)."""
    query = (
        select(Shelter)
        .where(Shelter.municipality_id == municipality_id)
        .options(selectinload(Shelter.categories))
        .order_by(Shelter.name)
    )
    return list(db.session.scalars(query))


def shelters_for(actor: User) -> list[Shelter]:
    """The shelters a user acts for: an operator's own, everyone else's municipality's."""
    if actor.role == Role.OPERATOR:
        return [shelter for shelter in actor.shelters if shelter.active]
    return [shelter for shelter in shelters_of(actor.municipality_id) if shelter.active]


TEXT_LIMITS = {"name": 120, "address": 200, "postcode": 4, "city": 80, "contact_phone": 20, "operator_phone": 20}
FLAGS = ("protected", "active")
# Mainland Norway and Svalbard's latitudes, roughly: a point outside is a typing error.
NORWAY = {"latitude": (57.0, 72.0), "longitude": (4.0, 32.0)}


def in_norway(latitude: float, longitude: float) -> bool:
    """Whether a position lies within NORWAY (never for NaN)."""
    (south, north), (west, east) = NORWAY["latitude"], NORWAY["longitude"]
    return south <= latitude <= north and west <= longitude <= east


MAX_PRICE = Decimal(1_000_000)


def _validate_shelter_fields(values: Mapping[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    clean: dict[str, Any] = {key: values[key] for key in SHELTER_FIELDS if key in values}
    _clean_texts(clean, errors)
    for key in FLAGS:
        if key in clean and not isinstance(clean[key], bool):
            errors[key] = _l("Answer yes or no.")
    if "name" in clean and not clean["name"]:
        errors["name"] = _l("Give the shelter a name.")
    if clean.get("provider_type") not in (None, *ProviderType):
        errors["provider_type"] = _l("Choose what sort of place it is.")
    if (
        isinstance(clean.get("postcode"), str)
        and clean["postcode"]
        and not re.fullmatch(r"\d{4}", clean["postcode"], re.ASCII)
    ):
        errors["postcode"] = _l("A postcode has four digits.")
    for key, (low, high) in NORWAY.items():
        if key in clean:
            clean[key] = _coordinate(clean[key], low, high, key, errors)
    if "price_per_night" in clean:
        clean["price_per_night"] = _price(clean["price_per_night"], errors)
    if isinstance(clean.get("operator_phone"), str) and clean["operator_phone"] and "operator_phone" not in errors:
        # Stored in E.164, so an SMS from the operator's phone is recognised however it was typed.
        number = normalise_phone(clean["operator_phone"])
        if number is None:
            errors["operator_phone"] = _l("Write a mobile number, like 912 34 567 or +47 912 34 567.")
        clean["operator_phone"] = number or clean["operator_phone"]
    return clean


def _clean_texts(clean: dict[str, Any], errors: dict[str, str]) -> None:
    """Text fields stripped and within their columns; an empty form field or a JSON null is ""."""
    for key, limit in TEXT_LIMITS.items():
        if key not in clean:
            continue
        value = "" if clean[key] is None else clean[key]
        if not isinstance(value, str) or len(value.strip()) > limit:
            errors[key] = _l("Write at most %(n)d characters.", n=limit)
        else:
            clean[key] = value.strip()


def _price(value: Any, errors: dict[str, str]) -> Decimal:
    """Kroner with øre, finite and not absurd; 0 when not given."""
    try:
        price = Decimal(str(value if value not in (None, "") else 0)).quantize(Decimal("0.01"))
    except InvalidOperation:
        errors["price_per_night"] = _l("Write the price as a number of kroner.")
        return Decimal(0)
    if isinstance(value, bool) or not price.is_finite() or not 0 <= price < MAX_PRICE:
        errors["price_per_night"] = _l("Write the price as a number of kroner.")
    return price


def _coordinate(value: Any, low: float, high: float, key: str, errors: dict[str, str]) -> float | None:
    """A coordinate inside Norway, or None when not given."""
    if value in (None, ""):
        return None
    try:
        if isinstance(value, bool):
            raise TypeError(value)
        number = float(value)
    except (TypeError, ValueError):
        errors[key] = _l("Write the coordinate as a decimal number, like 59.91.")
        return None
    if not low <= number <= high:
        errors[key] = _l("The coordinate is not in Norway.")
    return number


def _validate_category(spec: CategorySpec, prefix: str, errors: dict[str, str]) -> None:
    if spec.kind not in set(PlaceKind):
        errors[f"{prefix}kind"] = _l("A place is a bed or a family unit.")
    if isinstance(spec.maximum, bool) or not isinstance(spec.maximum, int) or not 0 <= spec.maximum <= 1000:
        errors[f"{prefix}maximum"] = _l("The maximum must be between 0 and 1000.")
    if spec.gender_policy not in set(GenderPolicy):
        errors[f"{prefix}gender_policy"] = _l("Choose who the places are for.")
    if isinstance(spec.minimum_age, bool) or not isinstance(spec.minimum_age, int) or not 0 <= spec.minimum_age <= 67:
        errors[f"{prefix}minimum_age"] = _l("The minimum age must be between 0 and 67.")
    if spec.code and (not re.fullmatch(r"[a-z0-9_]{1,40}", spec.code, re.ASCII) or spec.code == "night"):
        errors[f"{prefix}code"] = _l("A code has at most 40 small letters a-z, digits and _ (and is not 'night').")
    if len(spec.label) > 80:
        errors[f"{prefix}label"] = _l("Write at most %(n)d characters.", n=80)


def _category(spec: CategorySpec) -> PlaceCategory:
    return PlaceCategory(
        code=spec.code or spec.kind,
        kind=spec.kind,
        label=spec.label,
        maximum=spec.maximum,
        gender_policy=spec.gender_policy,
        minimum_age=spec.minimum_age,
        **{flag: bool(spec.flags.get(flag, False)) for flag in CATEGORY_FLAGS},
    )


def create_shelter(
    municipality: Municipality,
    values: Mapping[str, Any],
    *,
    categories: Iterable[CategorySpec] = (),
    actor: User | None,
) -> Shelter:
    """Register a shelter with its place categories."""
    errors: dict[str, str] = {}
    clean = _validate_shelter_fields(values, errors)
    if "name" not in clean:
        errors["name"] = _l("Give the shelter a name.")
    specs = list(categories)
    for index, spec in enumerate(specs):
        _validate_category(spec, f"categories.{index}.", errors)
    codes = [spec.code or spec.kind for spec in specs]
    if len(set(codes)) != len(codes):
        errors["categories"] = _l("Two categories have the same code.")
    if errors:
        raise InvalidInput(errors)
    shelter = Shelter(municipality=municipality, **clean, categories=[_category(spec) for spec in specs])
    db.session.add(shelter)
    db.session.flush()
    record(actor, "shelter.create", shelter)
    return shelter


def update_shelter(shelter: Shelter, values: Mapping[str, Any], *, actor: User) -> None:
    """Change a shelter's details."""
    errors: dict[str, str] = {}
    clean = _validate_shelter_fields(values, errors)
    if errors:
        raise InvalidInput(errors)
    changed = {key: value for key, value in clean.items() if getattr(shelter, key) != value}
    for key, value in changed.items():
        setattr(shelter, key, value)
    record(actor, "shelter.update", shelter, details={"fields": sorted(changed)})


def add_category(shelter: Shelter, spec: CategorySpec, *, actor: User) -> PlaceCategory:
    """Offer a new kind of place at a shelter."""
    errors: dict[str, str] = {}
    _validate_category(spec, "", errors)
    if any(category.code == (spec.code or spec.kind) for category in shelter.categories):
        errors["code"] = _l("The shelter has a category with this code already.")
    if errors:
        raise InvalidInput(errors)
    category = _category(spec)
    shelter.categories.append(category)
    db.session.flush()
    record(actor, "category.create", category, municipality_id=shelter.municipality_id)
    return category


def update_category(category: PlaceCategory, spec: CategorySpec, *, actor: User) -> None:
    """Change what a category allows or its physical maximum."""
    errors: dict[str, str] = {}
    _validate_category(spec, "", errors)
    if errors:
        raise InvalidInput(errors)
    category.label = spec.label
    category.maximum = spec.maximum
    category.gender_policy = spec.gender_policy
    category.minimum_age = spec.minimum_age
    for flag in CATEGORY_FLAGS:
        setattr(category, flag, bool(spec.flags.get(flag, False)))
    record(actor, "category.update", category, municipality_id=category.shelter.municipality_id)


def add_agreement(
    shelter: Shelter,
    valid_from: date,
    valid_to: date,
    standards: Mapping[str, bool],
    *,
    note: str = "",
    actor: User | None,
) -> QualityAgreement:
    """Sign a quality agreement (kvalitetsavtale) with a shelter for a period."""
    if valid_to < valid_from:
        raise InvalidInput({"valid_to": _l("The agreement must end on or after the day it starts.")})
    agreement = QualityAgreement(
        valid_from=valid_from,
        valid_to=valid_to,
        note=note,
        **{standard: bool(standards.get(standard, False)) for standard in AGREEMENT_STANDARDS},
    )
    shelter.agreements.append(agreement)
    db.session.flush()
    record(actor, "agreement.create", agreement, municipality_id=shelter.municipality_id)
    return agreement


def add_inspection(
    agreement: QualityAgreement,
    inspected_on: date,
    inspector: str,
    passed: bool,
    *,
    findings: str = "",
    today: date,
    actor: User | None,
) -> Inspection:
    """Log an inspection (tilsyn) under an agreement; its result decides the shelter's kind (R6)."""
    errors: dict[str, str] = {}
    if inspected_on > today:
        errors["inspected_on"] = _l("An inspection cannot be logged before it has happened.")
    if not inspector.strip():
        errors["inspector"] = _l("Write who inspected.")
    if not passed and not findings.strip():
        errors["findings"] = _l("Write what was found when an inspection is not passed.")
    if errors:
        raise InvalidInput(errors)
    inspection = Inspection(inspected_on=inspected_on, inspector=inspector.strip(), findings=findings, passed=passed)
    agreement.inspections.append(inspection)
    db.session.flush()
    record(actor, "inspection.create", inspection, municipality_id=agreement.shelter.municipality_id)
    return inspection


def set_operators(shelter: Shelter, operators: Iterable[User], *, actor: User | None) -> None:
    """Choose which operator users act for a shelter."""
    operators = list(operators)
    if any(user.role != Role.OPERATOR or user.municipality_id != shelter.municipality_id for user in operators):
        raise InvalidInput({"operators": _l("Only operators of the same municipality can act for a shelter.")})
    current = set(operators_of(shelter))
    for user in current - set(operators):
        user.shelters.remove(shelter)
    for user in set(operators) - current:
        user.shelters.append(shelter)
    record(actor, "shelter.operators", shelter, details={"operators": sorted(user.id for user in operators)})


def operators_of(shelter: Shelter) -> list[User]:
    """The operator users who act for a shelter."""
    return [user for user in shelter.municipality.users if shelter in user.shelters]


def check_night(night: date, today: date) -> None:
    """Refuse a night in the past or too far ahead."""
    if night < today:
        raise InvalidInput({"night": _l("That night has passed. Report tonight or a later night.")})
    if night > today + timedelta(days=MAX_NIGHTS_AHEAD):
        raise InvalidInput({"night": _l("Report at most %(days)d nights ahead.", days=MAX_NIGHTS_AHEAD)})


def _check_counts(
    by_code: Mapping[str, PlaceCategory], offered: Mapping[str, int], out_of_service: Mapping[str, tuple[int, str]]
) -> dict[str, str]:
    """Why each count of a capacity report is refused, by field; empty when all are fine."""
    errors: dict[str, str] = {}
    for code in (*offered, *out_of_service):
        if code not in by_code:
            errors[code] = _l("The shelter has no category called %(code)s.", code=code)
    if not offered and not out_of_service:
        errors["offered"] = _l("Report at least one category.")
    for code, count in offered.items():
        category = by_code.get(code)
        if category is None:
            continue
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            errors[code] = _l("The number of places cannot be negative.")
        elif count > category.maximum:
            errors[code] = _l(
                "%(label)s: at most %(maximum)d places fit here.",
                label=category_label(category),
                maximum=category.maximum,
            )
    for code, (count, reason) in out_of_service.items():
        if code in by_code and (count < 0 or count > by_code[code].maximum):
            errors[f"{code}.out_of_service"] = _l("Places out of service must be between 0 and the maximum.")
        elif count > 0 and not reason.strip():
            errors[f"{code}.reason"] = _l("Say why the places are out of service.")
        elif len(reason.strip()) > 200:
            errors[f"{code}.reason"] = _l("Write at most %(n)d characters.", n=200)
    return errors


def report_capacity(
    shelter: Shelter,
    night: date,
    offered: Mapping[str, int],
    *,
    today: date,
    channel: Channel,
    actor: User | None,
    now: datetime,
    out_of_service: Mapping[str, tuple[int, str]] | None = None,
) -> list[CapacityReport]:
    """Record what a shelter offers for a night, per category code; all or nothing.

    `today` is the night that counts as tonight. Places out of service carry over from the latest report
    of that night or an earlier one unless given. A later report wins; every report stays in the history.
    """
    check_night(night, today)
    by_code = {category.code: category for category in shelter.categories}
    out_of_service = out_of_service or {}
    errors = _check_counts(by_code, offered, out_of_service)
    if errors:
        raise InvalidInput(errors)
    last = latest_reports(shelter, night)
    standing = _standing_out_of_service(shelter, night)
    reports = []
    for code in dict.fromkeys([*offered, *out_of_service]):
        category = by_code[code]
        previous = last.get(category.id)
        broken, reason = out_of_service.get(code, standing.get(category.id, (0, "")))
        report = CapacityReport(
            category=category,
            night=night,
            offered=offered.get(code, previous.offered if previous else 0),
            out_of_service=broken,
            out_of_service_reason=reason.strip() if broken else "",
            reported_by=actor,
            reported_at=now,
            channel=channel,
        )
        db.session.add(report)
        reports.append(report)
    db.session.flush()
    record(
        actor,
        "capacity.report",
        shelter,
        details={
            "night": night.isoformat(),
            "channel": str(channel),
            "offered": {r.category.code: r.offered for r in reports},
        },
    )
    return reports


def _standing_out_of_service(shelter: Shelter, night: date) -> dict[int, tuple[int, str]]:
    """Places out of service stay out, night after night, until a report says otherwise."""
    reports = db.session.scalars(
        select(CapacityReport)
        .where(CapacityReport.category_id.in_([c.id for c in shelter.categories]), CapacityReport.night <= night)
        .order_by(CapacityReport.night, CapacityReport.id)
    )
    return {report.category_id: (report.out_of_service, report.out_of_service_reason) for report in reports}


def latest_reports(shelter: Shelter, night: date) -> dict[int, CapacityReport]:
    """The report that counts for each category of a shelter on a night."""
    reports = db.session.scalars(
        select(CapacityReport)
        .where(CapacityReport.category_id.in_([c.id for c in shelter.categories]), CapacityReport.night == night)
        .order_by(CapacityReport.id)
    )
    return {report.category_id: report for report in reports}


def capacity_history(shelter: Shelter, *, limit: int = 50) -> list[CapacityReport]:
    """The latest capacity reports of a shelter, newest first."""
    query = (
        select(CapacityReport)
        .where(CapacityReport.category_id.in_([c.id for c in shelter.categories]))
        .order_by(CapacityReport.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def expiring_agreements(municipality: Municipality, today: date) -> list[QualityAgreement]:
    """Agreements that end within the municipality's warning period, soonest first."""
    horizon = today + timedelta(days=int(municipality.setting("agreement_expiry_warning_days")))
    query = (
        select(QualityAgreement)
        .join(Shelter)
        .where(
            Shelter.municipality_id == municipality.id,
            QualityAgreement.valid_to >= today,
            QualityAgreement.valid_to <= horizon,
        )
        .order_by(QualityAgreement.valid_to)
    )
    latest = {}
    for agreement in db.session.scalars(query):
        # Renewed only if the shelter still counts as quality the day after: an uninspected renewal does not.
        terms = [
            AgreementTerms(a.valid_from, a.valid_to, tuple((i.inspected_on, i.passed) for i in a.inspections))
            for a in agreement.shelter.agreements
        ]
        if not kind_for_night(terms, agreement.valid_to + timedelta(days=1)).is_quality:
            latest[agreement.shelter_id] = agreement
    return list(latest.values())


def category_label(category: PlaceCategory) -> str:
    """A category's own label, else the name of its kind."""
    return category.label or kind_label(category.kind)


def kind_label(kind: str) -> str:
    """The name of a kind of place."""
    return str(_l("Family unit") if kind == PlaceKind.FAMILY_UNIT else _l("Bed"))


def capacity_reminders(now: datetime) -> list[Shelter]:
    """Text the operators of shelters that have not reported tonight's places today, once a night.

    Each municipality chooses the time (default 15:00), before the count goes stale at its deadline.
    """
    today = oslo_today(now)
    shelters = db.session.scalars(
        select(Shelter)
        .where(Shelter.active.is_(True), Shelter.operator_phone != "")
        .options(selectinload(Shelter.categories), selectinload(Shelter.municipality))
        .order_by(Shelter.id)
    ).all()
    keys = {shelter.id: f"capacity:{shelter.id}:{today.isoformat()}" for shelter in shelters}
    done = set(db.session.scalars(select(SmsMessage.event_key).where(SmsMessage.event_key.in_(keys.values()))))
    due = [
        shelter
        for shelter in shelters
        if keys[shelter.id] not in done
        and shelter.municipality.tonight(now) == today
        and now >= oslo_moment(today, parse_clock(str(shelter.municipality.setting("capacity_reminder_at"))))
    ]
    availability = get_shelters_availability([shelter.id for shelter in due], [today], now=now)
    start_of_day = oslo_moment(today, time(0))
    reminded = []
    for shelter in due:
        reported = [availability[category.id, today].reported_at for category in shelter.categories]
        if all(at is not None and at >= start_of_day for at in reported):
            continue
        body = render(SmsKind.CAPACITY_REMINDER, "nb", {"shelter": shelter.name})
        sms.queue(
            shelter.municipality,
            phone=shelter.operator_phone,
            kind=SmsKind.CAPACITY_REMINDER,
            event_key=keys[shelter.id],
            body=body,
            now=now,
            shelter=shelter,
        )
        reminded.append(shelter)
    return reminded
