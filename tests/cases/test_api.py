"""The cases API: intake, reading (logged, masked), matches with reasons, holds and their life."""

from __future__ import annotations

from datetime import date

from flask.testing import FlaskClient
from sqlalchemy import event, select

from bolig.audit.models import AuditEvent
from bolig.auth.models import Role, User
from bolig.auth.operations import create_token
from bolig.cases.models import Case, Hold
from bolig.db import db, utcnow
from bolig.municipalities.models import Municipality
from bolig.shelters.models import Channel, Shelter
from bolig.shelters.operations import CategorySpec, report_capacity
from tests.factories import make_case, make_case_with_hold, make_shelter, make_user

FAMILY = {
    "reason": "fire",
    "received_via": "phone",
    "client": {"name": "Amina Hansen", "phone": "912 34 567", "sms_consent": True, "national_id": "15108695088"},
    "household": {"adults": 2, "children_ages": [4, 9], "pets": True},
    "location": {"lat": 59.9139, "lon": 10.7522, "address": "Storgata 10"},
}


def bearer(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(user, 'test', actor=user)[1]}"}


def offer(shelter: Shelter, **counts: int) -> None:
    tonight = shelter.municipality.tonight(utcnow())
    report_capacity(shelter, tonight, counts, today=tonight, channel=Channel.WEB, actor=None, now=utcnow())


def year() -> tuple[date, date]:
    return date(2000, 1, 1), date(2100, 1, 1)


def test_caseworker_registers_a_family_and_reads_it_masked(client: FlaskClient, municipality: Municipality) -> None:
    """The national id is never shown in full (R27); creating and reading the case are logged with the client (R24)."""
    worker = make_user(Role.CASEWORKER, municipality)
    response = client.post("/api/v1/cases", json=FAMILY, headers=bearer(worker))
    assert response.status_code == 201, response.json
    created = response.json
    assert created is not None
    assert created["client"]["phone"] == "+4791234567"
    assert created["client"]["national_id"] == "•••••••5088"
    assert "15108695088" not in response.text
    assert created["status"] == "open"
    read = client.get(f"/api/v1/cases/{created['id']}", headers=bearer(make_user(Role.SUPERVISOR, municipality)))
    assert read.status_code == 200
    actions = list(db.session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "Case")))
    assert actions == ["case.create", "case.read"]
    case = db.session.get(Case, created["id"])
    assert case is not None
    client_events = db.session.scalars(select(AuditEvent).where(AuditEvent.client_id == case.client_id)).all()
    assert len(client_events) == 2


def test_bad_intake_is_refused_with_every_reason_and_creates_nothing(
    client: FlaskClient, municipality: Municipality
) -> None:
    worker = make_user(Role.CASEWORKER, municipality)
    bad = [
        ({**FAMILY, "household": {"adults": 0, "children_ages": []}}, "adults"),
        ({**FAMILY, "household": {"adults": 1, "children_ages": [18]}}, "children_ages"),
        ({**FAMILY, "household": {"adults": 1, "children_ages": [-1]}}, "children_ages"),
        ({**FAMILY, "household": {"adults": "two"}}, "household.adults"),
        ({**FAMILY, "client": {"name": "X", "phone": "123"}}, "phone"),
        ({**FAMILY, "client": {"name": "X", "national_id": "15108695089"}}, "national_id"),
        ({**FAMILY, "client": {"name": " "}}, "client_name"),
        ({**FAMILY, "location": {}}, "location"),
        ({**FAMILY, "location": {"lat": 591.9, "lon": 10.75}}, "location"),
        ({**FAMILY, "location": {"lat": 48.85, "lon": 2.35}}, "location"),
        ({**FAMILY, "location": {"lat": True, "lon": 10.75}}, "location"),
        ({**FAMILY, "location": {"lat": float("nan"), "lon": 10.75}}, "location"),
        ({**FAMILY, "received_via": "pigeon"}, "received_via"),
        ({**FAMILY, "client": "Amina"}, "client"),
        # Longer than the columns hold, or not a language bolig writes SMS in: refused, never a 500.
        ({**FAMILY, "client": {"name": "A" * 121}}, "client_name"),
        ({**FAMILY, "client": {"name": "X", "language": "norwegian"}}, "language"),
        ({**FAMILY, "location": {**FAMILY["location"], "address": "S" * 201}}, "location"),
    ]
    for body, field in bad:
        response = client.post("/api/v1/cases", json=body, headers=bearer(worker))
        assert response.status_code == 422, body
        assert response.json is not None
        assert field in response.json["error"]["fields"], body
    assert client.post("/api/v1/cases", data="{oops", headers=bearer(worker)).status_code == 400
    assert db.session.scalars(select(Case)).all() == []


