"""What a case does: come in, get a place held, and the hold's life until arrival or release."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from bolig.audit.operations import record
from bolig.auth.models import User
from bolig.cases.identity import normalise_national_id, normalise_phone
from bolig.cases.models import (
    CLIENT_LANGUAGES,
    NAME_LENGTH,
    PLACE_LENGTH,
    Case,
    CaseReason,
    CaseStatus,
    Client,
    ClientCorrection,
    ClosedReason,
    Destination,
    Hold,
    HoldStatus,
    ReceivedVia,
    Stay,
    StayStatus,
    taking_places,
)
from bolig.db import db, lock_name, lock_row
from bolig.errors import InvalidInput
from bolig.matching.rules import Gender, Household, places_needed
from bolig.municipalities.models import Municipality
from bolig.notifications import operations as sms
from bolig.notifications.models import SmsKind
from bolig.shelters.availability import get_shelters_availability, get_shelters_kinds
from bolig.shelters.models import PlaceCategory, Shelter
from bolig.shelters.operations import in_norway

# R7: young people are placed in temporary housing only exceptionally, with a written justification.
YOUNG_PERSON_AGE = 25
MAX_CHILD_AGE = 17
MAX_ADULTS = 20
NO_SHOW_REASONS = ("did_not_arrive", "declined", "own_solution", "other")
CLOSING_NOTE_LENGTH = 2000


class PlaceTaken(RuntimeError):
    """The place was taken by someone else first; nothing was held."""


class OpenApplication(InvalidInput):
    """The person applies already, in a case not yet closed: carry on with that one; nothing was registered."""

    def __init__(self, case: Case, actor: User) -> None:
        self.case = case
        message = _l("%(name)s has an application that is still open: carry on with it.", name=case.client.name)
        super().__init__({"national_id": message}, disclosed=[_found(actor, case.client, "open_application")])


def _found(actor: User, client: Client, refusal: str) -> Callable[[], object]:
    """The audit line of a refusal that tells the worker something of a known person (R24), for after the rollback
    of the refused change."""
    client_id = client.id

    def log() -> None:
        known = db.session.get(Client, client_id)
        if known is not None:  # not one registered by the refused change itself
            record(actor, "client.found", known, client_id=client_id, details={"refused": refusal})

    return log


@dataclass
class CaseInput:
    """What the intake form or the API sends; only where they are and who is required."""

    client_name: str
    received_via: str = ReceivedVia.ORAL
    reason: str = CaseReason.OTHER
    location_text: str = ""
    latitude: float | None = None
    longitude: float | None = None
    adults: int = 1
    children_ages: list[int] = field(default_factory=list)
    pets: bool = False
    gender: str = Gender.MIXED
    single_gender_place: bool = False
    wheelchair: bool = False
    substance_free: bool = False
    youngest_adult_age: int | None = None
    phone: str = ""
    language: str = "nb"
    sms_consent: bool = False
    national_id: str = ""
    protected_address: bool = False
    note: str = ""
    received_at: datetime | None = None


def _validate(data: CaseInput, now: datetime) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if len(data.location_text.strip()) > PLACE_LENGTH:
        errors["location"] = _l("Write the place in at most %(num)d characters.", num=PLACE_LENGTH)
    if data.received_via not in set(ReceivedVia):
        errors["received_via"] = _l("Choose how the application came.")
    if data.reason not in set(CaseReason):
        errors["reason"] = _l("Choose a reason, or 'other'.")
    if data.latitude is None or data.longitude is None:
        errors["location"] = _l("Write where the household is now, or drop a pin on the map.")
    elif not in_norway(data.latitude, data.longitude):
        errors["location"] = _l("That position is not in Norway. Write where the household is now, or drop a pin.")
    if data.received_at is not None and data.received_at > now + timedelta(minutes=5):
        errors["received_at"] = _l("The application cannot be received in the future.")
    _validate_household(data, errors)
    clean = _validate_contact(data, errors)
    if errors:
        raise InvalidInput(errors)
    return clean


def _validate_household(data: CaseInput, errors: dict[str, str]) -> None:
    if data.adults < 0 or data.adults + len(data.children_ages) == 0:
        errors["adults"] = _l("A household has at least one person.")
    elif data.adults == 0:
        errors["adults"] = _l("Children need an adult with them; write at least one adult.")
    elif data.adults > MAX_ADULTS:
        errors["adults"] = _l("Write at most %(num)d adults: register a bigger group as an incident.", num=MAX_ADULTS)
    if len(data.children_ages) > MAX_ADULTS:
        errors["children_ages"] = _l("Write at most %(num)d children.", num=MAX_ADULTS)
    if any(age < 0 or age > MAX_CHILD_AGE for age in data.children_ages):
        errors["children_ages"] = _l("A child's age is between 0 and 17.")
    if data.gender not in set(Gender):
        errors["gender"] = _l("Choose who the household is.")
    if data.youngest_adult_age is not None and not 15 <= data.youngest_adult_age <= 120:
        errors["youngest_adult_age"] = _l("Write an age between 15 and 120.")


def _validate_contact(data: CaseInput, errors: dict[str, str]) -> dict[str, Any]:
    """The phone in E.164 and the national id compacted, or an error for each that is not valid."""
    phone = _reach_errors(data.client_name, data.phone, data.language, errors)
    national_id = normalise_national_id(data.national_id) if data.national_id.strip() else None
    if data.national_id.strip() and national_id is None:
        errors["national_id"] = _l("The national id number is not valid: check the 11 digits.")
    return {"phone": phone, "national_id": national_id}


def _reach_errors(name: str, phone: str, language: str, errors: dict[str, str]) -> str:
    """Check the client's name, mobile number and SMS language; the number in E.164 ("" for none)."""
    if not name.strip():
        errors["client_name"] = _l("Write the person's name.")
    elif len(name.strip()) > NAME_LENGTH:
        errors["client_name"] = _l("Write the name in at most %(num)d characters.", num=NAME_LENGTH)
    normal = normalise_phone(phone) if phone.strip() else ""
    if normal is None:
        errors["phone"] = _l("Write a mobile number, like 912 34 567 or +46 70 123 45 67.")
    if language not in CLIENT_LANGUAGES:
        errors["language"] = _l("Choose a language for SMS.")
    return normal or ""


