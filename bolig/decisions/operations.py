"""What decisions do: start as a draft filled from the case, get issued as a letter that never changes, reach the
client, and meet appeals."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, event, inspect, select
from sqlalchemy.orm import Session

from bolig.audit.operations import record
from bolig.auth.models import User
from bolig.cases.models import Case, CaseStatus, Stay, StayStatus
from bolig.cases.operations import active_hold, current_stay
from bolig.db import db, lock_row
from bolig.decisions.deadlines import appeal_deadline, appeal_in_time, interim_reply_due
from bolig.decisions.models import (
    DEPOSIT_SUBJECTS,
    Appeal,
    AppealStatus,
    Decision,
    DecisionStatus,
    Delivery,
    Outcome,
    Payment,
    Subject,
)
from bolig.errors import InvalidInput
from bolig.guarantees.models import CashDeposit, DepositGuarantee, Lease
from bolig.municipalities.models import Municipality
from bolig.notifications import operations as sms
from bolig.notifications.models import SmsKind
from bolig.timeutil import OSLO, oslo_moment, oslo_today, parse_clock

LEGAL_BASIS = {
    "nb": "Lov om sosiale tjenester i arbeids- og velferdsforvaltningen (sosialtjenesteloven) § 27.",
    "nn": "Lov om sosiale tenester i arbeids- og velferdsforvaltninga (sosialtenestelova) § 27.",
}
# The letter itself states the three-week deadline, where the appeal goes and the right of access in fixed
# words (R13); these say how, and can be worded by each municipality.
APPEAL_INFORMATION = {
    "nb": "Du kan klage skriftlig eller digitalt på nav.no, eller komme innom NAV-kontoret og få hjelp til å skrive "
    "klagen. Si hvilket vedtak du klager på, hva du vil ha endret, og hvorfor. Klageinstans er {body}.",
    "nn": "Du kan klage skriftleg eller digitalt på nav.no, eller kome innom NAV-kontoret og få hjelp til å skrive "
    "klaga. Sei kva vedtak du klagar på, kva du vil ha endra, og kvifor. Klageinstans er {body}.",
}
# Where the appeal body's name goes in the text on how to appeal, bolig's or the municipality's.
APPEAL_BODY = "{body}"
# The default for a decision on a deposit guarantee or a cash deposit: financial assistance, and the form it
# takes (R21, R22).
DEPOSIT_LEGAL_BASIS = {
    "nb": "Lov om sosiale tjenester i arbeids- og velferdsforvaltningen (sosialtjenesteloven) §§ 18 og 19 om "
    "økonomisk stønad, og § 21 om stønadsform.",
    "nn": "Lov om sosiale tenester i arbeids- og velferdsforvaltninga (sosialtenestelova) §§ 18 og 19 om "
    "økonomisk stønad, og § 21 om stønadsform.",
}
ACCESS_INFORMATION = {
    "nb": "Spør NAV-kontoret, så får du se dokumentene.",
    "nn": "Spør NAV-kontoret, så får du sjå dokumenta.",
}
LETTER_LANGUAGES = ("nb", "nn")
# What a municipality may word itself (its setting letter_texts), and bolig's wording where it has not.
LETTER_DEFAULTS = {
    "legal_basis": LEGAL_BASIS,
    "appeal_information": APPEAL_INFORMATION,
    "access_information": ACCESS_INFORMATION,
}
# What R12 and R13 require of every decision, and what each outcome needs besides.
REQUIRED = ("legal_basis", "facts", "reasoning", "appeal_information", "access_information", "appeal_body")
REQUIRED_FOR = {
    Outcome.GRANT: ("shelter_id", "first_night", "last_night", "payment"),
    Outcome.REFUSAL: (),
    Outcome.CHANGE: ("changes",),
    Outcome.STOP: ("hearing",),
}
TEXTS = (
    "legal_basis",
    "facts",
    "reasoning",
    "appeal_information",
    "access_information",
    "conditions",
    "changes",
    "hearing",
)
EDITABLE = (*TEXTS, "appeal_body", "payment", "language")
MISSING = {
    "legal_basis": _l("Write the legal basis."),
    "facts": _l("Write the facts the decision rests on."),
    "reasoning": _l("Write the reasons and the main considerations."),
    "appeal_information": _l("Write how to appeal, the deadline and where the appeal goes."),
    "access_information": _l("Write the right to see the case documents."),
    "appeal_body": _l("Name the appeal body."),
    "shelter_id": _l("A grant names the place."),
    "first_night": _l("A grant names the nights."),
    "last_night": _l("A grant names the nights."),
    "payment": _l("Say who pays the provider."),
    "changes": _l("Say what changes."),
    "hearing": _l("Write what the client said when heard."),
    "guarantee_id": _l("A grant names the guarantee; issue it from the guarantee's page."),
    "deposit_id": _l("A grant names the deposit; issue it from the deposit's page."),
}
NAMES_ONE_OF_THE_CASE = {
    "guarantee_id": _l("A grant names a guarantee of this case."),
    "deposit_id": _l("A grant names a cash deposit of this case."),
}
# Once issued, nothing a letter says may change; only how and when it reached the client is added.
DELIVERY_FIELDS = frozenset({"delivered_via", "received_on", "reasons_given_on", "appeal_deadline"})


class IssuedDecisionIsFinal(RuntimeError):
    """Someone tried to change what an issued decision says; a correction is a new decision."""


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_issued(session: Session, _context: Any, _instances: Any) -> None:
    for obj in (*session.dirty, *session.deleted):
        if not isinstance(obj, Decision):
            continue
        state = inspect(obj)
        was_issued = state.attrs.status.history.deleted or [obj.status]
        if was_issued[0] != DecisionStatus.ISSUED:
            continue
        if obj in session.deleted:
            raise IssuedDecisionIsFinal(f"decision {obj.id} is issued and cannot be deleted")
        changed = {attr.key for attr in state.attrs if attr.history.has_changes()} - DELIVERY_FIELDS
        if changed - {"appeals"}:
            raise IssuedDecisionIsFinal(f"decision {obj.id} is issued: {', '.join(sorted(changed))} cannot change")


def _language(case: Case) -> str:
    return case.client.language if case.client.language in LETTER_LANGUAGES else "nb"


def _facts(case: Case, *, tonight: bool = True) -> str:
    people = case.adults + len(case.children_ages)
    received = case.received_at.astimezone(OSLO)
    parts = [f"Søknaden kom {received:%d.%m.%Y} kl. {received:%H:%M}. Husstanden er {people} person(er)"]
    if case.children_ages:
        parts.append(f", med barn i alderen {', '.join(str(age) for age in case.children_ages)}")
    parts.append(". Husstanden har ikke et sted å bo i natt." if tonight else ".")
    return "".join(parts)


def _lease_facts(lease: Lease) -> str:
    return (
        f"Husstanden har fått tilbud om å leie {lease.rental_address} av {lease.landlord_name} fra "
        f"{lease.lease_starts_on:%d.%m.%Y}, med en månedsleie på {lease.monthly_rent} kroner."
    )


def required(decision: Decision) -> tuple[str, ...]:
    """What R12 and R13 require of every decision, and what its outcome needs besides; a deposit's grant names
    the guarantee or the deposit it grants (R21)."""
    if decision.about_deposit:
        named = DEPOSIT_SUBJECTS[Subject(decision.subject)]
        return (*REQUIRED, *((named,) if decision.outcome == Outcome.GRANT else ()))
    return (*REQUIRED, *REQUIRED_FOR[Outcome(decision.outcome)])


def draft(
    case: Case,
    outcome: str,
    *,
    actor: User,
    now: datetime,
    subject: str = Subject.TEMPORARY_HOUSING,
    guarantee: DepositGuarantee | None = None,
    deposit: CashDeposit | None = None,
) -> Decision:
    """A draft filled from the case, its place and the municipality's texts; the worker edits it on a phone.

    A decision on a deposit guarantee or a cash deposit grants the one given, or refuses one (R21)."""
    if subject not in set(Subject):
        raise InvalidInput({"subject": _l("Choose what the decision is about.")})
    about_deposit = subject in DEPOSIT_SUBJECTS
    if about_deposit and outcome not in (Outcome.GRANT, Outcome.REFUSAL):
        raise InvalidInput({"outcome": _l("A deposit guarantee or a cash deposit is granted or refused.")})
    if outcome not in set(Outcome):
        raise InvalidInput({"outcome": _l("Choose grant, refusal, change or stop.")})
    named = DEPOSIT_SUBJECTS.get(Subject(subject)) if outcome == Outcome.GRANT else None
    lease: Lease | None = None
    wrong: dict[str, str] = {}
    for field, given in (("guarantee_id", guarantee), ("deposit_id", deposit)):
        if field != named and given is None:
            continue
        if field != named or given is None or given.case_id != case.id:
            wrong[field] = str(NAMES_ONE_OF_THE_CASE[field])
        lease = given
    if wrong:
        raise InvalidInput(wrong)
    language = _language(case)
    municipality = case.municipality
    own = dict(municipality.setting("letter_texts")).get(language, {})
    facts = _facts(case, tonight=not about_deposit)
    if lease is not None:
        facts = f"{facts} {_lease_facts(lease)}"
    legal_basis = DEPOSIT_LEGAL_BASIS[language] if about_deposit else own.get("legal_basis", LEGAL_BASIS[language])
    decision = Decision(
        municipality_id=case.municipality_id,
        case=case,
        outcome=outcome,
        subject=subject,
        guarantee=guarantee,
        deposit=deposit,
        status=DecisionStatus.DRAFT,
        language=language,
        legal_basis=legal_basis,
        facts=facts,
        appeal_information=own.get("appeal_information", APPEAL_INFORMATION[language]).replace(
            APPEAL_BODY, municipality.appeal_body
        ),
        access_information=own.get("access_information", ACCESS_INFORMATION[language]),
        appeal_body=municipality.appeal_body,
        created_by=actor,
    )
    hold, stay = active_hold(case, now), current_stay(case)
    place = stay or hold
    if outcome == Outcome.GRANT and place is not None and not about_deposit:
        decision.shelter_id = place.shelter_id
        decision.first_night, decision.last_night = place.first_night, place.last_night
        decision.payment = Payment.OWN_SHARE
    if outcome == Outcome.STOP:
        excluded = _last_excluded(case)
        if excluded is not None:
            decision.stay = excluded
            decision.hearing = excluded.hearing
            decision.facts = f"{decision.facts}\n{excluded.facts}".strip()
    db.session.add(decision)
    db.session.flush()
    details = {"outcome": outcome, "subject": subject}
    record(actor, "decision.draft", decision, client_id=case.client_id, details=details)
    return decision


def _last_excluded(case: Case) -> Stay | None:
    excluded = [stay for stay in case.stays if stay.status == StayStatus.EXCLUDED]
    return excluded[-1] if excluded else None


def update_draft(decision: Decision, values: Mapping[str, Any], *, actor: User) -> None:
    """Change what a draft says; an issued decision cannot be changed (a correction is a new decision)."""
    if decision.is_issued:
        raise InvalidInput({"decision": _l("An issued decision cannot be changed. Write a correction instead.")})
    errors: dict[str, str] = {}
    for key, value in values.items():
        if key not in EDITABLE:
            continue
        if not isinstance(value, str) or len(value) > 20_000:
            errors[key] = _l("Write text, at most %(n)d characters.", n=20_000)
        elif key == "payment" and value and value not in set(Payment):
            errors[key] = _l("Choose who pays the provider.")
        elif key == "language" and value not in LETTER_LANGUAGES:
            errors[key] = _l("Choose bokmål or nynorsk.")
        else:
            setattr(decision, key, value.strip())
    if errors:
        raise InvalidInput(errors)
    record(actor, "decision.edit", decision, client_id=decision.case.client_id)


def missing(decision: Decision) -> dict[str, str]:
    """What the decision still lacks before it may be issued (R12, R13), by field."""
    return {field: str(MISSING[field]) for field in required(decision) if getattr(decision, field) in (None, "")}


def issue(decision: Decision, *, actor: User, now: datetime, render: Callable[[Decision], bytes]) -> None:
    """Issue the decision: its letter is made once, stored with its hash, and never changes."""
    lock_row(Decision, decision.id)  # two clicks on Issue, or two workers at once: one at a time
    db.session.refresh(decision)
    if decision.is_issued:
        raise InvalidInput({"decision": _l("The decision is already issued.")})
    lacking = missing(decision)
    if lacking:
        raise InvalidInput(lacking)
    decision.issued_by = actor
    decision.issued_at = now
    pdf = render(decision)
    # The letter, its hash and the status change together: from this flush on, nothing of it may change.
    decision.pdf = pdf
    decision.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    decision.status = DecisionStatus.ISSUED
    db.session.flush()
    if decision.outcome == Outcome.REFUSAL and not decision.about_deposit:
        # A written refusal closes the case; "no vacancy" is never a reason to refuse (R5).
        decision.case.status = CaseStatus.CLOSED
        decision.case.closed_at = now
        decision.case.closed_reason = decision.case.closed_note = ""  # closed by this decision, not as lapsed
    record(
        actor, "decision.issue", decision, client_id=decision.case.client_id, details={"sha256": decision.pdf_sha256}
    )


def record_delivery(decision: Decision, via: str, received_on: date, *, actor: User, now: datetime) -> None:
    """How and when the client got the decision; the appeal deadline runs from that day (R14, R15).

    A digital delivery sends an SMS that says only that there is a new decision, never what it says.
    """
    errors: dict[str, str] = {}
    if not decision.is_issued or decision.issued_at is None:
        raise InvalidInput({"decision": _l("Issue the decision before recording that the client got it.")})
    if via not in set(Delivery):
        errors["delivered_via"] = _l("Choose in person, digital or post.")
    elif via == Delivery.DIGITAL and not decision.case.client.reachable_by_sms:
        # Without the SMS notice the client would not know there is anything to read, and the deadline would run.
        errors["delivered_via"] = _l(
            "The client gets no SMS, so cannot be told of a digital decision: choose another way."
        )
    if received_on < oslo_today(decision.issued_at):
        errors["received_on"] = _l("The client cannot have got the decision before it was issued.")
    if received_on > oslo_today(now):
        errors["received_on"] = _l("That date has not come yet.")
    if errors:
        raise InvalidInput(errors)
    decision.delivered_via = via
    decision.received_on = received_on
    decision.appeal_deadline = appeal_deadline(received_on)
    record(actor, "decision.delivered", decision, client_id=decision.case.client_id, details={"via": via})
    if via == Delivery.DIGITAL:
        sms.to_client(
            decision.case.client,
            SmsKind.DECISION,
            {},
            event_key=f"decision:{decision.id}:notice",
            now=now,
            case=decision.case,
        )


def reasons_given(decision: Decision, on: date, *, actor: User, now: datetime) -> None:
    """Reasons asked for within the deadline and given on this day restart it (R12)."""
    if decision.appeal_deadline is None or decision.received_on is None:
        raise InvalidInput({"reasons_given_on": _l("Record first when the client got the decision.")})
    if not decision.received_on <= on <= oslo_today(now):
        raise InvalidInput({"reasons_given_on": _l("Give a date between the decision reaching the client and today.")})
    decision.reasons_given_on = on
    decision.appeal_deadline = appeal_deadline(on)
    record(actor, "decision.reasons_given", decision, client_id=decision.case.client_id)


def correct(decision: Decision, *, actor: User, now: datetime) -> Decision:
    """Start a correction: a new draft saying the same, which names the decision it replaces."""
    if not decision.is_issued:
        raise InvalidInput({"decision": _l("A draft is changed, not corrected.")})
    fresh = draft(
        decision.case,
        decision.outcome,
        actor=actor,
        now=now,
        subject=decision.subject,
        guarantee=decision.guarantee,
        deposit=decision.deposit,
    )
    for key in (*EDITABLE, "shelter_id", "first_night", "last_night", "stay_id"):
        setattr(fresh, key, getattr(decision, key))
    fresh.corrects = decision
    db.session.flush()
    record(actor, "decision.correct", fresh, client_id=decision.case.client_id, details={"corrects": decision.id})
    return fresh


def decisions_granting(item: DepositGuarantee | CashDeposit) -> list[Decision]:
    """The decisions granting this guarantee or deposit: a draft, the issued one, corrections."""
    named = Decision.guarantee_id if isinstance(item, DepositGuarantee) else Decision.deposit_id
    return list(db.session.scalars(select(Decision).where(named == item.id).order_by(Decision.id)))


def decisions_of(case: Case) -> list[Decision]:
    """A case's decisions, newest first."""
    query = select(Decision).where(Decision.case_id == case.id).order_by(Decision.id.desc())
    return list(db.session.scalars(query))


