"""Incoming SMS: a client's JA, NEI or STOPP, and an operator's free places ("LEDIG 3 FAMILIE 1").

The answer is a short text sent straight back. A number bolig does not know, or a message it cannot read,
gets only a help text: nothing about anyone's case leaves the system this way (R24).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select

from bolig.cases import operations as cases
from bolig.cases.models import Case, Client, Hold, taking_places
from bolig.db import db
from bolig.errors import InvalidInput
from bolig.forms import whole_number
from bolig.municipalities.models import DEFAULT_SETTINGS, Municipality
from bolig.notifications.messages import Reply, render
from bolig.notifications.models import Direction, SmsKind, SmsMessage, SmsStatus
from bolig.notifications.operations import opt_out
from bolig.shelters import operations as shelters
from bolig.shelters.availability import get_shelters_availability
from bolig.shelters.models import Channel, PlaceKind, Shelter

YES = {"JA", "YES", "J"}
NO = {"NEI", "NO", "N"}
STOP = {"STOPP", "STOP", "AVSLUTT"}
FREE = "LEDIG"
KIND_WORDS = {
    "SENG": PlaceKind.BED,
    "SENGER": PlaceKind.BED,
    "FAMILIE": PlaceKind.FAMILY_UNIT,
    "FAMILIER": PlaceKind.FAMILY_UNIT,
    "FAMILIEROM": PlaceKind.FAMILY_UNIT,
}
KIND_NAMES = {PlaceKind.BED: "senger", PlaceKind.FAMILY_UNIT: "familierom"}
MAX_STORED = 480
# More places than any shelter has: a typing error, not a count.
MOST_PLACES = 10_000


class Unreadable(ValueError):
    """The message does not say what bolig can act on."""


def parse_free_places(words: list[str]) -> dict[PlaceKind, int]:
    """'LEDIG 3 FAMILIE 1' as places per kind: a bare first number is beds, then a word and a number each."""
    if not words or words[0] != FREE:
        raise Unreadable
    rest = words[1:]
    counts: dict[PlaceKind, int] = {}
    if rest and (beds := whole_number(rest[0], most=MOST_PLACES)) is not None:
        counts[PlaceKind.BED] = beds
        rest = rest[1:]
    while rest:
        if len(rest) < 2:
            raise Unreadable
        # "FAMILIE 1" or "1 FAMILIE": the word and the number, either way round.
        word, figure = (rest[0], rest[1]) if rest[0] in KIND_WORDS else (rest[1], rest[0])
        number = whole_number(figure, most=MOST_PLACES)
        if word not in KIND_WORDS or number is None or KIND_WORDS[word] in counts:
            raise Unreadable
        counts[KIND_WORDS[word]] = number
        rest = rest[2:]
    if not counts:
        raise Unreadable
    return counts


def handle(phone: str, text: str, *, now: datetime, case_link: Callable[[Case], str]) -> str:
    """Act on one incoming SMS and return the answer to send back."""
    if not phone:
        # A short code or a name as sender: nothing to match, and matching "" would find everyone without one.
        return _unknown()
    # A minus sign is kept, so that "LEDIG -1" is refused rather than read as 1.
    words = re.sub(r"[^\w-]+", " ", text).upper().split()
    first = words[0] if words else ""
    operated = list(
        db.session.scalars(select(Shelter).where(Shelter.operator_phone == phone, Shelter.active.is_(True)))
    )
    clients = list(db.session.scalars(select(Client).where(Client.phone == phone).order_by(Client.id.desc())))
    if operated and (first == FREE or not clients):
        return _capacity(operated, phone, text, words, now)
    if clients:
        return _client(clients, phone, text, first, now=now, case_link=case_link)
    return _unknown()


def _unknown() -> str:
    return render(Reply.UNKNOWN, "nb", {"phone": DEFAULT_SETTINGS["nav_phone"]})


def _store(
    municipality: Municipality,
    phone: str,
    text: str,
    *,
    client: Client | None = None,
    hold: Hold | None = None,
    shelter: Shelter | None = None,
) -> None:
    db.session.add(
        SmsMessage(
            municipality_id=municipality.id,
            direction=Direction.IN,
            kind=SmsKind.REPLY,
            phone=phone,
            body=text[:MAX_STORED],
            status=SmsStatus.RECEIVED,
            client=client,
            case_id=hold.case_id if hold is not None else None,
            hold=hold,
            shelter=shelter,
        )
    )


def _client(
    clients: list[Client], phone: str, text: str, first: str, *, now: datetime, case_link: Callable[[Case], str]
) -> str:
    held = (
        select(Hold)
        .join(Case)
        .where(Case.client_id.in_([client.id for client in clients]), taking_places(now))
        .order_by(Hold.created_at.desc())
        .limit(1)
    )
    hold = db.session.scalar(held)
    client = hold.case.client if hold is not None else clients[0]
    municipality = client.municipality
    _store(municipality, phone, text, client=client, hold=hold)
    fields = {"phone": municipality.setting("nav_phone")}
    if first in STOP:
        opt_out(phone, now)
        return render(Reply.STOPPED, client.language, fields)
    if hold is None or (first not in YES and first not in NO):
        return render(Reply.CLIENT_HELP, client.language, fields)
    if first in YES:
        cases.confirm_by_client(hold, now=now)
        return render(Reply.CONFIRMED, client.language, {**fields, "shelter": hold.shelter.name})
    cases.decline_by_client(hold, now=now, link=case_link(hold.case))
    return render(Reply.DECLINED, client.language, fields)


def _capacity(operated: list[Shelter], phone: str, text: str, words: list[str], now: datetime) -> str:
    shelter = operated[0]
    municipality = shelter.municipality
    _store(municipality, phone, text, shelter=shelter)
    help_text = render(Reply.OPERATOR_HELP, "nb", {})
    if len(operated) > 1:
        return help_text
    try:
        counts = parse_free_places(words)
        by_kind = {kind: [c for c in shelter.categories if c.kind == kind] for kind in counts}
        if any(len(categories) != 1 for categories in by_kind.values()):
            raise Unreadable
        offered = {by_kind[kind][0].code: count for kind, count in counts.items()}
        night = municipality.tonight(now)
        shelters.report_capacity(shelter, night, offered, today=night, channel=Channel.SMS, actor=None, now=now)
    except (Unreadable, InvalidInput):
        return help_text
    availability = get_shelters_availability([shelter.id], [night], now=now)
    parts = []
    for kind in counts:
        category = by_kind[kind][0]
        free = availability[category.id, night].free
        parts.append(f"{KIND_NAMES[kind]} {offered[category.code]} meldt, {free} ledig")
    return render(Reply.CAPACITY_SAVED, "nb", {"shelter": shelter.name, "summary": "; ".join(parts)})