def create_case(
    municipality: Municipality, data: CaseInput, *, actor: User, now: datetime, client: Client | None = None
) -> Case:
    """Register an application for temporary housing, oral or written, with the time it came (R3).

    With `client`, a household known from an earlier case applies again: it stays one household (R30), and
    what the worker corrected of the client's details is kept as corrections (R26). A national id number the
    municipality knows, given with the name on record, makes the household known too, however the worker
    came; with another name it is refused, since a mistyped number must not join two people. Found that way,
    the worker has not seen what is on record, so only what they gave is added to it: a number and its SMS
    choices, a protected address; nothing is cleared. A person whose last application is still open is not
    registered twice (OpenApplication): two workers at one fire, or one worker who did not see the earlier
    case, carry on with the case there is. Two workers registering the same person at once are taken one at a
    time, so the second sees the first's case.
    """
    clean = _validate(data, now)
    if clean["national_id"]:
        lock_person(municipality, clean["national_id"])
    by_national_id = client is None and bool(clean["national_id"])
    if by_national_id:
        client = _known_client(municipality, clean["national_id"], data.client_name, actor=actor)
    returning = client is not None
    if client is None:
        client = Client(
            municipality=municipality,
            name=data.client_name.strip(),
            phone=clean["phone"],
            language=data.language,
            sms_consent=data.sms_consent and bool(clean["phone"]),
            national_id=clean["national_id"],
            protected_address=data.protected_address,
        )
    elif client.municipality_id != municipality.id:
        raise InvalidInput({"client": _l("That person is not one of the municipality's clients.")})
    elif clean["national_id"] and client.national_id not in (None, clean["national_id"]):
        raise InvalidInput({"national_id": _l("That is not the national id number this person has on record.")})
    else:
        lock_row(Client, client.id)
        ongoing = db.session.scalar(
            select(Case).where(Case.client_id == client.id, Case.status != CaseStatus.CLOSED).order_by(Case.id).limit(1)
        )
        if ongoing is not None:
            raise OpenApplication(ongoing, actor)
    case = Case(
        municipality=municipality,
        client=client,
        status=CaseStatus.OPEN,
        received_at=data.received_at or now,
        received_via=data.received_via,
        reason=data.reason,
        location_text=data.location_text.strip(),
        latitude=data.latitude,
        longitude=data.longitude,
        adults=data.adults,
        children_ages=sorted(data.children_ages),
        pets=data.pets,
        gender=data.gender,
        single_gender_place=data.single_gender_place,
        wheelchair=data.wheelchair,
        substance_free=data.substance_free,
        youngest_adult_age=data.youngest_adult_age,
        note=data.note.strip(),
        created_by=actor,
    )
    db.session.add(case)
    db.session.flush()
    record(actor, "case.create", case, client_id=client.id)
    if returning:
        given = ContactInput(data.client_name, data.phone, data.language, data.sms_consent, data.protected_address)
        update_contact(case, _added_to(client, given) if by_national_id else given, actor=actor, now=now)
        if clean["national_id"] and client.national_id is None:
            client.national_id = clean["national_id"]  # never written into a correction note (R27)
            record(actor, "client.update", client, client_id=client.id, details={"fields": ["national_id"]})
    return case


