"""The contract every geocoder keeps, checked against each implementation alike."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from providers.gazetteer import AREAS
from providers.geocoding import Geocoder, LocalGazetteer, NominatimGeocoder, Place
from tests.providers.conftest import USER_AGENT

# Mainland Norway with a margin (Lindesnes to Finnmark, Utsira to the Russian border).
NORWAY = (57.9, 4.5, 71.3, 31.2)


def in_norway(place: Place) -> bool:
    south, west, north, east = NORWAY
    return south <= place.latitude <= north and west <= place.longitude <= east


@pytest.fixture(params=["local", "nominatim"])
def geocoder(request: pytest.FixtureRequest) -> Iterator[Geocoder]:
    if request.param == "local":
        yield LocalGazetteer()
        return
    fake = request.getfixturevalue("fake_nominatim")
    with NominatimGeocoder(user_agent=USER_AGENT, domain=fake.domain, scheme="http", timeout=2) as nominatim:
        yield nominatim


def test_is_a_geocoder(geocoder: Geocoder) -> None:
    assert isinstance(geocoder, Geocoder)


def test_a_known_place_is_found_inside_norway(geocoder: Geocoder) -> None:
    places = geocoder.geocode("Grünerløkka")
    assert places
    assert "Grünerløkka" in places[0].name
    assert in_norway(places[0])
    assert AREAS["0301"].contains(places[0].latitude, places[0].longitude)


def test_results_are_places_with_their_source(geocoder: Geocoder) -> None:
    places = geocoder.geocode("Oslo S")
    assert places
    for place in places:
        assert isinstance(place, Place)
        assert isinstance(place.latitude, float)
        assert isinstance(place.longitude, float)
        assert place.source
        assert place.name


@pytest.mark.parametrize("text", ["Xyzzy Nowhere", "", "   "])
def test_unknown_or_empty_text_finds_nothing(geocoder: Geocoder, text: str) -> None:
    assert geocoder.geocode(text) == []


def municipalities(places: list[Place]) -> set[str]:
    return {
        number for place in places for number, area in AREAS.items() if area.contains(place.latitude, place.longitude)
    }


def test_restricting_to_a_municipality_keeps_only_its_places(geocoder: Geocoder) -> None:
    assert municipalities(geocoder.geocode("Dronningens gate")) >= {"0301", "5001", "4204"}

    in_trondheim = geocoder.geocode("Dronningens gate", municipality="5001")
    assert in_trondheim
    assert all(AREAS["5001"].contains(place.latitude, place.longitude) for place in in_trondheim)


def test_a_place_in_another_municipality_is_not_found(geocoder: Geocoder) -> None:
    assert geocoder.geocode("Oslo S", municipality="0301")
    assert geocoder.geocode("Oslo S", municipality="4601") == []