# A dispute about paying out a deposit guarantee goes to Husleietvistutvalget, not to Statsforvalteren (R21).
GUARANTEE_PAYOUT = "guarantee_payout"


def register_appeal(
    decision: Decision,
    received_on: date,
    channel: str,
    text: str,
    *,
    actor: User,
    now: datetime,
    about: str = "",
    sent_on: date | None = None,
) -> Appeal:
    """The client's appeal, as the NAV office received it; bolig says whether it came in time (R14)."""
    if about == GUARANTEE_PAYOUT:
        raise InvalidInput(
            {
                "about": _l(
                    "A dispute about paying out a deposit guarantee is not an appeal. "
                    "The landlord or the client takes it to Husleietvistutvalget."
                )
            }
        )
    errors: dict[str, str] = {}
    if not decision.is_issued or decision.appeal_deadline is None or decision.issued_at is None:
        raise InvalidInput({"decision": _l("Record when the client got the decision before registering an appeal.")})
    if channel not in set(Delivery):
        errors["channel"] = _l("Choose in person, digital or post.")
    if received_on > oslo_today(now):
        errors["received_on"] = _l("An appeal cannot be received in the future.")
    elif received_on < oslo_today(decision.issued_at):
        errors["received_on"] = _l("An appeal cannot come before the decision.")
    if sent_on is not None and not oslo_today(decision.issued_at) <= sent_on <= received_on:
        errors["sent_on"] = _l("The appeal was sent between the decision and the day it came.")
    if errors:
        raise InvalidInput(errors)
    appeal = Appeal(
        decision=decision,
        received_on=received_on,
        sent_on=sent_on,
        channel=channel,
        text=text.strip(),
        in_time=appeal_in_time(sent_on or received_on, decision.appeal_deadline),
        status=AppealStatus.RECEIVED,
        created_by_id=actor.id,
    )
    db.session.add(appeal)
    db.session.flush()
    record(actor, "appeal.register", appeal, client_id=decision.case.client_id, details={"in_time": appeal.in_time})
    return appeal


