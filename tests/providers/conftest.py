"""Fixtures for the providers: a fake Nominatim on the loopback interface, and a port nobody listens on."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from tests.providers.fake_nominatim import FakeNominatim, serving

USER_AGENT = "bolig-tests/1.0 (tests@bolig.example)"


@pytest.fixture
def fake_nominatim() -> Iterator[FakeNominatim]:
    """A fake Nominatim server, running for one test."""
    with serving(FakeNominatim()) as fake:
        yield fake


@pytest.fixture
def closed_port() -> int:
    """A loopback port with nothing listening on it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# SMS: a fake Twilio REST API, and a sender that reaches it through the real SDK.
# The imports sit here, not at the top, so that this block only ever appends to the file.
import logging  # noqa: E402

from providers.sms import TwilioSmsSender  # noqa: E402
from tests.providers.fake_twilio import FakeTwilio  # noqa: E402
from tests.providers.fake_twilio import fake_twilio as serving_twilio  # noqa: E402

NUMBER = "+4791234567"
CALLBACK = "https://bolig.example.no/webhooks/twilio/status"


@pytest.fixture
def fake_twilio() -> Iterator[FakeTwilio]:
    """A fake Twilio REST API, running for one test."""
    with serving_twilio() as fake:
        yield fake


@pytest.fixture
def twilio_sender(fake_twilio: FakeTwilio) -> Iterator[TwilioSmsSender]:
    """A Twilio sender with its own number and a status callback, sending to the fake."""
    with TwilioSmsSender(
        fake_twilio.account_sid,
        fake_twilio.auth_token,
        from_number="+4759440000",
        status_callback=CALLBACK,
        api_base=fake_twilio.base_url,
        timeout=2,
    ) as sender:
        yield sender


@pytest.fixture
def log_records() -> Iterator[list[logging.LogRecord]]:
    """Every record logged during the test, at any level, by any logger that lets it through."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    root = logging.getLogger()
    handler, level = Keep(logging.DEBUG), root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield records
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
