"""What the SMS area does: queue a message with the event that causes it, and send the outbox after commit.

A message is a row written in the caller's transaction, so a rolled-back booking never texts anyone. The
outbox job claims due messages (a conditional update, committed), calls the provider outside any
transaction, and commits what it said, the provider's id included, message by message. If the process dies
after the provider accepted a message but before that commit, the outbox's next run releases the claim and
the message goes again: this is the one window where a client can get a message twice. Nothing queued is lost.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar
from urllib.parse import quote_plus

from sqlalchemy import Connection, Select, and_, delete, or_, select, update
from sqlalchemy.orm import Session

from bolig.cases.models import Case, Client, Hold, HoldStatus
from bolig.db import db
from bolig.municipalities.models import DEFAULT_SETTINGS, Municipality
from bolig.notifications.messages import HOLD_FROM_LATER, preview, render
from bolig.notifications.models import DeliveryReport, Direction, SmsKind, SmsMessage, SmsStatus
from bolig.shelters.models import Shelter
from bolig.timeutil import OSLO, oslo_moment, parse_clock
from providers.sms import UNSUBSCRIBED, Segments, SmsError, SmsSender, TemporarySmsError

log = logging.getLogger(__name__)
T = TypeVar("T")
# Where the outbox's single statements run: a sender's own connection, or the session.
Database = Connection | Session

# The first retry waits about this long; each further one twice as long, up to the cap.
FIRST_RETRY = timedelta(seconds=15)
LONGEST_RETRY = timedelta(minutes=30)
# A delivery report whose message never turns up (another system's, on the same account) is let go after this.
REPORT_KEPT = timedelta(days=7)
REMINDER_BEFORE_EXPIRY = timedelta(minutes=30)


def quiet_until(municipality: Municipality, now: datetime) -> datetime:
    """When a non-urgent message may go: now, or the end of the municipality's quiet hours."""
    return _after_quiet_hours(municipality.setting("quiet_from"), municipality.setting("quiet_until"), now)


def _after_quiet_hours(quiet_from: object, quiet_until: object, now: datetime) -> datetime:
    start, end = parse_clock(str(quiet_from)), parse_clock(str(quiet_until))
    local = now.astimezone(OSLO)
    clock = local.time()
    quiet = start <= clock or clock < end if start > end else start <= clock < end
    if not quiet:
        return now
    day = local.date() if clock < end else local.date() + timedelta(days=1)
    return oslo_moment(day, end)


def queue(
    municipality: Municipality,
    *,
    phone: str,
    kind: SmsKind,
    event_key: str,
    body: str,
    now: datetime,
    urgent: bool = False,
    language: str = "nb",
    client: Client | None = None,
    case: Case | None = None,
    hold: Hold | None = None,
    shelter: Shelter | None = None,
    give_up_at: datetime | None = None,
    not_before: datetime | None = None,
) -> SmsMessage:
    """Write a message to the outbox in the caller's transaction; the same event is queued only once.

    An urgent message goes now; another waits for `not_before` and then for the end of quiet hours."""
    existing = db.session.scalar(select(SmsMessage).where(SmsMessage.event_key == event_key))
    if existing is not None:
        return existing
    hours = int(municipality.setting("sms_give_up_hours"))
    # Given up only once it has been tried for that long: a message waiting out the night is not lost by morning.
    first_attempt = now if urgent else quiet_until(municipality, max(now, not_before or now))
    message = SmsMessage(
        municipality_id=municipality.id,
        kind=kind,
        event_key=event_key,
        phone=phone,
        body=body,
        language=language,
        urgent=urgent,
        client=client,
        case_id=case.id if case is not None else hold.case_id if hold is not None else None,
        hold=hold,
        shelter=shelter,
        status=SmsStatus.QUEUED,
        next_attempt_at=first_attempt,
        give_up_at=give_up_at or first_attempt + timedelta(hours=hours),
    )
    db.session.add(message)
    db.session.flush()
    return message


