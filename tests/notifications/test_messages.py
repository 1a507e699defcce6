"""The words of every SMS: each client message in bokmål, nynorsk and English, short, and saying nothing private."""

from __future__ import annotations

import pytest

from bolig.notifications.messages import HOLD_FROM_LATER, TEMPLATES, Reply, preview, render
from bolig.notifications.models import SmsKind

CLIENT_KINDS = (
    SmsKind.HOLD_CREATED,
    HOLD_FROM_LATER,
    SmsKind.HOLD_REMINDER,
    SmsKind.HOLD_RELEASED,
    SmsKind.DECISION,
    SmsKind.FOLLOW_UP,
    Reply.CLIENT_HELP,
    Reply.CONFIRMED,
    Reply.DECLINED,
    Reply.STOPPED,
)
FIELDS = {
    "shelter": "Kirkens Bymisjon Tøyen",
    "address": "Hagegata 30, 0653 Oslo",
    "map": "https://www.openstreetmap.org/?mlat=59.91500&mlon=10.77000",
    "until": "01:10",
    "phone": "55 55 33 33",
    "when": "tirsdag 24.11. kl. 10:00",
    "night": "24.11.",
}


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_every_client_message_is_written_in_each_language(kind: str, language: str) -> None:
    assert language in TEMPLATES[kind]
    text = render(kind, language, FIELDS)
    assert "{" not in text


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_client_messages_stay_in_gsm7_and_at_most_two_parts(kind: str, language: str) -> None:
    _, parts = preview(kind, language, FIELDS)
    assert parts.encoding == "GSM-7"
    assert parts.parts <= 2


def test_a_language_without_a_text_falls_back_to_bokmal() -> None:
    assert render(SmsKind.HOLD_RELEASED, "uk", FIELDS) == render(SmsKind.HOLD_RELEASED, "nb", FIELDS)


def test_the_held_place_message_says_where_and_until_when() -> None:
    text = render(SmsKind.HOLD_CREATED, "nb", FIELDS)
    assert "Kirkens Bymisjon Tøyen, Hagegata 30, 0653 Oslo" in text
    assert "kl. 01:10" in text
    assert FIELDS["map"] in text
    assert "JA" in text
    assert "NEI" in text


def test_no_template_has_room_for_a_name_a_reason_or_an_id() -> None:
    """R24, R26: the fields a message can take are where, when and whom to call; never who or why."""
    allowed = {"shelter", "address", "map", "until", "phone", "when", "count", "municipality", "minutes", "link"}
    allowed |= {"night"}
    allowed |= {"summary", "checkpoint"}
    for texts in TEMPLATES.values():
        for text in texts.values():
            names = {part.split("}")[0] for part in text.split("{")[1:]}
            assert names <= allowed, text
