"""Decisions: a draft from the case, nothing issued while R13's content is missing, issued letters that never
change, delivery and the appeal deadline, appeals in and out of time, and the same-day rule."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from bolig.audit.models import AuditEvent
from bolig.cases.models import CaseStatus
from bolig.cases.operations import exclude, mark_arrived
from bolig.db import db, utcnow
from bolig.decisions import operations
from bolig.decisions.models import AppealStatus, Decision
from bolig.errors import InvalidInput
from bolig.municipalities.models import Municipality
from bolig.notifications.models import SmsKind, SmsMessage
from bolig.timeutil import oslo_moment, oslo_today, parse_clock
from tests.decisions.conftest import delivered
from tests.factories import make_case, make_case_with_hold, make_decision

PDF = b"%PDF-1.7 letter"


def render(_decision: Decision) -> bytes:
    return PDF


def test_a_grant_is_drafted_from_the_case_and_its_held_place(app: Flask, municipality: Municipality) -> None:
    """R10: the client pays their own share unless they consent to NAV paying the provider, or a decision says so."""
    hold = make_case_with_hold(municipality)
    decision = operations.draft(hold.case, "grant", actor=hold.case.created_by, now=utcnow())  # type: ignore[arg-type]
    assert (decision.shelter_id, decision.first_night, decision.last_night) == (
        hold.shelter_id,
        hold.first_night,
        hold.last_night,
    )
    assert decision.payment == "own_share"
    assert "sosialtjenesteloven) § 27" in decision.legal_basis
    assert "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus" in decision.appeal_information
    assert decision.appeal_body == municipality.appeal_body
    assert "Klageinstans er Statsforvalteren" in decision.appeal_information
    assert "se dokumentene" in decision.access_information
    assert "Husstanden er 1 person(er)" in decision.facts
    # The only thing a worker must still write: the reasons.
    assert operations.missing(decision) == {"reasoning": "Skriv begrunnelsen og hovedhensynene."}


def test_a_municipality_words_its_letters_itself_in_each_language(app: Flask, municipality: Municipality) -> None:
    municipality.settings = {
        "letter_texts": {"nn": {"appeal_information": "Klag til NAV Oslo innan tre veker. Klageinstans: {body}."}}
    }
    nynorsk = make_case(municipality, language="nn")
    bokmal = make_case(municipality)
    own = operations.draft(nynorsk, "refusal", actor=nynorsk.created_by, now=utcnow())  # type: ignore[arg-type]
    standard = operations.draft(bokmal, "refusal", actor=bokmal.created_by, now=utcnow())  # type: ignore[arg-type]
    assert own.language == "nn"
    assert own.appeal_information == f"Klag til NAV Oslo innan tre veker. Klageinstans: {municipality.appeal_body}."
    assert own.legal_basis == operations.LEGAL_BASIS["nn"]
    assert standard.appeal_information.startswith("Du kan klage skriftlig eller digitalt")


def test_nothing_is_issued_while_required_content_is_missing(app: Flask, municipality: Municipality) -> None:
    case = make_case(municipality)
    worker = case.created_by
    assert worker is not None
    decision = operations.draft(case, "grant", actor=worker, now=utcnow())
    operations.update_draft(decision, {"appeal_information": " ", "access_information": ""}, actor=worker)
    with pytest.raises(InvalidInput) as refused:
        operations.issue(decision, actor=worker, now=utcnow(), render=render)
    assert set(refused.value.errors) == {
        "reasoning",
        "appeal_information",
        "access_information",
        "shelter_id",
        "first_night",
        "last_night",
        "payment",
    }
    assert (decision.status, decision.pdf, decision.issued_at) == ("draft", None, None)


@pytest.mark.parametrize(("outcome", "needs"), [("change", {"changes"}), ("stop", {"hearing"}), ("refusal", set())])
def test_each_outcome_asks_for_its_own_content(
    app: Flask, municipality: Municipality, outcome: str, needs: set[str]
) -> None:
    """R4: a grant, a refusal, a change and a stop are each a decision, with what each must say."""
    case = make_case(municipality)
    decision = operations.draft(case, outcome, actor=case.created_by, now=utcnow())  # type: ignore[arg-type]
    assert set(operations.missing(decision)) == {"reasoning", *needs}


def test_a_stop_takes_the_hearing_and_facts_of_the_exclusion(app: Flask, municipality: Municipality) -> None:
    hold = make_case_with_hold(municipality)
    worker = hold.case.created_by
    assert worker is not None
    stay = mark_arrived(hold, actor=worker, now=utcnow())
    exclude(stay, hearing="Sier det var en misforståelse.", facts="Slo en ansatt.", actor=worker, now=utcnow())
    decision = operations.draft(hold.case, "stop", actor=worker, now=utcnow())
    assert (decision.stay_id, decision.hearing) == (stay.id, "Sier det var en misforståelse.")
    assert "Slo en ansatt." in decision.facts


def test_an_issued_decision_keeps_its_letter_and_never_changes(app: Flask, municipality: Municipality) -> None:
    decision = make_decision(municipality)
    worker = decision.case.created_by
    assert worker is not None
    assert decision.status == "issued"
    assert decision.pdf_sha256 == hashlib.sha256(decision.pdf or b"").hexdigest()
    with pytest.raises(InvalidInput):
        operations.update_draft(decision, {"reasoning": "Annen begrunnelse"}, actor=worker)
    with pytest.raises(InvalidInput):
        operations.issue(decision, actor=worker, now=utcnow(), render=render)
    # Even past the operations, the database session refuses it.
    decision.reasoning = "Endret i smug"
    with pytest.raises(operations.IssuedDecisionIsFinal):
        db.session.flush()
    db.session.rollback()


def test_a_correction_is_a_new_decision_naming_the_old(app: Flask, municipality: Municipality) -> None:
    decision = make_decision(municipality)
    correction = operations.correct(decision, actor=decision.case.created_by, now=utcnow())  # type: ignore[arg-type]
    assert (correction.status, correction.corrects_id, correction.reasoning) == (
        "draft",
        decision.id,
        decision.reasoning,
    )
    assert decision.status == "issued"


def test_a_refusal_closes_the_case(app: Flask, municipality: Municipality) -> None:
    case = make_case(municipality)
    worker = case.created_by
    assert worker is not None
    decision = operations.draft(case, "refusal", actor=worker, now=utcnow())
    operations.update_draft(decision, {"reasoning": "Har egen bolig."}, actor=worker)
    operations.issue(decision, actor=worker, now=utcnow(), render=render)
    assert case.status == CaseStatus.CLOSED


def test_delivery_sets_the_deadline_and_a_digital_one_sends_a_notice_without_content(
    app: Flask, municipality: Municipality
) -> None:
    decision = make_decision(municipality)
    client = decision.case.client
    client.phone, client.sms_consent = "+4791234567", True
    worker = decision.case.created_by
    assert worker is not None
    today = oslo_today(utcnow())
    operations.record_delivery(decision, "digital", today, actor=worker, now=utcnow())
    assert decision.appeal_deadline is not None
    assert decision.appeal_deadline >= today + timedelta(days=21)
    notice = db.session.scalars(select(SmsMessage).where(SmsMessage.kind == SmsKind.DECISION)).one()
    assert (
        notice.body
        == "Du har fått et nytt vedtak fra NAV. Du kan lese det hos NAV-kontoret ditt, eller ring 55 55 33 33."
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"via": "pigeon"}, "delivered_via"),
        ({"received": "yesterday"}, "received_on"),
        ({"received": "tomorrow"}, "received_on"),
    ],
)
def test_bad_delivery_is_refused_and_changes_nothing(
    app: Flask, municipality: Municipality, change: dict[str, str], field: str
) -> None:
    decision = make_decision(municipality)
    today = oslo_today(utcnow())
    day = {"yesterday": today - timedelta(days=1), "tomorrow": today + timedelta(days=1)}.get(
        change.get("received", ""), today
    )
    worker = decision.case.created_by
    assert worker is not None
    with pytest.raises(InvalidInput) as refused:
        operations.record_delivery(decision, change.get("via", "post"), day, actor=worker, now=utcnow())
    assert field in refused.value.errors
    assert (decision.received_on, decision.appeal_deadline) == (None, None)


def test_reasons_given_later_restart_the_deadline(app: Flask, municipality: Municipality) -> None:
    decision, worker = delivered(municipality)
    now = utcnow()
    today = oslo_today(now)
    first = decision.appeal_deadline
    operations.reasons_given(decision, today, actor=worker, now=now)
    assert decision.appeal_deadline == first
    with pytest.raises(InvalidInput):
        operations.reasons_given(decision, today + timedelta(days=2), actor=worker, now=now)


def test_an_appeal_says_whether_it_came_in_time(app: Flask, municipality: Municipality) -> None:
    decision, worker = delivered(municipality)
    now = utcnow()
    today = oslo_today(now)
    in_time = operations.register_appeal(decision, today, "post", "Uenig.", actor=worker, now=now)
    assert in_time.in_time
    decision.appeal_deadline = today - timedelta(days=1)  # a delivery field, as if it had come weeks ago
    late = operations.register_appeal(decision, today, "digital", "Uenig.", actor=worker, now=now)
    assert not late.in_time


@pytest.mark.parametrize("when", ["future", "before"])
def test_an_appeal_dated_in_the_future_or_before_the_decision_is_refused(
    app: Flask, municipality: Municipality, when: str
) -> None:
    decision, worker = delivered(municipality)
    now = utcnow()
    today = oslo_today(now)
    day = today + timedelta(days=1) if when == "future" else today - timedelta(days=3)
    with pytest.raises(InvalidInput) as refused:
        operations.register_appeal(decision, day, "post", "", actor=worker, now=now)
    assert "received_on" in refused.value.errors
    assert decision.appeals == []


def test_a_guarantee_payout_dispute_is_not_an_appeal(app: Flask, municipality: Municipality) -> None:
    """R21: whether a deposit guarantee is paid out is for Husleietvistutvalget, not an appeal."""
    decision = make_decision(municipality)
    worker = decision.case.created_by
    assert worker is not None
    today = oslo_today(utcnow())
    with pytest.raises(InvalidInput) as refused:
        operations.register_appeal(decision, today, "post", "", actor=worker, now=utcnow(), about="guarantee_payout")
    assert "Husleietvistutvalget" in str(refused.value.errors["about"])


def test_upheld_appeals_go_to_statsforvalteren_with_a_cover_letter_and_the_documents(
    app: Flask, municipality: Municipality
) -> None:
    decision = make_decision(municipality)
    worker = decision.case.created_by
    assert worker is not None
    now = utcnow()
    operations.record_delivery(decision, "post", oslo_today(now), actor=worker, now=now)
    appeal = operations.register_appeal(decision, oslo_today(now), "post", "Uenig.", actor=worker, now=now)
    sent: list[list[str]] = []

    def cover(_appeal: object, documents: list[str]) -> bytes:
        sent.append(documents)
        return b"%PDF cover"

    assert operations.reassess(appeal, changed=False, actor=worker, now=now, render=cover) is None
    assert (appeal.status, appeal.cover_pdf, appeal.forwarded_at) == (AppealStatus.FORWARDED, b"%PDF cover", now)
    assert any(document.startswith("Søknad mottatt") for document in sent[0])
    assert any(document.startswith("Klage mottatt") for document in sent[0])
    operations.record_result(appeal, "upheld", oslo_today(now), actor=worker, now=now)
    assert appeal.status == "upheld"
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"appeal.register", "appeal.forwarded", "appeal.result", "decision.issue"} <= actions


def test_a_changed_appeal_starts_a_new_decision(app: Flask, municipality: Municipality) -> None:
    decision = make_decision(municipality)
    worker = decision.case.created_by
    assert worker is not None
    now = utcnow()
    operations.record_delivery(decision, "post", oslo_today(now), actor=worker, now=now)
    appeal = operations.register_appeal(decision, oslo_today(now), "post", "Uenig.", actor=worker, now=now)
    fresh = operations.reassess(appeal, changed=True, actor=worker, now=now, render=lambda *_: b"")
    assert fresh is not None
    assert (appeal.status, appeal.new_decision_id, fresh.corrects_id) == ("changed", fresh.id, decision.id)


def test_cases_without_a_decision_today_are_flagged_and_alerted_at_the_checkpoints(
    app: Flask, municipality: Municipality
) -> None:
    municipality.settings = {"supervisor_phone": "+4790000003"}
    now = utcnow()
    waiting = make_case(municipality)
    decided = make_decision(municipality)
    assert waiting in operations.undecided_today(municipality, now)
    assert decided.case not in operations.undecided_today(municipality, now)
    today = oslo_today(now)
    assert operations.decision_alert_due(municipality, oslo_moment(today, parse_clock("14:59"))) is None
    assert operations.decision_alert_due(municipality, oslo_moment(today, parse_clock("15:00"))) == "15:00"
    assert operations.decision_alert_due(municipality, oslo_moment(today, parse_clock("22:30"))) == "22:00"
    late = max(now, oslo_moment(today, parse_clock("22:00")))
    operations.alert_undecided(municipality, late, "https://bolig.example.no/board")
    operations.alert_undecided(municipality, late, "https://bolig.example.no/board")
    [alert] = db.session.scalars(select(SmsMessage).where(SmsMessage.kind == SmsKind.UNDECIDED))
    assert alert.phone == "+4790000003"
    assert "Kari" not in alert.body


def test_a_digital_decision_needs_a_client_who_gets_sms_and_its_notice_shows_on_the_case(
    app: Flask, municipality: Municipality
) -> None:
    decision = make_decision(municipality)
    worker = decision.case.created_by
    assert worker is not None
    today = oslo_today(utcnow())
    with pytest.raises(InvalidInput) as refused:
        operations.record_delivery(decision, "digital", today, actor=worker, now=utcnow())
    assert "delivered_via" in refused.value.errors
    assert decision.appeal_deadline is None
    client = decision.case.client
    client.phone, client.sms_consent = "+4791234567", True
    operations.record_delivery(decision, "digital", today, actor=worker, now=utcnow())
    notice = db.session.scalars(select(SmsMessage).where(SmsMessage.kind == SmsKind.DECISION)).one()
    assert notice.case_id == decision.case_id


def test_a_case_refused_in_writing_stays_closed_when_its_hold_expires(app: Flask, municipality: Municipality) -> None:
    from bolig.cases.operations import expire_holds

    hold = make_case_with_hold(municipality)
    worker = hold.case.created_by
    assert worker is not None
    decision = operations.draft(hold.case, "refusal", actor=worker, now=utcnow())
    operations.update_draft(decision, {"reasoning": "Har et annet sted å bo."}, actor=worker)
    operations.issue(decision, actor=worker, now=utcnow(), render=render)
    expire_holds(hold.expires_at)
    assert (hold.status, hold.case.status) == ("expired", CaseStatus.CLOSED)


def test_the_evenings_cases_are_still_todays_after_midnight(app: Flask, municipality: Municipality) -> None:
    evening = oslo_moment(oslo_today(utcnow()) - timedelta(days=1), parse_clock("23:10"))
    case = make_case(municipality, received_at=evening)
    assert case in operations.undecided_today(municipality, evening + timedelta(hours=3))
    assert case not in operations.undecided_today(municipality, evening + timedelta(hours=10))


def test_an_appeal_posted_by_the_deadline_is_in_time_though_it_came_later(
    app: Flask, municipality: Municipality
) -> None:
    decision = make_decision(municipality)
    worker = decision.case.created_by
    assert worker is not None
    today = oslo_today(utcnow())
    operations.record_delivery(decision, "post", today, actor=worker, now=utcnow())
    deadline = decision.appeal_deadline
    assert deadline is not None
    # A month on, a letter arrives that was posted on the last day.
    later = utcnow() + timedelta(days=30)
    arrived = deadline + timedelta(days=3)
    posted = operations.register_appeal(decision, arrived, "post", "", actor=worker, now=later, sent_on=deadline)
    assert posted.in_time
    unposted = operations.register_appeal(decision, arrived, "post", "", actor=worker, now=later)
    assert not unposted.in_time
    with pytest.raises(InvalidInput) as refused:
        operations.register_appeal(
            decision, arrived, "post", "", actor=worker, now=later, sent_on=arrived + timedelta(days=1)
        )
    assert "sent_on" in refused.value.errors


def test_a_case_from_an_earlier_day_without_a_decision_is_overdue_by_the_municipalitys_target(
    app: Flask, municipality: Municipality
) -> None:
    """R17: the target is the municipality's own; R3: temporary housing is decided the same day by default."""
    now = utcnow()
    yesterday = oslo_moment(municipality.tonight(now) - timedelta(days=1), parse_clock("12:00"))
    late = make_case(municipality, received_at=yesterday)
    assert late in operations.overdue_decisions(municipality, now)
    assert late not in operations.undecided_today(municipality, now)
    municipality.settings = {"decision_target_days": 1}
    assert late not in operations.overdue_decisions(municipality, now)
    assert late in operations.overdue_decisions(municipality, now + timedelta(days=1))


def test_an_unknown_way_of_paying_is_refused(app: Flask, municipality: Municipality) -> None:
    """R10: only the client's own share, or a direct payment with consent or by a decision of its own."""
    hold = make_case_with_hold(municipality)
    worker = hold.case.created_by
    assert worker is not None
    decision = operations.draft(hold.case, "grant", actor=worker, now=utcnow())
    with pytest.raises(InvalidInput) as refused:
        operations.update_draft(decision, {"payment": "landlord_takes_it"}, actor=worker)
    assert "payment" in refused.value.errors
    assert decision.payment == "own_share"
