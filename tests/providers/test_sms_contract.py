"""The contract every SMS sender keeps, checked against each alike; then what the console and fake senders add."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from providers.sms import (
    ConsoleSmsSender,
    FakeSmsSender,
    PermanentSmsError,
    SentSms,
    SmsSender,
    TemporarySmsError,
)
from tests.providers.conftest import NUMBER

NOT_E164 = [
    pytest.param("91234567", id="no country code"),
    pytest.param("004791234567", id="00 instead of +"),
    pytest.param("+04791234567", id="country code starting with 0"),
    pytest.param("+47 912 34 567", id="spaces"),
    pytest.param("+47123", id="too short"),
    pytest.param("+4791234567891234", id="too long"),
    pytest.param("+٤٧٩١٢٣٤٥٦٧", id="arabic-indic digits"),
]


@pytest.fixture(params=["console", "fake", "twilio"])
def sender(request: pytest.FixtureRequest) -> Iterator[SmsSender]:
    if request.param == "console":
        yield ConsoleSmsSender()
    elif request.param == "fake":
        yield FakeSmsSender()
    else:
        yield request.getfixturevalue("twilio_sender")


def test_is_an_sms_sender(sender: SmsSender) -> None:
    assert isinstance(sender, SmsSender)


def test_each_message_gets_its_own_id(sender: SmsSender) -> None:
    ids = [sender.send(NUMBER, f"Melding {number}: du har fått plass i natt.") for number in range(3)]

    assert all(isinstance(sid, str) and sid for sid in ids)
    assert len(set(ids)) == 3


@pytest.mark.parametrize("number", NOT_E164)
def test_a_number_not_in_e164_form_is_refused_for_good(sender: SmsSender, number: str) -> None:
    with pytest.raises(PermanentSmsError) as refused:
        sender.send(number, "Hei")
    assert refused.value.code == "21211"


def test_no_number_at_all_is_refused_for_good(sender: SmsSender) -> None:
    # Twilio answers 21604 ("a 'To' number is required") rather than 21211 here: only the kind of error is the contract.
    with pytest.raises(PermanentSmsError):
        sender.send("", "Hei")


def test_the_console_logs_the_masked_number_and_never_the_text(log_records: list[logging.LogRecord]) -> None:
    """R24: a message says where a person sleeps; the log is no place for it."""
    sid = ConsoleSmsSender().send(NUMBER, "Du har plass på Tøyen i natt.")

    assert sid.startswith("console-")
    [record] = [record for record in log_records if record.name == "bolig.sms"]
    assert record.levelno == logging.INFO
    assert record.getMessage() == "SMS to +•••••••567: 29 characters, shown at /sms"


def test_the_fake_keeps_each_message_in_its_outbox() -> None:
    fake = FakeSmsSender()
    first = fake.send(NUMBER, "Første")
    second = fake.send("+4798765432", "Andre")

    assert fake.outbox == [SentSms(NUMBER, "Første", first), SentSms("+4798765432", "Andre", second)]
    assert first.startswith("SM")


def test_the_fake_fails_as_told_then_sends_again() -> None:
    fake = FakeSmsSender()
    busy, gone = TemporarySmsError("20429", "Too Many Requests"), PermanentSmsError("21610", "Unsubscribed")
    fake.fail_next(busy, gone)

    with pytest.raises(TemporarySmsError) as first:
        fake.send(NUMBER, "Hei")
    with pytest.raises(PermanentSmsError) as second:
        fake.send(NUMBER, "Hei")
    sid = fake.send(NUMBER, "Hei")

    assert (first.value, second.value) == (busy, gone)
    assert fake.outbox == [SentSms(NUMBER, "Hei", sid)]


def test_an_sms_error_carries_its_code_and_message() -> None:
    error = PermanentSmsError("21211", "not a phone number")
    assert (error.code, error.message, str(error)) == ("21211", "not a phone number", "not a phone number")
