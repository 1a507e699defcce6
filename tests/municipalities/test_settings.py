"""The administrator sets the municipality's own practice (R17); every value is checked, and nothing else moves."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from bolig.audit.models import AuditEvent
from bolig.auth.models import Role, User
from bolig.db import db, utcnow
from bolig.decisions.operations import LETTER_DEFAULTS, draft
from bolig.errors import InvalidInput
from bolig.municipalities.models import DEFAULT_SETTINGS, Municipality
from bolig.municipalities.operations import update_settings
from bolig.municipalities.rates import rate_versions
from bolig.municipalities.settings import BY_KEY, GROUPS, SETTINGS, read_settings, shown
from bolig.shelters.versions import availability_version
from tests.conftest import csrf_token
from tests.factories import make_case, make_user


def test_every_setting_has_a_default_and_a_place_on_the_page() -> None:
    assert {setting.key for setting in SETTINGS} <= set(DEFAULT_SETTINGS)
    assert {key.split(".")[2] for key in BY_KEY if key.startswith("letter_texts.")} == set(LETTER_DEFAULTS)
    grouped = [key for _title, keys in GROUPS for key in keys]
    assert sorted(grouped) == sorted(BY_KEY)
    for setting in SETTINGS:  # what the page shows of the default is read back as the default
        assert setting.read(shown(DEFAULT_SETTINGS[setting.key])) == DEFAULT_SETTINGS[setting.key]


@pytest.mark.parametrize(
    ("key", "typed", "read"),
    [
        ("hold_minutes", " 90 ", 90),
        ("morning_hour", "0", 0),
        ("capacity_stale_after", "9.30", "09:30"),
        ("decision_alert_times", "22:00, 15:00 15:00", ["15:00", "22:00"]),
        ("decision_alert_times", ["12:00"], ["12:00"]),
        ("long_stay_alert_days", "80;60", [60, 80]),
        ("long_stay_alert_days", [30, 90], [30, 90]),
        ("nav_phone", "  22 22 22  22 ", "22 22 22 22"),
        ("on_call_phone", "912 34 567", "+4791234567"),
        ("on_call_phone", "+46 70 123 45 67", "+46701234567"),
        ("on_call_phone", "", ""),
        ("retention_years", 15, 15),
        ("letter_texts.nn.appeal_information", " Klag til\n{body}. ", "Klag til {body}."),
        (
            "letter_texts.nb.appeal_information",
            "Til {body}, eller {body} direkte.",
            "Til {body}, eller {body} direkte.",
        ),
        ("letter_texts.nb.legal_basis", "", ""),
    ],
)
def test_values_are_read_as_an_administrator_types_them(app: Any, key: str, typed: object, read: object) -> None:
    assert read_settings({key: typed}) == {key: read}


@pytest.mark.parametrize(
    ("key", "typed"),
    [
        ("hold_minutes", "10"),
        ("hold_minutes", "1.5"),
        ("hold_minutes", "to timer"),
        ("hold_minutes", True),
        ("morning_hour", "13"),
        ("capacity_stale_after", "24:00"),
        ("capacity_stale_after", "4 pm"),
        ("decision_alert_times", ""),
        ("decision_alert_times", "15:00, 99:00"),
        ("decision_alert_times", "1:00 2:00 3:00 4:00 5:00 6:00 7:00"),
        ("long_stay_alert_days", "0"),
        ("long_stay_alert_days", "60, sixty"),
        ("nav_phone", ""),
        ("nav_phone", "123"),
        ("supervisor_phone", "call Kari"),
        ("supervisor_phone", "55 55 33 33"),  # a switchboard gets no SMS: no escalation would reach it (R5)
        ("on_call_phone", "800 12 345"),
        ("retention_years", "0"),
        ("no_such_setting", "1"),
        ("letter_texts.nb.appeal_information", "Klag til {kommune}."),
        ("letter_texts.nb.appeal_information", "Klag til {body."),
        ("letter_texts.nb.appeal_information", "Klag til {0}."),
        ("letter_texts.nb.appeal_information", "Klag til {body:{x}}."),
        ("letter_texts.nb.appeal_information", "Klag til {body:d}."),
        ("letter_texts.nb.appeal_information", "Klag til {body!r}."),
        ("letter_texts.nb.appeal_information", "Skriv {{ og }} rundt ordet."),
        ("letter_texts.nb.legal_basis", "Sosialtjenesteloven {body}"),
        ("letter_texts.nn.access_information", "x" * 2001),
        ("letter_texts.se.legal_basis", "Láhka"),
    ],
)
def test_bad_values_are_refused_with_why(app: Any, key: str, typed: object) -> None:
    with pytest.raises(InvalidInput) as refused:
        read_settings({key: typed})
    assert set(refused.value.errors) == {key}


def test_a_change_is_stored_logged_and_renews_free_places(municipality: Municipality) -> None:
    """The log keeps what each value was, so the retention period the destruction job went by can be read (R28)."""
    admin = make_user(Role.ADMIN, municipality)
    before = availability_version(municipality.id)
    assert update_settings(municipality, {"hold_minutes": "90", "max_nights": "14"}, actor=admin) == ["hold_minutes"]
    assert municipality.settings == {"hold_minutes": 90}  # max_nights stays bolig's default
    events = db_events(municipality)
    details = {"changed": ["hold_minutes"], "values": {"hold_minutes": [120, 90]}}
    assert [(e.action, e.details) for e in events] == [("municipality.settings", details)]
    db.session.commit()
    assert availability_version(municipality.id) != before
    # Set back to the default, the municipality follows the default again.
    assert update_settings(municipality, {"hold_minutes": "120"}, actor=admin) == ["hold_minutes"]
    assert municipality.settings == {}
    assert update_settings(municipality, {"hold_minutes": "120"}, actor=admin) == []


def test_one_bad_value_changes_nothing(municipality: Municipality) -> None:
    admin = make_user(Role.ADMIN, municipality)
    with pytest.raises(InvalidInput) as refused:
        update_settings(municipality, {"hold_minutes": "90", "quiet_from": "late"}, actor=admin)
    assert set(refused.value.errors) == {"quiet_from"}
    assert municipality.setting("hold_minutes") == DEFAULT_SETTINGS["hold_minutes"]
    assert db_events(municipality) == []


def db_events(municipality: Municipality) -> list[AuditEvent]:
    query = select(AuditEvent).where(
        AuditEvent.municipality_id == municipality.id, AuditEvent.action == "municipality.settings"
    )
    return list(db.session.scalars(query))


def form_of(client: FlaskClient, municipality: Municipality, **changes: str) -> dict[str, str]:
    values = {setting.key: shown(municipality.setting(setting.key)) for setting in SETTINGS}
    return values | changes | {"csrf_token": csrf_token(client, "/admin/settings")}


def test_the_administrator_sees_and_saves_the_settings(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    login(make_user(Role.ADMIN, municipality))
    page = client.get("/admin/settings")
    assert page.status_code == 200
    assert "Hvor lenge en plass holdes (minutter)" in page.text
    assert 'value="120"' in page.text
    assert re.search(r'<input[^>]*id="supervisor_phone"[^>]*type="tel"', page.text)
    response = client.post("/admin/settings", data=form_of(client, municipality, hold_minutes="90"))
    assert response.status_code == 302
    assert "Lagret." in client.get(response.headers["Location"]).text
    assert municipality.setting("hold_minutes") == 90
    unchanged = client.post("/admin/settings", data=form_of(client, municipality), follow_redirects=True)
    assert "Ingenting ble endret." in unchanged.text


def test_a_bad_value_is_shown_by_its_field_and_nothing_is_saved(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    login(make_user(Role.ADMIN, municipality))
    sent = form_of(client, municipality, hold_minutes="90", capacity_reminder_at="kl 3")
    response = client.post("/admin/settings", data=sent)
    assert response.status_code == 422
    assert "Skriv et klokkeslett som 16:00." in response.text
    assert 'value="kl 3"' in response.text  # what was typed is kept for the correction
    assert municipality.setting("hold_minutes") == DEFAULT_SETTINGS["hold_minutes"]


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.SUPERVISOR, Role.OPERATOR])
def test_only_an_administrator_changes_settings_and_rates(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality, role: Role
) -> None:
    login(make_user(role, municipality))
    token = csrf_token(client, "/profile")
    for path in ("/admin/settings", "/admin/rates"):
        assert client.get(path).status_code == 403
        sent = {"hold_minutes": "90", "valid_from": "2026-01-01", "csrf_token": token}
        assert client.post(path, data=sent).status_code == 403
    assert municipality.setting("hold_minutes") == DEFAULT_SETTINGS["hold_minutes"]
    assert [rates.municipality_id for rates in rate_versions(municipality)] == [None]


def test_a_municipalitys_own_letter_text_is_kept_apart_per_language_and_used_in_a_draft(
    municipality: Municipality,
) -> None:
    admin = make_user(Role.ADMIN, municipality)
    own = "Klag skriftleg til NAV-kontoret innan tre veker. Klageinstans er {body}."
    changed = update_settings(municipality, {"letter_texts.nn.appeal_information": own}, actor=admin)
    assert changed == ["letter_texts.nn.appeal_information"]
    assert municipality.settings == {"letter_texts": {"nn": {"appeal_information": own}}}
    case = make_case(municipality, language="nn")
    assert case.created_by is not None
    decision = draft(case, "refusal", actor=case.created_by, now=utcnow())
    assert decision.appeal_information == own.format(body=municipality.appeal_body)
    # Emptied, bolig's wording is back, and nothing of the municipality's is left behind.
    update_settings(municipality, {"letter_texts.nn.appeal_information": ""}, actor=admin)
    assert municipality.settings == {}
