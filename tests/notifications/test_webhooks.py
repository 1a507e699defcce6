"""Twilio's webhooks: only what Twilio signed for the public address is acted on; replies, capacity and delivery."""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from twilio.request_validator import RequestValidator
from werkzeug.test import TestResponse

from bolig.audit.models import AuditEvent
from bolig.cases.models import Case, CaseStatus, Client, Hold, HoldStatus
from bolig.cases.operations import hold_place
from bolig.db import db, utcnow
from bolig.municipalities.models import DEFAULT_SETTINGS, Municipality
from bolig.notifications.messages import Reply, render
from bolig.notifications.models import DeliveryReport, Direction, SmsKind, SmsMessage, SmsStatus
from bolig.notifications.operations import REPORT_KEPT, apply_early_reports, queue, send_due, to_client
from bolig.shelters.models import CapacityReport, Channel, PlaceCategory, Shelter
from bolig.shelters.operations import report_capacity
from jobs import send_outbox
from providers.sms import FakeSmsSender
from tests.factories import make_case, make_case_with_hold, make_shelter

TOKEN = "twilio-auth-token-for-tests"
PUBLIC = "https://bolig.example.kommune.no"
INBOUND = "/webhooks/twilio/inbound"
STATUS = "/webhooks/twilio/status"
OUR_NUMBER = "+4759440000"
CLIENT_PHONE = "+4791234567"
OPERATOR_PHONE = "+4791234000"
ON_CALL = "+4790000000"
CLIENT_NAME = "Ola Testesen"
FIRST_NAME = "Ola"
SHELTER_NAME = "Tryggheim"
SHELTER_ADDRESS = "Bortgjemtveien 7"

CLIENT_HELP = render(Reply.CLIENT_HELP, "nb", {"phone": DEFAULT_SETTINGS["nav_phone"]})
OPERATOR_HELP = render(Reply.OPERATOR_HELP, "nb", {})
UNKNOWN = render(Reply.UNKNOWN, "nb", {"phone": DEFAULT_SETTINGS["nav_phone"]})


