"""Decision letters and cover letters: complete, in the client's language, accessible, discreet (R12-R14, R27, R29)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from flask import Flask
from pypdf import PdfReader
from pypdf.generic import BooleanObject, DictionaryObject

from bolig.auth.models import Role
from bolig.cases.identity import normalise_national_id
from bolig.db import db
from bolig.decisions.letters import cover_letter_pdf, decision_pdf
from bolig.decisions.models import Appeal, AppealStatus, Decision, DecisionStatus, Outcome, Payment
from bolig.municipalities.models import Municipality
from tests.factories import make_case, make_municipality, make_shelter, make_user

NATIONAL_ID = "01010750160"
ISSUED_AT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
CLIENT = "Kari Nordmann"
CASEWORKER = "Siri Saksbehandler"
APPEAL_BODY = "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus"
DOCUMENTS = ["Vedtak av 23.11.2026", "Klage mottatt 01.12.2026", "Notat fra samtale 20.11.2026"]
# What a caseworker typed, markup and ampersands included: it must come out as text.
FACTS = "Kari ringte natt til mandag.\nNaboen skrev: <script>alert(1)</script> & <b>ikke fet</b>"


@dataclass(frozen=True)
class Letters:
    grant_nb: bytes
    stop_nn: bytes
    cover: bytes


# Rendering is the slow part: each database renders its letters once and every test reads them.
_rendered: dict[int, Letters] = {}


def letters(app: Flask) -> Letters:
    if id(app) not in _rendered:
        _rendered[id(app)] = _render()
    return _rendered[id(app)]


def _render() -> Letters:
    municipality = make_municipality("0301")
    office = municipality.offices[0]
    office.address, office.phone = "Storgata 1, 0155 Oslo", "21 07 00 00"
    worker = make_user(Role.CASEWORKER, municipality, name=CASEWORKER)
    assert normalise_national_id(NATIONAL_ID) == NATIONAL_ID
    case = make_case(municipality, worker=worker, client_name=CLIENT, national_id=NATIONAL_ID)
    assert case.client.national_id == NATIONAL_ID
    shelter = make_shelter(municipality, name="Byhjemmet & Co", address="Tollbugata 3", postcode="0152", city="Oslo")
    grant = _decision(
        municipality,
        case.id,
        worker.id,
        outcome=Outcome.GRANT,
        language="nb",
        shelter_id=shelter.id,
        first_night=date(2026, 11, 23),
        last_night=date(2026, 11, 29),
        conditions="Ro i huset fra kl. 23.\nIkke rus på rommet.",
        payment=Payment.DIRECT_WITH_CONSENT,
    )
    stop = _decision(
        municipality,
        case.id,
        worker.id,
        outcome=Outcome.STOP,
        language="nn",
        hearing="Kari fekk seie si meining 22.11.2026.",
    )
    appeal = Appeal(
        decision_id=grant.id,
        received_on=date(2026, 12, 1),
        channel="post",
        text="Eg klagar.",
        in_time=True,
        status=AppealStatus.UPHELD,
        forwarded_at=datetime(2026, 12, 10, 12, tzinfo=UTC),
    )
    db.session.add(appeal)
    db.session.flush()
    return Letters(decision_pdf(grant), decision_pdf(stop), cover_letter_pdf(appeal, DOCUMENTS, signed_by=worker))


def _decision(municipality: Municipality, case_id: int, worker_id: int, **values: object) -> Decision:
    language = values["language"]
    decision = Decision(
        municipality_id=municipality.id,
        case_id=case_id,
        status=DecisionStatus.ISSUED,
        legal_basis=f"Sosialtjenesteloven § 27 ({language}).",
        facts=FACTS,
        reasoning=f"Hovudomsyn {language}: ingen annan stad å sove.",
        appeal_information=f"Klagen må vere skriftleg ({language}).",
        access_information=f"Ring kontoret for innsyn ({language}).",
        appeal_body=municipality.appeal_body,
        changes="",
        created_by_id=worker_id,
        issued_by_id=worker_id,
        issued_at=ISSUED_AT,
        delivered_via="post",
        received_on=date(2026, 11, 25),
        appeal_deadline=date(2026, 12, 16),
        **values,
    )
    db.session.add(decision)
    db.session.flush()
    return decision


def pages(pdf: bytes) -> list[str]:
    """Each page's text, its whitespace collapsed so that wrapped lines read as written."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_the_first_page_shows_the_office_and_the_client(app: Flask) -> None:
    first = pages(letters(app).grant_nb)[0]
    for part in ("NAV Oslo", "Oslo kommune", "Storgata 1, 0155 Oslo", "21 07 00 00", CLIENT, "Dato: 23.11.2026"):
        assert part in first