def _added_to(client: Client, given: ContactInput) -> ContactInput:
    """What is on record, with what the worker gave added: the name as recorded (the same, written alike), a
    number with its language and consent, a protected address. Nothing the worker left empty clears anything."""
    reach = given if given.phone.strip() else client
    return ContactInput(
        name=client.name,
        phone=reach.phone,
        language=reach.language,
        sms_consent=reach.sms_consent,
        protected_address=client.protected_address or given.protected_address,
    )


def lock_person(municipality: Municipality, national_id: str) -> None:
    """Take the person with this national id number one intake at a time, until the transaction ends."""
    lock_name(f"client:{municipality.id}:{national_id}")


def _known_client(municipality: Municipality, national_id: str, name: str, *, actor: User) -> Client | None:
    """The municipality's client with this national id number, if the name given is the one on record."""
    known = db.session.scalar(
        select(Client)
        .where(Client.municipality_id == municipality.id, Client.national_id == national_id)
        .order_by(Client.id.desc())
        .limit(1)
    )
    if known is not None and " ".join(known.name.split()).casefold() != " ".join(name.split()).casefold():
        raise InvalidInput(
            {
                "national_id": _l(
                    "The municipality knows this national id number by another name. Check the number and the "
                    "name; if the person has changed name, start from their earlier case."
                )
            },
            disclosed=[_found(actor, known, "another_name")],
        )
    return known


@dataclass
class ContactInput:
    """What can be corrected of who the client is and how to reach them."""

    name: str
    phone: str
    language: str
    sms_consent: bool
    protected_address: bool


def update_contact(case: Case, data: ContactInput, *, actor: User, now: datetime) -> list[str]:
    """Correct the client's name, number, SMS language or consent, or mark a protected address found out
    later (matching then offers only places safe for it, R24); the fields changed.

    SMS not yet sent follow the new number. A held place's address goes again to a number that has not had it:
    a worker who corrects a mistyped number at night wants the household to get it. A client who answered
    STOPP still gets nothing.
    """
    errors: dict[str, str] = {}
    phone = _reach_errors(data.name, data.phone, data.language, errors)
    if errors:
        raise InvalidInput(errors)
    client = case.client
    wanted = {
        "name": data.name.strip(),
        "phone": phone,
        "language": data.language,
        "sms_consent": data.sms_consent and bool(phone),
        "protected_address": data.protected_address,
    }
    changed = [key for key, value in wanted.items() if getattr(client, key) != value]
    if not changed:
        return []
    for key in changed:
        db.session.add(
            ClientCorrection(
                client_id=client.id,
                field=key,
                old_value=str(getattr(client, key)),
                new_value=str(wanted[key]),
                corrected_at=now,
                corrected_by=actor,
            )
        )
        setattr(client, key, wanted[key])
    record(actor, "client.update", client, client_id=client.id, details={"fields": changed})
    sms.follow_client(client)
    hold = active_hold(case, now)
    if hold is not None and {"phone", "sms_consent"} & set(changed):
        sms.hold_created(hold, now)
    return changed


