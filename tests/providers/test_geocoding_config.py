"""Choosing the geocoder from configuration."""

from __future__ import annotations

import pytest

from providers.geocoding import GeocodingUnavailable, LocalGazetteer, NominatimGeocoder, geocoder_from_config
from tests.providers.conftest import USER_AGENT
from tests.providers.fake_nominatim import FakeNominatim


@pytest.mark.parametrize("config", [{}, {"GEOCODER": "local"}, {"GEOCODER": "Local"}])
def test_the_local_gazetteer_is_the_default(config: dict[str, object]) -> None:
    assert isinstance(geocoder_from_config(config), LocalGazetteer)


def test_nominatim_defaults_to_openstreetmaps_server() -> None:
    geocoder = geocoder_from_config({"GEOCODER": "nominatim", "GEOCODER_USER_AGENT": USER_AGENT})
    assert isinstance(geocoder, NominatimGeocoder)
    with geocoder:
        assert geocoder.endpoint == "https://nominatim.openstreetmap.org/search"


def test_nominatim_uses_the_configured_server_and_timeout(fake_nominatim: FakeNominatim) -> None:
    config: dict[str, object] = {
        "GEOCODER": "nominatim",
        "GEOCODER_USER_AGENT": USER_AGENT,
        "GEOCODER_DOMAIN": fake_nominatim.domain,
        "GEOCODER_SCHEME": "http",
        "GEOCODER_TIMEOUT": "0.2",  # as it arrives from the environment
    }
    geocoder = geocoder_from_config(config)
    assert isinstance(geocoder, NominatimGeocoder)
    with geocoder:
        assert geocoder.geocode("Oslo S")[0].name.startswith("Oslo S")
        assert fake_nominatim.requests[0].headers["User-Agent"] == USER_AGENT

        fake_nominatim.delay = 0.5
        with pytest.raises(GeocodingUnavailable):
            geocoder.geocode("Oslo S")


@pytest.mark.parametrize("user_agent", [None, "", "  "])
def test_nominatim_without_a_user_agent_names_the_setting(user_agent: str | None) -> None:
    config: dict[str, object] = {"GEOCODER": "nominatim"}
    if user_agent is not None:
        config["GEOCODER_USER_AGENT"] = user_agent
    with pytest.raises(ValueError, match="BOLIG_GEOCODER_USER_AGENT"):
        geocoder_from_config(config)


def test_geopys_sample_user_agents_are_refused_for_openstreetmaps_server() -> None:
    with pytest.raises(ValueError, match="user_agent"):
        geocoder_from_config({"GEOCODER": "nominatim", "GEOCODER_USER_AGENT": "my-application"})


@pytest.mark.parametrize("timeout", ["soon", "0", -1])
def test_a_bad_timeout_names_the_setting(timeout: object) -> None:
    config = {"GEOCODER": "nominatim", "GEOCODER_USER_AGENT": USER_AGENT, "GEOCODER_TIMEOUT": timeout}
    with pytest.raises(ValueError, match="BOLIG_GEOCODER_TIMEOUT"):
        geocoder_from_config(config)


def test_an_unknown_geocoder_names_the_setting() -> None:
    with pytest.raises(ValueError, match="BOLIG_GEOCODER"):
        geocoder_from_config({"GEOCODER": "google"})