@pytest.fixture
def twilio(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """The account's token and the address Twilio is told to call, unlike the test client's http://localhost."""
    monkeypatch.setitem(app.config, "TWILIO_AUTH_TOKEN", TOKEN)
    monkeypatch.setitem(app.config, "PUBLIC_URL", PUBLIC)


pytestmark = pytest.mark.usefixtures("twilio")


def signature(path: str, params: dict[str, str], *, token: str = TOKEN, base: str = PUBLIC) -> str:
    """What Twilio puts in X-Twilio-Signature for these parameters posted to base + path."""
    return str(RequestValidator(token).compute_signature(base + path, params))


def post(
    client: FlaskClient, path: str, params: dict[str, str], *, signed: dict[str, str] | None = None
) -> TestResponse:
    """Post the parameters as Twilio does, signed over `signed` (the same parameters unless given)."""
    headers = {"X-Twilio-Signature": signature(path, params if signed is None else signed)}
    return client.post(path, data=params, headers=headers)


def sms_params(phone: str, body: str) -> dict[str, str]:
    return {
        "MessageSid": "SM" + "a" * 32,
        "AccountSid": "AC" + "b" * 32,
        "From": phone,
        "To": OUR_NUMBER,
        "Body": body,
        "NumMedia": "0",
    }


def sms(client: FlaskClient, phone: str, body: str) -> str:
    """Send an SMS to bolig through the webhook; the text of the answer."""
    response = post(client, INBOUND, sms_params(phone, body))
    assert response.status_code == 200, response.text
    return answer(response)


def answer(response: TestResponse) -> str:
    """The one message of a TwiML reply."""
    assert response.mimetype == "application/xml"
    match = re.fullmatch(r"<\?xml[^>]*\?><Response><Message>(.*)</Message></Response>", response.text, re.DOTALL)
    assert match, response.text
    return html.unescape(match.group(1))


def status_params(sid: str, status: str, error_code: str = "") -> dict[str, str]:
    params = {"MessageSid": sid, "AccountSid": "AC" + "b" * 32, "MessageStatus": status, "To": CLIENT_PHONE}
    if error_code:
        params["ErrorCode"] = error_code
    return params


def fresh() -> None:
    """Forget what this test's session holds: the requests wrote through sessions of their own."""
    db.session.expire_all()


def count(model: type) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def actions(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def reports_of(shelter: Shelter) -> dict[str, CapacityReport]:
    query = select(CapacityReport).join(PlaceCategory).where(PlaceCategory.shelter_id == shelter.id)
    return {report.category.code: report for report in db.session.scalars(query)}


def year() -> tuple[date, date]:
    return date(2000, 1, 1), date(2100, 1, 1)


def client_with_hold(municipality: Municipality) -> Hold:
    """A client who agreed to SMS at 912 34 567, holding a bed tonight at a shelter whose address is known."""
    shelter = make_shelter(municipality, name=SHELTER_NAME, address=SHELTER_ADDRESS, agreement=year())
    now = utcnow()
    tonight = municipality.tonight(now)
    report_capacity(shelter, tonight, {"bed": 5}, today=tonight, channel=Channel.WEB, actor=None, now=now)
    case = make_case(municipality, client_name=CLIENT_NAME, phone="912 34 567", sms_consent=True)
    assert case.client.phone == CLIENT_PHONE
    assert case.created_by is not None
    return hold_place(
        case, shelter.categories[0], first_night=tonight, nights=1, actor=case.created_by, now=now, today=tonight
    )


def operated_shelter(municipality: Municipality) -> Shelter:
    """A shelter with 10 beds and 3 family rooms whose operator texts from 912 34 000."""
    shelter = make_shelter(municipality, name="Nattly", operator_phone="912 34 000")
    assert shelter.operator_phone == OPERATOR_PHONE
    return shelter


def queued_message(municipality: Municipality, key: str) -> SmsMessage:
    """A message to the client in the outbox, due now."""
    return queue(
        municipality,
        phone=CLIENT_PHONE,
        kind=SmsKind.DECISION,
        event_key=f"test:{key}",
        body="Du har fått et nytt vedtak fra NAV.",
        now=utcnow(),
        urgent=True,
    )


def sent_message(municipality: Municipality, sid: str) -> SmsMessage:
    """A message the provider has taken, under its id."""
    message = queued_message(municipality, sid)
    message.status = SmsStatus.SENT
    message.provider_sid = sid
    message.sent_at = utcnow()
    db.session.flush()
    return message


# --- Signatures --------------------------------------------------------------------------------------------------


@dataclass
class Scenario:
    """One kind of webhook call: what it is, what a replay changes it to, what success looks like."""

    path: str
    params: dict[str, str]
    changed: dict[str, str]
    success: int
    done: Callable[[], bool]


def scenario(kind: str, municipality: Municipality) -> Scenario:
    if kind == "reply":
        hold = client_with_hold(municipality)
        params = sms_params(CLIENT_PHONE, "JA")

        def confirmed() -> bool:
            return db.session.get(Hold, hold.id).confirmed_at is not None  # type: ignore[union-attr]

        return Scenario(INBOUND, params, {**params, "Body": "NEI"}, 200, confirmed)
    if kind == "capacity":
        shelter = operated_shelter(municipality)
        params = sms_params(OPERATOR_PHONE, "LEDIG 1")
        return Scenario(INBOUND, params, {**params, "Body": "LEDIG 9"}, 200, lambda: bool(reports_of(shelter)))
    message = sent_message(municipality, "SM" + "c" * 32)
    params = status_params(message.provider_sid or "", "failed", "30003")

    def recorded() -> bool:
        return db.session.get(SmsMessage, message.id).status != SmsStatus.SENT  # type: ignore[union-attr]

    return Scenario(STATUS, params, {**params, "MessageStatus": "delivered"}, 204, recorded)


def state() -> tuple[object, ...]:
    """Everything a webhook could change, to show that a refused one changed nothing."""
    fresh()
    holds = db.session.execute(select(Hold.id, Hold.status, Hold.confirmed_at).order_by(Hold.id)).all()
    messages = db.session.execute(select(SmsMessage.id, SmsMessage.status).order_by(SmsMessage.id)).all()
    cases = db.session.execute(select(Case.id, Case.status).order_by(Case.id)).all()
    opted_out = db.session.execute(select(Client.id, Client.sms_opted_out_at).order_by(Client.id)).all()
    return holds, messages, cases, opted_out, count(CapacityReport), count(AuditEvent)


KINDS = ["reply", "capacity", "status"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_request_twilio_signed_for_the_public_address_is_acted_on(
    client: FlaskClient, municipality: Municipality, kind: str
) -> None:
    case = scenario(kind, municipality)
    response = post(client, case.path, case.params)
    assert response.status_code == case.success, response.text
    fresh()
    assert case.done()


@dataclass
class Attempt:
    """A request as an attacker (or a misconfigured server) would make it."""

    data: dict[str, str]
    headers: dict[str, str]
    config: dict[str, object] = field(default_factory=dict)


def forged(case: Scenario) -> Attempt:
    return Attempt(case.params, {"X-Twilio-Signature": signature(case.path, case.params, token="someone-elses")})


def replayed(case: Scenario) -> Attempt:
    return Attempt(case.changed, {"X-Twilio-Signature": signature(case.path, case.params)})


def unsigned(case: Scenario) -> Attempt:
    return Attempt(case.params, {})


def empty_signature(case: Scenario) -> Attempt:
    return Attempt(case.params, {"X-Twilio-Signature": ""})


def signed_for_request_url(case: Scenario) -> Attempt:
    # What a handler trusting request.url would accept: the address the request arrived at, not Twilio's.
    return Attempt(case.params, {"X-Twilio-Signature": signature(case.path, case.params, base="http://localhost")})


def no_token(case: Scenario) -> Attempt:
    # Signed with the empty token, as a server without BOLIG_TWILIO_AUTH_TOKEN would check it.
    headers = {"X-Twilio-Signature": signature(case.path, case.params, token="")}
    return Attempt(case.params, headers, {"TWILIO_AUTH_TOKEN": ""})


def no_token_at_all(case: Scenario) -> Attempt:
    return Attempt(case.params, {"X-Twilio-Signature": signature(case.path, case.params)}, {"TWILIO_AUTH_TOKEN": None})


ATTACKS = [forged, replayed, unsigned, empty_signature, signed_for_request_url, no_token, no_token_at_all]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("attack", ATTACKS, ids=lambda attack: attack.__name__)
def test_a_request_not_signed_by_twilio_for_exactly_this_is_refused_and_changes_nothing(
    client: FlaskClient,
    municipality: Municipality,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    attack: Callable[[Scenario], Attempt],
) -> None:
    case = scenario(kind, municipality)
    attempt = attack(case)
    for key, value in attempt.config.items():
        monkeypatch.setitem(client.application.config, key, value)
    before = state()
    response = client.post(case.path, data=attempt.data, headers=attempt.headers)
    assert response.status_code == 403
    assert state() == before
    assert not case.done()


def test_the_query_string_is_part_of_what_is_signed(client: FlaskClient, municipality: Municipality) -> None:
    message = sent_message(municipality, "SM" + "d" * 32)
    params = status_params(message.provider_sid or "", "delivered")
    path = STATUS + "?attempt=2"
    without_query = {"X-Twilio-Signature": signature(STATUS, params)}
    assert client.post(path, data=params, headers=without_query).status_code == 403
    with_query = {"X-Twilio-Signature": signature(path, params)}
    assert client.post(path, data=params, headers=with_query).status_code == 204
    fresh()
    assert db.session.get(SmsMessage, message.id).status == SmsStatus.DELIVERED  # type: ignore[union-attr]


# --- A client's answer ------------------------------------------------------------------------------------------


def test_ja_confirms_the_held_place_and_is_logged(client: FlaskClient, municipality: Municipality) -> None:
    hold = client_with_hold(municipality)
    reply = sms(client, CLIENT_PHONE, "JA")
    assert SHELTER_NAME in reply
    assert reply == render(Reply.CONFIRMED, "nb", {"shelter": SHELTER_NAME})
    fresh()
    assert hold.confirmed_at is not None
    assert hold.status == HoldStatus.ACTIVE
    [stored] = db.session.scalars(select(SmsMessage).where(SmsMessage.direction == Direction.IN))
    assert (stored.status, stored.kind, stored.body) == (SmsStatus.RECEIVED, SmsKind.REPLY, "JA")
    assert stored.phone == CLIENT_PHONE
    assert (stored.client_id, stored.hold_id, stored.case_id) == (hold.case.client_id, hold.id, hold.case_id)
    [event] = actions("hold.confirmed")
    assert (event.object_type, event.object_id, event.client_id) == ("Hold", str(hold.id), hold.case.client_id)
    assert event.actor_id is None
    assert event.address == "sms"


def test_nei_in_any_case_and_with_punctuation_releases_the_place_and_reopens_the_case(
    client: FlaskClient, municipality: Municipality
) -> None:
    hold = client_with_hold(municipality)
    reply = sms(client, CLIENT_PHONE, " nei. ")
    assert reply == render(Reply.DECLINED, "nb", {"phone": DEFAULT_SETTINGS["nav_phone"]})
    fresh()
    assert hold.status == HoldStatus.CANCELLED
    assert hold.ended_at is not None
    assert hold.confirmed_at is None
    assert hold.case.status == CaseStatus.OPEN
    [event] = actions("hold.cancelled")
    assert (event.object_id, event.client_id, event.details) == (str(hold.id), hold.case.client_id, {"by": "client"})
    assert event.actor_id is None
    assert event.address == "sms"
    # No on-call phone is set: nobody is texted.
    assert db.session.scalars(select(SmsMessage).where(SmsMessage.kind == SmsKind.DECLINED)).all() == []


def test_nei_tells_the_on_call_phone_without_naming_the_client(client: FlaskClient, municipality: Municipality) -> None:
    municipality.settings = {**(municipality.settings or {}), "on_call_phone": ON_CALL}
    hold = client_with_hold(municipality)
    reply = sms(client, CLIENT_PHONE, "NEI")
    assert reply == render(Reply.DECLINED, "nb", {"phone": DEFAULT_SETTINGS["nav_phone"]})
    fresh()
    assert hold.status == HoldStatus.CANCELLED
    assert hold.case.status == CaseStatus.OPEN
    [told] = db.session.scalars(select(SmsMessage).where(SmsMessage.kind == SmsKind.DECLINED))
    assert (told.phone, told.status, told.urgent) == (ON_CALL, SmsStatus.QUEUED, True)
    assert SHELTER_NAME in told.body
    assert f"{PUBLIC}/cases/{hold.case_id}" in told.body
    # The on-call phone learns that a household declined and where to look, not who (R24).
    assert CLIENT_NAME not in told.body
    assert FIRST_NAME not in told.body
    assert told.client_id is None
    assert len(actions("hold.cancelled")) == 1


def test_the_on_call_text_for_a_declined_place_is_not_the_clients_answer() -> None:
    """The staff text itself, apart from the webhook: the shelter and a link, and it needs nothing else."""
    text = render(SmsKind.DECLINED, "nb", {"shelter": SHELTER_NAME, "link": f"{PUBLIC}/cases/1"})
    assert SHELTER_NAME in text
    assert f"{PUBLIC}/cases/1" in text


def test_stopp_opts_the_client_out_and_cancels_what_is_queued_to_the_number(
    client: FlaskClient, municipality: Municipality
) -> None:
    hold = client_with_hold(municipality)
    [hold_message] = db.session.scalars(select(SmsMessage).where(SmsMessage.kind == SmsKind.HOLD_CREATED))
    assert hold_message.status == SmsStatus.QUEUED
    other = queue(municipality, phone=ON_CALL, kind=SmsKind.ESCALATION, event_key="test:other", body="x", now=utcnow())
    reply = sms(client, CLIENT_PHONE, "STOPP")
    assert reply == render(Reply.STOPPED, "nb", {"phone": DEFAULT_SETTINGS["nav_phone"]})
    fresh()
    assert hold.case.client.sms_opted_out_at is not None
    assert hold_message.status == SmsStatus.CANCELLED
    assert other.status == SmsStatus.QUEUED
    # The place is still theirs: STOPP is about messages, not the hold.
    assert hold.status == HoldStatus.ACTIVE
    event_key = f"hold:{hold.id}:test-after-stop"
    assert to_client(hold.case.client, SmsKind.HOLD_REMINDER, {}, event_key=event_key, now=utcnow()) is None
    assert db.session.scalars(select(SmsMessage).where(SmsMessage.event_key == event_key)).all() == []


@pytest.mark.parametrize("body", ["JA", "nei", "kanskje", ""])
def test_a_client_without_an_active_hold_gets_the_help_text_and_nothing_changes(
    client: FlaskClient, municipality: Municipality, body: str
) -> None:
    make_case(municipality, client_name=CLIENT_NAME, phone="912 34 567", sms_consent=True)
    before = state()
    assert sms(client, CLIENT_PHONE, body) == CLIENT_HELP
    after = state()
    # Only the incoming message itself is kept.
    assert after[:1] + after[2:] == before[:1] + before[2:]
    [stored] = db.session.scalars(select(SmsMessage).where(SmsMessage.id.not_in([m[0] for m in before[1]])))
    assert (stored.direction, stored.status) == (Direction.IN, SmsStatus.RECEIVED)


def test_a_client_with_a_hold_who_writes_something_else_gets_the_help_text(
    client: FlaskClient, municipality: Municipality
) -> None:
    hold = client_with_hold(municipality)
    assert sms(client, CLIENT_PHONE, "hvor er det?") == CLIENT_HELP
    fresh()
    assert (hold.status, hold.confirmed_at) == (HoldStatus.ACTIVE, None)
    assert actions("hold.confirmed") == actions("hold.cancelled") == []


# --- An operator's free places ---------------------------------------------------------------------------------


def test_an_operator_reports_beds_and_family_rooms_for_tonight(client: FlaskClient, municipality: Municipality) -> None:
    shelter = operated_shelter(municipality)
    reply = sms(client, OPERATOR_PHONE, "LEDIG 3 FAMILIE 1")
    assert reply == "Takk! Lagret for Nattly i natt: senger 3 meldt, 3 ledig; familierom 1 meldt, 1 ledig."
    fresh()
    reports = reports_of(shelter)
    tonight = municipality.tonight(utcnow())
    assert {code: (r.offered, r.night, r.channel) for code, r in reports.items()} == {
        "bed": (3, tonight, Channel.SMS),
        "family_unit": (1, tonight, Channel.SMS),
    }
    [stored] = db.session.scalars(select(SmsMessage).where(SmsMessage.direction == Direction.IN))
    assert (stored.shelter_id, stored.phone, stored.client_id) == (shelter.id, OPERATOR_PHONE, None)
    [event] = actions("capacity.report")
    assert event.details["channel"] == "sms"


def test_a_bare_number_is_beds_only(client: FlaskClient, municipality: Municipality) -> None:
    shelter = operated_shelter(municipality)
    reply = sms(client, OPERATOR_PHONE, "ledig 2")
    assert reply == "Takk! Lagret for Nattly i natt: senger 2 meldt, 2 ledig."
    fresh()
    assert {code: r.offered for code, r in reports_of(shelter).items()} == {"bed": 2}


@pytest.mark.parametrize(
    "body",
    [
        "hei",
        "LEDIG x",
        "LEDIG -1",
        "LEDIG 3 FAMILIE",
        "LEDIG",
        "LEDIG 3 SOFA 1",
        "LEDIG 3 FAMILIE 1 FAMILIE 1",
        # More than a category holds: refused whole, the beds too.
        "LEDIG 11",
        "LEDIG 3 FAMILIE 4",
    ],
)
def test_an_operator_message_that_cannot_be_saved_gets_the_help_text_and_saves_nothing(
    client: FlaskClient, municipality: Municipality, body: str
) -> None:
    shelter = operated_shelter(municipality)
    assert sms(client, OPERATOR_PHONE, body) == OPERATOR_HELP
    fresh()
    assert reports_of(shelter) == {}
    assert actions("capacity.report") == []


# --- A number bolig does not know --------------------------------------------------------------------------------


@pytest.mark.parametrize("body", ["JA", "NEI", "STOPP", "LEDIG 3", "hei"])
def test_an_unknown_sender_gets_only_the_help_text_and_nothing_is_stored(
    client: FlaskClient, municipality: Municipality, body: str
) -> None:
    client_with_hold(municipality)
    operated_shelter(municipality)
    before = state()
    reply = sms(client, "+4798765432", body)
    assert reply == UNKNOWN
    assert state() == before
    for secret in (CLIENT_NAME, FIRST_NAME, SHELTER_NAME, SHELTER_ADDRESS, "Nattly"):
        assert secret not in reply


@pytest.mark.parametrize(("sender", "body"), [("2222", "JA"), ("Telenor", "NEI"), ("", "LEDIG 3")])
def test_a_sender_whose_number_cannot_be_read_is_nobody(
    client: FlaskClient, municipality: Municipality, sender: str, body: str
) -> None:
    # A client registered without a phone, holding a place at a shelter whose operator has no SMS number.
    make_case_with_hold(municipality)
    before = state()
    reply = sms(client, sender, body)
    assert state() == before
    assert reply == UNKNOWN


# --- Delivery reports ------------------------------------------------------------------------------------------


def status(client: FlaskClient, sid: str, value: str, error_code: str = "") -> None:
    response = post(client, STATUS, status_params(sid, value, error_code))
    assert response.status_code == 204, response.text
    assert response.text == ""


def test_delivered_is_recorded_with_its_time(client: FlaskClient, municipality: Municipality) -> None:
    message = sent_message(municipality, "SM" + "1" * 32)
    status(client, message.provider_sid or "", "delivered")
    fresh()
    assert message.status == SmsStatus.DELIVERED
    assert message.delivered_at is not None
    assert message.error_code == ""


@pytest.mark.parametrize("value", ["failed", "undelivered"])
def test_failed_is_recorded_with_the_providers_error_code(
    client: FlaskClient, municipality: Municipality, value: str
) -> None:
    message = sent_message(municipality, "SM" + "2" * 32)
    status(client, message.provider_sid or "", value, "30003")
    fresh()
    assert message.status == SmsStatus.FAILED
    assert message.error_code == "30003"
    assert message.delivered_at is None


def test_a_final_state_is_never_overwritten_by_a_late_report(client: FlaskClient, municipality: Municipality) -> None:
    delivered = sent_message(municipality, "SM" + "3" * 32)
    status(client, delivered.provider_sid or "", "delivered")
    fresh()
    at = delivered.delivered_at
    for late in ("sent", "queued", "failed", "delivered"):
        status(client, delivered.provider_sid or "", late, "30003")
    fresh()
    assert (delivered.status, delivered.delivered_at, delivered.error_code) == (SmsStatus.DELIVERED, at, "")
    failed = sent_message(municipality, "SM" + "4" * 32)
    status(client, failed.provider_sid or "", "failed", "30003")
    status(client, failed.provider_sid or "", "delivered")
    fresh()
    assert (failed.status, failed.delivered_at, failed.error_code) == (SmsStatus.FAILED, None, "30003")


def test_an_early_state_says_nothing_new(client: FlaskClient, municipality: Municipality) -> None:
    message = sent_message(municipality, "SM" + "5" * 32)
    for early in ("queued", "sending", "sent", "nonsense"):
        status(client, message.provider_sid or "", early)
    fresh()
    assert (message.status, message.delivered_at) == (SmsStatus.SENT, None)


def test_a_report_for_an_unknown_message_is_kept_a_week_and_changes_nothing(
    client: FlaskClient, municipality: Municipality
) -> None:
    sent_message(municipality, "SM" + "6" * 32)
    before = state()
    status(client, "SM" + "f" * 32, "sent")
    status(client, "SM" + "f" * 32, "delivered")
    status(client, "SM" + "f" * 32, "failed", "30003")
    assert state() == before
    kept = db.session.execute(select(DeliveryReport.provider_sid, DeliveryReport.status)).all()
    assert kept == [("SM" + "f" * 32, "delivered"), ("SM" + "f" * 32, "failed")]  # final reports only
    assert apply_early_reports(utcnow() + REPORT_KEPT - timedelta(minutes=1)) == 0
    assert count(DeliveryReport) == 2
    apply_early_reports(utcnow() + REPORT_KEPT + timedelta(minutes=1))
    assert count(DeliveryReport) == 0
    assert state() == before


class CallbackFirst(FakeSmsSender):
    """Twilio calling back about a message before send() has returned, so before the outbox saved its id."""

    def __init__(self, client: FlaskClient, value: str, error_code: str) -> None:
        super().__init__()
        self.client, self.value, self.error_code = client, value, error_code

    def send(self, to: str, body: str) -> str:
        sid = super().send(to, body)
        status(self.client, sid, self.value, self.error_code)
        return sid


@pytest.mark.parametrize(
    ("value", "error_code", "final"), [("delivered", "", "delivered"), ("failed", "30003", "failed")]
)
def test_a_report_that_came_before_the_id_was_saved_is_applied_by_the_next_outbox_run(
    client: FlaskClient, municipality: Municipality, value: str, error_code: str, final: str
) -> None:
    message = queued_message(municipality, "early")
    db.session.commit()
    sender = CallbackFirst(client, value, error_code)
    assert send_due(db.session(), sender, utcnow(), stop=threading.Event(), batch=5) == 1
    fresh()
    assert (message.status, message.provider_sid) == (SmsStatus.SENT, sender.outbox[0].sid)  # too early to apply
    [report] = db.session.scalars(select(DeliveryReport))

    send_outbox.run(now=utcnow())
    db.session.commit()
    fresh()
    assert (message.status, message.error_code) == (final, error_code)
    assert message.delivered_at == (report.received_at if final == "delivered" else None)
    assert count(DeliveryReport) == 0


@pytest.mark.parametrize("body", ["LEDIG ²", "LEDIG ٣", "LEDIG 3 FAMILIE ¹", "LEDIG 99999999999"])
def test_digits_that_are_not_ascii_or_absurd_counts_get_the_help_text(
    client: FlaskClient, municipality: Municipality, body: str
) -> None:
    shelter = operated_shelter(municipality)
    assert sms(client, OPERATOR_PHONE, body) == OPERATOR_HELP
    fresh()
    assert reports_of(shelter) == {}
