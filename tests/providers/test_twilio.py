"""The Twilio sender through the real SDK against the fake API: what it sends, what it makes of each answer."""

from __future__ import annotations

import base64
import logging
import re
from collections.abc import Iterator

import pytest

from providers.sms import PermanentSmsError, SmsError, TemporarySmsError, TwilioSmsSender
from tests.providers.conftest import CALLBACK, NUMBER
from tests.providers.fake_twilio import FakeTwilio

BODY = "Du har fått plass på Tøyen i natt. Møt opp før kl. 22."
SERVICE = "MG" + "5" * 32


def sender_for(
    fake: FakeTwilio, *, from_number: str | None = "+4759440000", service: str | None = None, timeout: float = 2
) -> TwilioSmsSender:
    return TwilioSmsSender(
        fake.account_sid,
        fake.auth_token,
        from_number=from_number,
        messaging_service_sid=service,
        api_base=fake.base_url,
        timeout=timeout,
    )


@pytest.fixture
def via_service(fake_twilio: FakeTwilio) -> Iterator[TwilioSmsSender]:
    with sender_for(fake_twilio, from_number=None, service=SERVICE) as sender:
        yield sender


def test_posts_the_message_from_the_number_with_the_status_callback(
    twilio_sender: TwilioSmsSender, fake_twilio: FakeTwilio
) -> None:
    sid = twilio_sender.send(NUMBER, BODY)

    [request] = fake_twilio.requests
    assert request.method == "POST"
    assert request.path == f"/2010-04-01/Accounts/{fake_twilio.account_sid}/Messages.json"
    assert request.form == {"To": NUMBER, "Body": BODY, "From": "+4759440000", "StatusCallback": CALLBACK}
    credentials = base64.b64encode(f"{fake_twilio.account_sid}:{fake_twilio.auth_token}".encode()).decode()
    assert request.headers["Authorization"] == f"Basic {credentials}"

    [message] = fake_twilio.messages
    assert re.fullmatch(r"SM[0-9a-f]{32}", sid)
    assert sid == message.sid
    assert (message.to, message.body, message.from_, message.status_callback) == (NUMBER, BODY, "+4759440000", CALLBACK)
    assert message.resource["status"] == "queued"


def test_a_messaging_service_sends_without_a_number_of_its_own(
    via_service: TwilioSmsSender, fake_twilio: FakeTwilio
) -> None:
    via_service.send(NUMBER, BODY)

    [request] = fake_twilio.requests
    assert request.form == {"To": NUMBER, "Body": BODY, "MessagingServiceSid": SERVICE}
    [message] = fake_twilio.messages
    assert (message.from_, message.messaging_service_sid, message.resource["status"]) == (None, SERVICE, "accepted")


@pytest.mark.parametrize(("numbers", "code"), [("invalid_numbers", "21211"), ("unsubscribed_numbers", "21610")])
def test_a_refused_number_is_a_permanent_error_with_twilios_code(
    twilio_sender: TwilioSmsSender, fake_twilio: FakeTwilio, numbers: str, code: str
) -> None:
    getattr(fake_twilio, numbers).add(NUMBER)

    with pytest.raises(PermanentSmsError) as refused:
        twilio_sender.send(NUMBER, BODY)

    assert refused.value.code == code
    assert fake_twilio.messages == []


def test_the_error_does_not_repeat_the_refused_number(twilio_sender: TwilioSmsSender, fake_twilio: FakeTwilio) -> None:
    fake_twilio.invalid_numbers.add(NUMBER)

    with pytest.raises(PermanentSmsError) as refused:
        twilio_sender.send(NUMBER, BODY)

    # Twilio's own message names the number; the sender keeps the last three digits only.
    assert "is not a valid phone number" in str(refused.value)
    assert "91234567" not in str(refused.value)
    assert "•567" in str(refused.value)
    assert refused.value.__cause__ is None
    assert refused.value.__suppress_context__


@pytest.mark.parametrize(("status", "code"), [(429, "20429"), (500, "20500"), (502, "20502"), (503, "20503")])
def test_a_busy_or_failing_service_is_a_temporary_error(
    twilio_sender: TwilioSmsSender, fake_twilio: FakeTwilio, status: int, code: str
) -> None:
    fake_twilio.fail_next(status)

    with pytest.raises(TemporarySmsError) as failed:
        twilio_sender.send(NUMBER, BODY)

    assert failed.value.code == code
    # The SDK does not retry on its own: retrying is the outbox's job, which knows how long a message may wait.
    assert len(fake_twilio.requests) == 1
    assert fake_twilio.messages == []


