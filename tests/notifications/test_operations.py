"""The outbox: written with the event, sent after commit, retried, given up, never twice; and the jobs' work."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from bolig.auth.models import Role
from bolig.cases.models import CaseStatus, HoldStatus
from bolig.cases.operations import cancel_hold, escalate_unplaced, expire_holds, hold_place, mark_arrived
from bolig.db import db, utcnow
from bolig.errors import InvalidInput
from bolig.municipalities.models import Municipality
from bolig.notifications import operations as sms
from bolig.notifications.models import SmsKind, SmsMessage
from bolig.shelters.models import Channel
from bolig.shelters.operations import capacity_reminders, report_capacity
from bolig.timeutil import oslo_moment, parse_clock
from providers.sms import FakeSmsSender, PermanentSmsError, TemporarySmsError
from tests.factories import make_case, make_shelter, make_user
from tests.notifications.conftest import hospits

# 23:10 in Oslo on Sunday 22 November 2026.
EVENING = datetime(2026, 11, 22, 22, 10, tzinfo=UTC)
PHONE = "+4791234567"


def messages(kind: SmsKind | None = None) -> list[SmsMessage]:
    query = select(SmsMessage).order_by(SmsMessage.id)
    if kind is not None:
        query = query.where(SmsMessage.kind == kind)
    return list(db.session.scalars(query))


def send(sender: FakeSmsSender, now: datetime) -> SmsMessage | None:
    """The next due message through the outbox, as the job sends it; the message as stored after."""
    claims = sms.claim_due(db.session(), now, 1)
    if not claims:
        return None
    db.session.commit()
    sms.record_attempt(db.session(), claims[0], sms.attempt(claims[0], sender), now)
    db.session.expire_all()
    return db.session.get(SmsMessage, claims[0].id)


def held(municipality: Municipality, now: datetime = EVENING, **case: object):  # type: ignore[no-untyped-def]
    """A client who agreed to SMS, with a bed held tonight at a quality-agreement shelter."""
    shelter = hospits(municipality, now)
    night = municipality.tonight(now)
    values = {"phone": "912 34 567", "sms_consent": True, **case}
    kase = make_case(municipality, **values)
    worker = kase.created_by
    assert worker is not None
    return hold_place(kase, shelter.categories[0], first_night=night, nights=1, actor=worker, now=now, today=night)


def test_holding_a_place_queues_the_address_to_send_at_once(app: Flask, municipality: Municipality) -> None:
    hold = held(municipality)
    [message] = messages()
    assert (message.kind, message.phone, message.status, message.urgent) == ("hold_created", PHONE, "queued", True)
    assert message.next_attempt_at == EVENING
    assert "Tøyen hospits, Hagegata 30, 0653 Oslo" in message.body
    assert "kl. 01:10" in message.body  # two hours, in Oslo time
    assert "Kari" not in message.body
    # Nothing about the hold is worth sending after it has expired.
    assert message.give_up_at == hold.expires_at


def test_a_place_held_from_tomorrow_night_says_so(app: Flask, municipality: Municipality) -> None:
    tomorrow = municipality.tonight(EVENING) + timedelta(days=1)
    shelter = hospits(municipality, EVENING)
    report_capacity(shelter, tomorrow, {"bed": 5}, today=tomorrow, channel=Channel.WEB, actor=None, now=EVENING)
    case = make_case(municipality, phone="912 34 567", sms_consent=True)
    worker = case.created_by
    assert worker is not None
    today = municipality.tonight(EVENING)
    hold_place(case, shelter.categories[0], first_night=tomorrow, nights=1, actor=worker, now=EVENING, today=today)
    [message] = messages()
    assert message.body.startswith("NAV har en plass til deg fra kvelden 23.11.: Tøyen hospits")
    assert "i natt" not in message.body


def test_a_rolled_back_hold_texts_nobody(app: Flask, municipality: Municipality) -> None:
    with db.session.begin_nested() as savepoint:
        held(municipality)
        assert len(messages()) == 1
        savepoint.rollback()
    assert messages() == []


def test_no_sms_without_consent_a_number_or_after_stopp(app: Flask, municipality: Municipality) -> None:
    held(municipality, sms_consent=False)
    held(municipality, phone="")
    opted = held(municipality)
    assert len(messages()) == 1
    sms.opt_out(PHONE, EVENING)
    assert messages()[0].status == "cancelled"
    cancel_hold(opted, actor=opted.created_by, now=EVENING)  # type: ignore[arg-type]
    assert len(messages()) == 1


def test_an_event_is_queued_once(app: Flask, municipality: Municipality) -> None:
    hold = held(municipality)
    assert sms.hold_created(hold, EVENING) is messages()[0]
    assert len(messages()) == 1


@pytest.mark.parametrize(
    ("local", "sends_at"),
    [
        ("12:00", "12:00"),
        ("20:59", "20:59"),
        ("21:00", "next 08:00"),
        ("23:30", "next 08:00"),
        ("03:00", "08:00"),
        ("08:00", "08:00"),
    ],
)
def test_non_urgent_messages_wait_out_quiet_hours(
    app: Flask, municipality: Municipality, local: str, sends_at: str
) -> None:
    day = date(2026, 11, 22)
    now = oslo_moment(day, parse_clock(local))
    expected_day = day + timedelta(days=1) if sends_at.startswith("next") else day
    assert sms.quiet_until(municipality, now) == oslo_moment(expected_day, parse_clock(sends_at.rsplit(maxsplit=1)[-1]))


def test_a_message_waiting_out_the_night_is_given_up_only_hours_after_its_first_try(
    app: Flask, municipality: Municipality
) -> None:
    municipality.settings = {"sms_give_up_hours": 1}
    late = oslo_moment(date(2026, 11, 22), parse_clock("22:00"))
    message = sms.queue(municipality, phone=PHONE, kind=SmsKind.ESCALATION, event_key="a", body="A", now=late)
    morning = oslo_moment(date(2026, 11, 23), parse_clock("08:00"))
    assert (message.next_attempt_at, message.give_up_at) == (morning, morning + timedelta(hours=1))


def test_quiet_hours_that_do_not_cross_midnight(app: Flask, municipality: Municipality) -> None:
    municipality.settings = {"quiet_from": "12:00", "quiet_until": "13:00"}
    day = date(2026, 11, 22)
    assert sms.quiet_until(municipality, oslo_moment(day, parse_clock("12:30"))) == oslo_moment(
        day, parse_clock("13:00")
    )
    assert sms.quiet_until(municipality, oslo_moment(day, parse_clock("13:00"))) == oslo_moment(
        day, parse_clock("13:00")
    )


def test_sending_records_the_providers_id(app: Flask, municipality: Municipality) -> None:
    held(municipality)
    sender = FakeSmsSender()
    message = send(sender, EVENING)
    assert message is not None
    assert [sent.to for sent in sender.outbox] == [PHONE]
    assert (message.status, message.provider_sid, message.sent_at, message.attempts) == (
        "sent",
        sender.outbox[0].sid,
        EVENING,
        1,
    )
    assert send(sender, EVENING) is None
    assert len(sender.outbox) == 1


def test_a_temporary_failure_retries_with_growing_backoff_then_delivers(app: Flask, municipality: Municipality) -> None:
    held(municipality)
    sender = FakeSmsSender()
    sender.fail_next(TemporarySmsError("429", "Too many requests"), TemporarySmsError("500", "Server error"))
    now = EVENING
    first = send(sender, now)
    assert first is not None
    assert (first.status, first.attempts, first.error_code) == ("queued", 1, "429")
    first_wait = first.next_attempt_at - now  # type: ignore[operator]
    assert timedelta(seconds=7) <= first_wait <= timedelta(seconds=15)
    assert send(sender, now) is None  # not due again yet
    now = first.next_attempt_at  # type: ignore[assignment]
    send(sender, now)
    second_wait = first.next_attempt_at - now  # type: ignore[operator]
    assert timedelta(seconds=15) <= second_wait <= timedelta(seconds=30)
    send(sender, first.next_attempt_at)  # type: ignore[arg-type]
    assert (first.status, first.attempts, first.error_code) == ("sent", 3, "")
    assert len(sender.outbox) == 1


def test_backoff_is_capped() -> None:
    assert sms.backoff(30) <= sms.LONGEST_RETRY


def test_a_message_is_given_up_when_its_time_has_passed(app: Flask, municipality: Municipality) -> None:
    hold = held(municipality)
    sender = FakeSmsSender()
    sender.fail_next(TemporarySmsError("503", "Unavailable"))
    message = send(sender, hold.expires_at)
    assert message is not None
    assert (message.status, message.error_code) == ("failed", "503")


def test_an_invalid_number_fails_for_good_and_shows_on_the_case(app: Flask, municipality: Municipality) -> None:
    hold = held(municipality)
    sender = FakeSmsSender()
    sender.fail_next(PermanentSmsError("21211", "Invalid 'To' phone number"))
    message = send(sender, EVENING)
    assert message is not None
    assert (message.status, message.error_code) == ("failed", "21211")
    assert send(sender, EVENING + timedelta(hours=1)) is None
    assert sms.case_messages(hold.case_id) == [message]


def test_an_unsubscribed_number_opts_the_client_out(app: Flask, municipality: Municipality) -> None:
    hold = held(municipality)
    sender = FakeSmsSender()
    sender.fail_next(PermanentSmsError("21610", "Unsubscribed recipient"))
    send(sender, EVENING)
    assert hold.case.client.sms_opted_out_at == EVENING
    assert not hold.case.client.reachable_by_sms


def test_a_message_about_an_ended_hold_is_not_sent(app: Flask, municipality: Municipality) -> None:
    hold = held(municipality)
    cancel_hold(hold, actor=hold.created_by, now=EVENING)  # type: ignore[arg-type]
    sender = FakeSmsSender()
    assert sms.cancel_unwanted() == 1
    send(sender, EVENING)
    assert send(sender, EVENING) is None
    assert [m.status for m in messages()] == ["cancelled", "sent"]
    assert [m.kind for m in messages()] == ["hold_created", "hold_released"]
    assert len(sender.outbox) == 1


def test_delivery_reports_are_recorded_and_never_go_backwards(app: Flask, municipality: Municipality) -> None:
    held(municipality)
    message = send(FakeSmsSender(), EVENING)
    assert message is not None
    assert message.provider_sid is not None
    sms.record_status(message.provider_sid, "delivered", "", EVENING)
    sms.record_status(message.provider_sid, "failed", "30003", EVENING)
    assert (message.status, message.delivered_at, message.error_code) == ("delivered", EVENING, "")


def test_expired_holds_end_reopen_the_case_and_tell_the_client(app: Flask, municipality: Municipality) -> None:
    hold = held(municipality)
    assert expire_holds(hold.expires_at - timedelta(seconds=1)) == []
    assert expire_holds(hold.expires_at) == [hold]
    assert (hold.status, hold.ended_at, hold.case.status) == (HoldStatus.EXPIRED, hold.expires_at, CaseStatus.OPEN)
    [released] = messages(SmsKind.HOLD_RELEASED)
    assert "Tøyen hospits" in released.body
    assert "55 55 33 33" in released.body
    assert expire_holds(hold.expires_at + timedelta(minutes=5)) == []


def test_one_reminder_half_an_hour_before_the_hold_ends(app: Flask, municipality: Municipality) -> None:
    hold = held(municipality)
    assert sms.hold_reminders(hold.expires_at - timedelta(minutes=31)) == []
    [reminder] = sms.hold_reminders(hold.expires_at - timedelta(minutes=30))
    assert reminder.kind == "hold_reminder"
    assert "01:10" in reminder.body
    assert sms.hold_reminders(hold.expires_at - timedelta(minutes=10)) == []


def test_no_reminder_once_the_client_said_ja_or_arrived(app: Flask, municipality: Municipality) -> None:
    confirmed = held(municipality)
    confirmed.confirmed_at = EVENING
    arrived = held(municipality)
    mark_arrived(arrived, actor=arrived.created_by, now=EVENING)  # type: ignore[arg-type]
    assert sms.hold_reminders(confirmed.expires_at - timedelta(minutes=20)) == []


def test_unplaced_households_escalate_once_to_the_supervisor(app: Flask, municipality: Municipality) -> None:
    municipality.settings = {"supervisor_phone": "+4790000001", "unplaced_alert_minutes": 60}
    now = utcnow()
    waiting = make_case(municipality, received_at=now - timedelta(minutes=61))
    make_case(municipality, received_at=now - timedelta(minutes=30))
    assert escalate_unplaced(municipality, now, "https://bolig.example.no/board") == [waiting]
    [alert] = messages(SmsKind.ESCALATION)
    assert (alert.phone, alert.urgent) == ("+4790000001", True)
    assert "1 husstand(er)" in alert.body
    assert "Kari" not in alert.body
    assert escalate_unplaced(municipality, now + timedelta(minutes=5), "") == []
    assert waiting.escalated_at == now
    # A place held and lost: still waiting too long, so the supervisor hears again.
    shelter = hospits(municipality, now)
    night = municipality.tonight(now)
    hold = hold_place(
        waiting,
        shelter.categories[0],
        first_night=night,
        nights=1,
        actor=waiting.created_by,
        now=now,
        today=night,  # type: ignore[arg-type]
    )
    expire_holds(hold.expires_at)
    assert waiting in escalate_unplaced(municipality, hold.expires_at, "")


def test_escalation_without_a_supervisor_phone_still_marks_the_case(app: Flask, municipality: Municipality) -> None:
    now = utcnow()
    waiting = make_case(municipality, received_at=now - timedelta(hours=2))
    assert escalate_unplaced(municipality, now, "") == [waiting]
    assert messages() == []


def test_operators_who_have_not_reported_tonight_are_reminded_once(app: Flask, municipality: Municipality) -> None:
    day = date(2026, 11, 23)
    silent = make_shelter(municipality, name="Stille", operator_phone="912 34 000")
    fresh = make_shelter(municipality, name="Fersk", operator_phone="912 34 001")
    make_shelter(municipality, name="Uten telefon")
    report_capacity(
        fresh,
        day,
        {"bed": 3, "family_unit": 1},
        today=day,
        channel=Channel.WEB,
        actor=None,
        now=oslo_moment(day, parse_clock("09:00")),
    )
    assert capacity_reminders(oslo_moment(day, parse_clock("14:59"))) == []
    assert capacity_reminders(oslo_moment(day, parse_clock("15:00"))) == [silent]
    [reminder] = messages(SmsKind.CAPACITY_REMINDER)
    assert (reminder.phone, reminder.shelter_id) == ("+4791234000", silent.id)
    assert "LEDIG" in reminder.body
    assert capacity_reminders(oslo_moment(day, parse_clock("15:05"))) == []
    assert capacity_reminders(oslo_moment(day + timedelta(days=1), parse_clock("15:00"))) == [silent, fresh]


def test_an_operator_phone_that_is_not_a_number_is_refused(app: Flask, municipality: Municipality) -> None:
    with pytest.raises(InvalidInput) as refused:
        make_shelter(municipality, operator_phone="ring meg")
    assert "operator_phone" in refused.value.errors


def test_the_preview_is_the_message_that_goes(app: Flask, municipality: Municipality) -> None:
    hold = held(municipality)
    text, parts = sms.hold_preview(hold.case.client, hold.shelter, hold.expires_at)  # type: ignore[misc]
    assert text == messages()[0].body
    assert (parts.encoding, parts.parts) == ("GSM-7", 2)
    caseworker = make_user(Role.CASEWORKER, municipality)
    silent = make_case(municipality, worker=caseworker)
    assert sms.hold_preview(silent.client, hold.shelter, hold.expires_at) is None


def test_a_claimed_message_is_not_claimed_again_and_a_dead_senders_claim_is_released(
    app: Flask, municipality: Municipality
) -> None:
    first = sms.queue(
        municipality, phone=PHONE, kind=SmsKind.ESCALATION, event_key="a", body="A", now=EVENING, urgent=True
    )
    second = sms.queue(
        municipality, phone=PHONE, kind=SmsKind.ESCALATION, event_key="b", body="B", now=EVENING, urgent=True
    )
    [claim] = sms.claim_due(db.session(), EVENING, 1)
    assert claim == sms.Claim(first.id, PHONE, "A", 0, first.give_up_at, None, True, municipality.id)
    db.session.refresh(first)
    assert (first.status, first.attempts, first.claimed_at) == ("sending", 0, EVENING)
    assert sms.claim_due(db.session(), EVENING, 5) == [
        sms.Claim(second.id, PHONE, "B", 0, second.give_up_at, None, True, municipality.id)
    ]
    assert sms.claim_due(db.session(), EVENING, 5) == []
    # The process died before it could record what the provider said: the next scheduler puts both back.
    assert sms.release_claims(EVENING) == 2
    db.session.refresh(first)
    assert (first.status, first.attempts, first.claimed_at) == ("queued", 0, None)


class Surprising:
    """A provider that fails in a way no one foresaw."""

    def send(self, to: str, body: str) -> str:
        raise RuntimeError("connection reset in a way requests does not wrap")


def test_an_unforeseen_error_from_the_provider_leaves_the_message_queued_not_claimed(
    app: Flask, municipality: Municipality
) -> None:
    held(municipality)
    message = send(Surprising(), EVENING)  # type: ignore[arg-type]
    assert message is not None
    assert (message.status, message.error_code, message.attempts, message.claimed_at) == (
        "queued",
        "unexpected",
        1,
        None,
    )


def test_a_map_link_without_coordinates_searches_for_the_address_safely(app: Flask, municipality: Municipality) -> None:
    shelter = make_shelter(municipality, address="Øvre gate 3 & 5", city="Bergen", latitude=None, longitude=None)
    assert sms.map_link(shelter) == "https://www.openstreetmap.org/search?query=%C3%98vre+gate+3+%26+5%2C+Bergen"


def test_a_retry_of_a_message_that_is_not_urgent_waits_out_the_quiet_hours(
    app: Flask, municipality: Municipality
) -> None:
    # Sent just before 21:00; the retry would fall a few seconds after.
    afternoon = oslo_moment(date(2026, 11, 23), time(20, 59, 55))
    reminder = sms.queue(
        municipality, phone=PHONE, kind=SmsKind.CAPACITY_REMINDER, event_key="q", body="LEDIG?", now=afternoon
    )
    sender = FakeSmsSender()
    sender.fail_next(TemporarySmsError("503", "Unavailable"))
    send(sender, afternoon)
    db.session.refresh(reminder)
    assert (reminder.status, reminder.next_attempt_at) == (
        "queued",
        oslo_moment(date(2026, 11, 24), parse_clock("08:00")),
    )
