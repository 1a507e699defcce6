"""Plan the steps toward a permanent home, remind the client the day before, and record how each went (R8).

NAV starts work on a permanent home at once, so a household staying with no step planned shows on the board.
The client's reminder is an outbox message with a due time, written when the step is planned: nothing has
to run on the day for it to go, and cancelling or recording the step first cancels it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from babel.dates import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from bolig.audit.operations import record
from bolig.auth.models import User
from bolig.cases.models import Case, Stay, StayStatus
from bolig.db import db
from bolig.errors import InvalidInput
from bolig.followups.models import FollowUp, FollowUpKind, FollowUpStatus
from bolig.municipalities.models import Municipality
from bolig.notifications import operations as sms
from bolig.notifications.models import SmsKind, SmsMessage, SmsStatus
from bolig.timeutil import OSLO, oslo_moment, oslo_today

KIND_LABELS = {
    FollowUpKind.MEETING: _l("Meeting at NAV"),
    FollowUpKind.VIEWING: _l("Viewing a home"),
    FollowUpKind.LEASE: _l("Signing the lease"),
    FollowUpKind.DEPOSIT: _l("Deposit guarantee"),
    FollowUpKind.HOME_VISIT: _l("Home visit"),
    FollowUpKind.OTHER: _l("Other"),
}
STATUS_LABELS = {
    FollowUpStatus.PLANNED: _l("Planned"),
    FollowUpStatus.DONE: _l("Done"),
    FollowUpStatus.MISSED: _l("Did not come"),
    FollowUpStatus.CANCELLED: _l("Cancelled"),
}
REMIND_BEFORE = timedelta(hours=24)
# A reminder that cannot go out (quiet hours) until this close to the step is not sent: the worker tells them.
LAST_USEFUL_REMINDER = timedelta(hours=1)
LONGEST_AHEAD = timedelta(days=366)
PLACE_LENGTH = 120
TEXT_LENGTH = 2000
# The time of the step in the client's SMS, in their language.
WHEN_FORMATS = {"nb": "EEEE d. MMMM 'kl.' HH:mm", "nn": "EEEE d. MMMM 'kl.' HH:mm", "en": "EEEE d MMMM 'at' HH:mm"}


@dataclass(frozen=True)
class FollowUpInput:
    kind: str
    due_at: datetime | None  # None when what was typed could not be read as a time
    place: str = ""
    note: str = ""
    remind_client: bool = False


def due_moment(day: str, clock: str) -> datetime | None:
    """The UTC instant of an Oslo date (YYYY-MM-DD) and time of day (HH:MM) as typed, or None if unreadable."""
    match = re.fullmatch(r"([0-9]{1,2})[:.]([0-9]{2})", clock.strip())
    if match is None:
        return None
    try:
        return oslo_moment(date.fromisoformat(day.strip()), time(int(match[1]), int(match[2])))
    except (ValueError, OverflowError):  # no such date or time; a date at the very end of the calendar
        return None


def parse_due(value: object) -> datetime | None:
    """An ISO 8601 date and time (without an offset: Oslo's) as a UTC instant, or None if unreadable."""
    try:
        moment = datetime.fromisoformat(str(value))
        return (moment if moment.tzinfo else moment.replace(tzinfo=OSLO)).astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def plan_follow_up(case: Case, data: FollowUpInput, *, actor: User, now: datetime) -> FollowUp:
    """Plan one step for the case's household; queue the client's reminder when asked and possible."""
    errors: dict[str, str] = {}
    if data.kind not in set(FollowUpKind):
        errors["kind"] = _("Choose what the step is.")
    due_at = data.due_at
    if due_at is None:
        errors["due"] = _("Give the date and the time of day.")
    elif due_at <= now:
        errors["due"] = _("Choose a time later than now. Record a step that has happened on the case instead.")
    elif due_at > now + LONGEST_AHEAD:
        errors["due"] = _("Plan at most a year ahead.")
    if len(data.place.strip()) > PLACE_LENGTH:
        errors["place"] = _("Write the place in at most %(num)d characters.", num=PLACE_LENGTH)
    if len(data.note) > TEXT_LENGTH:
        errors["note"] = _("Write the note in at most %(num)d characters.", num=TEXT_LENGTH)
    if errors or due_at is None:
        raise InvalidInput(errors)
    follow_up = FollowUp(
        municipality_id=case.municipality_id,
        case=case,
        kind=data.kind,
        due_at=due_at,
        place=data.place.strip(),
        note=data.note.strip(),
        remind_client=data.remind_client,
        created_by_id=actor.id,
        created_at=now,
    )
    db.session.add(follow_up)
    db.session.flush()
    if data.remind_client:
        _queue_reminder(follow_up, now)
    record(actor, "follow_up.plan", follow_up, client_id=case.client_id, details={"kind": data.kind})
    return follow_up


def _queue_reminder(follow_up: FollowUp, now: datetime) -> SmsMessage | None:
    client = follow_up.case.client
    municipality = follow_up.case.municipality
    give_up_at = follow_up.due_at - LAST_USEFUL_REMINDER
    if sms.quiet_until(municipality, max(now, follow_up.due_at - REMIND_BEFORE)) > give_up_at:
        return None
    language = client.language if client.language in WHEN_FORMATS else "nb"
    when = format_datetime(follow_up.due_at, WHEN_FORMATS[language], tzinfo=OSLO, locale=language)
    return sms.to_client(
        client,
        SmsKind.FOLLOW_UP,
        {"when": when},
        event_key=reminder_key(follow_up),
        now=now,
        case=follow_up.case,
        not_before=follow_up.due_at - REMIND_BEFORE,
        give_up_at=give_up_at,
    )


def reminder_key(follow_up: FollowUp) -> str:
    """The outbox key of the client's reminder of this step."""
    return f"follow_up:{follow_up.id}:reminder"


def reminder_of(follow_up: FollowUp) -> SmsMessage | None:
    """The client's reminder of this step, if one was queued."""
    return db.session.scalar(select(SmsMessage).where(SmsMessage.event_key == reminder_key(follow_up)))


def record_outcome(follow_up: FollowUp, status: str, outcome: str, *, actor: User, now: datetime) -> None:
    """Record that a planned step was done, missed or cancelled; a reminder not yet sent is cancelled."""
    if not follow_up.is_planned:
        raise InvalidInput(
            {
                "status": _(
                    "This step is already recorded as: %(status)s.",
                    status=STATUS_LABELS[FollowUpStatus(follow_up.status)],
                )
            }
        )
    if status not in {FollowUpStatus.DONE, FollowUpStatus.MISSED, FollowUpStatus.CANCELLED}:
        raise InvalidInput({"status": _("Record the step as done, not come, or cancelled.")})
    if status == FollowUpStatus.MISSED and follow_up.due_at > now:
        raise InvalidInput({"status": _("The step's time has not come yet. Cancel it if it will not happen.")})
    if len(outcome) > TEXT_LENGTH:
        raise InvalidInput({"outcome": _("Write the note in at most %(num)d characters.", num=TEXT_LENGTH)})
    follow_up.status = status
    follow_up.outcome = outcome.strip()
    follow_up.recorded_at = now
    follow_up.recorded_by_id = actor.id
    db.session.execute(
        update(SmsMessage)
        .where(SmsMessage.event_key == reminder_key(follow_up), SmsMessage.status == SmsStatus.QUEUED)
        .values(status=SmsStatus.CANCELLED)
        .execution_options(synchronize_session=False)
    )
    record(actor, f"follow_up.{status}", follow_up, client_id=follow_up.case.client_id)


def follow_ups_of(case: Case) -> list[FollowUp]:
    """The case's steps, planned ones first by time, then the recorded ones, latest first."""
    steps = db.session.scalars(select(FollowUp).where(FollowUp.case_id == case.id).order_by(FollowUp.due_at))
    planned: list[FollowUp] = []
    recorded: list[FollowUp] = []
    for step in steps:
        (planned if step.is_planned else recorded).append(step)
    return planned + recorded[::-1]


def due_today(municipality: Municipality, now: datetime) -> list[FollowUp]:
    """Planned steps of today (an Oslo date), and earlier ones nobody has recorded yet, by time."""
    tomorrow = oslo_moment(oslo_today(now) + timedelta(days=1), time(0))
    query = (
        select(FollowUp)
        .options(joinedload(FollowUp.case).joinedload(Case.client))  # the lists show each household's name
        .where(
            FollowUp.municipality_id == municipality.id,
            FollowUp.status == FollowUpStatus.PLANNED,
            FollowUp.due_at < tomorrow,
        )
        .order_by(FollowUp.due_at, FollowUp.id)
    )
    return list(db.session.scalars(query))


def stays_without_a_plan(municipality: Municipality) -> list[Stay]:
    """Households staying in temporary housing with no step toward a permanent home planned (R8), longest first."""
    planned = select(FollowUp.id).where(FollowUp.case_id == Stay.case_id, FollowUp.status == FollowUpStatus.PLANNED)
    query = (
        select(Stay)
        .options(joinedload(Stay.case).joinedload(Case.client), joinedload(Stay.shelter))
        .join(Case, Case.id == Stay.case_id)
        .where(Case.municipality_id == municipality.id, Stay.status == StayStatus.STAYING, ~planned.exists())
        .order_by(Stay.first_night, Stay.id)
    )
    return list(db.session.scalars(query))
