"""Vedtaksbrev and oversendelsesbrev: the decision letter to the client and the cover letter to the appeal body."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from flask import current_app, render_template
from stdnum.no import kontonr
from weasyprint import HTML

from bolig.auth.models import User
from bolig.db import utcnow
from bolig.decisions.models import Appeal, Decision, Outcome, Payment, Subject
from bolig.guarantees.models import PayoutSupport
from bolig.municipalities.models import Municipality, Office
from bolig.timeutil import OSLO, oslo_today

# Tagged PDF with the document's language and title, as WCAG asks of letters (R29).
PDF_VARIANT = "pdf/ua-1"

# The letter's fixed texts in both written standards. They are the letter's, not the UI's:
# a nynorsk letter stays nynorsk whatever language the caseworker's screen is in.
TEXTS: dict[str, dict[str, str]] = {
    "nb": {
        Outcome.GRANT: "Vedtak om midlertidig botilbud",
        Outcome.REFUSAL: "Avslag på søknad om midlertidig botilbud",
        Outcome.CHANGE: "Vedtak om endring av midlertidig botilbud",
        Outcome.STOP: "Vedtak om stans av midlertidig botilbud",
        "municipality": "{name} kommune",
        "phone": "Telefon",
        "date": "Dato",
        "case_number": "Saksnummer",
        "corrects": "Dette vedtaket erstatter vedtaket av {date}.",
        "legal_basis": "Lovgrunnlag",
        "facts": "Faktiske opplysninger",
        "reasoning": "Begrunnelse",
        "place": "Botilbudet",
        "nights": "Du får botilbud for nettene {first}–{last}: fra kvelden {first} til morgenen {morning}.",
        "conditions": "Vilkår",
        "payment": "Betaling",
        Payment.OWN_SHARE: "Du betaler selv egenandelen din til stedet du bor.",
        Payment.DIRECT_WITH_CONSENT: "NAV betaler stedet direkte, fordi du har samtykket til det.",
        Payment.DIRECT_BY_DECISION: (
            "NAV betaler stedet direkte etter vedtak etter sosialtjenesteloven § 21 fjerde ledd. Du kan klage på dette."
        ),
        "changes": "Dette endres",
        "hearing": "Kontradiksjon",
        "appeal": "Du kan klage",
        "appeal_deadline": "Fristen for å klage er tre uker fra den dagen du mottok dette vedtaket.",
        "appeal_route": (
            "Send klagen til NAV-kontoret. Hvis vi ikke endrer vedtaket, sender vi klagen til {body}, som avgjør den."
        ),
        "access": "Du har rett til innsyn",
        "access_route": "Du har rett til å se dokumentene i saken din (forvaltningsloven §§ 18 og 19).",
        "regards": "Med vennlig hilsen",
        "caseworker": "saksbehandler",
        "guarantee_grant": "Vedtak om depositumsgaranti",
        "guarantee_refusal": "Avslag på søknad om depositumsgaranti",
        "guarantee": "Garantien",
        "guarantee_line": (
            "Kommunen stiller garanti overfor {landlord} for leieforholdet i {address} fra {start}: inntil {months} "
            "måneders leie, det vil si inntil {amount}. Garantien gjelder til og med {until}. Utleier får et eget "
            "garantidokument."
        ),
        "payout_grant": "Betaler kommunen utleier etter garantien, er det stønad som du ikke skal betale tilbake.",
        "payout_loan": "Betaler kommunen utleier etter garantien, er det et lån som du skal betale tilbake.",
        "payout_form": "Stønadsform",
        "loan_reason": "Grunnen til at det er lån",
        "cash_deposit_grant": "Vedtak om depositum",
        "cash_deposit_refusal": "Avslag på søknad om depositum",
        "deposit": "Depositumet",
        "deposit_line": (
            "NAV betaler {amount} i depositum for leieforholdet ditt hos {landlord} i {address} fra {start}. "
            "Pengene betales inn {paid} på depositumskonto {account} i {bank}, som står i ditt navn. Verken du eller "
            "utleier kan ta ut pengene alene (husleieloven § 3-5)."
        ),
        "deposit_support_grant": (
            "Depositumet er stønad som du ikke skal betale tilbake. Når leieforholdet er slutt, er det som er igjen på "
            "kontoen, ditt."
        ),
        "deposit_support_loan": (
            "Depositumet er et lån som du skal betale tilbake. Når leieforholdet er slutt, får NAV tilbake det du "
            "skylder, av det som er igjen på kontoen. Er det ikke nok, betaler du resten."
        ),
    },
    "nn": {
        Outcome.GRANT: "Vedtak om mellombels butilbod",
        Outcome.REFUSAL: "Avslag på søknad om mellombels butilbod",
        Outcome.CHANGE: "Vedtak om endring av mellombels butilbod",
        Outcome.STOP: "Vedtak om stans av mellombels butilbod",
        "municipality": "{name} kommune",
        "phone": "Telefon",
        "date": "Dato",
        "case_number": "Saksnummer",
        "corrects": "Dette vedtaket erstattar vedtaket av {date}.",
        "legal_basis": "Lovgrunnlag",
        "facts": "Faktiske opplysningar",
        "reasoning": "Grunngiving",
        "place": "Butilbodet",
        "nights": "Du får butilbod for nettene {first}–{last}: frå kvelden {first} til morgonen {morning}.",
        "conditions": "Vilkår",
        "payment": "Betaling",
        Payment.OWN_SHARE: "Du betaler sjølv eigendelen din til staden du bur.",
        Payment.DIRECT_WITH_CONSENT: "NAV betaler staden direkte, fordi du har samtykt til det.",
        Payment.DIRECT_BY_DECISION: (
            "NAV betaler staden direkte (sosialtenestelova § 21 fjerde ledd). Òg denne delen av vedtaket kan du "
            "klage på."
        ),
        "changes": "Dette blir endra",
        "hearing": "Kontradiksjon",
        "appeal": "Du kan klage",
        "appeal_deadline": "Fristen for å klage er tre veker frå den dagen du fekk dette vedtaket.",
        "appeal_route": (
            "Send klaga til NAV-kontoret. Viss vi ikkje endrar vedtaket, sender vi klaga til {body}, som avgjer ho."
        ),
        "access": "Du har rett til innsyn",
        "access_route": "Du har rett til å sjå dokumenta i saka di (forvaltningslova §§ 18 og 19).",
        "regards": "Med venleg helsing",
        "caseworker": "sakshandsamar",
        "guarantee_grant": "Vedtak om depositumsgaranti",
        "guarantee_refusal": "Avslag på søknad om depositumsgaranti",
        "guarantee": "Garantien",
        "guarantee_line": (
            "Kommunen stiller garanti overfor {landlord} for leigeforholdet i {address} frå {start}: inntil {months} "
            "månaders leige, det vil seie inntil {amount}. Garantien gjeld til og med {until}. Utleigar får eit eige "
            "garantidokument."
        ),
        "payout_grant": "Betaler kommunen utleigar etter garantien, er det stønad som du ikkje skal betale tilbake.",
        "payout_loan": "Betaler kommunen utleigar etter garantien, er det eit lån som du skal betale tilbake.",
        "payout_form": "Stønadsform",
        "loan_reason": "Grunnen til at det er lån",
        "cash_deposit_grant": "Vedtak om depositum",
        "cash_deposit_refusal": "Avslag på søknad om depositum",
        "deposit": "Depositumet",
        "deposit_line": (
            "NAV betaler {amount} i depositum for leigeforholdet ditt hos {landlord} i {address} frå {start}. "
            "Pengane blir betalte inn {paid} på depositumskonto {account} i {bank}, som står i namnet ditt. Verken "
            "du eller utleigar kan ta ut pengane åleine (husleigelova § 3-5)."
        ),
        "deposit_support_grant": (
            "Depositumet er stønad som du ikkje skal betale tilbake. Når leigeforholdet er slutt, er det som er att på "
            "kontoen, ditt."
        ),
        "deposit_support_loan": (
            "Depositumet er eit lån som du skal betale tilbake. Når leigeforholdet er slutt, får NAV tilbake det du "
            "skuldar, av det som er att på kontoen. Er det ikkje nok, betaler du resten."
        ),
    },
}


def decision_pdf(decision: Decision) -> bytes:
    """The decision letter as a tagged A4 PDF in the decision's written standard (R12, R13, R29)."""
    if decision.language not in TEXTS:
        msg = f"no letter texts for language {decision.language!r}"
        raise ValueError(msg)
    texts = TEXTS[decision.language]
    municipality = decision.case.municipality
    issued = decision.issued_at or utcnow()
    html = render_template(
        "decisions/letter.html",
        decision=decision,
        texts=texts,
        lang=decision.language,
        title=title_of(decision, texts),
        guarantee_line=_guarantee_line(decision, texts),
        deposit_line=_deposit_line(decision, texts),
        payout_line=_payout_line(decision, texts),
        loan_reason=_loan_reason(decision),
        municipality_line=texts["municipality"].format(name=municipality.name),
        office=signing_office(municipality, decision.issued_by),
        issued_on=day_text(oslo_today(issued)),
        created=pdf_created(issued),
        # The national id is never printed: the name and the case number identify the letter (R27).
        client_name=decision.case.client.name,
        corrects_line=(
            texts["corrects"].format(date=day_text(oslo_today(decision.corrects.issued_at)))
            if decision.corrects is not None and decision.corrects.issued_at is not None
            else ""
        ),
        # A night is named by the date it begins (bolig.timeutil), so the last one ends the morning after.
        nights_line=(
            texts["nights"].format(
                first=day_text(decision.first_night),
                last=day_text(decision.last_night),
                morning=day_text(decision.last_night + timedelta(days=1)),
            )
            if decision.first_night is not None and decision.last_night is not None
            else ""
        ),
        payment_line=texts.get(decision.payment, ""),
        appeal_route=texts["appeal_route"].format(body=decision.appeal_body),
    )
    return render_pdf(html)


