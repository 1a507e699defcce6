"""Demo shelters: eight per demo city, mixing quality agreements, fallbacks and special needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from bolig.auth.models import User
from bolig.db import db
from bolig.municipalities.models import Municipality
from bolig.shelters.models import Channel, PlaceKind, ProviderType, Shelter
from bolig.shelters.operations import (
    AGREEMENT_STANDARDS,
    CategorySpec,
    add_agreement,
    add_inspection,
    create_shelter,
    latest_reports,
    report_capacity,
    set_operators,
)


@dataclass(frozen=True)
class Kind:
    """One role a demo shelter plays: what it is, what it allows, and its agreement."""

    provider_type: ProviderType
    categories: tuple[CategorySpec, ...]
    agreement: str  # "valid", "expiring", "expired" or "none"
    protected: bool = False
    price: int = 600
    offered: dict[str, int] = field(default_factory=dict)


def _bed(maximum: int, **flags: bool | str | int) -> CategorySpec:
    gender = str(flags.pop("gender", "any"))
    return CategorySpec(PlaceKind.BED, maximum, gender_policy=gender, flags={k: bool(v) for k, v in flags.items()})


def _family(maximum: int, **flags: bool) -> CategorySpec:
    return CategorySpec(PlaceKind.FAMILY_UNIT, maximum, minimum_age=0, flags={"children_allowed": True, **flags})


KINDS = (
    Kind(
        ProviderType.SHELTER, (_bed(12, staffed_24_7=True), _family(2)), "valid", offered={"bed": 5, "family_unit": 1}
    ),
    Kind(ProviderType.SHELTER, (_bed(8, gender="women", staffed_24_7=True),), "expiring", offered={"bed": 3}),
    Kind(ProviderType.SHELTER, (_family(4, pets_allowed=True),), "valid", price=900, offered={"family_unit": 2}),
    Kind(ProviderType.SHELTER, (_bed(6, substance_free=True),), "valid", offered={"bed": 2}),
    Kind(
        ProviderType.HOTEL,
        (_bed(10, wheelchair_accessible=True), _family(2, wheelchair_accessible=True)),
        "none",
        price=1400,
        offered={"bed": 4, "family_unit": 1},
    ),
    Kind(ProviderType.CABIN, (_family(3, pets_allowed=True),), "none", price=800, offered={"family_unit": 3}),
    Kind(
        ProviderType.SHELTER,
        (_bed(4, gender="women", staffed_24_7=True), _family(2)),
        "valid",
        protected=True,
        offered={"bed": 1, "family_unit": 1},
    ),
    Kind(ProviderType.SHELTER, (_bed(10),), "expired", offered={"bed": 6}),
)

# (name, street address, postcode, town, latitude, longitude), in the order of KINDS.
Place = tuple[str, str, str, str, float, float]
PLACES: dict[str, tuple[Place, ...]] = {
    "0301": (
        ("Ila pensjonat", "Waldemar Thranes gate 75", "0175", "Oslo", 59.9289, 10.7499),
        ("Sporveisgata hospits for kvinner", "Sporveisgata 20", "0354", "Oslo", 59.9262, 10.7310),
        ("Familiehuset Tøyen", "Hagegata 22", "0653", "Oslo", 59.9150, 10.7720),
        ("Rusfritt botilbud Grünerløkka", "Thorvald Meyers gate 60", "0552", "Oslo", 59.9240, 10.7580),
        ("Hotell Bjørvika", "Dronning Eufemias gate 10", "0191", "Oslo", 59.9075, 10.7580),
        ("Bogstad camping, hytter", "Ankerveien 117", "0766", "Oslo", 59.9626, 10.6386),
        ("Skjermet botilbud Øst", "Adressen er skjermet", "0000", "Oslo", 59.9300, 10.8000),
        ("Pensjonat Grønland", "Grønlandsleiret 30", "0190", "Oslo", 59.9115, 10.7620),
    ),
    "4601": (
        ("Bymisjonen Nygårdsgaten", "Nygårdsgaten 5", "5015", "Bergen", 60.3870, 5.3280),
        ("Kvinnehuset Bergenhus", "Kong Oscars gate 40", "5017", "Bergen", 60.3950, 5.3290),
        ("Familieboligen Danmarksplass", "Fjøsangerveien 30", "5054", "Bergen", 60.3760, 5.3390),
        ("Rusfritt hus Sandviken", "Sandviksveien 50", "5035", "Bergen", 60.4050, 5.3220),
        ("Hotell Bryggen budsjett", "Bradbenken 2", "5003", "Bergen", 60.3990, 5.3230),
        ("Bratland camping, hytter", "Bratlandsveien 6", "5268", "Haukeland", 60.3660, 5.4550),
        ("Skjermet botilbud Vest", "Adressen er skjermet", "0000", "Bergen", 60.3700, 5.3500),
        ("Pensjonat Nøstet", "Nøstegaten 20", "5011", "Bergen", 60.3930, 5.3150),
    ),
    "5001": (
        ("Kirkens bymisjon Midtbyen", "Kongens gate 30", "7012", "Trondheim", 63.4300, 10.3950),
        ("Kvinneherberget Møllenberg", "Nedre Møllenberg gate 10", "7014", "Trondheim", 63.4330, 10.4150),
        ("Familiehuset Lademoen", "Innherredsveien 40", "7043", "Trondheim", 63.4390, 10.4230),
        ("Rusfritt hus Bakklandet", "Øvre Bakklandet 40", "7013", "Trondheim", 63.4290, 10.4030),
        ("Hotell Solsiden budsjett", "Beddingen 10", "7042", "Trondheim", 63.4350, 10.4130),
        ("Sandmoen camping, hytter", "Sandmoflata 1", "7092", "Tiller", 63.3290, 10.3600),
        ("Skjermet botilbud Midt", "Adressen er skjermet", "0000", "Trondheim", 63.4200, 10.4200),
        ("Pensjonat Ila", "Ilevollen 10", "7018", "Trondheim", 63.4300, 10.3700),
    ),
    "4204": (
        ("Bymisjonen Kvadraturen", "Markens gate 20", "4611", "Kristiansand", 58.1460, 7.9950),
        ("Kvinnehuset Sør", "Kirkegata 10", "4610", "Kristiansand", 58.1440, 7.9930),
        ("Familieboligen Lund", "Lundsveien 12", "4626", "Kristiansand", 58.1500, 8.0150),
        ("Rusfritt hus Grim", "Grimsgata 5", "4614", "Kristiansand", 58.1520, 7.9850),
        ("Hotell Kvadraturen budsjett", "Rådhusgata 5", "4611", "Kristiansand", 58.1450, 7.9960),
        ("Roligheden camping, hytter", "Framnesveien 12", "4632", "Kristiansand", 58.1560, 8.0480),
        ("Skjermet botilbud Sør", "Adressen er skjermet", "0000", "Kristiansand", 58.1600, 8.0000),
        ("Pensjonat Eg", "Egsveien 10", "4630", "Kristiansand", 58.1650, 7.9950),
    ),
}

# The demo operator acts for the first and the family shelter of its city.
OPERATED = (0, 2)


def load_shelters(municipality: Municipality, operator: User, *, today: date, now: datetime) -> list[Shelter]:
    """Create the city's demo shelters once, and report tonight's places when not yet reported."""
    existing = {
        s.name: s for s in db.session.scalars(select(Shelter).where(Shelter.municipality_id == municipality.id))
    }
    shelters = []
    for index, (kind, place) in enumerate(zip(KINDS, PLACES[municipality.number], strict=True)):
        shelter = existing.get(place[0]) or _create(municipality, kind, place, today)
        shelters.append(shelter)
        if not latest_reports(shelter, today):
            reporter = operator if index in OPERATED else None
            report_capacity(shelter, today, kind.offered, today=today, channel=Channel.WEB, actor=reporter, now=now)
    if not operator.shelters:
        for index in OPERATED:
            set_operators(shelters[index], [operator], actor=None)
    return shelters


def _create(municipality: Municipality, kind: Kind, place: Place, today: date) -> Shelter:
    name, address, postcode, city, latitude, longitude = place
    values = {
        "name": name,
        "provider_type": kind.provider_type,
        "address": address,
        "postcode": postcode,
        "city": city,
        "latitude": latitude,
        "longitude": longitude,
        "contact_phone": "+4722000000",
        "price_per_night": Decimal(kind.price),
        "protected": kind.protected,
    }
    shelter = create_shelter(municipality, values, categories=kind.categories, actor=None)
    periods = {
        "valid": (today - timedelta(days=200), today + timedelta(days=165)),
        "expiring": (today - timedelta(days=340), today + timedelta(days=20)),
        "expired": (today - timedelta(days=366), today - timedelta(days=1)),
    }
    if kind.agreement in periods:
        valid_from, valid_to = periods[kind.agreement]
        standards = dict.fromkeys(AGREEMENT_STANDARDS, True)
        standards["suitable_for_families"] = any(c.kind == PlaceKind.FAMILY_UNIT for c in kind.categories)
        agreement = add_agreement(shelter, valid_from, valid_to, standards, actor=None)
        add_inspection(agreement, valid_from + timedelta(days=5), "Tilsynsteamet", True, today=today, actor=None)
    return shelter