def to_client(
    client: Client,
    kind: SmsKind,
    fields: Mapping[str, object],
    *,
    event_key: str,
    now: datetime,
    case: Case | None = None,
    hold: Hold | None = None,
    urgent: bool = False,
    template: str | None = None,
    not_before: datetime | None = None,
    give_up_at: datetime | None = None,
) -> SmsMessage | None:
    """Queue a message to a client in their language, if they agreed to SMS and have not opted out."""
    if not client.reachable_by_sms:
        return None
    municipality = client.municipality
    body = render(template or kind, client.language, {"phone": municipality.setting("nav_phone"), **fields})
    return queue(
        municipality,
        phone=client.phone,
        kind=kind,
        event_key=event_key,
        body=body,
        now=now,
        urgent=urgent,
        language=client.language,
        client=client,
        case=case,
        hold=hold,
        shelter=hold.shelter if hold is not None else None,
        give_up_at=hold.expires_at if hold is not None and urgent else give_up_at,
        not_before=not_before,
    )


def to_staff(
    municipality: Municipality,
    setting: str,
    kind: SmsKind,
    fields: Mapping[str, object],
    *,
    event_key: str,
    now: datetime,
) -> SmsMessage | None:
    """Queue an urgent message to the on-call phone a municipality setting names, if it has one."""
    phone = str(municipality.setting(setting))
    if not phone:
        return None
    body = render(kind, "nb", fields)
    return queue(municipality, phone=phone, kind=kind, event_key=event_key, body=body, now=now, urgent=True)


def map_link(shelter: Shelter) -> str:
    """A map of the shelter: short, and opened by any phone's browser."""
    if shelter.latitude is None or shelter.longitude is None:
        place = ", ".join(part for part in (shelter.address, shelter.city) if part)
        return f"https://www.openstreetmap.org/search?query={quote_plus(place)}"
    return f"https://www.openstreetmap.org/?mlat={shelter.latitude:.5f}&mlon={shelter.longitude:.5f}"


def hold_fields(shelter: Shelter, expires_at: datetime) -> dict[str, object]:
    """What a message about a held place says: where, how to find it, and until when."""
    address = ", ".join(part for part in (shelter.address, f"{shelter.postcode} {shelter.city}".strip()) if part)
    return {
        "shelter": shelter.name,
        "address": address,
        "map": map_link(shelter),
        "until": expires_at.astimezone(OSLO).strftime("%H:%M"),
    }


# A message in one of these has reached, or will reach, its number.
REACHING = (SmsStatus.QUEUED, SmsStatus.SENDING, SmsStatus.SENT, SmsStatus.DELIVERED)


def hold_created(hold: Hold, now: datetime) -> SmsMessage | None:
    """Tell the client where to go and until when the place is held; it goes at once.

    Once per number: called again after the number was corrected, it sends the address to the new one."""
    client = hold.case.client
    had = select(SmsMessage).where(
        SmsMessage.hold_id == hold.id, SmsMessage.kind == SmsKind.HOLD_CREATED, SmsMessage.direction == Direction.OUT
    )
    earlier = list(db.session.scalars(had))
    reached = next((m for m in earlier if m.phone == client.phone and m.status in REACHING), None)
    if reached is not None:
        return reached
    fields = hold_fields(hold.shelter, hold.expires_at)
    later = hold.first_night != hold.case.municipality.tonight(now)
    again = f":{len(earlier)}" if earlier else ""
    return to_client(
        client,
        SmsKind.HOLD_CREATED,
        {**fields, "night": f"{hold.first_night:%d.%m.}"},
        event_key=f"hold:{hold.id}:created{again}",
        now=now,
        hold=hold,
        urgent=True,
        template=HOLD_FROM_LATER if later else None,
    )


def hold_released(hold: Hold, now: datetime) -> SmsMessage | None:
    """Tell the client the place is no longer theirs, and whom to call."""
    client = hold.case.client
    fields = {"shelter": hold.shelter.name}
    return to_client(client, SmsKind.HOLD_RELEASED, fields, event_key=f"hold:{hold.id}:released", now=now, urgent=True)


def hold_reminders(now: datetime) -> list[SmsMessage]:
    """Remind clients half an hour before their held place is released, once per hold."""
    reminded = select(SmsMessage.id).where(SmsMessage.hold_id == Hold.id, SmsMessage.kind == SmsKind.HOLD_REMINDER)
    due = select(Hold).where(
        Hold.status == HoldStatus.ACTIVE,
        Hold.expires_at > now,
        Hold.expires_at <= now + REMINDER_BEFORE_EXPIRY,
        Hold.confirmed_at.is_(None),
        ~reminded.exists(),
    )
    queued = []
    for hold in db.session.scalars(due):
        # A hold shorter than an hour has its first message fresh in mind.
        if hold.expires_at - hold.created_at < 2 * REMINDER_BEFORE_EXPIRY:
            continue
        fields = hold_fields(hold.shelter, hold.expires_at)
        event_key = f"hold:{hold.id}:reminder"
        message = to_client(
            hold.case.client, SmsKind.HOLD_REMINDER, fields, event_key=event_key, now=now, hold=hold, urgent=True
        )
        if message is not None:
            queued.append(message)
    return queued


