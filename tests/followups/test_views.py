"""Planning and recording steps from the case page, and the board's reminders, as requests for every role."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from bolig.auth.models import Role, User
from bolig.cases.models import Case
from bolig.cases.operations import mark_arrived
from bolig.db import db, utcnow
from bolig.followups.models import FollowUp
from bolig.followups.operations import FollowUpInput, due_moment, plan_follow_up
from bolig.municipalities.models import Municipality
from bolig.notifications.models import SmsMessage
from bolig.timeutil import oslo_today
from tests.conftest import csrf_token
from tests.factories import make_case, make_case_with_hold, make_user


def in_days(days: int) -> str:
    return (oslo_today(utcnow()) + timedelta(days=days)).isoformat()


def planned(case: Case, days: int = 2, clock: str = "10:00") -> FollowUp:
    assert case.created_by is not None
    data = FollowUpInput(kind="meeting", due_at=due_moment(in_days(days), clock), remind_client=True)
    return plan_follow_up(case, data, actor=case.created_by, now=utcnow())


def test_the_caseworker_plans_a_step_and_the_client_will_be_reminded(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    case = make_case(municipality, phone="+4791234567", sms_consent=True)
    login(make_user(Role.CASEWORKER, municipality))
    page = client.get(f"/cases/{case.id}").text
    assert "Veien til fast bolig" in page
    assert "Minn Kari på det med SMS dagen før" in page
    form = {"kind": "viewing", "day": in_days(3), "clock": "14:00", "place": "Storgata 1", "note": "Ta med ID"}
    form |= {"remind_client": "1", "csrf_token": csrf_token(client, f"/cases/{case.id}")}
    response = client.post(f"/cases/{case.id}/follow-ups", data=form)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/cases/{case.id}#follow-ups")
    page = client.get(f"/cases/{case.id}").text
    assert "Steget er planlagt." in page
    assert "Visning av bolig" in page
    assert "Storgata 1" in page
    assert "SMS-påminnelse: venter på å bli sendt" in page
    assert db.session.scalar(select(func.count()).select_from(SmsMessage)) == 1


def test_a_refused_step_says_why_and_saves_nothing(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    case = make_case(municipality)
    login(make_user(Role.CASEWORKER, municipality))
    form = {"kind": "meeting", "day": in_days(-1), "clock": "10:00"}
    form["csrf_token"] = csrf_token(client, f"/cases/{case.id}")
    client.post(f"/cases/{case.id}/follow-ups", data=form)
    assert "Velg et tidspunkt senere enn nå." in client.get(f"/cases/{case.id}").text
    assert db.session.scalar(select(func.count()).select_from(FollowUp)) == 0


def test_the_caseworker_records_how_a_step_went(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    follow_up = planned(make_case(municipality))
    login(make_user(Role.CASEWORKER, municipality))
    token = csrf_token(client, f"/cases/{follow_up.case_id}")
    form = {"outcome": "Fikk tilbud om kommunal bolig", "csrf_token": token}
    assert client.post(f"/follow-ups/{follow_up.id}/done", data=form).status_code == 302
    page = client.get(f"/cases/{follow_up.case_id}").text
    assert "Gjennomført" in page
    assert "Fikk tilbud om kommunal bolig" in page
    assert "Registrer hvordan det gikk" not in page
    client.post(f"/follow-ups/{follow_up.id}/cancelled", data={"csrf_token": token})
    assert "allerede registrert som: Gjennomført" in client.get(f"/cases/{follow_up.case_id}").text
    db.session.refresh(follow_up)
    assert follow_up.status == "done"


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.OPERATOR, Role.ADMIN])
def test_only_a_caseworker_plans_and_records_steps(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality, role: Role
) -> None:
    follow_up = planned(make_case(municipality))
    login(make_user(role, municipality))
    token = csrf_token(client, "/")
    form = {"kind": "meeting", "day": in_days(2), "clock": "10:00", "csrf_token": token}
    assert client.post(f"/cases/{follow_up.case_id}/follow-ups", data=form).status_code == 404
    assert client.post(f"/follow-ups/{follow_up.id}/done", data={"csrf_token": token}).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(FollowUp)) == 1
    assert follow_up.status == "planned"


def test_a_caseworker_of_another_municipality_gets_404(
    client: FlaskClient,
    login: Callable[[User], FlaskClient],
    municipality: Municipality,
    other_municipality: Municipality,
) -> None:
    follow_up = planned(make_case(municipality))
    login(make_user(Role.CASEWORKER, other_municipality))
    token = csrf_token(client, "/")
    form = {"kind": "meeting", "day": in_days(2), "clock": "10:00", "csrf_token": token}
    assert client.post(f"/cases/{follow_up.case_id}/follow-ups", data=form).status_code == 404
    assert client.post(f"/follow-ups/{follow_up.id}/done", data={"csrf_token": token}).status_code == 404


def test_nobody_logged_in_is_sent_to_log_in(client: FlaskClient, municipality: Municipality) -> None:
    follow_up = planned(make_case(municipality))
    response = client.post(f"/follow-ups/{follow_up.id}/done", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    db.session.refresh(follow_up)
    assert follow_up.status == "planned"


def test_the_supervisor_sees_the_steps_but_no_forms(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    follow_up = planned(make_case(municipality))
    login(make_user(Role.SUPERVISOR, municipality))
    page = client.get(f"/cases/{follow_up.case_id}").text
    assert "Samtale hos NAV" in page
    assert "Planlegg et steg" not in page
    assert "Registrer hvordan det gikk" not in page


def test_the_board_shows_todays_steps_and_stays_with_nothing_planned(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    hold = make_case_with_hold(municipality)
    worker = make_user(Role.CASEWORKER, municipality)
    mark_arrived(hold, actor=worker, now=utcnow())
    login(worker)
    page = client.get("/board").text
    assert "Bor midlertidig uten planlagt steg" in page
    assert "Ingenting er planlagt i dag." in page
    today = make_case(municipality, client_name="Ola Hansen")
    follow_up = planned(today, days=1)
    follow_up.due_at = utcnow() - timedelta(minutes=5)  # its time came a moment ago, and nobody recorded it
    page = client.get("/board").text
    assert "Ola Hansen" in page
    assert "Ikke registrert ennå" in page
    planned(hold.case)
    assert "Bor midlertidig uten planlagt steg" not in client.get("/board").text


def test_the_caseworkers_home_page_shows_todays_steps(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    worker = make_user(Role.CASEWORKER, municipality)
    login(worker)
    assert "Oppfølging i dag" not in client.get("/").text  # nothing due: no heading
    follow_up = planned(make_case(municipality, client_name="Ola Hansen"), days=1)
    follow_up.due_at = utcnow() - timedelta(minutes=1)  # today, or earlier and not recorded: listed either way
    page = client.get("/").text
    assert "Oppfølging i dag" in page
    assert "Ola Hansen" in page
    assert "Samtale hos NAV" in page
    login(make_user(Role.OPERATOR, municipality))
    assert "Ola Hansen" not in client.get("/").text
