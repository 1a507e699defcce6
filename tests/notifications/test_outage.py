"""The outbox through a Twilio outage: every message waits and goes exactly once; a refusal is not retried."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from flask import Flask

from bolig.db import db, utcnow
from bolig.municipalities.models import Municipality
from bolig.notifications.models import SmsKind, SmsMessage, SmsStatus
from bolig.notifications.operations import FIRST_RETRY, queue
from jobs import send_outbox
from providers.sms import TwilioSmsSender, sms_sender_from_config
from tests.providers.fake_twilio import FakeTwilio, fake_twilio

SENDER = "+4759440000"
_numbers = itertools.count()


@pytest.fixture
def fake() -> Iterator[FakeTwilio]:
    """A fake Twilio REST API, running for one test."""
    with fake_twilio() as server:
        yield server


def use_sender(app: Flask, sender: TwilioSmsSender, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.extensions, "sms", sender)


@pytest.fixture
def sender(app: Flask, fake: FakeTwilio, monkeypatch: pytest.MonkeyPatch) -> Iterator[TwilioSmsSender]:
    """The app's sender as production builds it from BOLIG_SMS_BACKEND=twilio, sending to the fake."""
    built = sms_sender_from_config(
        {
            "SMS_BACKEND": "twilio",
            "TWILIO_ACCOUNT_SID": fake.account_sid,
            "TWILIO_AUTH_TOKEN": fake.auth_token,
            "TWILIO_FROM": SENDER,
            "TWILIO_API_BASE": fake.base_url,
        }
    )
    assert isinstance(built, TwilioSmsSender)
    use_sender(app, built, monkeypatch)
    with built:
        yield built


def queue_messages(
    municipality: Municipality, count: int, now: datetime, *, give_up_at: datetime | None = None
) -> list[SmsMessage]:
    """Urgent messages, due at once, each to its own number; committed, as the event causing them would be."""
    messages = [
        queue(
            municipality,
            phone=f"+4791234{n:03d}",
            kind=SmsKind.ESCALATION,
            event_key=f"outage:{n}",
            body=f"Melding {n}: husstand venter på plass",
            now=now,
            urgent=True,
            give_up_at=give_up_at,
        )
        for n in itertools.islice(_numbers, count)
    ]
    db.session.commit()
    return messages


def send(now: datetime) -> int:
    """One run of the outbox job at `now`: how many messages went."""
    return send_outbox.run(now=now, dry_run=False)


def assert_sent_exactly_once(fake: FakeTwilio, messages: list[SmsMessage], sent_at: datetime) -> None:
    """Each message reached the fake once, and its row is sent with the SID the fake gave it."""
    accepted = Counter((message.to, message.body) for message in fake.messages)
    assert accepted == Counter((message.phone, message.body) for message in messages)
    sids = {(message.to, message.body): message.sid for message in fake.messages}
    for message in messages:
        assert message.status == SmsStatus.SENT
        assert message.provider_sid == sids[message.phone, message.body]
        assert message.sent_at == sent_at
        assert message.error_code == message.error_message == ""


def test_an_outage_holds_every_message_back_probing_once_a_run_and_then_sends_each_once(
    municipality: Municipality, fake: FakeTwilio, sender: TwilioSmsSender
) -> None:
    now = utcnow()
    messages = queue_messages(municipality, 20, now)
    fake.down(500)

    for run in range(1, 4):
        # One message tells the run the provider is down; the others are not tried in vain.
        assert send(now) == 0
        assert len(fake.requests) == run
    probed = [message for message in messages if message.attempts]
    assert len(probed) == 3
    for message in probed:
        assert (message.status, message.attempts, message.error_code) == (SmsStatus.QUEUED, 1, "20500")
        assert message.next_attempt_at is not None
        assert FIRST_RETRY / 2 <= message.next_attempt_at - now <= FIRST_RETRY
    assert all(message.status == SmsStatus.QUEUED for message in messages)

    assert fake.messages == []
    fake.up()
    later = now + timedelta(hours=1)
    assert send(later) == 20
    assert_sent_exactly_once(fake, messages, later)
    assert len(fake.requests) == 20 + 3
    # Sent is final: a further run sends nothing.
    assert send(later + timedelta(hours=1)) == 0
    assert len(fake.messages) == 20