# The prefix of a deposit decision's title in TEXTS.
TITLES = {Subject.DEPOSIT_GUARANTEE: "guarantee", Subject.CASH_DEPOSIT: "cash_deposit"}


def title_of(decision: Decision, texts: dict[str, str]) -> str:
    """The letter's title: what was decided, and about what."""
    if decision.about_deposit:
        return texts[f"{TITLES[Subject(decision.subject)]}_{decision.outcome}"]
    return texts[decision.outcome]


def _payout_line(decision: Decision, texts: dict[str, str]) -> str:
    """Whether the money is a grant or a loan for the client (R22)."""
    if decision.guarantee is not None:
        return texts[f"payout_{decision.guarantee.payout_support}"]
    if decision.deposit is not None:
        return texts[f"deposit_support_{decision.deposit.support}"]
    return ""


def _loan_reason(decision: Decision) -> str:
    """The special reason the money is a loan rather than a grant (sotjl § 21, R22): part of the reasons (R12)."""
    if decision.guarantee is not None and decision.guarantee.payout_support == PayoutSupport.LOAN:
        return decision.guarantee.support_justification
    if decision.deposit is not None and decision.deposit.support == PayoutSupport.LOAN:
        return decision.deposit.support_justification
    return ""


def _deposit_line(decision: Decision, texts: dict[str, str]) -> str:
    deposit = decision.deposit
    if deposit is None:
        return ""
    return texts["deposit_line"].format(
        amount=kroner(deposit.amount),
        landlord=deposit.landlord_name,
        address=deposit.rental_address,
        start=day_text(deposit.lease_starts_on),
        paid=day_text(deposit.paid_on),
        account=kontonr.format(deposit.account_number),
        bank=deposit.bank,
    )