def _due(query: Select[tuple[T]], now: datetime) -> Select[tuple[T]]:
    query = query.where(SmsMessage.status == SmsStatus.QUEUED, SmsMessage.next_attempt_at <= now)
    return query.order_by(SmsMessage.next_attempt_at, SmsMessage.id)


def due_messages(now: datetime) -> list[SmsMessage]:
    """Messages waiting to be sent now, oldest due first."""
    return list(db.session.scalars(_due(select(SmsMessage), now)))


def give_up_overdue(now: datetime) -> list[SmsMessage]:
    """Messages still queued past their give-up time fail, tried or not: a held place's address is no use later."""
    overdue = select(SmsMessage).where(SmsMessage.status == SmsStatus.QUEUED, SmsMessage.give_up_at <= now)
    failed = list(db.session.scalars(overdue))
    for message in failed:
        _fail(message, message.error_code or "expired", message.error_message or "Not sent in time")
    return failed


@dataclass(frozen=True)
class Claim:
    """A message taken for sending: what the provider needs, and what deciding on a retry needs.

    `attempts` counts the provider calls before this one: a claim released unsent does not count.
    """

    id: int
    phone: str
    body: str
    attempts: int
    give_up_at: datetime | None
    client_id: int | None
    urgent: bool
    municipality_id: int | None


def follow_client(client: Client) -> None:
    """Messages to a client not yet sent go to their number as it is now; if they can no longer be texted,
    the outbox cancels them before sending (cancel_unwanted)."""
    db.session.execute(
        update(SmsMessage)
        .where(
            SmsMessage.client_id == client.id,
            SmsMessage.direction == Direction.OUT,
            SmsMessage.status == SmsStatus.QUEUED,
        )
        .values(phone=client.phone)
        .execution_options(synchronize_session="fetch")
    )


def cancel_unwanted() -> int:
    """Queued messages no longer wanted are cancelled: the client opted out, or the hold they are about ended."""
    unreachable = select(Client.id).where(
        or_(Client.sms_opted_out_at.is_not(None), Client.sms_consent.is_(False), Client.phone == "")
    )
    ended = select(Hold.id).where(Hold.status != HoldStatus.ACTIVE)
    about_holds = and_(
        SmsMessage.kind.in_([SmsKind.HOLD_CREATED, SmsKind.HOLD_REMINDER]), SmsMessage.hold_id.in_(ended)
    )
    cancelled = db.session.execute(
        update(SmsMessage)
        .where(SmsMessage.status == SmsStatus.QUEUED, or_(SmsMessage.client_id.in_(unreachable), about_holds))
        .values(status=SmsStatus.CANCELLED)
        .execution_options(synchronize_session=False)
    )
    return int(cancelled.rowcount)  # type: ignore[attr-defined]


def claim_due(database: Database, now: datetime, limit: int) -> list[Claim]:
    """Take up to `limit` due messages, oldest first, marking them as being sent.

    A conditional update that returns what it took, so of two senders only one takes a message. The caller
    commits the claim before calling the provider, so no database lock is held while the provider answers.
    """
    due = _due(select(SmsMessage.id), now).limit(limit).with_for_update(skip_locked=True)
    # Locked first, then updated: a locking subquery inside the update may be run again and take more rows.
    ids = list(database.scalars(due))
    if not ids:
        return []
    rows = database.execute(
        update(SmsMessage)
        .where(SmsMessage.id.in_(ids), SmsMessage.status == SmsStatus.QUEUED)
        .values(status=SmsStatus.SENDING, claimed_at=now)
        .returning(
            SmsMessage.id,
            SmsMessage.phone,
            SmsMessage.body,
            SmsMessage.attempts,
            SmsMessage.give_up_at,
            SmsMessage.client_id,
            SmsMessage.urgent,
            SmsMessage.municipality_id,
        )
    ).all()
    return sorted((Claim(*row) for row in rows), key=lambda claim: claim.id)


