"""The settings an administrator may change for their municipality: what each one is, and how a typed value is
read and checked, whoever sends it (R17: local practice decides these)."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from bolig.cases.identity import can_get_sms, normalise_phone
from bolig.decisions.operations import APPEAL_BODY, LETTER_LANGUAGES
from bolig.errors import InvalidInput
from bolig.municipalities.models import DEFAULT_SETTINGS, Municipality

_CLOCK = re.compile(r"([01]?\d|2[0-3])[:.]([0-5]\d)")
MAX_CLOCKS = 6
MAX_ALERT_DAYS = 5
MAX_LETTER_TEXT = 2000
# The fixed parts of a decision letter a municipality may word itself, per letter language.
LETTER_TEXTS = "letter_texts"


class Refused(ValueError):
    """A value that cannot be a setting, with why in the user's language."""


@dataclass(frozen=True)
class Setting:
    """One setting: its key in `Municipality.settings`, what the administrator is told, and its reader."""

    key: str
    label: LazyString
    hint: LazyString
    read: Callable[[Any], Any]
    inputmode: str = "text"


def _whole(low: int, high: int) -> Callable[[Any], int]:
    def read(value: Any) -> int:
        text = str(value).strip()
        if not re.fullmatch(r"-?\d{1,6}", text) or not low <= int(text) <= high:
            raise Refused(_l("Write a whole number from %(low)d to %(high)d.", low=low, high=high))
        return int(text)

    return read


def _clock(value: Any) -> str:
    match = _CLOCK.fullmatch(str(value).strip())
    if match is None:
        raise Refused(_l("Write a time of day like 16:00."))
    return f"{int(match[1]):02d}:{match[2]}"


def _list_of(read_one: Callable[[Any], Any], most: int, why: LazyString) -> Callable[[Any], list[Any]]:
    """One to `most` values, given as a list or typed with commas between, each read alike; sorted, once each."""

    def read(value: Any) -> list[Any]:
        given = value if isinstance(value, list) else [part for part in re.split(r"[,;\s]+", str(value)) if part]
        try:
            values = sorted({read_one(item) for item in given})
        except Refused:
            values = []
        if not 1 <= len(values) <= most:
            raise Refused(why)
        return values

    return read


_clocks = _list_of(_clock, MAX_CLOCKS, _l("Write one to %(most)d times of day, like 15:00, 22:00.", most=MAX_CLOCKS))


def _days(low: int, high: int) -> Callable[[Any], list[Any]]:
    why = _l(
        "Write one to %(most)d numbers of days from %(low)d to %(high)d, like 60, 80.",
        most=MAX_ALERT_DAYS,
        low=low,
        high=high,
    )
    return _list_of(_whole(low, high), MAX_ALERT_DAYS, why)


def _called(value: Any) -> str:
    """The number clients are told to call, kept as written: any phone number, a switchboard too."""
    text = " ".join(str(value).split())
    if normalise_phone(text) is None:
        raise Refused(_l("Write a phone number, like 55 55 33 33."))
    return text


def _texted(value: Any) -> str:
    """A phone told of alerts by SMS, in E.164; empty where there is none."""
    text = " ".join(str(value).split())
    if not text:
        return ""
    number = normalise_phone(text)
    if number is None or not can_get_sms(number):
        raise Refused(_l("Write a mobile number that can get SMS, like 912 34 567."))
    return number


def _letter_text(*, appeal_body: bool) -> Callable[[Any], str]:
    """A paragraph of a letter; empty is bolig's own wording. Where the appeal body's name goes is {body}."""

    def read(value: Any) -> str:
        text = " ".join(str(value).split())
        if len(text) > MAX_LETTER_TEXT:
            raise Refused(_l("Write at most %(most)d characters.", most=MAX_LETTER_TEXT))
        bare = text.replace(APPEAL_BODY, "") if appeal_body else text
        if "{" in bare or "}" in bare:
            raise Refused(
                _l("Curly brackets hold only {body}, where the appeal body's name goes.")
                if appeal_body
                else _l("Leave out curly brackets { }.")
            )
        return text

    return read


def letter_key(language: str, part: str) -> str:
    return f"{LETTER_TEXTS}.{language}.{part}"


_LETTER_PARTS = (
    ("legal_basis", _l("Legal basis of a decision on temporary housing"), False),
    ("appeal_information", _l("How to appeal"), True),
    ("access_information", _l("How to see the case documents"), False),
)
LETTER_SETTINGS = tuple(
    Setting(letter_key(language, part), label, _l("Leave empty for bolig's wording:"), _letter_text(appeal_body=body))
    for language in LETTER_LANGUAGES
    for part, label, body in _LETTER_PARTS
)

