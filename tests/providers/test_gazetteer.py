"""The built-in gazetteer: forgiving matching, ranking, municipalities, suggestions, and its data."""

from __future__ import annotations

import pytest

from providers.gazetteer import AREAS, ENTRIES, Entry
from providers.geocoding import LocalGazetteer, fold


@pytest.fixture(scope="module")
def gazetteer() -> LocalGazetteer:
    return LocalGazetteer()


def names(gazetteer: LocalGazetteer, text: str, municipality: str | None = None) -> list[str]:
    return [place.name for place in gazetteer.geocode(text, municipality=municipality)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Grünerløkka", "Grünerløkka, Oslo"),
        ("Grunerlokka", "Grünerløkka, Oslo"),
        ("grünerløkka", "Grünerløkka, Oslo"),
        ("GRÜNERLØKKA", "Grünerløkka, Oslo"),
        ("Gruenerloekka", "Grünerløkka, Oslo"),
        ("Grønland", "Grønland, Oslo"),
        ("Gronland", "Grønland, Oslo"),
        ("Toyen", "Tøyen, Oslo"),
        ("Bjorvika", "Bjørvika, Oslo"),
        ("Thorvald Meyers gate 60", "Thorvald Meyers gate, Oslo"),
        ("thorvald meyers gt. 60B", "Thorvald Meyers gate, Oslo"),
        ("Thorvald Meyers gate 60, 0552 Oslo", "Thorvald Meyers gate, Oslo"),
        ("Storgaten 1", "Storgata, Oslo"),
        ("Karl Johan", "Karl Johans gate, Oslo"),
        ("oslo s", "Oslo S"),
        ("Oslo S.", "Oslo S"),
        ("Oslo sentralstasjon", "Oslo S"),
        ("St Hanshaugen", "St. Hanshaugen, Oslo"),
        ("Åsane", "Åsane, Bergen"),
        ("Asane", "Åsane, Bergen"),
        ("Aasane", "Åsane, Bergen"),
        ("A\u030asane", "Åsane, Bergen"),
        ("Nygardshoyden", "Nygårdshøyden, Bergen"),
        ("Nygaardshøyden", "Nygårdshøyden, Bergen"),
        ("bryggen", "Bryggen, Bergen"),
        ("Mollenberg", "Møllenberg, Trondheim"),
        ("Nidarosdomen", "Nidarosdomen, Trondheim"),
        ("Klaebu", "Klæbu, Trondheim"),
        ("Vagsbygd", "Vågsbygd, Kristiansand"),
        ("Markens gate 12", "Markens gate, Kristiansand"),
    ],
)
def test_finds_a_place_however_it_is_typed(gazetteer: LocalGazetteer, text: str, expected: str) -> None:
    assert names(gazetteer, text)[0] == expected


def test_a_house_number_finds_the_street_itself(gazetteer: LocalGazetteer) -> None:
    assert gazetteer.geocode("Thorvald Meyers gate 60")[0] == gazetteer.geocode("Thorvald Meyers gate")[0]


def test_ranks_exact_then_prefix_then_word_start_then_inside() -> None:
    entries = [
        Entry("Lillesand", "0001", 58.25, 8.38),
        Entry("Nye Sand", "0001", 59.0, 10.0),
        Entry("Sandviken", "0001", 60.41, 5.32),
        Entry("Sand", "0001", 59.48, 6.25),
    ]
    gazetteer = LocalGazetteer(entries, areas={})
    assert names(gazetteer, "sand") == ["Sand", "Sandviken", "Nye Sand", "Lillesand"]


def test_ranks_the_exact_name_first_on_real_data(gazetteer: LocalGazetteer) -> None:
    assert names(gazetteer, "Nordstrand") == ["Nordstrand, Oslo", "Søndre Nordstrand, Oslo"]
    assert names(gazetteer, "Oslo")[:2] == ["Oslo", "Oslo S"]
    assert names(gazetteer, "Lade") == ["Lade, Trondheim", "Lademoen, Trondheim"]


