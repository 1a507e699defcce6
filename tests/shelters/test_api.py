"""The shelters API: list with tonight's places, registration, capacity by PUT, open data."""

from __future__ import annotations

from datetime import date, timedelta

from flask.testing import FlaskClient

from bolig.auth.models import Role, User
from bolig.auth.operations import create_token
from bolig.db import db, utcnow
from bolig.municipalities.models import Municipality
from bolig.shelters.models import CapacityReport, Shelter
from tests.factories import make_shelter, make_user


def bearer(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(user, 'test', actor=user)[1]}"}


def tonight(municipality: Municipality) -> date:
    return municipality.tonight(utcnow())


def test_operator_reports_capacity_for_its_own_shelter(client: FlaskClient, municipality: Municipality) -> None:
    operator = make_user(Role.OPERATOR, municipality)
    shelter = make_shelter(municipality, operators=(operator,))
    night = tonight(municipality).isoformat()
    response = client.put(
        f"/api/v1/shelters/{shelter.id}/capacity",
        json={"night": night, "bed": 4, "family_unit": 1},
        headers=bearer(operator),
    )
    assert response.status_code == 200, response.json
    body = response.json
    assert body is not None
    assert body["night"] == night
    assert {c["code"]: c["free"] for c in body["categories"]} == {"bed": 4, "family_unit": 1}
    assert all(c["reported_at"] for c in body["categories"])
    report = db.session.query(CapacityReport).order_by(CapacityReport.id.desc()).first()
    assert report is not None
    assert (report.channel, report.reported_by_id) == ("api", operator.id)


def test_capacity_for_another_operators_shelter_is_404(client: FlaskClient, municipality: Municipality) -> None:
    operator = make_user(Role.OPERATOR, municipality)
    theirs = make_shelter(municipality)
    night = tonight(municipality).isoformat()
    response = client.put(
        f"/api/v1/shelters/{theirs.id}/capacity", json={"night": night, "bed": 1}, headers=bearer(operator)
    )
    assert response.status_code == 404
    assert db.session.query(CapacityReport).count() == 0


def test_bad_capacity_bodies_get_json_errors_and_change_nothing(
    client: FlaskClient, municipality: Municipality
) -> None:
    supervisor = make_user(Role.SUPERVISOR, municipality)
    shelter = make_shelter(municipality)
    url = f"/api/v1/shelters/{shelter.id}/capacity"
    night = tonight(municipality)
    headers = {**bearer(supervisor), "Content-Type": "application/json"}
    cases = [
        ("{not json", 400, None),
        ("[1, 2]", 400, None),
        ('{"night": "tonight", "bed": 1}', 422, "night"),
        (f'{{"night": "{night}", "bed": "four"}}', 422, "bed"),
        (f'{{"night": "{night}", "bed": 2.5}}', 422, "bed"),
        (f'{{"night": "{night}", "bed": true}}', 422, "bed"),
        (f'{{"night": "{night}", "bed": -1}}', 422, "bed"),
        (f'{{"night": "{night}", "bed": 11}}', 422, "bed"),
        (f'{{"night": "{night}", "sofa": 1}}', 422, "sofa"),
        (f'{{"night": "{night - timedelta(days=1)}", "bed": 1}}', 422, "night"),
        (f'{{"night": "{night + timedelta(days=61)}", "bed": 1}}', 422, "night"),
    ]
    for body, status, field in cases:
        response = client.put(url, data=body, headers=headers)
        assert response.status_code == status, body
        assert response.json is not None
        error = response.json["error"]
        assert error["message"]
        if field:
            assert field in error["fields"], body
    assert db.session.query(CapacityReport).count() == 0


def test_caseworker_may_not_report_capacity(client: FlaskClient, municipality: Municipality) -> None:
    shelter = make_shelter(municipality)
    response = client.put(
        f"/api/v1/shelters/{shelter.id}/capacity",
        json={"night": tonight(municipality).isoformat(), "bed": 1},
        headers=bearer(make_user(Role.CASEWORKER, municipality)),
    )
    assert response.status_code == 403


