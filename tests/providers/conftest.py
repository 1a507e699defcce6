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