# How the cover letter (in bokmål) names each kind of decision.
OUTCOME_WORDS = {
    Outcome.GRANT: "midlertidig botilbud",
    Outcome.REFUSAL: "avslag",
    Outcome.CHANGE: "endring",
    Outcome.STOP: "stans",
}
DEPOSIT_WORDS = {Subject.DEPOSIT_GUARANTEE: "depositumsgaranti", Subject.CASH_DEPOSIT: "depositum"}


def _document_name(decision: Decision) -> str:
    if not decision.about_deposit:
        return f"Vedtak om {OUTCOME_WORDS[Outcome(decision.outcome)]}"
    what = DEPOSIT_WORDS[Subject(decision.subject)]
    return f"Vedtak om {what}" if decision.outcome == Outcome.GRANT else f"Avslag på søknad om {what}"


def case_documents(decision: Decision) -> list[str]:
    """The documents an upheld appeal is sent with, listed in the cover letter."""
    case = decision.case
    documents = [f"Søknad mottatt {oslo_today(case.received_at):%d.%m.%Y}"]
    documents += [
        f"{_document_name(item)} {oslo_today(item.issued_at):%d.%m.%Y}"
        for item in decisions_of(case)
        if item.issued_at is not None
    ]
    documents += [f"Klage mottatt {appeal.received_on:%d.%m.%Y}" for appeal in decision.appeals]
    return documents