def test_cases_of_another_municipality_and_operators_get_404(
    client: FlaskClient, municipality: Municipality, other_municipality: Municipality
) -> None:
    case = make_case(other_municipality)
    assert (
        client.get(f"/api/v1/cases/{case.id}", headers=bearer(make_user(Role.CASEWORKER, municipality))).status_code
        == 404
    )
    mine = make_case(municipality)
    operator = make_user(Role.OPERATOR, municipality)
    assert client.get(f"/api/v1/cases/{mine.id}", headers=bearer(operator)).status_code == 404
    assert client.post("/api/v1/cases", json=FAMILY, headers=bearer(operator)).status_code == 404


def test_matches_list_options_with_reasons_and_excluded_shelters_with_why_not(
    client: FlaskClient, municipality: Municipality
) -> None:
    worker = make_user(Role.CASEWORKER, municipality)
    family_place = make_shelter(
        municipality,
        name="Familiehuset",
        agreement=year(),
        categories=(
            CategorySpec("family_unit", 2, minimum_age=0, flags={"children_allowed": True, "pets_allowed": True}),
        ),
    )
    women = make_shelter(
        municipality, name="Kvinnehuset", agreement=year(), categories=(CategorySpec("bed", 5, gender_policy="women"),)
    )
    offer(family_place, family_unit=1)
    offer(women, bed=5)
    case_id = client.post("/api/v1/cases", json=FAMILY, headers=bearer(worker)).json["id"]  # type: ignore[index]
    response = client.get(f"/api/v1/cases/{case_id}/matches", headers=bearer(worker))
    assert response.status_code == 200
    body = response.json
    assert body is not None
    assert [o["shelter_name"] for o in body["options"]] == ["Familiehuset"]
    option = body["options"][0]
    assert option["tier"] == "quality_agreement"
    assert option["distance_km"] is not None
    assert {r["code"] for r in option["reasons"]} >= {"quality_agreement", "family_unit", "pets"}
    excluded = {e["shelter_name"]: {r["code"] for r in e["reasons"]} for e in body["excluded"]}
    assert excluded["Kvinnehuset"] >= {"needs_family_unit", "women_only", "no_pets"}
    assert all(r["text"] for e in body["excluded"] for r in e["reasons"])
    assert client.get(f"/api/v1/cases/{case_id}/matches?nights=99", headers=bearer(worker)).status_code == 422


def test_holding_needs_a_justification_for_children_and_then_succeeds(
    client: FlaskClient, municipality: Municipality
) -> None:
    worker = make_user(Role.CASEWORKER, municipality)
    shelter = make_shelter(
        municipality,
        agreement=year(),
        categories=(
            CategorySpec("family_unit", 2, minimum_age=0, flags={"children_allowed": True, "pets_allowed": True}),
        ),
    )
    offer(shelter, family_unit=1)
    case_id = client.post("/api/v1/cases", json=FAMILY, headers=bearer(worker)).json["id"]  # type: ignore[index]
    url = f"/api/v1/cases/{case_id}/holds"
    body = {"shelter_id": shelter.id, "category": "family_unit", "nights": 1}
    missing = client.post(url, json=body, headers=bearer(worker))
    assert missing.status_code == 422
    assert "children_justification" in missing.json["error"]["fields"]  # type: ignore[index]
    held = client.post(url, json={**body, "children_justification": "Brann i leiligheten"}, headers=bearer(worker))
    assert held.status_code == 201, held.json
    assert held.json["places"] == 1  # type: ignore[index]
    again = client.post(url, json={**body, "children_justification": "x"}, headers=bearer(worker))
    assert again.status_code == 422  # the household has a place already


def test_a_fallback_place_needs_a_reason(client: FlaskClient, municipality: Municipality) -> None:
    worker = make_user(Role.CASEWORKER, municipality)
    hotel = make_shelter(municipality, name="Hotell")
    offer(hotel, bed=2)
    case = make_case(municipality, youngest_adult_age=40)
    url = f"/api/v1/cases/{case.id}/holds"
    body = {"shelter_id": hotel.id, "category": "bed"}
    assert client.post(url, json=body, headers=bearer(worker)).status_code == 422
    held = client.post(
        url, json={**body, "fallback_reason": "Ingen plass med kvalitetsavtale ledig kl. 23:12"}, headers=bearer(worker)
    )
    assert held.status_code == 201
    hold = db.session.get(Hold, held.json["id"])  # type: ignore[index]
    assert hold is not None
    assert hold.fallback_reason.startswith("Ingen plass")


