"""Odd input anywhere on the shelter pages and API gets a clear refusal, never a 500, and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from flask.testing import FlaskClient

from bolig.auth.models import Role, User
from bolig.auth.operations import create_token
from bolig.db import db, utcnow
from bolig.municipalities.models import Municipality
from bolig.shelters.models import CapacityReport, Channel, Shelter
from bolig.shelters.operations import latest_reports, report_capacity
from tests.conftest import csrf_token
from tests.factories import make_shelter, make_user


def bearer(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(user, 'test', actor=user)[1]}"}


@pytest.mark.parametrize("value", ["--1", "²", "1" * 5000, "1.5", " "])
def test_odd_counts_on_the_phone_page(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality, value: str
) -> None:
    operator = make_user(Role.OPERATOR, municipality)
    shelter = make_shelter(municipality, operators=(operator,))
    login(operator)
    url = f"/shelters/{shelter.id}/capacity"
    assert client.get(url, query_string={"offered-bed": value}).status_code == 200
    response = client.post(url, data={"offered-bed": value, "out-bed": value, "csrf_token": csrf_token(client, url)})
    assert response.status_code in (302, 422)
    assert db.session.query(CapacityReport).filter(CapacityReport.offered > 10).count() == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "X", "categories": [{"kind": "bed", "maximum": 2, "minimum_age": "x"}]}, "categories.0.minimum_age"),
        ({"name": "X", "categories": [{"kind": "bed", "maximum": True}]}, "categories.0.maximum"),
        ({"name": "X", "categories": [{"kind": "bed", "maximum": 2, "code": "night"}]}, "categories.0.code"),
        ({"name": "X", "protected": "false"}, "protected"),
        ({"name": "X", "address": {"street": "x"}}, "address"),
        ({"name": "X", "provider_type": ["hotel"]}, "provider_type"),
        ({"name": "X", "price_per_night": "NaN"}, "price_per_night"),
        ({"name": "X", "price_per_night": 1e12}, "price_per_night"),
        ({"name": "X", "postcode": "12345"}, "postcode"),
        ({"name": "X", "postcode": "١٢٣٤"}, "postcode"),
        ({"name": "X" * 121}, "name"),
        ({"name": None}, "name"),
    ],
)
def test_odd_shelter_registrations_are_422(
    client: FlaskClient, municipality: Municipality, body: dict[str, object], field: str
) -> None:
    response = client.post("/api/v1/shelters", json=body, headers=bearer(make_user(Role.ADMIN, municipality)))
    assert response.status_code == 422, response.json
    assert field in response.json["error"]["fields"]  # type: ignore[index]
    assert db.session.query(Shelter).count() == 0


def test_absurdly_deep_json_is_a_400(client: FlaskClient, municipality: Municipality) -> None:
    shelter = make_shelter(municipality)
    headers = {**bearer(make_user(Role.ADMIN, municipality)), "Content-Type": "application/json"}
    response = client.put(f"/api/v1/shelters/{shelter.id}/capacity", data="[" * 100_000, headers=headers)
    assert response.status_code == 400


def test_out_of_service_survives_a_report_of_zero_and_carries_to_later_nights(municipality: Municipality) -> None:
    shelter = make_shelter(municipality)
    now = utcnow()
    tonight = municipality.tonight(now)
    bed = shelter.categories[0]

    def report(night: object, offered: dict[str, int], **kwargs: object) -> None:
        report_capacity(shelter, night, offered, today=tonight, channel=Channel.WEB, actor=None, now=now, **kwargs)  # type: ignore[arg-type]

    report(tonight, {"bed": 8}, out_of_service={"bed": (2, "Vannskade")})
    report(tonight, {"bed": 0})
    report(tonight, {"bed": 6})
    assert (
        latest_reports(shelter, tonight)[bed.id].out_of_service,
        latest_reports(shelter, tonight)[bed.id].out_of_service_reason,
    ) == (2, "Vannskade")
    tomorrow = tonight + timedelta(days=1)
    report(tomorrow, {"bed": 7})
    assert latest_reports(shelter, tomorrow)[bed.id].out_of_service == 2
    report(tomorrow, {}, out_of_service={"bed": (0, "")})
    assert latest_reports(shelter, tomorrow)[bed.id].out_of_service_reason == ""


def test_an_inspection_cannot_be_dated_tomorrow(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    login(make_user(Role.ADMIN, municipality))
    today = utcnow().date()
    shelter = make_shelter(municipality, agreement=(today - timedelta(days=10), today + timedelta(days=300)))
    url = f"/agreements/{shelter.agreements[0].id}/inspections/new"
    tomorrow = (today + timedelta(days=2)).isoformat()
    response = client.post(
        url, data={"inspected_on": tomorrow, "inspector": "K", "passed": "y", "csrf_token": csrf_token(client, url)}
    )
    assert response.status_code == 422
    assert len(shelter.agreements[0].inspections) == 1


def test_a_protected_address_is_not_shown_to_caseworkers(  # R24
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    shelter = make_shelter(municipality, protected=True, address="Hemmelig vei 3")
    login(make_user(Role.CASEWORKER, municipality))
    page = client.get(f"/shelters/{shelter.id}").text
    assert "Hemmelig vei" not in page
    body = client.get("/api/v1/shelters", headers=bearer(make_user(Role.CASEWORKER, municipality))).json
    assert body is not None
    assert "Hemmelig vei" not in str(body)