def reassess(
    appeal: Appeal, *, changed: bool, actor: User, now: datetime, render: Callable[[Appeal, list[str]], bytes]
) -> Decision | None:
    """The NAV office looks at the case again (fvl. § 33): a changed decision is a new one; an upheld one goes to
    Statsforvalteren with a cover letter and the list of case documents."""
    lock_row(Appeal, appeal.id)
    db.session.refresh(appeal)
    if appeal.status != AppealStatus.RECEIVED:
        raise InvalidInput({"appeal": _l("The appeal has already been reassessed.")})
    decision = appeal.decision
    if changed:
        fresh = correct(decision, actor=actor, now=now)
        appeal.status = AppealStatus.CHANGED
        appeal.new_decision_id = fresh.id
        record(actor, "appeal.changed", appeal, client_id=decision.case.client_id)
        return fresh
    pdf = render(appeal, case_documents(decision))
    appeal.cover_pdf = pdf
    appeal.cover_sha256 = hashlib.sha256(pdf).hexdigest()
    appeal.status = AppealStatus.FORWARDED
    appeal.forwarded_at = now
    record(actor, "appeal.forwarded", appeal, client_id=decision.case.client_id)
    return None


RESULTS = (AppealStatus.UPHELD, AppealStatus.REVERSED, AppealStatus.RETURNED)


