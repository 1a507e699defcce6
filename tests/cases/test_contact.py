"""Correcting the client's name and number: queued SMS follow, and a held place's address reaches the new one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from bolig.audit.models import AuditEvent
from bolig.auth.models import Role, User
from bolig.auth.operations import create_token
from bolig.cases.models import Case, Hold
from bolig.cases.operations import ContactInput, corrections_of, hold_place, update_contact
from bolig.db import db, utcnow
from bolig.errors import InvalidInput
from bolig.municipalities.models import Municipality
from bolig.notifications.models import SmsKind, SmsMessage
from bolig.notifications.operations import cancel_unwanted, opt_out
from bolig.shelters.models import Channel
from bolig.shelters.operations import report_capacity
from tests.conftest import csrf_token
from tests.factories import make_case, make_shelter, make_user

OLD, NEW = "+4791234567", "+4799887766"


def bearer(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(user, 'test', actor=user)[1]}"}


def worker_of(case: Case) -> User:
    assert case.created_by is not None
    return case.created_by


def held(municipality: Municipality, **values: object) -> Hold:
    """A bed held tonight for a client on the old number; the address went out (as the outbox would)."""
    case = make_case(municipality, **({"phone": OLD, "sms_consent": True, "client_name": "Kari Nordmann"} | values))
    shelter = make_shelter(municipality, agreement=(date(2000, 1, 1), date(2100, 1, 1)))
    now = utcnow()
    tonight = municipality.tonight(now)
    report_capacity(shelter, tonight, {"bed": 3}, today=tonight, channel=Channel.WEB, actor=None, now=now)
    hold = hold_place(
        case, shelter.categories[0], first_night=tonight, nights=1, actor=worker_of(case), now=now, today=tonight
    )
    for message in addresses(hold):
        message.status = "sent"
    return hold


def addresses(hold: Hold) -> list[SmsMessage]:
    query = select(SmsMessage).where(SmsMessage.hold_id == hold.id, SmsMessage.kind == SmsKind.HOLD_CREATED)
    return list(db.session.scalars(query.order_by(SmsMessage.id)))


def contact(case: Case, **changes: object) -> ContactInput:
    client = case.client
    fields = {
        "name": client.name,
        "phone": client.phone,
        "language": client.language,
        "sms_consent": True,
        "protected_address": client.protected_address,
    }
    return ContactInput(**(fields | changes))  # type: ignore[arg-type]


def test_a_corrected_number_gets_the_address_of_the_held_place(municipality: Municipality) -> None:
    hold = held(municipality)
    case = hold.case
    changed = update_contact(case, contact(case, phone="997 66 554"), actor=worker_of(case), now=utcnow())
    assert changed == ["phone"]
    assert case.client.phone == "+4799766554"
    # The old number is kept as a note of the correction, not lost (R26).
    assert [(c.field, c.old_value, c.new_value) for c in corrections_of(case.client)] == [("phone", OLD, "+4799766554")]
    sent = addresses(hold)
    assert [(m.phone, m.status) for m in sent] == [(OLD, "sent"), ("+4799766554", "queued")]
    assert sent[1].event_key == f"hold:{hold.id}:created:1"
    assert sent[1].body == sent[0].body
    logged = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "client.update")).one()
    assert logged.details == {"fields": ["phone"]}  # which fields, never their values


def test_messages_not_yet_sent_follow_the_new_number_and_are_not_sent_twice(municipality: Municipality) -> None:
    hold = held(municipality)
    (first,) = addresses(hold)
    first.status = "queued"  # the outbox has not taken it yet
    update_contact(hold.case, contact(hold.case, phone=NEW), actor=worker_of(hold.case), now=utcnow())
    assert [(m.phone, m.status) for m in addresses(hold)] == [(NEW, "queued")]


def test_a_name_or_language_change_sends_nothing(municipality: Municipality) -> None:
    hold = held(municipality)
    case = hold.case
    changed = update_contact(
        case, contact(case, name="Kari Nordmann Berg", language="en"), actor=worker_of(case), now=utcnow()
    )
    assert changed == ["name", "language"]
    assert len(addresses(hold)) == 1
    assert update_contact(case, contact(case), actor=worker_of(case), now=utcnow()) == []


def test_consent_given_later_sends_the_address_and_withdrawn_consent_stops_what_waits(
    municipality: Municipality,
) -> None:
    hold = held(municipality, sms_consent=False)
    case = hold.case
    assert addresses(hold) == []
    update_contact(case, contact(case), actor=worker_of(case), now=utcnow())
    assert [(m.phone, m.status) for m in addresses(hold)] == [(OLD, "queued")]
    update_contact(case, contact(case, sms_consent=False), actor=worker_of(case), now=utcnow())
    cancel_unwanted()
    assert [m.status for m in addresses(hold)] == ["cancelled"]


def test_a_client_who_answered_stopp_gets_nothing_at_a_new_number(municipality: Municipality) -> None:
    hold = held(municipality)
    opt_out(OLD, utcnow())
    update_contact(hold.case, contact(hold.case, phone=NEW), actor=worker_of(hold.case), now=utcnow())
    assert len(addresses(hold)) == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"phone": "123"}, "phone"),
        ({"name": " "}, "client_name"),
        ({"name": "N" * 121}, "client_name"),
        ({"language": "se"}, "language"),
    ],
)
def test_bad_contact_details_are_refused_and_change_nothing(
    municipality: Municipality, changes: dict[str, object], field: str
) -> None:
    case = make_case(municipality, phone=OLD, sms_consent=True)
    with pytest.raises(InvalidInput) as refused:
        update_contact(case, contact(case, **changes), actor=worker_of(case), now=utcnow())
    assert field in refused.value.errors
    assert (case.client.name, case.client.phone, case.client.language) == ("Kari Nordmann", OLD, "nb")


def test_the_caseworker_corrects_the_number_on_the_case_page(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    hold = held(municipality)
    login(make_user(Role.CASEWORKER, municipality))
    page = client.get(f"/cases/{hold.case_id}").text
    assert f"Får SMS på {OLD}, på Norsk bokmål." in page
    assert "Adressen til den reserverte plassen sendes på SMS til et nytt nummer." in page
    form = {"name": "Kari Nordmann", "phone": "abc", "language": "nb", "sms_consent": "1"}
    form["csrf_token"] = csrf_token(client, f"/cases/{hold.case_id}")
    response = client.post(f"/cases/{hold.case_id}/contact", data=form)
    assert response.headers["Location"].endswith(f"/cases/{hold.case_id}#contact")
    assert "Skriv et mobilnummer" in client.get(f"/cases/{hold.case_id}").text
    client.post(f"/cases/{hold.case_id}/contact", data=form | {"phone": NEW})
    page = client.get(f"/cases/{hold.case_id}").text
    assert f"Får SMS på {NEW}, på Norsk bokmål." in page
    assert "1 rettelse" in page
    assert f"Mobilnummer: {OLD} → {NEW}" in page
    assert [m.phone for m in addresses(hold)] == [OLD, NEW]


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.OPERATOR, Role.ADMIN])
def test_only_the_caseworker_corrects_contact_details(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality, role: Role
) -> None:
    case = make_case(municipality, phone=OLD, sms_consent=True)
    user = make_user(role, municipality)
    login(user)
    form = {"name": "X", "phone": NEW, "language": "nb", "csrf_token": csrf_token(client, "/")}
    assert client.post(f"/cases/{case.id}/contact", data=form).status_code == 404
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    patch = client.patch(f"/api/v1/cases/{case.id}/client", json={"phone": NEW}, headers=bearer(user))
    assert patch.status_code == 404
    assert case.client.phone == OLD


def test_the_api_corrects_what_it_is_given_and_keeps_the_rest(
    client: FlaskClient, municipality: Municipality, other_municipality: Municipality
) -> None:
    case = make_case(municipality, phone=OLD, sms_consent=True, language="nn")
    headers = bearer(make_user(Role.CASEWORKER, municipality))
    path = f"/api/v1/cases/{case.id}/client"
    wrong = client.patch(
        path, json={"phone": 4799887766, "sms_consent": "yes", "protected_address": 1}, headers=headers
    )
    assert wrong.status_code == 422
    assert wrong.json is not None
    assert set(wrong.json["error"]["fields"]) == {"phone", "sms_consent", "protected_address"}
    response = client.patch(path, json={"phone": "+47 998 87 766"}, headers=headers)
    assert response.status_code == 200
    assert response.json is not None
    assert response.json["client"] | {"national_id": None} == {
        "name": "Kari Nordmann",
        "phone": NEW,
        "language": "nn",
        "sms_consent": True,
        "national_id": None,
        "protected_address": False,
    }
    elsewhere = make_case(other_municipality)
    assert client.patch(f"/api/v1/cases/{elsewhere.id}/client", json={}, headers=headers).status_code == 404


def test_a_protected_address_found_out_later_is_marked_and_the_place_questioned(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    hold = held(municipality)
    login(make_user(Role.CASEWORKER, municipality))
    form = {"name": "Kari Nordmann", "phone": OLD, "language": "nb", "sms_consent": "1", "protected_address": "1"}
    client.post(f"/cases/{hold.case_id}/contact", data=form | {"csrf_token": csrf_token(client, "/")})
    assert hold.case.client.protected_address
    page = client.get(f"/cases/{hold.case_id}").text
    assert f"Kari har skjermet adresse, men {hold.shelter.name} er ikke egnet for det." in page
    logged = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "client.update")).one()
    assert logged.details == {"fields": ["protected_address"]}


def test_an_answer_with_the_clients_details_is_a_logged_read_even_when_nothing_changed(
    client: FlaskClient, municipality: Municipality
) -> None:
    """R24: every read of a client's record is logged."""
    case = make_case(municipality, phone=OLD, sms_consent=True)
    headers = bearer(make_user(Role.CASEWORKER, municipality))
    response = client.patch(f"/api/v1/cases/{case.id}/client", json={}, headers=headers)
    assert response.status_code == 200
    reads = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "case.read")).all()
    assert [event.client_id for event in reads] == [case.client_id]
