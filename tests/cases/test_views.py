"""The caseworker's phone pages and the operator's arrivals, as requests."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from flask.testing import FlaskClient
from sqlalchemy import select

from bolig.audit.models import AuditEvent
from bolig.auth.models import Role, User
from bolig.cases.models import Case, Hold
from bolig.cases.operations import mark_arrived
from bolig.db import db, utcnow
from bolig.municipalities.models import Municipality
from bolig.notifications.models import SmsMessage
from bolig.shelters.models import Channel, Shelter
from bolig.shelters.operations import CategorySpec, report_capacity
from tests.conftest import csrf_token
from tests.factories import make_case, make_case_with_hold, make_shelter, make_user

INTAKE = {"where": "Storgata 10", "name": "Amina Hansen", "adults": "2", "children_ages": "4, 9", "pets": "y"}
INTAKE |= {"who": "mixed", "language": "nb", "received_via": "phone", "reason": "fire"}


def family_shelter(municipality: Municipality) -> Shelter:
    flags = {"children_allowed": True, "pets_allowed": True}
    shelter = make_shelter(
        municipality,
        name="Familiehuset",
        agreement=(date(2000, 1, 1), date(2100, 1, 1)),
        categories=(CategorySpec("family_unit", 3, minimum_age=0, flags=flags),),
    )
    tonight = municipality.tonight(utcnow())
    report_capacity(shelter, tonight, {"family_unit": 2}, today=tonight, channel=Channel.WEB, actor=None, now=utcnow())
    return shelter


def test_intake_to_options_to_a_held_place(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    shelter = family_shelter(municipality)
    make_shelter(municipality, name="Herberget", categories=(CategorySpec("bed", 5),))
    login(make_user(Role.CASEWORKER, municipality))
    response = client.post("/cases/new", data={**INTAKE, "csrf_token": csrf_token(client, "/cases/new")})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).text
    assert "Familiehuset" in page
    assert "en familieenhet for husstanden" in page
    assert "Herberget" in page  # excluded, with why:
    assert "ingen familieenhet" in page
    case = db.session.scalars(select(Case)).one()
    assert (case.latitude is not None, case.children_ages, case.reason) == (True, [4, 9], "fire")
    url = f"/cases/{case.id}/holds"
    form = {"category_id": str(shelter.categories[0].id), "csrf_token": csrf_token(client, f"/cases/{case.id}")}
    assert client.post(url, data=form).status_code == 302
    assert "Barnefamilier og unge skal bare unntaksvis bo midlertidig" in client.get(f"/cases/{case.id}").text
    assert db.session.scalars(select(Hold)).all() == []
    client.post(url, data={**form, "children_justification": "Brann i natt"})
    page = client.get(f"/cases/{case.id}").text
    assert "Plass holdt hos Familiehuset" in page
    assert shelter.address in page


def test_bad_intake_is_explained_and_saves_nothing(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    login(make_user(Role.CASEWORKER, municipality))
    token = csrf_token(client, "/cases/new")
    for change, message in (
        ({"where": ""}, "Skriv hvor husstanden er nå."),
        ({"where": "Atlantis"}, "Vi fant ikke det stedet."),
        ({"children_ages": "four"}, "Skriv alderen som tall skilt med komma"),
        ({"children_ages": "19"}, "Et barn er mellom 0 og 17 år."),
        ({"name": ""}, "Skriv navnet til personen."),
        ({"adults": "0", "children_ages": ""}, "En husstand har minst én person."),
        ({"phone": "12"}, "Skriv et mobilnummer"),
        ({"national_id": "12345678901"}, "Fødselsnummeret er ikke gyldig"),
    ):
        response = client.post("/cases/new", data={**INTAKE, **change, "csrf_token": token})
        assert response.status_code == 422, change
        assert message in response.text, change
    assert db.session.scalars(select(Case)).all() == []


def test_an_unknown_place_offers_suggestions_that_can_be_chosen(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    login(make_user(Role.CASEWORKER, municipality))
    token = csrf_token(client, "/cases/new")
    response = client.post("/cases/new", data={**INTAKE, "where": "Grønland ved kiosken", "csrf_token": token})
    assert response.status_code == 422
    assert 'name="place" id="place-1" value="Grønland, Oslo"' in response.text
    chosen = client.post(
        "/cases/new", data={**INTAKE, "where": "Grønland ved kiosken", "place": "Grønland, Oslo", "csrf_token": token}
    )
    assert chosen.status_code == 302


def test_a_pin_from_the_phones_position_needs_no_geocoding(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    login(make_user(Role.CASEWORKER, municipality))
    token = csrf_token(client, "/cases/new")
    pinned = {**INTAKE, "where": "Bak den brente blokka", "latitude": "59.92010", "longitude": "10.75870"}
    assert client.post("/cases/new", data={**pinned, "csrf_token": token}).status_code == 302
    case = db.session.scalars(select(Case)).one()
    assert (case.location_text, case.latitude, case.longitude) == ("Bak den brente blokka", 59.9201, 10.7587)


def test_a_pin_outside_norway_or_not_a_number_is_not_used(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    login(make_user(Role.CASEWORKER, municipality))
    token = csrf_token(client, "/cases/new")
    for latitude, longitude in (("48.85", "2.35"), ("nord", "10.7"), ("", "")):
        form = {**INTAKE, "where": "Bak den brente blokka", "latitude": latitude, "longitude": longitude}
        response = client.post("/cases/new", data={**form, "csrf_token": token})
        assert response.status_code == 422
        assert "eller bruk posisjonen din" in response.text
    assert db.session.scalars(select(Case)).all() == []


def test_reading_a_case_is_logged_and_operators_get_404(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    case = make_case(municipality)
    supervisor = make_user(Role.SUPERVISOR, municipality)
    login(supervisor)
    assert client.get(f"/cases/{case.id}").status_code == 200
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "case.read")).one()
    assert (event.actor_id, event.client_id) == (supervisor.id, case.client_id)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    login(make_user(Role.OPERATOR, municipality))
    assert client.get(f"/cases/{case.id}").status_code == 404


def test_an_oral_application_is_registered_with_the_time_it_came(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    """R3: an application can be oral, and when it was received is recorded."""
    login(make_user(Role.CASEWORKER, municipality))
    before = utcnow()
    client.post("/cases/new", data={**INTAKE, "received_via": "oral", "csrf_token": csrf_token(client, "/cases/new")})
    case = db.session.scalars(select(Case)).one()
    assert case.received_via == "oral"
    assert before - timedelta(seconds=1) <= case.received_at <= utcnow()


def test_the_board_lists_unplaced_cases_oldest_first_and_flags_long_waits(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    old = make_case(municipality, client_name="Gammel Sak", received_at=utcnow() - timedelta(hours=3))
    make_case(municipality, client_name="Ny Sak")
    placed = make_case_with_hold(municipality)
    # R5: a case without a place stays on the board; "no vacancy" never closes it.
    login(make_user(Role.CASEWORKER, municipality))
    page, undecided = client.get("/board").text.split('id="undecided"')
    assert page.index("Gammel Sak") < page.index("Ny Sak")
    assert page.count("Har ventet for lenge") == 1
    assert placed.case.client.name not in page
    assert old.client.name in page
    # R3: a placed household still needs its written decision today.
    assert placed.case.client.name in undecided


def test_the_operator_sees_first_name_and_size_and_marks_arrival(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    operator = make_user(Role.OPERATOR, municipality)
    hold = make_case_with_hold(municipality, operator)
    login(operator)
    page = client.get("/arrivals").text
    assert "Kari" in page
    assert "Nordmann" not in page  # the first name is all the shelter needs
    response = client.post(f"/holds/{hold.id}/arrive", data={"csrf_token": csrf_token(client, "/arrivals")})
    assert response.headers["Location"] == "/arrivals"
    db.session.refresh(hold)
    assert hold.status == "arrived"


def test_the_operator_asks_nav_to_end_a_stay_and_the_caseworker_decides(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    """R9: the shelter cannot end a stay itself; NAV hears the client first, the same day."""
    municipality.settings = {"on_call_phone": "+4790000002"}
    operator = make_user(Role.OPERATOR, municipality)
    hold = make_case_with_hold(municipality, operator)
    worker = hold.case.created_by
    assert worker is not None
    stay = mark_arrived(hold, actor=worker, now=utcnow())
    login(operator)
    token = csrf_token(client, "/arrivals")
    refused = client.post(f"/stays/{stay.id}/exclusion-request", data={"facts": " ", "csrf_token": token})
    assert "Skriv hva som skjedde." in client.get(refused.headers["Location"]).text
    assert stay.exclusion_requested_at is None
    facts = "Truet en annen beboer med kniv kl. 22."
    response = client.post(f"/stays/{stay.id}/exclusion-request", data={"facts": facts, "csrf_token": token})
    assert response.headers["Location"] == "/arrivals"
    db.session.refresh(stay)
    assert (stay.status, stay.exclusion_request) == ("staying", facts)
    told = db.session.scalars(select(SmsMessage).where(SmsMessage.kind == "exclusion_requested")).one()
    assert told.phone == "+4790000002"
    assert f"/cases/{stay.case_id}" in told.body
    assert "Kari" not in told.body
    assert "kniv" not in told.body
    assert "NAV er bedt om å avslutte oppholdet" in client.get("/arrivals").text
    client.post("/logout", data={"csrf_token": csrf_token(client, "/arrivals")})
    login(worker)
    board = client.get("/board").text
    assert "Botilbud som ber om å avslutte et opphold" in board
    assert f'href="/cases/{stay.case_id}"' in board
    page = client.get(f"/cases/{stay.case_id}").text
    assert "«Truet en annen beboer med kniv kl. 22.» Hør Kari, og avgjør i dag." in page
    assert f'name="facts" rows="3">{facts}</textarea>' in page


def test_another_shelters_operator_cannot_ask_to_end_a_stay(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    hold = make_case_with_hold(municipality)
    stay = mark_arrived(hold, actor=hold.case.created_by, now=utcnow())  # type: ignore[arg-type]
    login(make_user(Role.OPERATOR, municipality))
    token = csrf_token(client, "/arrivals")
    response = client.post(f"/stays/{stay.id}/exclusion-request", data={"facts": "Bråk", "csrf_token": token})
    assert response.status_code == 404
    assert stay.exclusion_requested_at is None


def test_an_incident_on_the_phone_proposes_and_confirms_places(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    family_shelter(municipality)
    beds = make_shelter(
        municipality,
        name="Herberget",
        agreement=(date(2000, 1, 1), date(2100, 1, 1)),
        categories=(CategorySpec("bed", 5),),
    )
    tonight = municipality.tonight(utcnow())
    report_capacity(beds, tonight, {"bed": 2}, today=tonight, channel=Channel.WEB, actor=None, now=utcnow())
    login(make_user(Role.CASEWORKER, municipality))
    token = csrf_token(client, "/incidents/new")
    rows = {"name-0": "Berg", "adults-0": "1", "children-0": "5", "name-1": "Olsen", "adults-1": "2", "children-1": ""}
    bad = client.post(
        "/incidents/new", data={"name": "Brann", "where": "Storgata 10", **rows, "adults-1": "to", "csrf_token": token}
    )
    assert bad.status_code == 422
    assert "Rad 2: skriv voksne og barnas alder som tall." in bad.text
    response = client.post(
        "/incidents/new", data={"name": "Brann", "where": "Storgata 10", **rows, "csrf_token": token}
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).text
    assert "Foreslåtte plasser" in page
    selected = re.findall(r'name="(place-\d+)".*?<option value="(\d+)" selected', page, re.S)
    assert len(selected) == 2
    form = dict(selected) | {"justification": "Brann", "csrf_token": token}
    client.post(response.headers["Location"], data=form)
    assert "2 husstander har fått plass." in client.get(response.headers["Location"]).text
    assert len(db.session.scalars(select(Hold)).all()) == 2


def test_an_incident_list_can_be_pasted_from_a_spreadsheet(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    family_shelter(municipality)
    login(make_user(Role.CASEWORKER, municipality))
    token = csrf_token(client, "/incidents/new")
    pasted = "Amina Hansen\t2\t4, 9\tja\n\nPer Olsen; 1\nKari Berg;1;;hund\n"
    bad = client.post(
        "/incidents/new",
        data={
            "name": "Brann",
            "where": "Storgata 10",
            "paste": pasted + "Ola;to;;\nLiv;²;;\nTor;99999999999;;\nSiv;1;³;\n",
            "csrf_token": token,
        },
    )
    assert bad.status_code == 422
    for line in (5, 6, 7, 8):
        assert f"Linje {line}: skriv navn; voksne; barnas alder; dyr" in bad.text
    assert pasted.split("\n", maxsplit=1)[0] in bad.text  # what was pasted is kept for correcting
    assert db.session.scalars(select(Case)).all() == []
    response = client.post(
        "/incidents/new", data={"name": "Brann", "where": "Storgata 10", "paste": pasted, "csrf_token": token}
    )
    assert response.status_code == 302
    cases = {case.client.name: case for case in db.session.scalars(select(Case))}
    assert sorted(cases) == ["Amina Hansen", "Kari Berg", "Per Olsen"]
    amina, per, kari = cases["Amina Hansen"], cases["Per Olsen"], cases["Kari Berg"]
    assert (amina.adults, amina.children_ages, amina.pets) == (2, [4, 9], True)
    assert (per.adults, per.children_ages, per.pets) == (1, [], False)
    assert (kari.adults, kari.pets) == (1, True)


def test_the_caseworkers_home_is_the_board_and_options_carry_their_freshness(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    family_shelter(municipality)
    case = make_case(municipality, client_name="Venter Fortsatt", children_ages=[5])
    login(make_user(Role.CASEWORKER, municipality))
    home = client.get("/").text
    assert "Uten plass" in home
    assert "Venter Fortsatt" in home
    assert "oppdatert akkurat nå" in client.get(f"/cases/{case.id}").text


def test_a_woman_is_offered_women_only_places_without_needing_one(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    women = make_shelter(
        municipality,
        name="Kvinnehuset",
        agreement=(date(2000, 1, 1), date(2100, 1, 1)),
        categories=(CategorySpec("bed", 4, gender_policy="women"),),
    )
    tonight = municipality.tonight(utcnow())
    report_capacity(women, tonight, {"bed": 2}, today=tonight, channel=Channel.WEB, actor=None, now=utcnow())
    login(make_user(Role.CASEWORKER, municipality))
    single = {**INTAKE, "adults": "1", "children_ages": "", "pets": "", "youngest_adult_age": "40"}
    token = csrf_token(client, "/cases/new")
    woman = client.post("/cases/new", data={**single, "name": "Kari", "who": "women", "csrf_token": token})
    assert "Kvinnehuset: seng" in client.get(woman.headers["Location"]).text
    man = client.post("/cases/new", data={**single, "name": "Ola", "who": "men", "csrf_token": token})
    page = client.get(man.headers["Location"]).text
    assert "Kvinnehuset: seng" not in page
    assert "bare kvinner" in page  # excluded, with why


def test_the_intake_choices_are_in_the_workers_language(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    """The options of a select are translated when the page is drawn, not once when the app starts."""
    login(make_user(Role.CASEWORKER, municipality))
    page = client.get("/cases/new").text
    assert "Blandet, eller ikke oppgitt" in page
    assert "Mixed, or not said" not in page
    assert "Brann" in page


def test_a_case_number_past_any_id_is_a_friendly_404(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    login(make_user(Role.CASEWORKER, municipality))
    response = client.get(f"/cases/{2**31}")
    assert response.status_code == 404
    assert "<h1" in response.text
    case = make_case(municipality)
    form = {"category_id": str(2**40), "nights": "1", "csrf_token": csrf_token(client, f"/cases/{case.id}")}
    assert client.post(f"/cases/{case.id}/holds", data=form).status_code == 302  # refused with a message