def test_a_full_place_answers_409_with_alternatives(client: FlaskClient, municipality: Municipality) -> None:
    worker = make_user(Role.CASEWORKER, municipality)
    full = make_shelter(municipality, name="Full", agreement=year())
    spare = make_shelter(municipality, name="Spare", agreement=year())
    offer(full, bed=0)
    offer(spare, bed=3)
    case = make_case(municipality, youngest_adult_age=40)
    response = client.post(
        f"/api/v1/cases/{case.id}/holds", json={"shelter_id": full.id, "category": "bed"}, headers=bearer(worker)
    )
    assert response.status_code == 409
    error = response.json["error"]  # type: ignore[index]
    assert error["code"] == "taken"
    assert [a["shelter_name"] for a in error["alternatives"]] == ["Spare"]
    assert db.session.scalars(select(Hold)).all() == []


def test_the_shelters_operator_marks_arrival_but_no_other_operator_can(
    client: FlaskClient, municipality: Municipality
) -> None:
    operator = make_user(Role.OPERATOR, municipality)
    hold = make_case_with_hold(municipality, operator)
    other = make_user(Role.OPERATOR, municipality)
    assert client.post(f"/api/v1/holds/{hold.id}/arrive", headers=bearer(other)).status_code == 404
    response = client.post(f"/api/v1/holds/{hold.id}/arrive", headers=bearer(operator))
    assert response.status_code == 200
    db.session.refresh(hold)
    assert (hold.status, hold.case.status) == ("arrived", "placed")
    assert client.post(f"/api/v1/holds/{hold.id}/cancel", headers=bearer(operator)).status_code == 422


def test_a_no_show_frees_the_place_and_reopens_the_case(client: FlaskClient, municipality: Municipality) -> None:
    hold = make_case_with_hold(municipality)
    worker = make_user(Role.CASEWORKER, municipality)
    url = f"/api/v1/holds/{hold.id}/no-show"
    assert client.post(url, json={"reason": "teleported"}, headers=bearer(worker)).status_code == 422
    assert client.post(url, json={"reason": "declined"}, headers=bearer(worker)).status_code == 200
    db.session.refresh(hold)
    assert (hold.status, hold.no_show_reason, hold.case.status) == ("no_show", "declined", "open")


def test_a_case_read_and_a_repeated_search_each_send_three_statements(
    client: FlaskClient, municipality: Municipality
) -> None:
    """The token, the case with what is read of it, the read logged (R24): nothing loaded twice, nothing lazily."""
    hold = make_case_with_hold(municipality)
    worker = hold.created_by
    assert worker is not None
    headers = bearer(worker)
    case_id = hold.case_id
    assert client.get(f"/api/v1/cases/{case_id}/matches", headers=headers).status_code == 200  # keeps the places
    for path in (f"/api/v1/cases/{case_id}", f"/api/v1/cases/{case_id}/matches"):
        sent: list[str] = []

        def seen(*args: object) -> None:
            statement = str(args[2]).lstrip().split(None, 1)[0].upper()
            if statement in ("SELECT", "INSERT", "UPDATE", "DELETE"):
                sent.append(statement)  # noqa: B023  listened to only within this loop's turn

        event.listen(db.engine, "before_cursor_execute", seen)
        try:
            response = client.get(path, headers=headers)
        finally:
            event.remove(db.engine, "before_cursor_execute", seen)
        assert response.status_code == 200
        assert sent == ["SELECT", "SELECT", "INSERT"], path


def test_numbers_past_any_id_are_not_found_rather_than_a_database_error(
    client: FlaskClient, municipality: Municipality
) -> None:
    """PostgreSQL refuses integers past 2**31 - 1 outright; such an id names nothing, so 404 or 422."""
    headers = bearer(make_user(Role.CASEWORKER, municipality))
    case = make_case(municipality)
    huge = 2**31
    assert client.get(f"/api/v1/cases/{huge}", headers=headers).status_code == 404
    assert client.get(f"/api/v1/cases/{huge * 2**20}/matches", headers=headers).status_code == 404
    hold = {"shelter_id": huge, "category": "bed", "nights": 1}
    assert client.post(f"/api/v1/cases/{case.id}/holds", json=hold, headers=headers).status_code == 422
    decision = {"outcome": "grant", "subject": "deposit_guarantee", "guarantee_id": huge}
    assert client.post(f"/api/v1/cases/{case.id}/decisions", json=decision, headers=headers).status_code == 404
    for needs, household in (({"youngest_adult_age": {}}, {}), ({}, {"adults": 10**12})):
        body = {**FAMILY, "needs": needs, "household": {**FAMILY["household"], **household}}
        assert client.post("/api/v1/cases", json=body, headers=headers).status_code == 422