def test_finds_text_inside_a_name(gazetteer: LocalGazetteer) -> None:
    assert names(gazetteer, "løkka")[0] == "Grünerløkka, Oslo"
    assert "Sandviken, Bergen" in names(gazetteer, "viken")


def test_one_or_two_letters_match_only_the_start_of_a_word(gazetteer: LocalGazetteer) -> None:
    assert all(fold(name).startswith("gr") for name in names(gazetteer, "gr"))
    assert names(gazetteer, "qx") == []


@pytest.mark.parametrize("text", ["", "   ", ",", "...", "60", "Xyzzy"])
def test_nothing_to_find_gives_nothing(gazetteer: LocalGazetteer, text: str) -> None:
    assert gazetteer.geocode(text) == []


def test_restricts_to_one_municipality(gazetteer: LocalGazetteer) -> None:
    assert names(gazetteer, "Dronningens gate") == [
        "Dronningens gate, Oslo",
        "Dronningens gate, Trondheim",
        "Dronningens gate, Kristiansand",
    ]
    assert names(gazetteer, "Dronningens gate", "4204") == ["Dronningens gate, Kristiansand"]
    assert names(gazetteer, "Grünerløkka", "4601") == []
    assert names(gazetteer, "Grünerløkka", "9999") == []


def test_a_city_named_after_a_comma_restricts_the_search(gazetteer: LocalGazetteer) -> None:
    assert names(gazetteer, "Kongens gate, Kristiansand") == ["Kongens gate, Kristiansand"]
    assert names(gazetteer, "Kongens gate, Trondheim") == ["Kongens gate, Trondheim"]
    assert names(gazetteer, "Kongens gate, Trondheim", "4204") == []


def test_returns_at_most_its_limit(gazetteer: LocalGazetteer) -> None:
    assert len(gazetteer.geocode("gate")) == 5
    assert len(LocalGazetteer(limit=2).geocode("gate")) == 2


def test_suggestions_start_with_or_contain_the_text(gazetteer: LocalGazetteer) -> None:
    suggested = [place.name for place in gazetteer.suggestions("gr", "0301")]
    assert {"Grünerløkka, Oslo", "Grønland, Oslo", "Grorud, Oslo"} <= set(suggested)
    assert all(name.startswith("Gr") and name.endswith(", Oslo") for name in suggested)
    assert [place.name for place in gazetteer.suggestions("løkka")] == ["Grünerløkka, Oslo"]
    assert [place.name for place in gazetteer.suggestions("sand", "4601")] == ["Sandviken, Bergen"]


def test_suggestions_are_limited_and_empty_for_no_text(gazetteer: LocalGazetteer) -> None:
    assert len(gazetteer.suggestions("gate", limit=3)) == 3
    assert len(gazetteer.suggestions("gate")) == 10
    assert gazetteer.suggestions("") == []
    assert gazetteer.suggestions("Xyzzy", "0301") == []


def test_folding_spells_norwegian_letters_in_ascii() -> None:
    assert fold("Grünerløkka") == "grunerlokka"
    assert fold("Ærfuglveien") == "aerfuglvei"
    assert fold("  Åsane,  Bergen! ") == "aasane bergen"


def test_each_demo_municipality_has_districts_streets_and_landmarks() -> None:
    assert set(AREAS) == {"0301", "4601", "5001", "4204"}
    for number in AREAS:
        assert 15 <= sum(entry.municipality == number for entry in ENTRIES) <= 40


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: f"{entry.municipality}-{entry.name}")
def test_every_entry_lies_in_its_municipality_and_is_found_first_by_its_name(
    gazetteer: LocalGazetteer, entry: Entry
) -> None:
    assert AREAS[entry.municipality].contains(entry.latitude, entry.longitude)
    first = gazetteer.geocode(entry.name, municipality=entry.municipality)[0]
    assert (first.latitude, first.longitude) == (entry.latitude, entry.longitude)
    assert first.name.startswith(entry.name)
