"""Steps toward a permanent home (R8): planned with a time, the client reminded the day before, each recorded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bolig.audit.models import AuditEvent
from bolig.auth.models import Role, User
from bolig.cases.models import Case
from bolig.cases.operations import mark_arrived
from bolig.db import db, utcnow
from bolig.errors import InvalidInput
from bolig.followups.models import FollowUp
from bolig.followups.operations import (
    FollowUpInput,
    due_moment,
    due_today,
    follow_ups_of,
    parse_due,
    plan_follow_up,
    record_outcome,
    reminder_key,
    stays_without_a_plan,
)
from bolig.municipalities.models import Municipality
from bolig.notifications.models import SmsMessage, SmsStatus
from bolig.timeutil import oslo_today
from tests.factories import make_case, make_case_with_hold, make_user

# Monday 23 November 2026, 10:00 in Oslo (UTC+1).
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def oslo(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in November 2026 (Oslo is UTC+1 all month)."""
    return datetime(2026, 11, day, hour - 1, minute, tzinfo=UTC)


def texted_case(municipality: Municipality, language: str = "nb") -> Case:
    return make_case(municipality, phone="+4791234567", sms_consent=True, language=language)


def step(case: Case, day: str = "2026-11-25", clock: str = "10:00", **values: object) -> FollowUpInput:
    fields: dict[str, object] = {"kind": "viewing", "due_at": due_moment(day, clock), "remind_client": True}
    return FollowUpInput(**(fields | values))  # type: ignore[arg-type]


def worker_of(case: Case) -> User:
    assert case.created_by is not None
    return case.created_by


def reminder(follow_up: FollowUp) -> SmsMessage | None:
    return db.session.scalar(select(SmsMessage).where(SmsMessage.event_key == reminder_key(follow_up)))


def test_the_client_is_reminded_the_day_before_without_the_place_or_the_note(municipality: Municipality) -> None:
    """R24: the SMS names the time and whom to call, not where or why."""
    case = texted_case(municipality)
    data = step(case, place="Thorvald Meyers gate 5", note="Ta med lønnsslipp")
    follow_up = plan_follow_up(case, data, actor=worker_of(case), now=NOW)
    assert (follow_up.due_at, follow_up.status, follow_up.place) == (oslo(25, 10), "planned", "Thorvald Meyers gate 5")
    message = reminder(follow_up)
    assert message is not None
    assert (message.next_attempt_at, message.give_up_at, message.status) == (oslo(24, 10), oslo(25, 9), "queued")
    assert message.body == (
        "Påminnelse fra NAV: du har en avtale onsdag 25. november kl. 10:00. Ring 55 55 33 33 hvis du ikke kan komme."
    )
    assert message.case_id == case.id


def test_the_reminder_is_in_the_clients_language(municipality: Municipality) -> None:
    case = texted_case(municipality, language="en")
    message = reminder(plan_follow_up(case, step(case), actor=worker_of(case), now=NOW))
    assert message is not None
    assert message.body.startswith("Reminder from NAV: you have an appointment Wednesday 25 November at 10:00.")


def test_a_reminder_due_in_quiet_hours_waits_for_the_morning(municipality: Municipality) -> None:
    case = texted_case(municipality)
    message = reminder(plan_follow_up(case, step(case, clock="07:30"), actor=worker_of(case), now=NOW))
    assert message is not None
    assert message.next_attempt_at == oslo(24, 8)  # not 07:30, inside the quiet hours 21-08


def test_no_reminder_when_it_cannot_go_in_time(municipality: Municipality) -> None:
    """Planned at 22:00 for 08:30 the next morning: the quiet hours end at 08:00, too close to be of use."""
    case = texted_case(municipality)
    evening = oslo(23, 22)
    follow_up = plan_follow_up(case, step(case, day="2026-11-24", clock="08:30"), actor=worker_of(case), now=evening)
    assert reminder(follow_up) is None
    assert follow_up.remind_client  # the case page says so, and the worker tells them


def test_no_reminder_for_a_client_who_gets_no_sms(municipality: Municipality) -> None:
    case = make_case(municipality, phone="+4791234567", sms_consent=False)
    assert reminder(plan_follow_up(case, step(case), actor=worker_of(case), now=NOW)) is None
    case = texted_case(municipality)
    assert reminder(plan_follow_up(case, step(case, remind_client=False), actor=worker_of(case), now=NOW)) is None


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"kind": "party"}, "kind"),
        ({"day": "25.11.2026"}, "due"),
        ({"clock": "25:00"}, "due"),
        ({"day": ""}, "due"),
        ({"day": "2026-11-23", "clock": "09:59"}, "due"),  # a minute ago
        ({"day": "2027-11-25"}, "due"),  # more than a year ahead
        ({"place": "x" * 121}, "place"),
        ({"note": "x" * 2001}, "note"),
    ],
)
def test_bad_input_is_refused_and_saves_nothing(municipality: Municipality, values: dict[str, str], field: str) -> None:
    case = texted_case(municipality)
    with pytest.raises(InvalidInput) as refused:
        plan_follow_up(case, step(case, **values), actor=worker_of(case), now=NOW)
    assert field in refused.value.errors
    assert db.session.scalar(select(func.count()).select_from(FollowUp)) == 0
    assert db.session.scalar(select(func.count()).select_from(SmsMessage)) == 0


