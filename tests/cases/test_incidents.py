"""A building fire: many households registered at once, an optimal proposal, confirmed hold by hold."""

from __future__ import annotations

from datetime import date

from flask.testing import FlaskClient
from sqlalchemy import select

from bolig.auth.models import Role, User
from bolig.auth.operations import create_token
from bolig.cases.models import Case, Hold
from bolig.cases.operations import hold_place
from bolig.db import db, utcnow
from bolig.municipalities.models import Municipality
from bolig.shelters.models import Channel, Shelter
from bolig.shelters.operations import CategorySpec, report_capacity
from tests.factories import make_case, make_shelter, make_user

YEAR = (date(2000, 1, 1), date(2100, 1, 1))


def bearer(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(user, 'test', actor=user)[1]}"}


def offer(shelter: Shelter, **counts: int) -> None:
    tonight = shelter.municipality.tonight(utcnow())
    report_capacity(shelter, tonight, counts, today=tonight, channel=Channel.WEB, actor=None, now=utcnow())


def fire(households: list[dict[str, object]]) -> dict[str, object]:
    return {
        "name": "Brann i Storgata 10",
        "reason": "fire",
        "location": {"lat": 59.9139, "lon": 10.7522},
        "households": households,
    }


FAMILY = {"client": {"name": "Familie Berg"}, "household": {"adults": 1, "children_ages": [6]}}
SINGLE = {"client": {"name": "Ola Nord"}, "household": {"adults": 1}, "needs": {"youngest_adult_age": 40}}


def test_a_fire_is_registered_and_everyone_gets_a_proposed_place(
    client: FlaskClient, municipality: Municipality
) -> None:
    worker = make_user(Role.CASEWORKER, municipality)
    family = make_shelter(
        municipality,
        name="Familiehuset",
        agreement=YEAR,
        categories=(CategorySpec("family_unit", 2, minimum_age=0, flags={"children_allowed": True}),),
    )
    beds = make_shelter(municipality, name="Herberget", agreement=YEAR, categories=(CategorySpec("bed", 5),))
    offer(family, family_unit=1)
    offer(beds, bed=1)
    response = client.post("/api/v1/incidents", json=fire([SINGLE, FAMILY]), headers=bearer(worker))
    assert response.status_code == 201, response.json
    body = response.json
    assert body is not None
    assert {p["shelter_name"] for p in body["proposal"]} == {"Familiehuset", "Herberget"}
    assert body["unplaced"] == []
    cases = db.session.scalars(select(Case).where(Case.incident_id == body["id"])).all()
    assert [c.reason for c in cases] == ["fire", "fire"]

    url = f"/api/v1/incidents/{body['id']}/confirm"
    assignments = [{k: p[k] for k in ("case_id", "shelter_id", "category")} for p in body["proposal"]]
    assert client.post(url, json={"assignments": assignments}, headers=bearer(worker)).status_code == 422  # R7
    confirmed = client.post(url, json={"assignments": assignments, "justification": "Brann"}, headers=bearer(worker))
    assert confirmed.status_code == 200
    assert len(confirmed.json["held"]) == 2  # type: ignore[index]
    assert len(db.session.scalars(select(Hold)).all()) == 2


def test_a_place_lost_to_a_race_is_proposed_again(client: FlaskClient, municipality: Municipality) -> None:
    worker = make_user(Role.CASEWORKER, municipality)
    near = make_shelter(
        municipality,
        name="Nær",
        agreement=YEAR,
        categories=(CategorySpec("bed", 5),),
        latitude=59.914,
        longitude=10.752,
    )
    far = make_shelter(
        municipality, name="Fjern", agreement=YEAR, categories=(CategorySpec("bed", 5),), latitude=59.95, longitude=10.8
    )
    offer(near, bed=1)
    offer(far, bed=1)
    body = client.post("/api/v1/incidents", json=fire([SINGLE]), headers=bearer(worker)).json
    assert body is not None
    assert body["proposal"][0]["shelter_name"] == "Nær"
    # Another worker takes the near bed before this one confirms.
    rival = make_case(municipality, youngest_adult_age=40)
    tonight = municipality.tonight(utcnow())
    assert rival.created_by is not None
    hold_place(
        rival, near.categories[0], first_night=tonight, nights=1, actor=rival.created_by, now=utcnow(), today=tonight
    )
    assignments = [{k: body["proposal"][0][k] for k in ("case_id", "shelter_id", "category")}]
    result = client.post(
        f"/api/v1/incidents/{body['id']}/confirm", json={"assignments": assignments}, headers=bearer(worker)
    ).json
    assert result is not None
    assert result["held"] == []
    assert [p["shelter_name"] for p in result["reproposed"]["proposal"]] == ["Fjern"]


def test_bad_incidents_are_refused_whole(client: FlaskClient, municipality: Municipality) -> None:
    worker = make_user(Role.CASEWORKER, municipality)
    for body in (
        fire([]),
        fire([SINGLE, {"client": {"name": ""}}]),
        {**fire([SINGLE]), "name": ""},
        {"name": "x", "households": "many"},
    ):
        response = client.post("/api/v1/incidents", json=body, headers=bearer(worker))
        assert response.status_code == 422, body
    assert db.session.scalars(select(Case)).all() == []
    operator = make_user(Role.OPERATOR, municipality)
    assert client.post("/api/v1/incidents", json=fire([SINGLE]), headers=bearer(operator)).status_code == 404
