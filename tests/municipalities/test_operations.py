from __future__ import annotations

import pytest
from flask import Flask

from bolig.municipalities.operations import MunicipalityError, create_municipality
from tests.factories import make_municipality


@pytest.mark.parametrize(
    ("number", "county"), [("301", "Oslo"), ("03011", "Oslo"), ("abcd", "Oslo"), ("0301", "Atlantis")]
)
def test_bad_municipalities_are_refused(app: Flask, number: str, county: str) -> None:
    with pytest.raises(MunicipalityError):
        create_municipality(number, "X", county, actor=None)


def test_a_kommunenummer_is_taken_once(app: Flask) -> None:
    make_municipality("0301")
    with pytest.raises(MunicipalityError):
        create_municipality("0301", "Oslo igjen", "Oslo", actor=None)


def test_appeal_body_follows_the_county_and_settings_fall_back_to_defaults(app: Flask) -> None:
    bergen = make_municipality("4601")
    assert bergen.appeal_body == "Statsforvalteren i Vestland"
    assert bergen.setting("agreement_expiry_warning_days") == 30
    bergen.settings = {"agreement_expiry_warning_days": 45}
    assert bergen.setting("agreement_expiry_warning_days") == 45
