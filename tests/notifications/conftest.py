"""What the SMS tests share: a quality-agreement shelter with a known address and beds free tonight."""

from __future__ import annotations

from datetime import date, datetime

from bolig.municipalities.models import Municipality
from bolig.shelters.models import Channel, Shelter
from bolig.shelters.operations import report_capacity
from tests.factories import make_shelter


def hospits(municipality: Municipality, now: datetime, beds: int = 5) -> Shelter:
    """Tøyen hospits, Hagegata 30, 0653 Oslo, with `beds` beds offered for the night that is tonight at `now`."""
    shelter = make_shelter(
        municipality,
        name="Tøyen hospits",
        address="Hagegata 30",
        postcode="0653",
        city="Oslo",
        agreement=(date(2000, 1, 1), date(2100, 1, 1)),
    )
    night = municipality.tonight(now)
    report_capacity(shelter, night, {"bed": beds}, today=night, channel=Channel.WEB, actor=None, now=now)
    return shelter
