from __future__ import annotations

import copy
import json
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from jsonschema import Draft202012Validator

from bolig.municipalities.models import Municipality
from bolig.shelters.availability import shelter_statuses
from bolig.shelters.hsds import NAMESPACE, hsds_services, stable_id
from bolig.shelters.models import Channel, Shelter
from bolig.shelters.operations import CategorySpec, add_agreement, add_inspection, create_shelter, report_capacity

SCHEMA_PATH = Path(__file__).resolve().parent / "hsds-3.1-schema" / "service_with_definitions.json"
NOW = datetime(2026, 11, 22, 15, 0, 12, 345000, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)
SECRET_STREET = "Hemmeligveien 7"
SECRET_LATITUDE, SECRET_LONGITUDE = 59.93217, 10.71143
OPERATOR_PHONE = "+4798765432"


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    # The file declares no $schema, so jsonschema would take the latest draft anyway; say so.
    assert "$schema" not in schema
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _shelter(municipality: Municipality, name: str, **values: Any) -> Shelter:
    return create_shelter(
        municipality,
        {
            "name": name,
            "address": "Storgata 1",
            "postcode": "0155",
            "city": "Oslo",
            "latitude": 59.9133,
            "longitude": 10.7522,
            "contact_phone": "22 00 00 00",
            "operator_phone": OPERATOR_PHONE,
            **values,
        },
        categories=[CategorySpec("bed", 10, minimum_age=20), CategorySpec("family_unit", 3, minimum_age=0)],
        actor=None,
    )


def _build(municipality: Municipality) -> tuple[date, dict[str, Shelter]]:
    night = municipality.tonight(NOW)
    quality = _shelter(municipality, "Storgata hospits")
    agreement = add_agreement(quality, night - timedelta(days=30), night + timedelta(days=300), {}, actor=None)
    add_inspection(agreement, night - timedelta(days=10), "Kari Tilsyn", True, today=night, actor=None)
    report_capacity(
        quality,
        night,
        {"bed": 8, "family_unit": 2},
        out_of_service={"bed": (3, "Vannskade")},
        channel=Channel.WEB,
        actor=None,
        now=NOW,
        today=night,
    )
    silent = _shelter(municipality, "Fjellhytta", address="", latitude=None, longitude=None)
    protected = _shelter(
        municipality,
        "Trygt sted",
        address=SECRET_STREET,
        postcode="0171",
        latitude=SECRET_LATITUDE,
        longitude=SECRET_LONGITUDE,
        protected=True,
    )
    report_capacity(protected, night, {"bed": 4}, channel=Channel.WEB, actor=None, now=NOW, today=night)
    return night, {"quality": quality, "silent": silent, "protected": protected}


def _export(municipality: Municipality, shelters: dict[str, Shelter], night: date) -> dict[str, dict[str, Any]]:
    statuses = shelter_statuses(list(shelters.values()), night, LATER)
    services = hsds_services(municipality, statuses, generated_at=LATER)
    by_id = {service["id"]: service for service in services}
    exported = {key: stable_id(municipality.number, "shelter", shelter.id) for key, shelter in shelters.items()}
    return {key: by_id[service_id] for key, service_id in exported.items() if service_id in by_id}


def test_every_service_validates_against_the_hsds_schema(
    app: Flask, municipality: Municipality, validator: Draft202012Validator
) -> None:
    night, shelters = _build(municipality)
    services = _export(municipality, shelters, night)
    for service in services.values():
        validator.validate(service)
    assert services["quality"]["description"] == "Midlertidig botilbud (kvalitetsavtale)"
    assert services["silent"]["description"] == "Midlertidig botilbud (reserveløsning)"
    assert services["quality"]["minimum_age"] == 0
    assert services["quality"]["status"] == "active"

    # The formats are checked and the #/definitions refs followed, so a broken export would fail.
    broken = copy.deepcopy(services["quality"])
    broken["capacities"][0]["id"] = "0301-shelter-1"
    assert not validator.is_valid(broken)
    broken = copy.deepcopy(services["quality"])
    broken["capacities"][0]["updated"] = "2026-11-22 16:00"
    assert not validator.is_valid(broken)
    broken = copy.deepcopy(services["quality"])
    del broken["service_at_locations"][0]["location"]["addresses"][0]["state_province"]
    assert not validator.is_valid(broken)


