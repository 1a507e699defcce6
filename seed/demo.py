"""`flask seed demo`: four real municipalities, an office each, one demo user per role, shelters and cases."""

from __future__ import annotations

from dataclasses import dataclass

import click
from flask.cli import AppGroup

from bolig.audit.operations import origin
from bolig.auth.models import Role, User
from bolig.auth.operations import create_user, get_user_by_email
from bolig.db import db, utcnow
from bolig.municipalities.models import Municipality
from bolig.municipalities.operations import create_municipality, create_office, get_municipality
from seed.cases import load_cases
from seed.shelters import load_shelters

DEMO_PASSWORD = "demo-bolig-2026"
DEMO_DOMAIN = "demo.bolig.no"


@dataclass(frozen=True)
class DemoMunicipality:
    number: str
    name: str
    county: str
    slug: str
    office: str
    office_address: str


MUNICIPALITIES = (
    DemoMunicipality("0301", "Oslo", "Oslo", "oslo", "NAV Grünerløkka", "Thorvald Meyers gate 2, 0555 Oslo"),
    DemoMunicipality("4601", "Bergen", "Vestland", "bergen", "NAV Bergenhus", "Christies gate 3A, 5015 Bergen"),
    DemoMunicipality("5001", "Trondheim", "Trøndelag", "trondheim", "NAV Midtbyen", "Prinsens gate 1, 7011 Trondheim"),
    DemoMunicipality(
        "4204", "Kristiansand", "Agder", "kristiansand", "NAV Kristiansand", "Rådhusgata 2, 4611 Kristiansand"
    ),
)

DEMO_ROLES = {
    Role.CASEWORKER: ("saksbehandler", "Sara Saksbehandler"),
    Role.OPERATOR: ("tilbyder", "Tor Tilbyder"),
    Role.SUPERVISOR: ("leder", "Lise Leder"),
    Role.ADMIN: ("admin", "Ali Admin"),
}

seed = AppGroup("seed", help="Load demo data.")


def demo_email(role: Role, municipality_slug: str) -> str:
    return f"{DEMO_ROLES[role][0]}.{municipality_slug}@{DEMO_DOMAIN}"


@seed.command("demo")
def demo_command() -> None:
    """Load the demo data; running it again changes nothing."""
    with origin("seed"):
        load_demo()
    db.session.commit()
    click.echo("Demo data loaded. Demo logins (demo only), password " + DEMO_PASSWORD + ":")
    for place in MUNICIPALITIES:
        click.echo(f"  {place.name}: " + ", ".join(demo_email(role, place.slug) for role in Role))


def load_demo() -> None:
    """Build the demo through the operations, skipping whatever exists already."""
    now = utcnow()
    for place in MUNICIPALITIES:
        municipality = _municipality(place)
        users = {role: _user(role, place, municipality) for role in Role}
        shelters = load_shelters(municipality, users[Role.OPERATOR], today=municipality.tonight(now), now=now)
        load_cases(municipality, users[Role.CASEWORKER], shelters, now=now)


def _municipality(place: DemoMunicipality) -> Municipality:
    municipality = get_municipality(place.number)
    if municipality is None:
        municipality = create_municipality(place.number, place.name, place.county, actor=None)
        create_office(municipality, place.office, address=place.office_address, actor=None)
    return municipality


def _user(role: Role, place: DemoMunicipality, municipality: Municipality) -> User:
    email = demo_email(role, place.slug)
    user = get_user_by_email(email)
    if user is None:
        name = f"{DEMO_ROLES[role][1]} ({place.name})"
        office = municipality.offices[0] if role is not Role.OPERATOR else None
        user = create_user(email, name, role, municipality, password=DEMO_PASSWORD, office=office, actor=None)
    return user
