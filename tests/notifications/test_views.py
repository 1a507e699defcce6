"""The SMS a worker sees: the text and its parts before holding, what went and what failed after; the SMS page."""

from __future__ import annotations

import threading
from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy import select

from bolig.audit.models import AuditEvent
from bolig.auth.models import Role, User
from bolig.db import db, utcnow
from bolig.municipalities.models import Municipality
from bolig.notifications import operations as sms
from providers.sms import FakeSmsSender, PermanentSmsError
from tests.conftest import csrf_token
from tests.factories import make_case, make_shelter, make_user
from tests.notifications.conftest import hospits


def test_the_worker_sees_the_sms_and_its_parts_before_holding(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    hospits(municipality, utcnow(), beds=3)
    worker = make_user(Role.CASEWORKER, municipality)
    case = make_case(municipality, worker=worker, client_name="Ingrid Berg", phone="912 34 567", sms_consent=True)
    login(worker)
    page = client.get(f"/cases/{case.id}").text
    assert "SMS til Ingrid: 2 SMS, GSM-7" in page
    assert "NAV har en plass til deg i natt: Tøyen hospits, Hagegata 30, 0653 Oslo." in page


def test_without_consent_the_worker_is_told_to_give_the_address_in_person(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    hospits(municipality, utcnow(), beds=3)
    worker = make_user(Role.CASEWORKER, municipality)
    case = make_case(municipality, worker=worker, client_name="Ola Dunk", phone="912 34 567")
    login(worker)
    page = client.get(f"/cases/{case.id}").text
    assert "SMS til Ola" not in page
    assert "Ola har ikke sagt ja til SMS: gi adressen selv." in page


def test_a_failed_sms_is_shown_on_the_case(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    hospits(municipality, utcnow(), beds=3)
    worker = make_user(Role.CASEWORKER, municipality)
    case = make_case(municipality, worker=worker, client_name="Ingrid Berg", phone="912 34 567", sms_consent=True)
    login(worker)
    page = client.get(f"/cases/{case.id}").text
    category = page.split('name="category_id" value="')[1].split('"')[0]
    form = {"category_id": category, "csrf_token": csrf_token(client, f"/cases/{case.id}")}
    assert client.post(f"/cases/{case.id}/holds", data=form).status_code == 302
    sender = FakeSmsSender()
    sender.fail_next(PermanentSmsError("21211", "Invalid 'To' phone number"))
    sms.send_due(db.session(), sender, utcnow(), stop=threading.Event(), batch=1)
    page = client.get(f"/cases/{case.id}").text
    assert "En SMS til Ingrid kunne ikke sendes (plass holdt av). Nå dem på en annen måte." in page


def test_the_sms_page_shows_what_went_to_whom_masked_and_is_logged(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    sms.queue(municipality, phone="+4791234567", kind="capacity_reminder", event_key="t:1", body="Hei", now=utcnow())
    admin = make_user(Role.ADMIN, municipality)
    login(admin)
    page = client.get("/sms").text
    assert "til •••• 567" in page
    assert "+4791234567" not in page
    assert "Venter på å bli sendt" in page
    assert "1 SMS, GSM-7" in page
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "sms.read")).one()
    assert event.actor_id == admin.id


def test_the_sms_page_shows_only_the_municipalitys_own(
    client: FlaskClient,
    login: Callable[[User], FlaskClient],
    municipality: Municipality,
    other_municipality: Municipality,
) -> None:
    sms.queue(other_municipality, phone="+4791234999", kind="escalation", event_key="t:2", body="Bergen", now=utcnow())
    login(make_user(Role.SUPERVISOR, municipality))
    page = client.get("/sms").text
    assert "Bergen" not in page
    assert "Ingen SMS ennå." in page


def test_the_sms_page_hides_messages_about_protected_addresses(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    shelter = make_shelter(municipality, name="Skjult", address="Hemmelig vei 1", protected=True)
    sms.queue(
        municipality,
        phone="+4791234567",
        kind="hold_created",
        event_key="t:3",
        body="NAV har en plass til deg i natt: Skjult, Hemmelig vei 1.",
        now=utcnow(),
        shelter=shelter,
    )
    login(make_user(Role.SUPERVISOR, municipality))
    page = client.get("/sms").text
    assert "Hemmelig vei 1" not in page
    assert "Teksten er skjult: den gjelder en skjermet adresse." in page
