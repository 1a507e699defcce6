"""Geocoding: one face (`Geocoder`), two bodies (the built-in `LocalGazetteer`, OpenStreetMap's Nominatim via geopy)."""

from __future__ import annotations

import itertools
import re
import ssl
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, Self, runtime_checkable

from geopy.adapters import BaseAdapter, RequestsAdapter, URLLibAdapter
from geopy.exc import GeocoderServiceError
from geopy.geocoders import Nominatim

from providers.gazetteer import AREAS, ENTRIES, Area, Entry

NOMINATIM_DOMAIN = "nominatim.openstreetmap.org"


@dataclass(frozen=True)
class Place:
    """A point found for a text: its name as shown to a person, and which geocoder found it."""

    name: str
    latitude: float
    longitude: float
    source: str


class GeocodingUnavailable(Exception):
    """The geocoding service could not be reached or did not answer: fall back to suggestions or a pin."""


@runtime_checkable
class Geocoder(Protocol):
    """Turns a text a person typed into places, best first."""

    def geocode(self, query: str, *, municipality: str | None = None) -> list[Place]:
        """Places matching the text, best first; [] when nothing is found; `GeocodingUnavailable` when unreachable."""
        ...


# How people type the Norwegian (and a few German) letters on other keyboards: each spelling must find the place.
_SPELLINGS = {
    "ø": ("o", "oe"),
    "æ": ("ae", "a"),
    "å": ("aa", "a"),
    "ö": ("o", "oe"),
    "ä": ("a", "ae"),
    "ü": ("u", "ue"),
}
# Street words written several ways ("Storgata", "Storgaten", "Thorvald Meyers gt.", "Bogstadvn.") compare alike.
_STREET_WORDS = (
    (re.compile(r"(gata|gaten)\b"), "gate"),
    (re.compile(r"\bgt\b"), "gate"),
    (re.compile(r"(veien|vegen|veg)\b"), "vei"),
    (re.compile(r"\bvn\b"), "vei"),
)
_HOUSE_NUMBER = re.compile(r"(?<=\D)\s+\d+\s?[a-z]?$")
# One or two letters occur inside too many names to say anything; such text only matches from the start of a word.
_SHORTEST_SUBSTRING = 3


def _fold(text: str, spelling: Mapping[str, str]) -> str:
    text = "".join(spelling.get(char, char) for char in text.casefold())
    text = "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))
    text = " ".join(re.sub(r"[\W_]+", " ", text).split())
    for pattern, replacement in _STREET_WORDS:
        text = pattern.sub(replacement, text)
    return text


def fold(text: str) -> str:
    """The form in which texts are compared: lower case, no punctuation, Norwegian letters spelt out in ASCII."""
    return _fold(text, {letter: spellings[0] for letter, spellings in _SPELLINGS.items()})


def _spellings(name: str) -> set[str]:
    """Every folded form of a name, one for each way of typing its special letters."""
    letters = sorted({char for char in name.casefold() if char in _SPELLINGS})
    return {
        _fold(name, dict(zip(letters, choice, strict=True)))
        for choice in itertools.product(*(_SPELLINGS[letter] for letter in letters))
    }


@dataclass(frozen=True)
class _Key:
    words: tuple[str, ...]
    compact: str

    @classmethod
    def of(cls, folded: str) -> _Key:
        words = tuple(folded.split())
        return cls(words, "".join(words))

    def tier(self, query: _Key) -> int | None:
        """How well the query matches: 0 exact, 1 prefix, 2 a later word's start, 3 anywhere inside, None not."""
        if self.compact == query.compact:
            return 0
        if self.compact.startswith(query.compact):
            return 1
        if any("".join(self.words[i:]).startswith(query.compact) for i in range(1, len(self.words))):
            return 2
        if len(query.compact) >= _SHORTEST_SUBSTRING and query.compact in self.compact:
            return 3
        return None


class LocalGazetteer:
    """Geocodes from the built-in gazetteer of the demo municipalities: offline, instant, forgiving of spelling."""

    source = "local"

    def __init__(
        self, entries: Iterable[Entry] = ENTRIES, *, areas: Mapping[str, Area] = AREAS, limit: int = 5
    ) -> None:
        self._areas = dict(areas)
        self._limit = limit
        self._entries = [
            (entry, [_Key.of(spelling) for name in (entry.name, *entry.aliases) for spelling in _spellings(name)])
            for entry in entries
        ]
        self._area_by_name = {fold(area.name): number for number, area in self._areas.items()}

    def geocode(self, query: str, *, municipality: str | None = None) -> list[Place]:
        """Places whose name matches the text (a street may carry a house number), best first."""
        return self._search(query, municipality, self._limit)

    def suggestions(self, prefix: str, municipality: str | None = None, *, limit: int = 10) -> list[Place]:
        """Places whose name starts with or contains the text, for a person to pick from."""
        return self._search(prefix, municipality, limit)

    def _search(self, text: str, municipality: str | None, limit: int) -> list[Place]:
        wanted, *rest = text.split(",")
        # "Thorvald Meyers gate 60, 0552 Oslo": what follows the first comma may name the city.
        for part in rest:
            named = self._area_by_name.get(" ".join(re.sub(r"\d+", " ", fold(part)).split()))
            if named is not None:
                if municipality not in (None, named):
                    return []
                municipality = named
        query = _Key.of(_HOUSE_NUMBER.sub("", fold(wanted)))
        if not query.compact:
            return []
        ranked: list[tuple[int, int, int, Entry]] = []
        for index, (entry, keys) in enumerate(self._entries):
            if municipality is not None and entry.municipality != municipality:
                continue
            scores = [(tier, len(key.compact)) for key in keys if (tier := key.tier(query)) is not None]
            if scores:
                tier, length = min(scores)
                ranked.append((tier, length, index, entry))
        ranked.sort(key=lambda found: found[:3])
        return [self._place(entry) for *_, entry in ranked[:limit]]

    def _place(self, entry: Entry) -> Place:
        area = self._areas.get(entry.municipality)
        name = entry.name
        # "Grünerløkka, Oslo" tells a person which city; "Oslo S, Oslo" would say it twice.
        if area is not None and not fold(name).startswith(fold(area.name)):
            name = f"{name}, {area.name}"
        return Place(name, entry.latitude, entry.longitude, self.source)