SETTINGS: tuple[Setting, ...] = (
    Setting(
        "hold_minutes",
        _l("How long a place is held (minutes)"),
        _l("A held place the household has not reached by then is let go."),
        _whole(15, 720),
        "numeric",
    ),
    Setting(
        "max_nights",
        _l("Most nights a place can be held for"),
        _l("A stay is extended by at most this many nights at a time, too."),
        _whole(1, 90),
        "numeric",
    ),
    Setting(
        "morning_hour",
        _l("When 'tonight' becomes the next night (hour)"),
        _l("Until this hour, a place taken is for the night that began the evening before."),
        _whole(0, 12),
        "numeric",
    ),
    Setting(
        "capacity_stale_after",
        _l("When counts of free places need an update"),
        _l("A shelter's count from before this time of day is marked as needing an update."),
        _clock,
    ),
    Setting(
        "capacity_reminder_at",
        _l("When operators are reminded to report"),
        _l("Operators whose count for tonight is not in get an SMS at this time."),
        _clock,
    ),
    Setting(
        "unplaced_alert_minutes",
        _l("Minutes before a household without a place is flagged"),
        _l("The supervisor on call is told too."),
        _whole(10, 1440),
        "numeric",
    ),
    Setting(
        "decision_alert_times",
        _l("When cases without a decision are flagged"),
        _l("Times of day, separated by commas. Temporary housing is decided the same day."),
        _clocks,
    ),
    Setting(
        "decision_target_days",
        _l("Days the municipality gives itself for an emergency decision"),
        _l("0 is the same day; 1 is at the latest the next day. Later than this, a case is overdue."),
        _whole(0, 7),
        "numeric",
    ),
    Setting(
        "long_stay_alert_days",
        _l("Days in temporary housing at which a stay is flagged"),
        _l("Numbers separated by commas. A stay longer than three months should be an exception."),
        _days(1, 365),
        "numeric",
    ),
    Setting(
        "agreement_expiry_warning_days",
        _l("Days of warning before a quality agreement runs out"),
        _l("Shown on the shelters overview."),
        _whole(1, 365),
        "numeric",
    ),
    Setting(
        "quiet_from",
        _l("SMS quiet hours start"),
        _l("Messages that can wait are sent when the quiet hours end; messages about a held place never wait."),
        _clock,
    ),
    Setting("quiet_until", _l("SMS quiet hours end"), _l("The same time as the start means no quiet hours."), _clock),
    Setting(
        "sms_give_up_hours",
        _l("Hours before an SMS that cannot be sent is given up"),
        _l("It is then shown as failed."),
        _whole(1, 168),
        "numeric",
    ),
    Setting(
        "nav_phone",
        _l("The number clients are told to call"),
        _l("Written in SMS and letters as you write it here."),
        _called,
        "tel",
    ),
    Setting(
        "on_call_phone",
        _l("The on-call caseworker's phone"),
        _l("Told when a client turns down a place by SMS. Leave empty if there is none."),
        _texted,
        "tel",
    ),
    Setting(
        "supervisor_phone",
        _l("The on-call supervisor's phone"),
        _l("Told when households wait too long without a place. Leave empty if there is none."),
        _texted,
        "tel",
    ),
    Setting(
        "retention_years",
        _l("Years a closed case is kept"),
        _l("As your archive plan says. Then it is destroyed, unless it must be kept for good."),
        _whole(1, 100),
        "numeric",
    ),
)
BY_KEY = {setting.key: setting for setting in (*SETTINGS, *LETTER_SETTINGS)}
# How the settings page groups them.
GROUPS: tuple[tuple[LazyString, tuple[str, ...]], ...] = (
    (
        _l("Places and holds"),
        ("hold_minutes", "max_nights", "morning_hour", "capacity_stale_after", "capacity_reminder_at"),
    ),
    (
        _l("Alerts"),
        (
            "unplaced_alert_minutes",
            "decision_alert_times",
            "decision_target_days",
            "long_stay_alert_days",
            "agreement_expiry_warning_days",
        ),
    ),
    (
        _l("SMS and phones"),
        ("quiet_from", "quiet_until", "sms_give_up_hours", "nav_phone", "on_call_phone", "supervisor_phone"),
    ),
    (_l("Archive"), ("retention_years",)),
    *(
        (title, tuple(letter_key(language, part) for part, _label, _body in _LETTER_PARTS))
        for language, title in zip(
            LETTER_LANGUAGES, (_l("Decision letters in bokmål"), _l("Decision letters in nynorsk")), strict=True
        )
    ),
)


def read_settings(values: Mapping[str, Any]) -> dict[str, Any]:
    """Each given setting read and checked; InvalidInput names every one refused, and an unknown key."""
    errors: dict[str, str] = {}
    read: dict[str, Any] = {}
    for key, value in values.items():
        setting = BY_KEY.get(key)
        if setting is None:
            errors[key] = str(_l("There is no such setting."))
            continue
        try:
            read[key] = setting.read(value)
        except Refused as refused:
            errors[key] = str(refused.args[0])
    if errors:
        raise InvalidInput(errors)
    return read


def current(municipality: Municipality, key: str) -> Any:
    """What the municipality has for a setting now: its own, else bolig's default ('' for a letter text)."""
    if key.startswith(LETTER_TEXTS + "."):
        _, language, part = key.split(".")
        return dict(municipality.setting(LETTER_TEXTS)).get(language, {}).get(part, "")
    return municipality.setting(key)


def stored(own: Mapping[str, Any], key: str, value: Any) -> dict[str, Any]:
    """The municipality's own settings with this one set: a default or an empty letter text is not kept, so the
    municipality follows bolig's."""
    changed = copy.deepcopy(dict(own))
    if key.startswith(LETTER_TEXTS + "."):
        _, language, part = key.split(".")
        texts = changed.setdefault(LETTER_TEXTS, {})
        parts = texts.setdefault(language, {})
        parts[part] = value
        if not value:
            del parts[part]
        if not parts:
            del texts[language]
        if not texts:
            del changed[LETTER_TEXTS]
    elif value == DEFAULT_SETTINGS[key]:
        changed.pop(key, None)
    else:
        changed[key] = value
    return changed


def shown(value: Any) -> str:
    """A setting's value as the administrator types it."""
    return ", ".join(str(item) for item in value) if isinstance(value, list) else str(value)