def unclaim(database: Database, claims: list[Claim]) -> None:
    """Claimed messages that were not tried after all go back as they were."""
    if claims:
        database.execute(
            update(SmsMessage)
            .where(SmsMessage.id.in_([claim.id for claim in claims]), SmsMessage.status == SmsStatus.SENDING)
            .values(status=SmsStatus.QUEUED, claimed_at=None)
        )


@dataclass(frozen=True)
class Attempt:
    """What the provider said: its message id, or an error that may pass (temporary) or will not."""

    sid: str = ""
    error: SmsError | None = None


def attempt(claim: Claim, sender: SmsSender) -> Attempt:
    """Hand a claimed message to the provider; touches no database. Anything unforeseen is tried again later."""
    try:
        return Attempt(sid=sender.send(claim.phone, claim.body))
    except SmsError as error:
        return Attempt(error=error)
    except Exception as error:
        log.exception("SMS %d: unexpected error from the provider", claim.id)
        return Attempt(error=TemporarySmsError("unexpected", type(error).__name__))


def record_attempt(database: Database, claim: Claim, outcome: Attempt, now: datetime) -> SmsStatus:
    """Keep what the provider said: sent with its id, failed for good, or queued again after a wait."""
    error = outcome.error
    attempts = claim.attempts + 1
    values: dict[str, object] = {"claimed_at": None, "attempts": attempts}
    if error is None:
        values |= {"status": SmsStatus.SENT, "provider_sid": outcome.sid, "sent_at": now}
        values |= {"error_code": "", "error_message": ""}
    elif isinstance(error, TemporarySmsError) and (claim.give_up_at is None or now < claim.give_up_at):
        values |= {"status": SmsStatus.QUEUED, "next_attempt_at": _retry_at(database, claim, now + backoff(attempts))}
        values |= {"error_code": error.code, "error_message": str(error)[:300]}
    else:
        values |= {"status": SmsStatus.FAILED, "error_code": error.code, "error_message": str(error)[:300]}
        if error.code == UNSUBSCRIBED and claim.client_id is not None:
            database.execute(update(Client).where(Client.id == claim.client_id).values(sms_opted_out_at=now))
    database.execute(update(SmsMessage).where(SmsMessage.id == claim.id).values(**values))
    return SmsStatus(str(values["status"]))


def _retry_at(database: Database, claim: Claim, when: datetime) -> datetime:
    """A retry of a message that is not urgent waits out the quiet hours too."""
    if claim.urgent or claim.municipality_id is None:
        return when
    settings = database.scalar(select(Municipality.settings).where(Municipality.id == claim.municipality_id)) or {}
    quiet_from, quiet_until = (settings.get(key, DEFAULT_SETTINGS[key]) for key in ("quiet_from", "quiet_until"))
    return _after_quiet_hours(quiet_from, quiet_until, when)


def send_due(database: Database, sender: SmsSender, now: datetime, *, stop: threading.Event, batch: int) -> int:
    """Send what is due, a batch of claims at a time, committing each answer as it comes; returns how many went.

    `database` is a connection of the sender's own (or the session): these are single statements, no objects.

    A busy or unreachable provider sets `stop`, for this sender and any working beside it: the rest wait for
    the next run rather than each waiting out a timeout. If the process dies after the provider took a
    message and before its answer is committed, the claim is released when a scheduler next starts and the
    message goes again.
    """
    sent = 0
    while not stop.is_set() and (claims := claim_due(database, now, batch)):
        database.commit()
        for index, claim in enumerate(claims):
            if stop.is_set():
                unclaim(database, claims[index:])
                database.commit()
                break
            status = record_attempt(database, claim, attempt(claim, sender), now)
            database.commit()
            if status == SmsStatus.QUEUED:
                stop.set()
            sent += status == SmsStatus.SENT
    return sent


def release_claims(now: datetime) -> int:
    """Put messages left being sent by a run that died back in the queue: none is lost.

    Only one run sends at a time (the scheduler's lock, one instance of the job), so at a run's start every
    claim is a dead run's.
    """
    claimed = db.session.execute(
        update(SmsMessage)
        .where(SmsMessage.status == SmsStatus.SENDING)
        .values(status=SmsStatus.QUEUED, claimed_at=None, next_attempt_at=now)
        .execution_options(synchronize_session="fetch")
    )
    return int(claimed.rowcount)  # type: ignore[attr-defined]