def test_list_shows_tonights_places_and_hides_protected_addresses(
    client: FlaskClient, municipality: Municipality
) -> None:
    caseworker = make_user(Role.CASEWORKER, municipality)
    open_shelter = make_shelter(municipality, name="Open")
    make_shelter(municipality, name="Hidden", protected=True)
    supervisor = make_user(Role.SUPERVISOR, municipality)
    client.put(
        f"/api/v1/shelters/{open_shelter.id}/capacity",
        json={"night": tonight(municipality).isoformat(), "bed": 3},
        headers=bearer(supervisor),
    )
    response = client.get("/api/v1/shelters?municipality=0301", headers=bearer(caseworker))
    assert response.status_code == 200
    body = response.json
    assert body is not None
    shelters = {s["name"]: s for s in body["shelters"]}
    assert shelters["Open"]["address"].startswith("Testveien")
    assert shelters["Open"]["kind"] == "fallback"
    assert shelters["Open"]["categories"][0]["free"] == 3
    assert shelters["Hidden"]["address"] is None
    assert shelters["Hidden"]["latitude"] is None
    assert list(shelters) == ["Open", "Hidden"]  # places with room first


def test_list_of_another_municipality_is_404_and_an_operator_sees_only_its_own(
    client: FlaskClient, municipality: Municipality, other_municipality: Municipality
) -> None:
    caseworker = make_user(Role.CASEWORKER, municipality)
    assert client.get("/api/v1/shelters?municipality=4601", headers=bearer(caseworker)).status_code == 404
    assert client.get("/api/v1/shelters?municipality=9999", headers=bearer(caseworker)).status_code == 404
    operator = make_user(Role.OPERATOR, municipality)
    make_shelter(municipality, name="Mine", operators=(operator,))
    make_shelter(municipality, name="Not mine")
    body = client.get("/api/v1/shelters", headers=bearer(operator)).json
    assert body is not None
    assert [s["name"] for s in body["shelters"]] == ["Mine"]


def test_admin_registers_a_shelter_with_categories_and_agreement(
    client: FlaskClient, municipality: Municipality
) -> None:
    admin = make_user(Role.ADMIN, municipality)
    today = tonight(municipality)
    body = {
        "name": "Nytt hospits",
        "provider_type": "shelter",
        "address": "Storgata 1",
        "latitude": 59.91,
        "longitude": 10.75,
        "categories": [{"kind": "bed", "maximum": 8, "substance_free": True}, {"kind": "family_unit", "maximum": 2}],
        "agreement": {"valid_from": today.isoformat(), "valid_to": (today + timedelta(days=365)).isoformat()},
    }
    response = client.post("/api/v1/shelters", json=body, headers=bearer(admin))
    assert response.status_code == 201, response.json
    created = response.json
    assert created is not None
    shelter = db.session.get(Shelter, created["id"])
    assert shelter is not None
    assert [c.code for c in shelter.categories] == ["bed", "family_unit"]
    assert shelter.categories[0].substance_free
    assert created["kind"] == "fallback"  # no inspection yet
    assert created["kind_reason"] == "not_inspected"


def test_bad_shelter_registrations_are_422_and_create_nothing(client: FlaskClient, municipality: Municipality) -> None:
    admin = make_user(Role.ADMIN, municipality)
    bad = [
        {"name": ""},
        {"name": "X", "categories": "bed"},
        {"name": "X", "categories": [{"kind": "bed"}]},
        {"name": "X", "categories": [{"kind": "sofa", "maximum": 2}]},
        {"name": "X", "agreement": {"valid_from": "soon", "valid_to": "2027-01-01"}},
        {"name": "X", "latitude": 10.0},
    ]
    for body in bad:
        response = client.post("/api/v1/shelters", json=body, headers=bearer(admin))
        assert response.status_code == 422, body
    assert db.session.query(Shelter).count() == 0
    assert (
        client.post("/api/v1/shelters", json={"name": "X"}, headers=bearer(make_user(Role.SUPERVISOR))).status_code
        == 403
    )


def test_open_data_export_needs_no_login_and_leaves_out_protected_shelters(
    client: FlaskClient, municipality: Municipality
) -> None:
    make_shelter(municipality, name="Open")
    make_shelter(municipality, name="Hidden", protected=True, address="Hemmelig vei 1")
    response = client.get("/api/v1/hsds/services?municipality=0301")
    assert response.status_code == 200
    assert {service["name"] for service in response.json or []} == {"Open"}
    assert "Hemmelig vei" not in response.text
    assert client.get("/api/v1/hsds/services?municipality=9999").status_code == 404