def test_a_bokmaal_grant_says_everything_a_decision_must(app: Flask) -> None:
    text = " ".join(pages(letters(app).grant_nb))
    for part in (
        "Vedtak om midlertidig botilbud",
        "Lovgrunnlag",
        "Sosialtjenesteloven § 27 (nb).",
        "Faktiske opplysninger",
        "Kari ringte natt til mandag.",
        "Begrunnelse",
        "Hovudomsyn nb: ingen annan stad å sove.",
        "Byhjemmet & Co",
        "Tollbugata 3, 0152 Oslo",
        "23.11.2026–29.11.2026",
        "til morgenen 30.11.2026",
        "Ro i huset fra kl. 23.",
        "NAV betaler stedet direkte, fordi du har samtykket til det.",
        "Du kan klage",
        "Klagen må vere skriftleg (nb).",
        APPEAL_BODY,
        "Fristen for å klage er tre uker fra den dagen du mottok dette vedtaket.",
        "Du har rett til innsyn",
        "Ring kontoret for innsyn (nb).",
        f"{CASEWORKER}, saksbehandler",
    ):
        assert part in text, part


def test_a_nynorsk_stop_is_in_nynorsk_and_keeps_its_hearing(app: Flask) -> None:
    text = " ".join(pages(letters(app).stop_nn))
    for part in (
        "Vedtak om stans av mellombels butilbod",
        "Faktiske opplysningar",
        "Kontradiksjon",
        "Kari fekk seie si meining 22.11.2026.",
        "Grunngiving",
        "Fristen for å klage er tre veker frå den dagen du fekk dette vedtaket.",
        "Med venleg helsing",
        APPEAL_BODY,
    ):
        assert part in text, part
    assert "Faktiske opplysninger" not in text
    assert "Botilbudet" not in text  # a stop names no place


def test_the_national_id_is_printed_nowhere(app: Flask) -> None:
    for pdf in letters(app).__dict__.values():
        text = "".join("".join(pages(pdf)).split())
        assert NATIONAL_ID not in text
        assert NATIONAL_ID[-5:] not in text


def test_user_text_comes_out_as_text_not_markup(app: Flask) -> None:
    text = " ".join(pages(letters(app).grant_nb))
    assert "Naboen skrev: <script>alert(1)</script> & <b>ikke fet</b>" in text


def test_letters_are_tagged_a4_pdfs_in_their_language(app: Flask) -> None:
    rendered = letters(app)
    for pdf, lang in ((rendered.grant_nb, "nb"), (rendered.stop_nn, "nn"), (rendered.cover, "nb")):
        reader = PdfReader(io.BytesIO(pdf))
        catalog = reader.root_object
        assert str(catalog["/Lang"]) == lang
        mark_info = catalog["/MarkInfo"]
        assert isinstance(mark_info, DictionaryObject)
        assert mark_info["/Marked"] == BooleanObject(True)
        assert "/StructTreeRoot" in catalog
        for page in reader.pages:
            assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
        assert reader.metadata is not None
        assert reader.metadata.title


def test_the_cover_letter_sends_the_appeal_and_its_documents_to_the_appeal_body(app: Flask) -> None:
    cover = pages(letters(app).cover)
    assert APPEAL_BODY in cover[0]
    text = " ".join(cover)
    for part in (
        "Oversendelse av klage",
        f"Vi sender over klagen fra {CLIENT} på vårt vedtak av 23.11.2026: Vedtak om midlertidig botilbud.",
        "Vi mottok klagen 01.12.2026.",
        "Klagen kom inn i tide; fristen var 16.12.2026.",
        "opprettholder vedtaket",
        *DOCUMENTS,
        f"{CASEWORKER}, saksbehandler",
    ):
        assert part in text, part


def test_a_letter_in_an_unknown_language_is_refused(app: Flask) -> None:
    case = make_case(make_municipality("0301"))
    decision = Decision(municipality_id=case.municipality_id, case=case, outcome=Outcome.REFUSAL, language="en")
    with pytest.raises(ValueError, match="language"):
        decision_pdf(decision)