def corrections_of(client: Client) -> list[ClientCorrection]:
    """What has been corrected of the client's details, newest first."""
    query = select(ClientCorrection).where(ClientCorrection.client_id == client.id)
    return list(db.session.scalars(query.order_by(ClientCorrection.id.desc())))


def read_case(case: Case, *, actor: User) -> Case:
    """A case as someone reads it: every read of a client's record is logged (R24)."""
    record(actor, "case.read", case, client_id=case.client_id)
    return case


def household_of(case: Case) -> Household:
    """The matching view of a case's household and needs."""
    return Household(
        adults=case.adults,
        children_ages=tuple(case.children_ages),
        pets=case.pets,
        gender=Gender(case.gender),
        youngest_adult_age=case.youngest_adult_age,
        wheelchair=case.wheelchair,
        single_gender_place=case.single_gender_place,
        substance_free=case.substance_free,
        protected_address=case.client.protected_address,
    )


def unplaced_cases(municipality: Municipality, now: datetime) -> list[Case]:
    """Open cases with no place held or taken, oldest first: "no vacancy" never closes a case (R5)."""
    query = (
        select(Case)
        .where(Case.municipality_id == municipality.id, Case.status == CaseStatus.OPEN)
        .order_by(Case.received_at)
    )
    return [case for case in db.session.scalars(query) if active_hold(case, now) is None and current_stay(case) is None]


def exclusion_requests(municipality: Municipality) -> list[Stay]:
    """Stays a shelter has asked NAV to end, waiting for the caseworker to hear the client and decide (R9)."""
    query = (
        select(Stay)
        .join(Case)
        .where(
            Case.municipality_id == municipality.id,
            Stay.status == StayStatus.STAYING,
            Stay.exclusion_requested_at.is_not(None),
        )
        .order_by(Stay.exclusion_requested_at)
    )
    return list(db.session.scalars(query))