def test_too_many_requests_is_retried_and_each_message_goes_once(
    municipality: Municipality, fake: FakeTwilio, sender: TwilioSmsSender
) -> None:
    now = utcnow()
    messages = queue_messages(municipality, 3, now)
    fake.fail_next(429, times=3)

    for _ in range(3):
        assert send(now) == 0
    assert [(message.status, message.error_code) for message in messages] == [(SmsStatus.QUEUED, "20429")] * 3

    later = now + FIRST_RETRY
    assert send(later) == 3
    assert_sent_exactly_once(fake, messages, later)
    assert [message.attempts for message in messages] == [2, 2, 2]


def test_an_answer_slower_than_the_timeout_is_retried_and_the_message_goes_once(
    app: Flask, municipality: Municipality, fake: FakeTwilio, monkeypatch: pytest.MonkeyPatch
) -> None:
    with TwilioSmsSender(
        fake.account_sid, fake.auth_token, from_number=SENDER, api_base=fake.base_url, timeout=0.2
    ) as impatient:
        use_sender(app, impatient, monkeypatch)
        now = utcnow()
        messages = queue_messages(municipality, 2, now)
        fake.delay = 0.6

        assert send(now) == 0
        assert send(now) == 0
        assert fake.wait_idle(5)
        # The fake answered only after the sender had hung up, so it accepted nothing.
        assert fake.messages == []
        assert len(fake.requests) == 2
        assert [(message.status, message.error_code) for message in messages] == [(SmsStatus.QUEUED, "timeout")] * 2

        fake.delay = 0
        later = now + FIRST_RETRY
        assert send(later) == 2
        assert_sent_exactly_once(fake, messages, later)


def test_a_message_whose_give_up_time_passes_in_an_outage_ends_failed(
    municipality: Municipality, fake: FakeTwilio, sender: TwilioSmsSender
) -> None:
    now = utcnow()
    [hurried] = queue_messages(municipality, 1, now, give_up_at=now + timedelta(minutes=1))
    [patient] = queue_messages(municipality, 1, now)
    fake.down(503)

    assert send(now) == 0
    assert hurried.status == patient.status == SmsStatus.QUEUED

    assert send(now + timedelta(minutes=2)) == 0
    assert hurried.status == SmsStatus.FAILED
    assert hurried.error_code == "20503"
    assert "503" in hurried.error_message
    assert hurried.attempts == 1
    assert patient.status == SmsStatus.QUEUED

    fake.up()
    later = now + timedelta(hours=1)
    assert send(later) == 1
    assert hurried.status == SmsStatus.FAILED
    assert hurried.provider_sid is None
    assert_sent_exactly_once(fake, [patient], later)


def test_a_refused_number_fails_at_once_and_is_never_tried_again(
    municipality: Municipality, fake: FakeTwilio, sender: TwilioSmsSender
) -> None:
    now = utcnow()
    refused, accepted = queue_messages(municipality, 2, now)
    fake.invalid_numbers.add(refused.phone)

    assert send(now) == 1
    assert refused.status == SmsStatus.FAILED
    assert refused.error_code == "21211"
    assert refused.attempts == 1
    assert refused.next_attempt_at == now
    # Twilio's message repeats the number; what is stored does not.
    assert refused.phone not in refused.error_message
    assert_sent_exactly_once(fake, [accepted], now)

    assert send(now + timedelta(days=1)) == 0
    assert [request.form["To"] for request in fake.requests] == [refused.phone, accepted.phone]
