"""Counting the parts a text is sent in: each is billed as one message, so templates are kept to one where possible."""

from __future__ import annotations

import pytest

from providers.sms import GSM_BASIC, GSM_EXTENSION, Segments, segments


def test_an_empty_text_is_one_part_of_nothing() -> None:
    assert segments("") == Segments("GSM-7", 1, 0)


@pytest.mark.parametrize(
    ("length", "parts"),
    [(1, 1), (160, 1), (161, 2), (153 * 2, 2), (153 * 2 + 1, 3), (153 * 3, 3), (153 * 3 + 1, 4)],
)
def test_gsm_7_fits_160_in_one_part_and_153_in_each_of_several(length: int, parts: int) -> None:
    assert segments("a" * length) == Segments("GSM-7", parts, length)


def test_norwegian_letters_are_in_the_gsm_alphabet() -> None:
    text = "Hei! Du har fått plass på Tøyen i natt. ÆØÅ æøå"
    assert segments(text) == Segments("GSM-7", 1, len(text))
    assert segments("ø" * 160).parts == 1


@pytest.mark.parametrize("char", sorted(GSM_EXTENSION))
def test_an_extension_character_counts_two_septets(char: str) -> None:
    assert segments(char) == Segments("GSM-7", 1, 2)


def test_extension_characters_push_a_text_into_a_second_part() -> None:
    assert segments("€" * 80) == Segments("GSM-7", 1, 160)
    assert segments("Pris: 100 €" + "a" * 149) == Segments("GSM-7", 2, 161)


def test_an_escape_is_never_split_between_parts() -> None:
    # 306 septets fit two parts exactly, but the € would straddle the boundary after septet 153: it moves on.
    assert segments("a" * 152 + "€" + "a" * 152) == Segments("GSM-7", 3, 306)
    assert segments("a" * 151 + "€" + "a" * 153) == Segments("GSM-7", 2, 306)


@pytest.mark.parametrize("char", ["😀", "я", "ç", "\u00a0", "’", "\x1b"])
def test_one_character_outside_the_alphabet_makes_it_ucs_2(char: str) -> None:
    assert segments("Hei " + char).encoding == "UCS-2"


@pytest.mark.parametrize(
    ("length", "parts"), [(70, 1), (71, 2), (67 * 2, 2), (67 * 2 + 1, 3), (67 * 3, 3), (67 * 3 + 1, 4)]
)
def test_ucs_2_fits_70_in_one_part_and_67_in_each_of_several(length: int, parts: int) -> None:
    assert segments("я" * length) == Segments("UCS-2", parts, length)


def test_an_emoji_counts_two_code_units() -> None:
    assert segments("😀") == Segments("UCS-2", 1, 2)
    assert segments("😀" * 35) == Segments("UCS-2", 1, 70)
    assert segments("😀" * 35 + "a") == Segments("UCS-2", 2, 71)


def test_a_surrogate_pair_is_never_split_between_parts() -> None:
    assert segments("я" * 66 + "😀" + "я" * 66) == Segments("UCS-2", 3, 134)
    assert segments("я" * 65 + "😀" + "я" * 67) == Segments("UCS-2", 2, 134)


def test_a_norwegian_text_with_one_emoji_costs_more_parts() -> None:
    text = "Hei! Du har fått plass på Tøyen i natt. Møt opp før kl. 22. Ta med legitimasjon. 🙂"
    assert segments(text.removesuffix(" 🙂")).parts == 1
    assert segments(text) == Segments("UCS-2", 2, len(text) + 1)


def test_the_alphabets_are_the_gsm_03_38_tables() -> None:
    # The escape septet itself is not a character a text can contain.
    assert len(GSM_BASIC) == 127
    assert len(GSM_EXTENSION) == 10
    assert not GSM_BASIC & GSM_EXTENSION
