"""The shelter pages, as operators, caseworkers, supervisors and administrators use them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from flask.testing import FlaskClient

from bolig.auth.models import Role, User
from bolig.db import db, utcnow
from bolig.municipalities.models import Municipality
from bolig.shelters.models import CapacityReport, Shelter
from bolig.shelters.operations import latest_reports
from tests.conftest import csrf_token
from tests.factories import make_shelter, make_user


def tonight(municipality: Municipality) -> date:
    return municipality.tonight(utcnow())


def test_operator_with_one_shelter_goes_straight_to_it(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    operator = make_user(Role.OPERATOR, municipality)
    shelter = make_shelter(municipality, operators=(operator,))
    login(operator)
    response = client.get("/capacity")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/shelters/{shelter.id}/capacity"


def test_operator_saves_tonights_places_from_the_form(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    operator = make_user(Role.OPERATOR, municipality)
    shelter = make_shelter(municipality, operators=(operator,))
    login(operator)
    url = f"/shelters/{shelter.id}/capacity"
    form = {"offered-bed": "4", "offered-family_unit": "1", "out-bed": "1", "reason-bed": "Vannskade"}
    response = client.post(url, data={**form, "csrf_token": csrf_token(client, url)})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).text
    assert "Lagret. Saksbehandlerne ser de nye tallene nå." in page
    assert "Lagret: 4 tilbudt, 3 ledig." in page
    assert "oppdatert akkurat nå" in page
    reports = latest_reports(shelter, tonight(municipality))
    bed = reports[shelter.categories[0].id]
    assert (bed.offered, bed.out_of_service, bed.out_of_service_reason, bed.channel) == (4, 1, "Vannskade", "web")


def test_bad_counts_are_explained_and_nothing_is_saved(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    operator = make_user(Role.OPERATOR, municipality)
    shelter = make_shelter(municipality, operators=(operator,))
    login(operator)
    url = f"/shelters/{shelter.id}/capacity"
    token = csrf_token(client, url)
    for form, message in (
        ({"offered-bed": "11"}, "det er plass til høyst 10 her"),
        ({"offered-bed": "-2"}, "Antall plasser kan ikke være negativt."),
        ({"offered-bed": "fire"}, "Skriv et helt tall."),
        ({"offered-bed": "2", "out-bed": "1"}, "Skriv hvorfor plassene er ute av drift."),
    ):
        response = client.post(url, data={**form, "csrf_token": token})
        assert response.status_code == 422, form
        assert message in response.text, form
    past = (tonight(municipality) - timedelta(days=1)).isoformat()
    response = client.post(f"{url}?night={past}", data={"offered-bed": "2", "csrf_token": token})
    assert "Den natten er over." in response.text
    assert db.session.query(CapacityReport).count() == 0


def test_the_plus_link_carries_the_unsaved_count(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    operator = make_user(Role.OPERATOR, municipality)
    shelter = make_shelter(municipality, operators=(operator,))
    login(operator)
    night = tonight(municipality).isoformat()
    page = client.get(f"/shelters/{shelter.id}/capacity?night={night}&offered-bed=3&offered-family_unit=0").text
    assert 'name="offered-bed" value="3"' in page
    assert "offered-bed=4&amp;offered-family_unit=0" in page  # the + link
    assert "Ikke lagret ennå." in page


def test_an_operator_cannot_see_another_shelter(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    operator = make_user(Role.OPERATOR, municipality)
    make_shelter(municipality, operators=(operator,))
    other = make_shelter(municipality, name="Somebody else's")
    login(operator)
    assert client.get(f"/shelters/{other.id}/capacity").status_code == 404
    url = f"/shelters/{other.id}/capacity"
    token = csrf_token(client, "/")
    assert client.post(url, data={"offered-bed": "1", "csrf_token": token}).status_code == 404
    assert client.get("/shelters").status_code == 403
    assert client.get(f"/shelters/{other.id}").status_code == 403


def test_caseworker_sees_the_overview_useful_places_first(
    client: FlaskClient,
    login: Callable[[User], FlaskClient],
    municipality: Municipality,
    other_municipality: Municipality,
) -> None:
    supervisor = make_user(Role.SUPERVISOR, municipality)
    full = make_shelter(municipality, name="Full")
    room = make_shelter(municipality, name="Room")
    foreign = make_shelter(other_municipality, name="Bergen")
    login(supervisor)
    for shelter, beds in ((full, "0"), (room, "3")):
        url = f"/shelters/{shelter.id}/capacity"
        client.post(url, data={"offered-bed": beds, "csrf_token": csrf_token(client, url)})
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    login(make_user(Role.CASEWORKER, municipality))
    page = client.get("/shelters").text
    assert page.index("Room") < page.index("Full")
    assert "Bergen" not in page
    assert client.get(f"/shelters/{foreign.id}").status_code == 404
    assert client.get(f"/shelters/{room.id}/capacity").status_code == 403


def test_supervisor_sees_agreements_running_out(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    today = tonight(municipality)
    make_shelter(municipality, name="Soon over", agreement=(today - timedelta(days=300), today + timedelta(days=10)))
    login(make_user(Role.SUPERVISOR, municipality))
    page = client.get("/shelters").text
    assert "Avtaler som går ut snart" in page
    assert "Soon over" in page


def test_admin_registers_a_shelter_and_its_places_agreement_inspection_and_operator(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    admin = make_user(Role.ADMIN, municipality)
    operator = make_user(Role.OPERATOR, municipality)
    login(admin)
    token = csrf_token(client, "/shelters/new")
    response = client.post(
        "/shelters/new",
        data={
            "name": "Nytt hus",
            "provider_type": "shelter",
            "address": "Storgata 1",
            "active": "y",
            "csrf_token": token,
        },
    )
    assert response.status_code == 302
    shelter = db.session.query(Shelter).filter_by(name="Nytt hus").one()
    category = {"kind": "bed", "maximum": "6", "gender_policy": "women", "minimum_age": "18", "substance_free": "y"}
    client.post(f"/shelters/{shelter.id}/categories/new", data={**category, "csrf_token": token})
    today = tonight(municipality)
    agreement = {"valid_from": today.isoformat(), "valid_to": (today + timedelta(days=365)).isoformat()}
    client.post(f"/shelters/{shelter.id}/agreements/new", data={**agreement, "csrf_token": token})
    db.session.refresh(shelter)
    assert shelter.categories[0].substance_free
    assert "avtalen er ikke godkjent ved tilsyn ennå" in client.get(f"/shelters/{shelter.id}").text
    inspection = {"inspected_on": today.isoformat(), "inspector": "Kari", "passed": "y"}
    client.post(f"/agreements/{shelter.agreements[0].id}/inspections/new", data={**inspection, "csrf_token": token})
    assert "avtalen gjelder til" in client.get(f"/shelters/{shelter.id}").text
    client.post(f"/shelters/{shelter.id}/operators", data={"operators": str(operator.id), "csrf_token": token})
    db.session.refresh(operator)
    assert operator.shelters == [shelter]


def test_admin_forms_explain_bad_input(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    login(make_user(Role.ADMIN, municipality))
    shelter = make_shelter(municipality)
    token = csrf_token(client, "/shelters/new")
    response = client.post("/shelters/new", data={"name": "", "latitude": "12", "csrf_token": token})
    assert response.status_code == 422
    assert "Gi botilbudet et navn." in response.text
    response = client.post(
        f"/shelters/{shelter.id}/categories/new", data={"kind": "bed", "maximum": "", "csrf_token": token}
    )
    assert response.status_code == 422
    assert "Skriv hvor mange plasser det er." in response.text
    agreement = {"valid_from": "2026-12-31", "valid_to": "2026-01-01"}
    response = client.post(f"/shelters/{shelter.id}/agreements/new", data={**agreement, "csrf_token": token})
    assert response.status_code == 422
    assert "Avtalen må slutte samme dag som den starter eller senere." in response.text
    assert db.session.query(Shelter).count() == 1
