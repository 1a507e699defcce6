"""Choosing the SMS sender from configuration."""

from __future__ import annotations

import pytest

from providers.sms import ConsoleSmsSender, FakeSmsSender, TwilioSmsSender, sms_sender_from_config
from tests.providers.conftest import NUMBER
from tests.providers.fake_twilio import FakeTwilio

SERVICE = "MG" + "5" * 32


def twilio_config(fake: FakeTwilio, **settings: object) -> dict[str, object]:
    config: dict[str, object] = {
        "SMS_BACKEND": "twilio",
        "TWILIO_ACCOUNT_SID": fake.account_sid,
        "TWILIO_AUTH_TOKEN": fake.auth_token,
        "TWILIO_FROM": "+4759440000",
        "TWILIO_API_BASE": fake.base_url,
    }
    return config | settings


def send_one(config: dict[str, object]) -> None:
    sender = sms_sender_from_config(config)
    assert isinstance(sender, TwilioSmsSender)
    with sender:
        sender.send(NUMBER, "Hei")


@pytest.mark.parametrize("config", [{}, {"SMS_BACKEND": "console"}, {"SMS_BACKEND": " Console "}, {"SMS_BACKEND": ""}])
def test_the_console_is_the_default(config: dict[str, object]) -> None:
    assert isinstance(sms_sender_from_config(config), ConsoleSmsSender)


def test_the_fake_sender_for_tests() -> None:
    assert isinstance(sms_sender_from_config({"SMS_BACKEND": "fake"}), FakeSmsSender)


def test_twilio_sends_from_the_number_to_the_configured_api(fake_twilio: FakeTwilio) -> None:
    send_one(twilio_config(fake_twilio))

    [message] = fake_twilio.messages
    assert (message.to, message.from_) == (NUMBER, "+4759440000")
    assert message.status_callback is None


def test_twilio_sends_through_a_messaging_service(fake_twilio: FakeTwilio) -> None:
    send_one(twilio_config(fake_twilio, TWILIO_FROM="", TWILIO_MESSAGING_SERVICE_SID=SERVICE))

    [message] = fake_twilio.messages
    assert (message.from_, message.messaging_service_sid) == (None, SERVICE)


@pytest.mark.parametrize("public_url", ["https://bolig.example.no", "https://bolig.example.no/"])
def test_the_status_callback_is_on_the_public_url(fake_twilio: FakeTwilio, public_url: str) -> None:
    send_one(twilio_config(fake_twilio, PUBLIC_URL=public_url))

    [message] = fake_twilio.messages
    assert message.status_callback == "https://bolig.example.no/webhooks/twilio/status"


def test_without_a_public_url_no_status_callback_is_asked_for(fake_twilio: FakeTwilio) -> None:
    send_one(twilio_config(fake_twilio, PUBLIC_URL=""))

    [request] = fake_twilio.requests
    assert "StatusCallback" not in request.form


@pytest.mark.parametrize(
    ("missing", "named"),
    [
        (["TWILIO_ACCOUNT_SID"], "BOLIG_TWILIO_ACCOUNT_SID is not set"),
        (["TWILIO_AUTH_TOKEN"], "BOLIG_TWILIO_AUTH_TOKEN is not set"),
        (
            ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"],
            "BOLIG_TWILIO_ACCOUNT_SID and BOLIG_TWILIO_AUTH_TOKEN are not set",
        ),
    ],
)
def test_missing_credentials_name_the_settings(fake_twilio: FakeTwilio, missing: list[str], named: str) -> None:
    config = twilio_config(fake_twilio)
    for key in missing:
        config[key] = "  "
    with pytest.raises(ValueError, match=named):
        sms_sender_from_config(config)


def test_credentials_are_not_taken_from_twilios_own_variables(
    fake_twilio: FakeTwilio, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The SDK falls back to these; the application's settings are BOLIG_* alone.
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", fake_twilio.account_sid)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", fake_twilio.auth_token)
    config = twilio_config(fake_twilio)
    del config["TWILIO_ACCOUNT_SID"], config["TWILIO_AUTH_TOKEN"]
    with pytest.raises(ValueError, match="BOLIG_TWILIO_ACCOUNT_SID"):
        sms_sender_from_config(config)


def test_a_sender_is_needed(fake_twilio: FakeTwilio) -> None:
    with pytest.raises(ValueError, match=r"BOLIG_TWILIO_FROM .* or BOLIG_TWILIO_MESSAGING_SERVICE_SID"):
        sms_sender_from_config(twilio_config(fake_twilio, TWILIO_FROM=None))


def test_only_one_sender_may_be_set(fake_twilio: FakeTwilio) -> None:
    with pytest.raises(ValueError, match="only one of BOLIG_TWILIO_FROM and BOLIG_TWILIO_MESSAGING_SERVICE_SID"):
        sms_sender_from_config(twilio_config(fake_twilio, TWILIO_MESSAGING_SERVICE_SID=SERVICE))


@pytest.mark.parametrize(("key", "value"), [("PUBLIC_URL", "bolig.example.no"), ("TWILIO_API_BASE", "127.0.0.1:8000")])
def test_a_url_without_a_scheme_names_the_setting(fake_twilio: FakeTwilio, key: str, value: str) -> None:
    with pytest.raises(ValueError, match=f"BOLIG_{key} must be an http"):
        sms_sender_from_config(twilio_config(fake_twilio, **{key: value}))


def test_an_unknown_backend_names_the_setting() -> None:
    with pytest.raises(ValueError, match="BOLIG_SMS_BACKEND must be 'console', 'twilio' or 'fake', not 'sendgrid'"):
        sms_sender_from_config({"SMS_BACKEND": "sendgrid"})
