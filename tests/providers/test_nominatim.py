"""The Nominatim adapter: what it sends, what it makes of the answer, and how it fails."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from providers.geocoding import GeocodingUnavailable, NominatimGeocoder, Place
from tests.providers.conftest import USER_AGENT
from tests.providers.fake_nominatim import FakeNominatim


@pytest.fixture
def nominatim(fake_nominatim: FakeNominatim) -> Iterator[NominatimGeocoder]:
    with NominatimGeocoder(user_agent=USER_AGENT, domain=fake_nominatim.domain, scheme="http", timeout=2) as geocoder:
        yield geocoder


def test_asks_for_json_within_norway_naming_the_application(
    nominatim: NominatimGeocoder, fake_nominatim: FakeNominatim
) -> None:
    nominatim.geocode("Grünerløkka")

    [request] = fake_nominatim.requests
    assert request.path == "/search"
    assert request.params == {"q": "Grünerløkka", "format": "json", "limit": "5", "countrycodes": "no"}
    assert request.headers["User-Agent"] == USER_AGENT


def test_maps_the_answer_to_places(nominatim: NominatimGeocoder) -> None:
    assert nominatim.geocode("Grünerløkka") == [Place("Grünerløkka, Oslo, Norge", 59.9226154, 10.7589362, "nominatim")]


def test_keeps_nominatims_order_and_the_configured_limit(fake_nominatim: FakeNominatim) -> None:
    with NominatimGeocoder(user_agent=USER_AGENT, domain=fake_nominatim.domain, scheme="http", limit=2) as nominatim:
        places = nominatim.geocode("Dronningens gate")

    assert [place.name for place in places] == [
        "Dronningens gate, Kvadraturen, Sentrum, Oslo, 0152, Norge",
        "Dronningens gate, Midtbyen, Trondheim, Trøndelag, 7011, Norge",
    ]
    assert fake_nominatim.requests[0].params["limit"] == "2"


def test_a_known_municipality_bounds_the_search_to_its_box(
    nominatim: NominatimGeocoder, fake_nominatim: FakeNominatim
) -> None:
    nominatim.geocode("Dronningens gate", municipality="5001")

    params = fake_nominatim.requests[0].params
    assert params["viewbox"] == "9.99,63.24,10.72,63.49"  # west,south,east,north
    assert params["bounded"] == "1"


def test_an_unknown_municipality_searches_all_of_norway(
    nominatim: NominatimGeocoder, fake_nominatim: FakeNominatim
) -> None:
    assert len(nominatim.geocode("Dronningens gate", municipality="1103")) == 3
    assert "viewbox" not in fake_nominatim.requests[0].params


@pytest.mark.parametrize("status", [500, 502, 503, 429, 403])
def test_an_http_error_is_unavailable(nominatim: NominatimGeocoder, fake_nominatim: FakeNominatim, status: int) -> None:
    fake_nominatim.status = status
    with pytest.raises(GeocodingUnavailable):
        nominatim.geocode("Grünerløkka")
    assert len(fake_nominatim.requests) == 1


def test_an_answer_that_is_not_json_is_unavailable(nominatim: NominatimGeocoder, fake_nominatim: FakeNominatim) -> None:
    fake_nominatim.body = b"<html>Bad gateway</html>"
    with pytest.raises(GeocodingUnavailable):
        nominatim.geocode("Grünerløkka")


def test_a_slow_server_is_unavailable_after_one_attempt(fake_nominatim: FakeNominatim) -> None:
    fake_nominatim.delay = 0.5
    with (
        NominatimGeocoder(user_agent=USER_AGENT, domain=fake_nominatim.domain, scheme="http", timeout=0.2) as slow,
        pytest.raises(GeocodingUnavailable),
    ):
        slow.geocode("Grünerløkka")
    # geopy would retry twice by default, tripling the wait; the adapter tries once.
    assert len(fake_nominatim.requests) == 1


def test_nothing_listening_is_unavailable(closed_port: int) -> None:
    with (
        NominatimGeocoder(user_agent=USER_AGENT, domain=f"127.0.0.1:{closed_port}", scheme="http", timeout=1) as gone,
        pytest.raises(GeocodingUnavailable),
    ):
        gone.geocode("Grünerløkka")


def test_needs_a_user_agent() -> None:
    with pytest.raises(ValueError, match="user agent"):
        NominatimGeocoder(user_agent=" ")