def test_capacities_carry_free_places_maximum_and_report_time(app: Flask, municipality: Municipality) -> None:
    night, shelters = _build(municipality)
    services = _export(municipality, shelters, night)

    bed, family = services["quality"]["capacities"]
    assert (bed["available"], bed["maximum"]) == (8 - 3, 10)
    assert (family["available"], family["maximum"]) == (2, 3)
    assert (bed["unit"]["name"], bed["unit"]["scheme"], bed["unit"]["identifier"]) == ("seng", "bolig", "bed")
    assert (family["unit"]["name"], family["unit"]["identifier"]) == ("familieenhet", "family_unit")
    assert (bed["description"], family["description"]) == ("Seng", "Familieenhet")
    assert bed["updated"] == "2026-11-22T15:00:12.345+00:00"
    assert datetime.fromisoformat(family["updated"]) == NOW

    # Never reported tonight: nothing is free, as of the export.
    assert [(c["available"], c["maximum"]) for c in services["silent"]["capacities"]] == [(0, 10), (0, 3)]
    assert {datetime.fromisoformat(c["updated"]) for c in services["silent"]["capacities"]} == {LATER}


def test_ids_are_stable_across_exports_and_differ_between_shelters(app: Flask, municipality: Municipality) -> None:
    night, shelters = _build(municipality)
    first = _export(municipality, shelters, night)
    report_capacity(shelters["quality"], night, {"bed": 6}, channel=Channel.WEB, actor=None, now=LATER, today=night)
    second = _export(municipality, shelters, night)

    def ids(value: Any) -> list[str]:
        if isinstance(value, dict):
            return [v for k, v in value.items() if k == "id"] + [i for v in value.values() for i in ids(v)]
        if isinstance(value, list):
            return [i for v in value for i in ids(v)]
        return []

    assert second["quality"]["capacities"][0]["available"] == 6 - 3  # out of service carries over
    assert ids(first) == ids(second)
    assert first["quality"]["id"] == str(uuid.uuid5(NAMESPACE, f"0301/shelter/{shelters['quality'].id}"))
    assert len({service["id"] for service in first.values()}) == len(first)
    # Every object has its own id, except units: a bed is the same unit at every shelter.
    units = {c["unit"]["id"] for service in first.values() for c in service["capacities"]}
    assert len(units) == 2
    own = [i for i in ids(first) if i not in units]
    assert len(own) == len(set(own))


def test_a_protected_shelter_is_not_exported_at_all(
    app: Flask, municipality: Municipality, validator: Draft202012Validator
) -> None:
    night, shelters = _build(municipality)
    services = _export(municipality, shelters, night)

    assert set(services) == {"quality", "silent"}
    everything = json.dumps(list(services.values()), ensure_ascii=False)
    for secret in (SECRET_STREET, "Hemmeligveien", str(SECRET_LATITUDE), str(SECRET_LONGITUDE), "59.932", "10.711"):
        assert secret not in everything
    # The operators' number is private for every shelter.
    assert OPERATOR_PHONE not in everything

    # An open shelter, built the same way, does show where it is.
    location = services["quality"]["service_at_locations"][0]["location"]
    assert (location["latitude"], location["longitude"]) == (59.9133, 10.7522)
    assert location["addresses"][0] | {"id": None} == {
        "id": None,
        "address_1": "Storgata 1",
        "city": "Oslo",
        "postal_code": "0155",
        "state_province": "Oslo",
        "country": "NO",
        "address_type": "physical",
    }
    assert services["quality"]["phones"][0]["number"] == "22 00 00 00"
    assert "service_at_locations" not in services["silent"]