def test_recording_a_step_cancels_the_reminder_not_yet_sent_and_is_logged(municipality: Municipality) -> None:
    case = texted_case(municipality)
    worker = worker_of(case)
    follow_up = plan_follow_up(case, step(case), actor=worker, now=NOW)
    record_outcome(follow_up, "done", "  Kontrakt signert  ", actor=worker, now=NOW + timedelta(hours=1))
    assert (follow_up.status, follow_up.outcome, follow_up.recorded_by_id) == ("done", "Kontrakt signert", worker.id)
    db.session.expire_all()
    assert reminder(follow_up).status == SmsStatus.CANCELLED  # type: ignore[union-attr]
    logged = db.session.execute(select(AuditEvent.action, AuditEvent.client_id).order_by(AuditEvent.id)).all()
    assert [row for row in logged if row.action.startswith("follow_up")] == [
        ("follow_up.plan", case.client_id),
        ("follow_up.done", case.client_id),
    ]


def test_a_sent_reminder_stays_sent(municipality: Municipality) -> None:
    case = texted_case(municipality)
    follow_up = plan_follow_up(case, step(case), actor=worker_of(case), now=NOW)
    message = reminder(follow_up)
    assert message is not None
    message.status = SmsStatus.SENT
    record_outcome(follow_up, "cancelled", "", actor=worker_of(case), now=NOW)
    db.session.expire_all()
    assert reminder(follow_up).status == SmsStatus.SENT  # type: ignore[union-attr]


def test_a_step_is_recorded_once_and_not_missed_before_its_time(municipality: Municipality) -> None:
    case = texted_case(municipality)
    worker = worker_of(case)
    follow_up = plan_follow_up(case, step(case), actor=worker, now=NOW)
    with pytest.raises(InvalidInput, match="har ikke kommet ennå"):
        record_outcome(follow_up, "missed", "", actor=worker, now=NOW)
    with pytest.raises(InvalidInput):
        record_outcome(follow_up, "planned", "", actor=worker, now=NOW)
    record_outcome(follow_up, "missed", "Ringte, tar ikke telefonen", actor=worker, now=oslo(25, 10, 30))
    with pytest.raises(InvalidInput, match="allerede registrert som: Kom ikke"):
        record_outcome(follow_up, "done", "", actor=worker, now=oslo(25, 11))
    assert follow_up.status == "missed"


def test_the_board_lists_todays_steps_and_earlier_ones_not_recorded(
    municipality: Municipality, other_municipality: Municipality
) -> None:
    case = texted_case(municipality)
    worker = worker_of(case)
    earlier = plan_follow_up(case, step(case, day="2026-11-24", clock="09:00"), actor=worker, now=NOW)
    today = plan_follow_up(case, step(case, day="2026-11-25", clock="23:30"), actor=worker, now=NOW)
    done = plan_follow_up(case, step(case, day="2026-11-25", clock="08:00"), actor=worker, now=NOW)
    plan_follow_up(case, step(case, day="2026-11-26", clock="00:00"), actor=worker, now=NOW)  # tomorrow
    elsewhere = texted_case(other_municipality)
    plan_follow_up(elsewhere, step(elsewhere), actor=worker_of(elsewhere), now=NOW)
    record_outcome(done, "done", "", actor=worker, now=oslo(25, 9))
    assert due_today(municipality, oslo(25, 12)) == [earlier, today]
    assert follow_ups_of(case)[-1] is done  # recorded steps after the planned ones


def test_a_household_staying_with_no_step_planned_is_flagged(municipality: Municipality) -> None:
    hold = make_case_with_hold(municipality)
    worker = make_user(Role.CASEWORKER, municipality)
    now = utcnow()
    stay = mark_arrived(hold, actor=worker, now=now)
    assert stays_without_a_plan(municipality) == [stay]
    in_two_days = (oslo_today(now) + timedelta(days=2)).isoformat()
    follow_up = plan_follow_up(hold.case, step(hold.case, day=in_two_days), actor=worker, now=now)
    assert stays_without_a_plan(municipality) == []
    record_outcome(follow_up, "done", "", actor=worker, now=now)
    assert stays_without_a_plan(municipality) == [stay]  # what next?


@pytest.mark.parametrize(
    ("day", "clock"),
    [
        ("2026-11-25", "99999999999999999999:00"),
        ("2026-11-25", "10:99999999999999999999"),
        ("2026-11-25", "24:00"),
        ("2026-11-25", "10"),
        ("0001-01-01", "00:00"),  # before the calendar can be moved to UTC
    ],
)
def test_a_time_that_cannot_be_read_is_none_not_an_error(day: str, clock: str) -> None:
    assert due_moment(day, clock) is None


def test_times_from_the_api_are_read_in_oslo_unless_they_say_otherwise() -> None:
    assert parse_due("2026-11-25T10:00") == oslo(25, 10)
    assert parse_due("2026-11-25T10:00:00+00:00") == datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    for unreadable in ("tomorrow", "0001-01-01T00:00:00", "9999-12-31T23:59:59-23:59", None, 3):
        assert parse_due(unreadable) is None