def _fail(message: SmsMessage, code: str, text: str) -> None:
    message.status = SmsStatus.FAILED
    message.error_code = code
    message.error_message = text[:300]


def backoff(attempts: int) -> timedelta:
    """How long to wait before the next try: doubling, capped, and jittered so retries do not flock."""
    ceiling = min(LONGEST_RETRY, FIRST_RETRY * 2 ** (attempts - 1))
    return timedelta(seconds=ceiling.total_seconds() * random.uniform(0.5, 1.0))  # noqa: S311 - jitter, not a secret


# Twilio's final states; "sent" and earlier ones say nothing new.
_FINAL = {"delivered": SmsStatus.DELIVERED, "undelivered": SmsStatus.FAILED, "failed": SmsStatus.FAILED}


def record_status(sid: str, status: str, error_code: str, now: datetime) -> SmsMessage | None:
    """The provider's delivery report: delivered or failed. A final state is never overwritten.

    A final report on a message whose id is not saved yet (the outbox commits it just after the provider
    answers) is kept, and the outbox's next run applies it (apply_early_reports).
    """
    message = db.session.scalar(select(SmsMessage).where(SmsMessage.provider_sid == sid))
    if message is None:
        if status in _FINAL and sid:
            db.session.add(DeliveryReport(provider_sid=sid, status=status, error_code=error_code, received_at=now))
        return None
    _apply(message.id, status, error_code, now)
    return message


def _apply(message_id: int, status: str, error_code: str, at: datetime) -> bool:
    """A final report on a message still only sent; a conditional update, so of two reports only one wins."""
    if status not in _FINAL:
        return False
    final = _FINAL[status]
    values = {"delivered_at": at} if final == SmsStatus.DELIVERED else {"error_code": error_code}
    applied = db.session.execute(
        update(SmsMessage)
        .where(SmsMessage.id == message_id, SmsMessage.status == SmsStatus.SENT)
        .values(status=final, **values)
    )
    return bool(applied.rowcount)  # type: ignore[attr-defined]


def apply_early_reports(now: datetime) -> int:
    """Apply the delivery reports that came before their message's id was saved; returns how many changed one.

    Reports kept past REPORT_KEPT without a message to apply them to are let go.
    """
    reports = db.session.execute(
        select(DeliveryReport.id, DeliveryReport.status, DeliveryReport.error_code, DeliveryReport.received_at)
        .add_columns(SmsMessage.id)
        .join(SmsMessage, SmsMessage.provider_sid == DeliveryReport.provider_sid)
        .order_by(DeliveryReport.id)
    ).all()
    applied = sum(_apply(message_id, status, code, at) for _, status, code, at, message_id in reports)
    done = [report_id for report_id, *_ in reports]
    old = DeliveryReport.received_at < now - REPORT_KEPT
    db.session.execute(delete(DeliveryReport).where(or_(DeliveryReport.id.in_(done), old)))
    return applied


def opt_out(phone: str, now: datetime) -> int:
    """STOPP: no more SMS of any kind to this number; what is queued is cancelled. Returns clients opted out."""
    clients = list(db.session.scalars(select(Client).where(Client.phone == phone, Client.sms_opted_out_at.is_(None))))
    for client in clients:
        client.sms_opted_out_at = now
    pending = select(SmsMessage).where(SmsMessage.phone == phone, SmsMessage.status == SmsStatus.QUEUED)
    for message in db.session.scalars(pending):
        message.status = SmsStatus.CANCELLED
    return len(clients)


def case_messages(case_id: int) -> list[SmsMessage]:
    """Every SMS to and from the client about one case, newest first."""
    query = select(SmsMessage).where(SmsMessage.case_id == case_id).order_by(SmsMessage.id.desc())
    return list(db.session.scalars(query))


def hold_preview(client: Client, shelter: Shelter, expires_at: datetime) -> tuple[str, Segments] | None:
    """The message a client would get if this place were held now, or None when they get no SMS."""
    if not client.reachable_by_sms:
        return None
    fields = {"phone": client.municipality.setting("nav_phone"), **hold_fields(shelter, expires_at)}
    return preview(SmsKind.HOLD_CREATED, client.language, fields)