def _single_attempt(*, proxies: Any, ssl_context: ssl.SSLContext | None) -> BaseAdapter:
    # geopy's requests adapter retries twice by default, so a 5 s timeout could keep a caseworker waiting 15 s on a
    # dead server; one attempt, then the caller falls back to suggestions or a pin.
    if RequestsAdapter.is_available:
        return RequestsAdapter(proxies=proxies, ssl_context=ssl_context, max_retries=0)
    return URLLibAdapter(proxies=proxies, ssl_context=ssl_context)


class NominatimGeocoder:
    """Geocodes with a Nominatim server (OpenStreetMap's by default) through geopy, within Norway.

    Nominatim has no filter by municipality; for the municipalities the gazetteer knows, a search restricted to one is
    bounded to its box (`viewbox` with `bounded=1`); for any other municipality the restriction is not applied.
    """

    source = "nominatim"

    def __init__(
        self,
        *,
        user_agent: str,
        domain: str = NOMINATIM_DOMAIN,
        scheme: str = "https",
        timeout: float = 5,
        ssl_context: ssl.SSLContext | None = None,
        limit: int = 5,
        areas: Mapping[str, Area] = AREAS,
    ) -> None:
        if not user_agent.strip():
            # Nominatim's usage policy requires an application to identify itself.
            raise ValueError("Nominatim needs a user agent naming this application")
        self._limit = limit
        self._areas = dict(areas)
        self._nominatim = Nominatim(
            user_agent=user_agent,
            domain=domain,
            scheme=scheme,
            timeout=timeout,
            ssl_context=ssl_context,
            adapter_factory=_single_attempt,
        )

    def geocode(self, query: str, *, municipality: str | None = None) -> list[Place]:
        """Places Nominatim finds for the text in Norway, best first."""
        if not query.strip():
            return []
        options: dict[str, object] = {"exactly_one": False, "limit": self._limit, "country_codes": "no"}
        area = self._areas.get(municipality) if municipality is not None else None
        if area is not None:
            options |= {"viewbox": [(area.south, area.west), (area.north, area.east)], "bounded": True}
        try:
            locations = self._nominatim.geocode(query, **options)
        except GeocoderServiceError as error:
            raise GeocodingUnavailable(f"Nominatim did not answer: {error}") from error
        # geopy answers None, not an empty list, when nothing is found.
        return [
            Place(str(location.address), float(location.latitude), float(location.longitude), self.source)
            for location in locations or []
        ]

    @property
    def endpoint(self) -> str:
        """The search URL queries go to."""
        return str(self._nominatim.api)

    def close(self) -> None:
        """Close the kept-alive connections to the server."""
        self._nominatim.__exit__(None, None, None)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _setting(config: Mapping[str, object], key: str, default: str | None = None) -> str | None:
    value = config.get(key, default)
    return None if value is None else str(value).strip() or None


def geocoder_from_config(config: Mapping[str, object]) -> Geocoder:
    """The geocoder the configuration names in GEOCODER: "local" (the default) or "nominatim"."""
    kind = (_setting(config, "GEOCODER", "local") or "local").lower()
    if kind == "local":
        return LocalGazetteer()
    if kind == "nominatim":
        user_agent = _setting(config, "GEOCODER_USER_AGENT")
        if user_agent is None:
            raise ValueError(
                "GEOCODER is nominatim but no user agent is set: set BOLIG_GEOCODER_USER_AGENT to a text naming this "
                "application and a contact, as Nominatim's usage policy requires"
            )
        timeout = _setting(config, "GEOCODER_TIMEOUT", "5") or "5"
        try:
            seconds = float(timeout)
        except ValueError:
            seconds = 0
        if not seconds > 0:
            raise ValueError(f"BOLIG_GEOCODER_TIMEOUT must be a positive number of seconds, not {timeout!r}")
        return NominatimGeocoder(
            user_agent=user_agent,
            domain=_setting(config, "GEOCODER_DOMAIN") or NOMINATIM_DOMAIN,
            scheme=_setting(config, "GEOCODER_SCHEME") or "https",
            timeout=seconds,
        )
    raise ValueError(f"BOLIG_GEOCODER must be 'local' or 'nominatim', not {kind!r}")
