"""The words of every SMS, per language: short, kind, and without case details, reasons or ids (R24, R26).

Client messages come in bokmål, nynorsk and English and fall back to bokmål. Messages to staff are in
bokmål. Plain ASCII punctuation keeps a message in GSM-7, where one part holds 160 characters.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from bolig.notifications.models import SmsKind
from providers.sms import Segments, segments

FALLBACK_LANGUAGE = "nb"
HOLD_FROM_LATER = "hold_created_later"


class Reply(StrEnum):
    """Answers to an incoming SMS, sent back at once; named apart from the kinds of queued message."""

    CLIENT_HELP = "reply_client_help"
    CONFIRMED = "reply_confirmed"
    DECLINED = "reply_declined"
    STOPPED = "reply_stopped"
    UNKNOWN = "reply_unknown"
    OPERATOR_HELP = "reply_operator_help"
    CAPACITY_SAVED = "reply_capacity_saved"


TEMPLATES: Mapping[str, Mapping[str, str]] = {
    SmsKind.HOLD_CREATED: {
        "nb": "NAV har en plass til deg i natt: {shelter}, {address}. Kart: {map} Plassen holdes til kl. {until}. "
        "Svar JA når du er på vei, eller NEI hvis du ikke trenger den.",
        "nn": "NAV har ein plass til deg i natt: {shelter}, {address}. Kart: {map} Plassen blir halden til kl. "
        "{until}. Svar JA når du er på veg, eller NEI viss du ikkje treng han.",
        "en": "NAV has a place for you tonight: {shelter}, {address}. Map: {map} The place is held until {until}. "
        "Reply JA when you are on your way, or NEI if you do not need it.",
    },
    # A place held from tomorrow night: the same, with the evening it starts.
    HOLD_FROM_LATER: {
        "nb": "NAV har en plass til deg fra kvelden {night}: {shelter}, {address}. Kart: {map} Svar innen kl. "
        "{until}: JA hvis du vil ha den, eller NEI hvis du ikke trenger den.",
        "nn": "NAV har ein plass til deg frå kvelden {night}: {shelter}, {address}. Kart: {map} Svar innan kl. "
        "{until}: JA viss du vil ha han, eller NEI viss du ikkje treng han.",
        "en": "NAV has a place for you from the evening of {night}: {shelter}, {address}. Map: {map} Reply by "
        "{until}: JA if you want it, or NEI if you do not need it.",
    },
    SmsKind.HOLD_REMINDER: {
        "nb": "Påminnelse: plassen din på {shelter} holdes til kl. {until}. "
        "Svar JA når du er på vei, eller NEI hvis du ikke trenger den.",
        "nn": "Påminning: plassen din på {shelter} blir halden til kl. {until}. "
        "Svar JA når du er på veg, eller NEI viss du ikkje treng han.",
        "en": "Reminder: your place at {shelter} is held until {until}. "
        "Reply JA when you are on your way, or NEI if you do not need it.",
    },
    SmsKind.HOLD_RELEASED: {
        "nb": "Plassen på {shelter} er ikke lenger holdt av til deg. "
        "Trenger du fortsatt et sted å sove, ring NAV på {phone}.",
        "nn": "Plassen på {shelter} er ikkje lenger halden av til deg. "
        "Treng du framleis ein stad å sove, ring NAV på {phone}.",
        "en": "The place at {shelter} is no longer held for you. "
        "If you still need somewhere to sleep, call NAV on {phone}.",
    },
    SmsKind.DECISION: {
        "nb": "Du har fått et nytt vedtak fra NAV. Du kan lese det hos NAV-kontoret ditt, eller ring {phone}.",
        "nn": "Du har fått eit nytt vedtak frå NAV. Du kan lese det hos NAV-kontoret ditt, eller ring {phone}.",
        "en": "You have a new decision from NAV. You can read it at your NAV office, or call {phone}.",
    },
    SmsKind.FOLLOW_UP: {
        "nb": "Påminnelse fra NAV: du har en avtale {when}. Ring {phone} hvis du ikke kan komme.",
        "nn": "Påminning frå NAV: du har ein avtale {when}. Ring {phone} viss du ikkje kan kome.",
        "en": "Reminder from NAV: you have an appointment {when}. Call {phone} if you cannot come.",
    },
    SmsKind.CAPACITY_REMINDER: {
        "nb": "bolig: ledige plasser i natt for {shelter} er ikke meldt i dag. "
        "Svar LEDIG og antall senger, for eksempel LEDIG 3 eller LEDIG 3 FAMILIE 1.",
    },
    SmsKind.ESCALATION: {
        "nb": "bolig: {count} husstand(er) i {municipality} har ventet mer enn {minutes} minutter uten plass. "
        "Se tavla: {link}",
    },
    SmsKind.DECLINED: {
        "nb": "bolig: en husstand takket nei til plassen på {shelter} på SMS. Saken er åpen igjen: {link}",
    },
    SmsKind.EXCLUSION_REQUESTED: {
        "nb": "bolig: {shelter} ber NAV avslutte et opphold. Hør brukeren og avgjør i dag: {link}",
    },
    SmsKind.UNDECIDED: {
        "nb": "bolig: {count} sak(er) fra i dag har ikke fått vedtak ennå (kl. {checkpoint}). "
        "Midlertidig botilbud avgjøres samme dag: {link}",
    },
    Reply.CLIENT_HELP: {
        "nb": "Svar JA når du er på vei, NEI hvis du ikke trenger plassen, eller STOPP for ingen flere SMS fra NAV.",
        "nn": "Svar JA når du er på veg, NEI viss du ikkje treng plassen, eller STOPP for ingen fleire SMS frå NAV.",
        "en": "Reply JA when you are on your way, NEI if you do not need the place, or STOPP for no more SMS.",
    },
    Reply.CONFIRMED: {
        "nb": "Takk! {shelter} vet at du er på vei.",
        "nn": "Takk! {shelter} veit at du er på veg.",
        "en": "Thank you! {shelter} knows you are on your way.",
    },
    Reply.DECLINED: {
        "nb": "Takk for beskjed. Plassen er gitt fra deg. Trenger du hjelp likevel, ring NAV på {phone}.",
        "nn": "Takk for beskjed. Plassen er gitt frå deg. Treng du hjelp likevel, ring NAV på {phone}.",
        "en": "Thank you for letting us know. The place is released. If you need help after all, call NAV on {phone}.",
    },
    Reply.STOPPED: {
        "nb": "Du får ikke flere SMS fra NAV om bolig. Ring {phone} hvis du vil ha dem igjen.",
        "nn": "Du får ikkje fleire SMS frå NAV om bustad. Ring {phone} viss du vil ha dei att.",
        "en": "You will get no more SMS from NAV about housing. Call {phone} if you want them again.",
    },
    Reply.UNKNOWN: {
        "nb": "Dette nummeret tar bare imot svar på SMS fra NAV. Ring NAV på {phone}.",
    },
    Reply.OPERATOR_HELP: {
        "nb": "Skriv LEDIG og antall ledige senger i natt, for eksempel LEDIG 3, eller LEDIG 3 FAMILIE 1.",
    },
    Reply.CAPACITY_SAVED: {
        "nb": "Takk! Lagret for {shelter} i natt: {summary}.",
    },
}


def render(kind: str, language: str, fields: Mapping[str, object]) -> str:
    """The message in the person's language, or in bokmål when there is no such text."""
    texts = TEMPLATES[kind]
    return texts.get(language, texts[FALLBACK_LANGUAGE]).format_map(fields)


def preview(kind: str, language: str, fields: Mapping[str, object]) -> tuple[str, Segments]:
    """The text exactly as it will be sent, and how many SMS parts it takes."""
    text = render(kind, language, fields)
    return text, segments(text)
