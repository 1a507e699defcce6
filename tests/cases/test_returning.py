"""A household that comes back applies again as the same household: one client, its cases joined (R26, R30)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from bolig.audit.models import AuditEvent
from bolig.auth.models import Role, User
from bolig.cases.models import Case
from bolig.cases.operations import CaseInput, OpenApplication, close_without_decision, corrections_of, create_case
from bolig.db import db, utcnow
from bolig.errors import InvalidInput
from bolig.municipalities.models import Municipality
from bolig.statistics.operations import kostra
from bolig.timeutil import oslo_moment
from seed.cases import stay_since
from tests.cases.test_api import bearer
from tests.conftest import csrf_token
from tests.factories import make_case, make_shelter, make_user

OLD, NEW = "+4791234567", "+4799887766"
KARI_ID = "15108695088"


def closed(municipality: Municipality, **values: object) -> Case:
    case = make_case(municipality, **({"phone": OLD, "sms_consent": True, "client_name": "Kari Nordmann"} | values))
    assert case.created_by is not None
    close_without_decision(case, "own_solution", "Bor hos søsteren.", actor=case.created_by, now=utcnow())
    return case


def test_the_worker_starts_a_new_application_from_the_closed_case(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    earlier = closed(municipality, children_ages=[6])
    login(make_user(Role.CASEWORKER, municipality))
    page = client.get(f"/cases/{earlier.id}").text
    assert f'href="/cases/new?again={earlier.id}">Ny søknad for Kari</a>' in page
    form_page = client.get(f"/cases/new?again={earlier.id}").text
    assert "Ny søknad for Kari Nordmann" in form_page
    assert 'value="Kari Nordmann"' in form_page
    assert 'value="6"' in form_page
    form = {"where": "Storgata 10", "name": "Kari Nordmann", "adults": "1", "children_ages": "7", "phone": NEW}
    form |= {"who": "mixed", "language": "nb", "received_via": "phone", "reason": "eviction", "sms_consent": "y"}
    form |= {"again": str(earlier.id), "csrf_token": csrf_token(client, "/cases/new")}
    response = client.post("/cases/new", data=form)
    assert response.status_code == 302
    again = db.session.scalars(select(Case).where(Case.id != earlier.id)).one()
    assert again.client_id == earlier.client_id
    assert (again.status, again.children_ages, again.client.phone) == ("open", [7], NEW)
    assert [(c.field, c.old_value, c.new_value) for c in corrections_of(again.client)] == [("phone", OLD, NEW)]


def test_an_open_case_is_carried_on_and_another_municipalitys_is_not_found(
    client: FlaskClient,
    login: Callable[[User], FlaskClient],
    municipality: Municipality,
    other_municipality: Municipality,
) -> None:
    still_open = make_case(municipality)
    elsewhere = closed(other_municipality)
    login(make_user(Role.CASEWORKER, municipality))
    response = client.get(f"/cases/new?again={still_open.id}")
    assert response.headers["Location"].endswith(f"/cases/{still_open.id}")
    assert "Saken til Kari er fortsatt åpen" in client.get(response.headers["Location"]).text
    assert client.get(f"/cases/new?again={elsewhere.id}").status_code == 404


def test_the_national_id_on_record_must_match_and_is_added_when_missing(municipality: Municipality) -> None:
    earlier = closed(municipality)
    worker = earlier.created_by
    assert worker is not None
    data = CaseInput(client_name="Kari Nordmann", latitude=59.91, longitude=10.75, national_id="15108695088")
    data.phone, data.sms_consent = OLD, True
    again = create_case(municipality, data, actor=worker, now=utcnow(), client=earlier.client)
    assert again.client.national_id == "15108695088"
    assert corrections_of(again.client) == []  # the number itself is never written into a note (R27)
    close_without_decision(again, "withdrawn", "Trakk søknaden.", actor=worker, now=utcnow())
    other = CaseInput(client_name="Kari Nordmann", latitude=59.91, longitude=10.75, national_id="01010750160")
    with pytest.raises(InvalidInput) as refused:
        create_case(municipality, other, actor=worker, now=utcnow(), client=earlier.client)
    assert set(refused.value.errors) == {"national_id"}
    logged = db.session.scalars(select(AuditEvent.details).where(AuditEvent.action == "client.update")).all()
    assert {"fields": ["national_id"]} in logged


def test_a_client_of_another_municipality_is_refused(
    municipality: Municipality, other_municipality: Municipality
) -> None:
    elsewhere = closed(other_municipality)
    worker = make_user(Role.CASEWORKER, municipality)
    data = CaseInput(client_name="Kari Nordmann", latitude=59.91, longitude=10.75)
    with pytest.raises(InvalidInput):
        create_case(municipality, data, actor=worker, now=utcnow(), client=elsewhere.client)


def test_kostra_counts_a_returning_household_once(municipality: Municipality) -> None:
    shelter = make_shelter(municipality, agreement=(date(2000, 1, 1), date(2100, 1, 1)))
    first = make_case(municipality, received_at=oslo_moment(date(2026, 3, 1), time(18)))
    assert first.created_by is not None
    worker = first.created_by
    stay_since(first, shelter.categories[0], date(2026, 3, 1), date(2026, 3, 5), actor=worker)
    first.stays[0].status = "checked_out"
    first.stays[0].ended_at = oslo_moment(date(2026, 3, 6), time(10))
    first.status = "closed"
    data = CaseInput(
        client_name="Kari Nordmann",
        latitude=59.91,
        longitude=10.75,
        received_at=oslo_moment(date(2026, 6, 1), time(18)),
    )
    again = create_case(municipality, data, actor=worker, now=utcnow(), client=first.client)
    stay_since(again, shelter.categories[0], date(2026, 6, 1), date(2026, 6, 3), actor=worker)
    figures = kostra(municipality, 2026, datetime(2026, 11, 23, 9, tzinfo=UTC))
    assert (figures.households, figures.fourteen_days_or_less) == (1, 1)
    assert figures.cases_by_reason == {"other": 2}


def by_id(name: str = "Kari Nordmann", national_id: str = KARI_ID) -> CaseInput:
    data = CaseInput(client_name=name, latitude=59.91, longitude=10.75, national_id=national_id, phone=NEW)
    data.sms_consent = True
    return data


def test_a_known_national_id_joins_the_household_typed_from_scratch(municipality: Municipality) -> None:
    earlier = closed(municipality, national_id=KARI_ID)
    worker = make_user(Role.CASEWORKER, municipality)
    again = create_case(municipality, by_id(" kari  NORDMANN "), actor=worker, now=utcnow())
    assert again.client_id == earlier.client_id
    assert again.client.name == "Kari Nordmann"  # the same name, as recorded
    assert [(c.field, c.old_value, c.new_value) for c in corrections_of(again.client)] == [("phone", OLD, NEW)]


def test_joined_by_national_id_nothing_on_record_is_cleared(municipality: Municipality) -> None:
    """The worker who typed the household from scratch never saw the protected address or the number on record:
    what they left empty keeps what is known; what they gave is added (R24, R26)."""
    earlier = closed(municipality, national_id=KARI_ID, protected_address=True, language="nn")
    worker = make_user(Role.CASEWORKER, municipality)
    bare = CaseInput(client_name="Kari Nordmann", latitude=59.91, longitude=10.75, national_id=KARI_ID)
    again = create_case(municipality, bare, actor=worker, now=utcnow())
    client = again.client
    assert client.id == earlier.client_id
    assert (client.protected_address, client.phone, client.language, client.sms_consent) == (True, OLD, "nn", True)
    assert corrections_of(client) == []
    close_without_decision(again, "withdrawn", "Trakk søknaden.", actor=worker, now=utcnow())
    third = create_case(municipality, by_id(), actor=worker, now=utcnow())
    assert (third.client.phone, third.client.language, third.client.protected_address) == (NEW, "nb", True)


def test_a_known_national_id_with_another_name_is_refused_and_joins_no_one(municipality: Municipality) -> None:
    earlier = closed(municipality, national_id=KARI_ID)
    worker = make_user(Role.CASEWORKER, municipality)
    with pytest.raises(InvalidInput) as refused:
        create_case(municipality, by_id("Ola Hansen"), actor=worker, now=utcnow())
    assert set(refused.value.errors) == {"national_id"}
    assert "Kari" not in refused.value.errors["national_id"]  # the name on record is not told
    assert db.session.scalars(select(Case.id)).all() == [earlier.id]


def test_another_municipalitys_client_with_the_number_is_not_joined(
    municipality: Municipality, other_municipality: Municipality
) -> None:
    elsewhere = closed(other_municipality, national_id=KARI_ID)
    case = create_case(municipality, by_id(), actor=make_user(Role.CASEWORKER, municipality), now=utcnow())
    assert case.client_id != elsewhere.client_id


def test_a_person_with_an_open_application_is_not_registered_twice(municipality: Municipality) -> None:
    still_open = make_case(municipality, national_id=KARI_ID)
    worker = make_user(Role.CASEWORKER, municipality)
    with pytest.raises(OpenApplication) as refused:
        create_case(municipality, by_id(), actor=worker, now=utcnow())
    assert refused.value.case.id == still_open.id
    message = "Kari Nordmann har en søknad som fortsatt er åpen: fortsett med den."
    assert refused.value.errors == {"national_id": message}
    with pytest.raises(OpenApplication):  # nor when the worker names the person
        create_case(municipality, by_id(national_id=""), actor=worker, now=utcnow(), client=still_open.client)
    assert db.session.scalars(select(Case.id)).all() == [still_open.id]


def test_the_second_worker_at_the_door_is_taken_to_the_open_case(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    still_open = make_case(municipality, national_id=KARI_ID)
    login(make_user(Role.CASEWORKER, municipality))
    form = {"where": "Storgata 10", "name": "Kari Nordmann", "adults": "1", "national_id": "151086 95088"}
    form |= {"who": "mixed", "language": "nb", "received_via": "oral", "reason": "fire"}
    form |= {"csrf_token": csrf_token(client, "/cases/new")}
    response = client.post("/cases/new", data=form)
    assert response.headers["Location"].endswith(f"/cases/{still_open.id}")
    assert "Kari Nordmann har en søknad som fortsatt er åpen" in client.get(response.headers["Location"]).text
    assert db.session.scalars(select(Case.id)).all() == [still_open.id]


def test_the_api_and_an_incident_refuse_a_person_registered_twice(
    client: FlaskClient, municipality: Municipality
) -> None:
    still_open = make_case(municipality, national_id=KARI_ID)
    worker = make_user(Role.CASEWORKER, municipality)
    kari = {"client": {"name": "Kari Nordmann", "national_id": KARI_ID}, "location": {"lat": 59.91, "lon": 10.75}}
    answer = client.post("/api/v1/cases", json=kari, headers=bearer(worker))
    assert answer.status_code == 422
    assert answer.json is not None
    assert set(answer.json["error"]["fields"]) == {"national_id"}
    ola = {"client": {"name": "Ola Hansen", "national_id": "01010750160"}, "location": {"lat": 59.91, "lon": 10.75}}
    incident = {"name": "Brann i Storgata 10", "households": [ola, ola]}
    answer = client.post("/api/v1/incidents", json=incident, headers=bearer(worker))
    assert answer.status_code == 422
    assert answer.json is not None
    assert answer.json["error"]["fields"] == {"households.1.national_id": "Samme fødselsnummer som husstand 1."}
    assert db.session.scalars(select(Case.id)).all() == [still_open.id]
    # Kari's open application was told of; the second Ola, refused within the incident, tells of no one known.
    found = db.session.scalars(select(AuditEvent.client_id).where(AuditEvent.action == "client.found")).all()
    assert found == [still_open.client_id]


def found(client_id: int) -> list[tuple[str, str | None, dict[str, object]]]:
    lines = db.session.scalars(select(AuditEvent).where(AuditEvent.client_id == client_id).order_by(AuditEvent.id))
    return [(line.action, line.actor_label, line.details) for line in lines if line.action == "client.found"]


def test_what_a_refusal_tells_of_a_known_person_is_logged_and_nothing_else_is_kept(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    """Refused, the intake is rolled back; but that the number is known, or the person applies already, is a read
    of their record (R24)."""
    earlier = closed(municipality, national_id=KARI_ID)
    worker = make_user(Role.CASEWORKER, municipality)
    login(worker)
    form = {"where": "Storgata 10", "name": "Ola Hansen", "adults": "1", "national_id": KARI_ID}
    form |= {"who": "mixed", "language": "nb", "received_via": "oral", "reason": "fire"}
    form |= {"csrf_token": csrf_token(client, "/cases/new")}
    assert client.post("/cases/new", data=form).status_code == 422
    assert found(earlier.client_id) == [("client.found", worker.email, {"refused": "another_name"})]

    still_open = make_case(municipality, client_name="Kari Nordmann", national_id="01010750160")
    kari = {"client": {"name": "Kari Nordmann", "national_id": "01010750160"}, "location": {"lat": 59.91, "lon": 10.75}}
    assert client.post("/api/v1/cases", json=kari, headers=bearer(worker)).status_code == 422
    incident = {"name": "Brann i Storgata 10", "households": [kari]}
    assert client.post("/api/v1/incidents", json=incident, headers=bearer(worker)).status_code == 422
    refused = ("client.found", worker.email, {"refused": "open_application"})
    assert found(still_open.client_id) == [refused, refused]
    assert set(db.session.scalars(select(Case.id))) == {earlier.id, still_open.id}