def record_result(appeal: Appeal, result: str, on: date, *, actor: User, now: datetime) -> None:
    """Statsforvalteren's result: upheld, reversed, or returned for a new decision (R18)."""
    if appeal.status != AppealStatus.FORWARDED:
        raise InvalidInput({"appeal": _l("Only an appeal sent to Statsforvalteren gets its result.")})
    if result not in RESULTS:
        raise InvalidInput({"result": _l("Choose upheld, reversed or returned.")})
    if on > oslo_today(now) or appeal.forwarded_at is None or on < oslo_today(appeal.forwarded_at):
        raise InvalidInput({"result_on": _l("Give a date between forwarding and today.")})
    appeal.status = result
    appeal.result_on = on
    record(actor, "appeal.result", appeal, client_id=appeal.decision.case.client_id, details={"result": result})


def _housing_decided() -> Select[tuple[int]]:
    """Cases with an issued decision on temporary housing; one on a deposit guarantee does not decide that."""
    return select(Decision.case_id).where(
        Decision.status == DecisionStatus.ISSUED, Decision.subject == Subject.TEMPORARY_HOUSING
    )


def undecided_today(municipality: Municipality, now: datetime) -> list[Case]:
    """Open cases from today with no issued decision yet: temporary housing is decided the same day (R3).

    "Today" lasts until the morning hour, like "tonight": at 02:00 the evening's cases are still today's.
    """
    start = oslo_moment(municipality.tonight(now), time(0))
    issued = _housing_decided()
    query = select(Case).where(
        Case.municipality_id == municipality.id,
        Case.received_at >= start,
        Case.status != CaseStatus.CLOSED,
        Case.id.not_in(issued),
    )
    return list(db.session.scalars(query.order_by(Case.received_at)))


