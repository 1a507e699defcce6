"""Tonight's shelters as HSDS 3.1 services, for the open-data export."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bolig.municipalities.models import Municipality
from bolig.shelters.availability import CategoryStatus, ShelterStatus
from bolig.shelters.models import PlaceKind, Shelter

# uuid5(NAMESPACE_URL, "https://bolig.nav.no/hsds"), written out so that no change of that URL can change an id.
NAMESPACE = uuid.UUID("97e842d3-3803-5078-99ea-b9b3f4d80ec7")
UNIT_NAMES: dict[str, str] = {PlaceKind.BED: "seng", PlaceKind.FAMILY_UNIT: "familieenhet"}


def stable_id(*parts: object) -> str:
    """The HSDS id of a thing named by these parts: the same in every export."""
    return str(uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts)))


def hsds_services(
    municipality: Municipality, statuses: Sequence[ShelterStatus], *, generated_at: datetime
) -> list[dict[str, Any]]:
    """One HSDS 3.1 service per shelter, with tonight's free places as its capacities.

    A protected shelter is left out altogether (R24): that it exists, and has room tonight, is itself what
    the protection hides.
    """
    if generated_at.tzinfo is None:
        # HSDS date-times need an offset; a naive time would export an invalid `updated`.
        raise ValueError("generated_at must be an aware datetime")
    return [_service(municipality, status, generated_at) for status in statuses if not status.shelter.protected]


def _service(municipality: Municipality, status: ShelterStatus, generated_at: datetime) -> dict[str, Any]:
    shelter = status.shelter
    if shelter.municipality_id != municipality.id:
        raise ValueError(f"shelter {shelter.id} belongs to another municipality")
    key = (municipality.number, "shelter", shelter.id)
    kind = "kvalitetsavtale" if status.verdict.is_quality else "reserveløsning"
    service: dict[str, Any] = {
        "id": stable_id(*key),
        "name": shelter.name,
        "status": "active" if shelter.active else "inactive",
        "description": f"Midlertidig botilbud ({kind})",
        "capacities": [_capacity(key, category, generated_at) for category in status.categories],
    }
    if status.categories:
        service["minimum_age"] = min(c.category.minimum_age for c in status.categories)
    if shelter.contact_phone:
        service["phones"] = [{"id": stable_id(*key, "phone"), "number": shelter.contact_phone}]
    location = _location(municipality, shelter, key)
    if location is not None:
        service["service_at_locations"] = [{"id": stable_id(*key, "service_at_location"), "location": location}]
    return service


def _capacity(key: tuple[object, ...], status: CategoryStatus, generated_at: datetime) -> dict[str, Any]:
    category, availability = status.category, status.availability
    name = UNIT_NAMES.get(category.kind, category.kind)
    updated = availability.reported_at or generated_at
    return {
        "id": stable_id(*key, "capacity", category.id),
        # A unit is a kind of place, the same for every shelter.
        "unit": {"id": stable_id("unit", category.kind), "name": name, "scheme": "bolig", "identifier": category.kind},
        "available": availability.free,
        "maximum": category.maximum,
        "updated": updated.isoformat(timespec="milliseconds"),
        # Not category_label: its gettext would follow the request's language, and the export must not.
        "description": category.label or name.capitalize(),
    }


def _location(municipality: Municipality, shelter: Shelter, key: tuple[object, ...]) -> dict[str, Any] | None:
    location: dict[str, Any] = {"id": stable_id(*key, "location"), "location_type": "physical", "name": shelter.name}
    if shelter.latitude is not None and shelter.longitude is not None:
        location["latitude"] = shelter.latitude
        location["longitude"] = shelter.longitude
    if shelter.address:
        location["addresses"] = [
            {
                "id": stable_id(*key, "address"),
                "address_1": shelter.address,
                "city": shelter.city,
                "postal_code": shelter.postcode,
                # Required by HSDS; the fylke is Norway's nearest equivalent of a state or province.
                "state_province": municipality.county,
                "country": "NO",
                "address_type": "physical",
            }
        ]
    if "latitude" not in location and "addresses" not in location:
        return None
    return location