def escalate_unplaced(municipality: Municipality, now: datetime, link: str) -> list[Case]:
    """Tell the on-call supervisor, once per case, of households waiting past the municipality's limit (R5)."""
    limit = timedelta(minutes=int(municipality.setting("unplaced_alert_minutes")))
    waiting = [c for c in unplaced_cases(municipality, now) if c.escalated_at is None and c.received_at <= now - limit]
    if not waiting:
        return []
    for case in waiting:
        case.escalated_at = now
        record(None, "case.escalated", case, client_id=case.client_id)
    fields = {
        "count": len(waiting),
        "municipality": municipality.name,
        "minutes": int(limit.total_seconds() // 60),
        "link": link,
    }
    key = f"escalation:{municipality.id}:{min(case.id for case in waiting)}"
    sms.to_staff(municipality, "supervisor_phone", SmsKind.ESCALATION, fields, event_key=key, now=now)
    return waiting


def arrivals_at(shelters: Sequence[Shelter], now: datetime) -> tuple[list[Hold], list[Stay]]:
    """The households coming to, and staying at, these shelters: what an operator needs and no more."""
    ids = [s.id for s in shelters]
    coming = select(Hold).where(Hold.shelter_id.in_(ids), taking_places(now)).order_by(Hold.expires_at)
    staying = select(Stay).where(Stay.shelter_id.in_(ids), Stay.status == StayStatus.STAYING).order_by(Stay.last_night)
    return list(db.session.scalars(coming)), list(db.session.scalars(staying))


def lock_case(case: Case) -> None:
    """Take the case's row, then read its state afresh: a worker holding a place and another closing the case
    at the same moment are taken one at a time (SQLite writes one transaction at a time anyway)."""
    lock_row(Case, case.id)
    db.session.refresh(case, ["status", "holds", "stays"])


def active_hold(case: Case, now: datetime) -> Hold | None:
    """The hold that keeps a place for the household now, if any."""
    return next((hold for hold in case.holds if hold.takes_place_at(now)), None)


def current_stay(case: Case) -> Stay | None:
    """Where the household is staying now, if anywhere."""
    return next((stay for stay in case.stays if stay.status == StayStatus.STAYING), None)


def hold_place(
    case: Case,
    category: PlaceCategory,
    *,
    first_night: date,
    nights: int,
    actor: User,
    now: datetime,
    today: date,
    fallback_reason: str = "",
    children_justification: str = "",
) -> Hold:
    """Hold a place for the household, atomically: of two workers racing for the last place, one wins.

    The category's row is locked (PostgreSQL) or the database written to exclusively (SQLite) before the free
    places are counted, so the count and the hold are one step. Raises PlaceTaken when it is no longer free.
    """
    municipality = case.municipality
    lock_case(case)
    errors: dict[str, str] = {}
    if case.status == CaseStatus.CLOSED:
        errors["case"] = _l("The case is closed. Register a new application for the household.")
    if category.shelter.municipality_id != case.municipality_id or not category.shelter.active:
        errors["shelter_id"] = _l("That shelter is not one of the municipality's.")
    max_nights = int(municipality.setting("max_nights"))
    if not 1 <= nights <= max_nights:
        errors["nights"] = _l("Hold between 1 and %(max)d nights.", max=max_nights)
    if first_night < today or first_night > today + timedelta(days=1):
        errors["night"] = _l("A place is held from tonight or tomorrow night.")
    if active_hold(case, now) is not None or current_stay(case) is not None:
        errors["case"] = _l("The household has a place already. Cancel it first to hold another.")
    household = household_of(case)
    young = case.youngest_adult_age is not None and case.youngest_adult_age < YOUNG_PERSON_AGE
    if (household.has_children or young) and not children_justification.strip():
        errors["children_justification"] = _l(
            "Families with children and young people stay here only as an exception: write why it is right."
        )
    if errors:
        raise InvalidInput(errors)
    kind = get_shelters_kinds([category.shelter_id], first_night)[category.shelter_id]
    if not kind.is_quality and not fallback_reason.strip():
        raise InvalidInput({"fallback_reason": _l("This place has no quality agreement: write why it is used.")})
    last_night = first_night + timedelta(days=nights - 1)
    needed = places_needed(household, category.kind)
    lock_row(PlaceCategory, category.id)
    span = [first_night + timedelta(days=n) for n in range(nights)]
    availability = get_shelters_availability([category.shelter_id], span, now=now)
    if any(availability[category.id, night].free < needed for night in span):
        raise PlaceTaken()
    hold = Hold(
        case=case,
        shelter_id=category.shelter_id,
        category=category,
        first_night=first_night,
        last_night=last_night,
        places=needed,
        status=HoldStatus.ACTIVE,
        expires_at=now + timedelta(minutes=int(municipality.setting("hold_minutes"))),
        fallback_reason=fallback_reason.strip() if not kind.is_quality else "",
        children_justification=children_justification.strip(),
        created_by=actor,
        created_at=now,
    )
    db.session.add(hold)
    # Should this place fall through, a household waiting too long is escalated again (R5).
    case.escalated_at = None
    db.session.flush()
    record(actor, "hold.create", hold, client_id=case.client_id, details={"shelter_id": category.shelter_id})
    sms.hold_created(hold, now)
    return hold


def _end(
    hold: Hold, status: HoldStatus, *, actor: User | None, now: datetime, details: Mapping[str, str] | None = None
) -> None:
    if hold.status != HoldStatus.ACTIVE or hold.expires_at <= now:
        raise InvalidInput({"hold": _l("The hold is no longer active.")})
    hold.status = status
    hold.ended_at = now
    record(actor, f"hold.{status}", hold, client_id=hold.case.client_id, details=dict(details or {}))


def cancel_hold(hold: Hold, *, actor: User, now: datetime) -> None:
    """Release a held place; the case stays open until the household has another (R5)."""
    _end(hold, HoldStatus.CANCELLED, actor=actor, now=now)
    sms.hold_released(hold, now)


def expire_holds(now: datetime) -> list[Hold]:
    """End holds whose time is up, and tell their clients; the cases are open for a new offer (R5).

    A hold stops counting as taken at its expiry whether or not this has run; this makes it visible.
    """
    due = select(Hold).where(Hold.status == HoldStatus.ACTIVE, Hold.expires_at <= now).order_by(Hold.expires_at)
    expired = list(db.session.scalars(due))
    for hold in expired:
        hold.status = HoldStatus.EXPIRED
        hold.ended_at = hold.expires_at
        # A case closed meanwhile (a written refusal) stays closed; any other is open for a new offer.
        if hold.case.status != CaseStatus.CLOSED:
            hold.case.status = CaseStatus.OPEN
        record(None, "hold.expired", hold, client_id=hold.case.client_id)
        sms.hold_released(hold, now)
    return expired


def confirm_by_client(hold: Hold, *, now: datetime) -> None:
    """The client answered JA: they are on their way, and the shelter sees it."""
    if not hold.takes_place_at(now):
        raise InvalidInput({"hold": _l("The hold is no longer active.")})
    hold.confirmed_at = hold.confirmed_at or now
    record(None, "hold.confirmed", hold, client_id=hold.case.client_id)


def decline_by_client(hold: Hold, *, now: datetime, link: str) -> None:
    """The client answered NEI: the place is released and the on-call caseworker told (R5)."""
    _end(hold, HoldStatus.CANCELLED, actor=None, now=now, details={"by": "client"})
    hold.case.status = CaseStatus.OPEN
    fields = {"shelter": hold.shelter.name, "link": link}
    sms.to_staff(
        hold.case.municipality, "on_call_phone", SmsKind.DECLINED, fields, event_key=f"hold:{hold.id}:declined", now=now
    )


def mark_arrived(hold: Hold, *, actor: User, now: datetime) -> Stay:
    """The household came: the held place becomes a stay for the nights held."""
    _end(hold, HoldStatus.ARRIVED, actor=actor, now=now)
    hold.case.status = CaseStatus.PLACED
    stay = Stay(
        case=hold.case,
        hold=hold,
        shelter_id=hold.shelter_id,
        category_id=hold.category_id,
        places=hold.places,
        first_night=hold.first_night,
        last_night=hold.last_night,
        status=StayStatus.STAYING,
        arrived_at=now,
    )
    db.session.add(stay)
    db.session.flush()
    record(actor, "stay.start", stay, client_id=hold.case.client_id)
    return stay


def _staying(stay: Stay) -> None:
    if stay.status != StayStatus.STAYING:
        raise InvalidInput({"stay": _l("The stay has ended.")})


def extend_stay(stay: Stay, nights: int, *, actor: User, now: datetime) -> None:
    """Keep the place for more nights, if they are free; atomically, like a hold."""
    _staying(stay)
    max_nights = int(stay.case.municipality.setting("max_nights"))
    if isinstance(nights, bool) or not isinstance(nights, int) or not 1 <= nights <= max_nights:
        raise InvalidInput({"nights": _l("Extend by between 1 and %(max)d nights.", max=max_nights)})
    lock_row(PlaceCategory, stay.category_id)
    span = [stay.last_night + timedelta(days=n) for n in range(1, nights + 1)]
    availability = get_shelters_availability([stay.shelter_id], span, now=now)
    if any(availability[stay.category_id, night].free < stay.places for night in span):
        raise PlaceTaken()
    stay.last_night = span[-1]
    record(actor, "stay.extend", stay, client_id=stay.case.client_id, details={"last_night": span[-1].isoformat()})


def check_out(stay: Stay, destination: str, *, actor: User, now: datetime) -> None:
    """The household left: the place is free from tonight, and where they went is kept."""
    _staying(stay)
    if destination not in set(Destination):
        raise InvalidInput({"destination": _l("Choose where the household went.")})
    stay.status = StayStatus.CHECKED_OUT
    stay.destination = destination
    stay.ended_at = now
    stay.case.status = CaseStatus.CLOSED
    stay.case.closed_at = now
    record(actor, "stay.checkout", stay, client_id=stay.case.client_id, details={"destination": destination})


def exclude(stay: Stay, *, hearing: str, facts: str, actor: User, now: datetime) -> None:
    """The provider excluded the household (R9): the hearing and facts are recorded, the stay ends, and the
    case opens again so a new place is offered the same day."""
    _staying(stay)
    errors: dict[str, str] = {}
    if not hearing.strip():
        errors["hearing"] = _l("Write what the client said when heard.")
    if not facts.strip():
        errors["facts"] = _l("Write what happened.")
    if errors:
        raise InvalidInput(errors)
    stay.status = StayStatus.EXCLUDED
    stay.hearing = hearing.strip()
    stay.facts = facts.strip()
    stay.ended_at = now
    stay.case.status = CaseStatus.OPEN
    record(actor, "stay.exclude", stay, client_id=stay.case.client_id)


def request_exclusion(stay: Stay, facts: str, *, actor: User, now: datetime, link: str) -> None:
    """The shelter asks NAV to end a stay: what happened is kept and the on-call caseworker told.

    Only NAV ends a stay, after hearing the client (R9); the request changes nothing else.
    """
    _staying(stay)
    if not facts.strip():
        raise InvalidInput({"facts": _l("Write what happened.")})
    stay.exclusion_requested_at = now
    stay.exclusion_request = facts.strip()
    record(actor, "stay.exclusion_requested", stay, client_id=stay.case.client_id)
    fields = {"shelter": stay.shelter.name, "link": link}
    key = f"stay:{stay.id}:exclusion:{now.isoformat()}"
    sms.to_staff(stay.case.municipality, "on_call_phone", SmsKind.EXCLUSION_REQUESTED, fields, event_key=key, now=now)


def close_without_decision(case: Case, reason: str, note: str, *, actor: User, now: datetime) -> None:
    """The application lapsed: the household withdrew it, found somewhere itself, or is now another
    municipality's to help. No decision is needed; "no vacancy" is never a reason to close (R5)."""
    lock_case(case)
    errors: dict[str, str] = {}
    if case.status == CaseStatus.CLOSED:
        errors["case"] = _l("The case is closed already.")
    elif active_hold(case, now) is not None or current_stay(case) is not None:
        errors["case"] = _l("The household has a place. Cancel the hold or check the household out instead.")
    if reason not in set(ClosedReason):
        errors["reason"] = _l("Choose why the case ends.")
    note = note.strip()
    if not note:
        errors["note"] = _l("Write what the household said, or what happened.")
    elif len(note) > CLOSING_NOTE_LENGTH:
        errors["note"] = _l("Write at most %(n)d characters.", n=CLOSING_NOTE_LENGTH)
    if errors:
        raise InvalidInput(errors)
    case.status = CaseStatus.CLOSED
    case.closed_at = now
    case.closed_reason = reason
    case.closed_note = note
    record(actor, "case.close", case, client_id=case.client_id, details={"reason": reason})


def mark_no_show(hold: Hold, reason: str, *, actor: User, now: datetime) -> None:
    """The household did not come: the place is freed and the case is open again for a new offer."""
    if reason not in NO_SHOW_REASONS:
        raise InvalidInput({"reason": _l("Choose why the household did not come.")})
    _end(hold, HoldStatus.NO_SHOW, actor=actor, now=now, details={"reason": reason})
    hold.no_show_reason = reason
    hold.case.status = CaseStatus.OPEN
    sms.hold_released(hold, now)