def test_a_message_goes_through_once_the_failures_are_over(
    twilio_sender: TwilioSmsSender, fake_twilio: FakeTwilio
) -> None:
    fake_twilio.fail_next(503, times=2)

    for _ in range(2):
        with pytest.raises(TemporarySmsError):
            twilio_sender.send(NUMBER, BODY)
    sid = twilio_sender.send(NUMBER, BODY)

    assert [message.sid for message in fake_twilio.messages] == [sid]


def test_an_outage_lasts_until_the_service_is_up(twilio_sender: TwilioSmsSender, fake_twilio: FakeTwilio) -> None:
    fake_twilio.down(503)
    for _ in range(3):
        with pytest.raises(TemporarySmsError):
            twilio_sender.send(NUMBER, BODY)

    fake_twilio.up()
    twilio_sender.send(NUMBER, BODY)

    assert len(fake_twilio.requests) == 4
    assert len(fake_twilio.messages) == 1


def test_a_slow_answer_is_a_timeout_and_the_message_was_not_accepted(fake_twilio: FakeTwilio) -> None:
    fake_twilio.delay = 0.5
    with sender_for(fake_twilio, timeout=0.2) as slow, pytest.raises(TemporarySmsError) as failed:
        slow.send(NUMBER, BODY)

    assert failed.value.code == "timeout"
    assert fake_twilio.wait_idle()
    assert len(fake_twilio.requests) == 1
    assert fake_twilio.messages == []


def test_nothing_listening_is_a_network_error(closed_port: int) -> None:
    with (
        TwilioSmsSender(
            "AC" + "0" * 32, "token", from_number="+4759440000", api_base=f"http://127.0.0.1:{closed_port}", timeout=1
        ) as gone,
        pytest.raises(TemporarySmsError) as failed,
    ):
        gone.send(NUMBER, BODY)
    assert failed.value.code == "network"


def test_wrong_credentials_are_a_permanent_error(fake_twilio: FakeTwilio) -> None:
    with (
        TwilioSmsSender(
            fake_twilio.account_sid, "wrong", from_number="+4759440000", api_base=fake_twilio.base_url
        ) as sender,
        pytest.raises(PermanentSmsError) as refused,
    ):
        sender.send(NUMBER, BODY)
    assert refused.value.code == "20003"


def test_the_environments_edge_and_region_do_not_lead_elsewhere(
    fake_twilio: FakeTwilio, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The SDK reads these from os.environ and changes the host to api.dublin.ie1.twilio.com.
    monkeypatch.setenv("TWILIO_EDGE", "dublin")
    monkeypatch.setenv("TWILIO_REGION", "ie1")
    with sender_for(fake_twilio) as sender:
        sender.send(NUMBER, BODY)
    assert len(fake_twilio.messages) == 1


def test_nothing_personal_is_logged(
    twilio_sender: TwilioSmsSender, fake_twilio: FakeTwilio, log_records: list[logging.LogRecord]
) -> None:
    twilio_sender.send(NUMBER, BODY)
    fake_twilio.invalid_numbers.add("+4798765432")
    with pytest.raises(SmsError):
        twilio_sender.send("+4798765432", "Saken din er endret.")

    logged = "\n".join(record.getMessage() for record in log_records)
    for personal in ("91234567", "98765432", BODY, "Saken din er endret"):
        assert personal not in logged
    # Not a vacuous pass: the HTTP library did log each request at DEBUG, without the form.
    assert any(record.name.startswith("urllib3") for record in log_records)
    assert not [record for record in log_records if record.name.startswith("twilio")]


def test_needs_exactly_one_sender() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        TwilioSmsSender("AC" + "0" * 32, "token")
    with pytest.raises(ValueError, match="exactly one"):
        TwilioSmsSender("AC" + "0" * 32, "token", from_number="+4759440000", messaging_service_sid=SERVICE)


@pytest.mark.parametrize(("account_sid", "auth_token"), [("", "token"), ("AC" + "0" * 32, "")])
def test_needs_credentials(account_sid: str, auth_token: str) -> None:
    # The SDK would otherwise take TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN from the environment.
    with pytest.raises(ValueError, match="account SID and an auth token"):
        TwilioSmsSender(account_sid, auth_token, from_number="+4759440000")