def overdue_decisions(municipality: Municipality, now: datetime) -> list[Case]:
    """Open cases past the municipality's target without a decision, oldest first (R3, R17)."""
    days = int(municipality.setting("decision_target_days"))
    start = oslo_moment(municipality.tonight(now) - timedelta(days=days), time(0))
    issued = _housing_decided()
    query = select(Case).where(
        Case.municipality_id == municipality.id,
        Case.received_at < start,
        Case.status != CaseStatus.CLOSED,
        Case.id.not_in(issued),
    )
    return list(db.session.scalars(query.order_by(Case.received_at)))


def decision_alert_due(municipality: Municipality, now: datetime) -> str | None:
    """The checkpoint of the day (default 15:00 and 22:00) that has passed most recently, as 'HH:MM', if any."""
    today = oslo_today(now)
    passed = [
        clock
        for clock in municipality.setting("decision_alert_times")
        if now >= oslo_moment(today, parse_clock(str(clock)))
    ]
    return passed[-1] if passed else None


def alert_undecided(municipality: Municipality, now: datetime, link: str) -> list[Case]:
    """At each checkpoint, tell the on-call supervisor how many of today's cases still lack a decision (R3)."""
    checkpoint = decision_alert_due(municipality, now)
    if checkpoint is None:
        return []
    waiting = undecided_today(municipality, now)
    if waiting:
        key = f"undecided:{municipality.id}:{oslo_today(now).isoformat()}:{checkpoint}"
        fields = {"count": len(waiting), "checkpoint": checkpoint, "link": link}
        sms.to_staff(municipality, "supervisor_phone", SmsKind.UNDECIDED, fields, event_key=key, now=now)
    return waiting


def interim_replies_due(municipality: Municipality, now: datetime) -> list[Case]:
    """Open cases nearing one month without a decision: they need an interim reply (R16)."""
    issued = _housing_decided()
    query = select(Case).where(
        Case.municipality_id == municipality.id, Case.status == CaseStatus.OPEN, Case.id.not_in(issued)
    )
    today = oslo_today(now)
    return [case for case in db.session.scalars(query) if interim_reply_due(oslo_today(case.received_at)) <= today]