def _guarantee_line(decision: Decision, texts: dict[str, str]) -> str:
    guarantee = decision.guarantee
    if guarantee is None:
        return ""
    return texts["guarantee_line"].format(
        landlord=guarantee.landlord_name,
        address=guarantee.rental_address,
        start=day_text(guarantee.lease_starts_on),
        months=guarantee.months,
        amount=kroner(guarantee.amount),
        until=day_text(guarantee.valid_until),
    )


def cover_letter_pdf(appeal: Appeal, documents: list[str], *, signed_by: User | None = None) -> bytes:
    """The office's letter sending an upheld appeal, with the case documents, to the appeal body (R14)."""
    decision = appeal.decision
    municipality = decision.case.municipality
    sent = appeal.forwarded_at or utcnow()
    texts = TEXTS["nb"]
    decided_on = oslo_today(decision.issued_at) if decision.issued_at is not None else None
    html = render_template(
        "decisions/cover_letter.html",
        texts=texts,
        appeal=appeal,
        decision=decision,
        lang="nb",
        title="Oversendelse av klage",
        municipality_line=texts["municipality"].format(name=municipality.name),
        office=signing_office(municipality, signed_by),
        sent_on=day_text(oslo_today(sent)),
        created=pdf_created(sent),
        client_name=decision.case.client.name,
        decision_title=title_of(decision, texts),
        decided_on=day_text(decided_on),
        received_on=day_text(appeal.received_on),
        deadline=day_text(decision.appeal_deadline),
        documents=documents,
        signed_by=signed_by,
    )
    return render_pdf(html)


def render_pdf(html: str) -> bytes:
    """A letter drawn from its HTML as a tagged A4 PDF (R29)."""
    # The letter loads nothing: its style is inline and every user text is escaped, so no URL is ever fetched.
    base_url = str(Path(current_app.root_path) / "templates" / "decisions")
    pdf: bytes = HTML(string=html, base_url=base_url).write_pdf(pdf_variant=PDF_VARIANT)
    return pdf


def signing_office(municipality: Municipality, user: User | None) -> Office | None:
    """The office that signs: the caseworker's own, else the municipality's first."""
    if user is not None and user.office is not None:
        return user.office
    return municipality.offices[0] if municipality.offices else None


def day_text(day: date | None) -> str:
    """A date as a letter writes it: 22.11.2026."""
    return day.strftime("%d.%m.%Y") if day is not None else ""


def kroner(amount: int) -> str:
    """12500 as a letter writes it: 12 500 kr."""
    return f"{amount:,}".replace(",", "\u00a0") + "\u00a0kr"


def pdf_created(moment: datetime) -> str:
    """The letter's creation date for the PDF's metadata: the moment it was issued, not when it was drawn."""
    return moment.astimezone(OSLO).isoformat(timespec="seconds")
