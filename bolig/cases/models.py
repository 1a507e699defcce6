"""Sak, bruker, reservasjon og opphold."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    BindParameter,
    Boolean,
    CheckConstraint,
    ColumnElement,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    and_,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bolig.auth.models import User
from bolig.db import Base, UTCDateTime, utcnow
from bolig.municipalities.models import Municipality
from bolig.shelters.models import PlaceCategory, Shelter


class ReceivedVia(StrEnum):
    """How the application came (R3): an oral one counts as much as a written one."""

    ORAL = "oral"
    PHONE = "phone"
    WRITTEN = "written"
    DIGITAL = "digital"


class CaseReason(StrEnum):
    """Why the household has nowhere to sleep: for statistics only, never a filter (R2)."""

    FIRE = "fire"
    EVICTION = "eviction"
    BREAKUP = "breakup"
    VIOLENCE = "violence"
    RELEASE = "release"
    OTHER = "other"


class CaseStatus(StrEnum):
    """A case is open until the household has a place or a written decision (R5)."""

    OPEN = "open"
    PLACED = "placed"
    CLOSED = "closed"


class ClosedReason(StrEnum):
    """Why a case ended without a decision: the application lapsed. Never "no vacancy" (R5)."""

    WITHDRAWN = "withdrawn"  # the household took its application back
    OWN_SOLUTION = "own_solution"  # they found somewhere to stay themselves
    MOVED_AWAY = "moved_away"  # staying in another municipality now, whose NAV office decides (R1)
    OTHER = "other"


class HoldStatus(StrEnum):
    ACTIVE = "active"
    CANCELLED = "cancelled"
    ARRIVED = "arrived"
    NO_SHOW = "no_show"
    EXPIRED = "expired"


class StayStatus(StrEnum):
    STAYING = "staying"
    CHECKED_OUT = "checked_out"
    EXCLUDED = "excluded"


class Destination(StrEnum):
    """Where the household went at check-out: for follow-up and statistics (R30)."""

    OWN_RENTAL = "own_rental"
    MUNICIPAL_HOUSING = "municipal_housing"
    FAMILY_OR_FRIENDS = "family_or_friends"
    INSTITUTION = "institution"
    OTHER = "other"
    UNKNOWN = "unknown"


# The languages a client can get SMS in, each named in itself.
CLIENT_LANGUAGES = {"nb": "Norsk bokmål", "nn": "Norsk nynorsk", "en": "English"}
NAME_LENGTH = 120
PLACE_LENGTH = 200


class Client(Base):
    """Bruker: the person the case is about; seen only by those who need to (R24, R26)."""

    __tablename__ = "clients"
    # A national id number at intake finds the person the municipality knows (cases.operations.create_case).
    __table_args__ = (Index("ix_clients_municipality_national_id", "municipality_id", "national_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    phone: Mapped[str] = mapped_column(String(20), default="")  # E.164
    language: Mapped[str] = mapped_column(String(5), default="nb")
    sms_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    # Only when secure identification is needed; never shown in full (R27).
    national_id: Mapped[str | None] = mapped_column(String(11))
    protected_address: Mapped[bool] = mapped_column(Boolean, default=False)
    # The client answered STOPP: no SMS of any kind from now on.
    sms_opted_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    municipality: Mapped[Municipality] = relationship()

    @property
    def reachable_by_sms(self) -> bool:
        """Whether bolig may text this person: a number, their consent, and no opt-out."""
        return bool(self.phone) and self.sms_consent and self.sms_opted_out_at is None

    @property
    def first_name(self) -> str:
        return self.name.split(" ")[0]


class Incident(Base):
    """Hendelse: one event that displaces many households at once, such as a building fire."""

    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    cases: Mapped[list[Case]] = relationship(back_populates="incident", order_by="Case.id")


class ClientCorrection(Base):
    """Retting: what a worker corrected of the client's details, old and new, kept as a note (R26)."""

    __tablename__ = "client_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    field: Mapped[str] = mapped_column(String(20))
    old_value: Mapped[str] = mapped_column(String(NAME_LENGTH))
    new_value: Mapped[str] = mapped_column(String(NAME_LENGTH))
    corrected_at: Mapped[datetime] = mapped_column(UTCDateTime)
    corrected_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    corrected_by: Mapped[User | None] = relationship()


class Case(Base):
    """Sak: one household's application for temporary housing (sotjl. § 27)."""

    __tablename__ = "cases"
    __table_args__ = (
        CheckConstraint("adults >= 0", name="adults_not_negative"),
        Index("ix_cases_municipality_status", "municipality_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"))
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), default=CaseStatus.OPEN)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_via: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(String(20), default=CaseReason.OTHER)
    location_text: Mapped[str] = mapped_column(String(PLACE_LENGTH), default="")
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    adults: Mapped[int] = mapped_column(default=1)
    children_ages: Mapped[list[int]] = mapped_column(JSON, default=list)
    pets: Mapped[bool] = mapped_column(Boolean, default=False)
    gender: Mapped[str] = mapped_column(String(10), default="mixed")
    single_gender_place: Mapped[bool] = mapped_column(Boolean, default=False)
    wheelchair: Mapped[bool] = mapped_column(Boolean, default=False)
    substance_free: Mapped[bool] = mapped_column(Boolean, default=False)
    youngest_adult_age: Mapped[int | None]
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"), index=True)
    # When the on-call supervisor was told the household had waited too long without a place (R5).
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the case was last closed: its retention period runs from here (R28).
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when it closed without a decision: why the application lapsed, in the worker's words too.
    closed_reason: Mapped[str] = mapped_column(String(20), default="", server_default="")
    closed_note: Mapped[str] = mapped_column(Text, default="", server_default="")

    municipality: Mapped[Municipality] = relationship()
    client: Mapped[Client] = relationship()
    incident: Mapped[Incident | None] = relationship(back_populates="cases")
    created_by: Mapped[User | None] = relationship()
    holds: Mapped[list[Hold]] = relationship(back_populates="case", order_by="Hold.id")
    stays: Mapped[list[Stay]] = relationship(back_populates="case", order_by="Stay.id")

    @property
    def household_size(self) -> int:
        return self.adults + len(self.children_ages)


class Hold(Base):
    """Reservasjon: a place held for a case for some nights, until it expires (default 2 hours)."""

    __tablename__ = "holds"
    __table_args__ = (
        CheckConstraint("places > 0", name="places_positive"),
        CheckConstraint("last_night >= first_night", name="nights_in_order"),
        Index("ix_holds_category_status_nights", "category_id", "status", "first_night", "last_night"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    shelter_id: Mapped[int] = mapped_column(ForeignKey("shelters.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("place_categories.id"))
    first_night: Mapped[date] = mapped_column(Date)
    last_night: Mapped[date] = mapped_column(Date)
    places: Mapped[int]
    status: Mapped[str] = mapped_column(String(10), default=HoldStatus.ACTIVE)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    fallback_reason: Mapped[str] = mapped_column(Text, default="")
    children_justification: Mapped[str] = mapped_column(Text, default="")
    no_show_reason: Mapped[str] = mapped_column(String(20), default="")
    # The client answered JA by SMS: they are on their way.
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    case: Mapped[Case] = relationship(back_populates="holds")
    shelter: Mapped[Shelter] = relationship()
    category: Mapped[PlaceCategory] = relationship()
    created_by: Mapped[User | None] = relationship()

    @property
    def municipality_id(self) -> int:
        return self.case.municipality_id

    @property
    def nights(self) -> int:
        return (self.last_night - self.first_night).days + 1

    def takes_place_at(self, now: datetime) -> bool:
        """Whether the hold keeps its place now: active and not yet expired (on arrival a stay takes over)."""
        return self.status == HoldStatus.ACTIVE and self.expires_at > now


def taking_places(now: datetime | BindParameter[datetime]) -> ColumnElement[bool]:
    """Hold.takes_place_at as SQL: an expired hold stops counting at its expiry, before any job runs."""
    return and_(Hold.status == HoldStatus.ACTIVE, Hold.expires_at > now)


class Stay(Base):
    """Opphold: from arrival to departure at a shelter; not a tenancy (R11, husleieloven § 1-1)."""

    __tablename__ = "stays"
    __table_args__ = (
        CheckConstraint("last_night >= first_night", name="nights_in_order"),
        Index("ix_stays_category_status_nights", "category_id", "status", "first_night", "last_night"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    hold_id: Mapped[int] = mapped_column(ForeignKey("holds.id"), unique=True)
    shelter_id: Mapped[int] = mapped_column(ForeignKey("shelters.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("place_categories.id"))
    places: Mapped[int]
    first_night: Mapped[date] = mapped_column(Date)
    last_night: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default=StayStatus.STAYING)
    arrived_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    destination: Mapped[str] = mapped_column(String(20), default="")
    # R9: before a stop decision the client is heard and the facts are recorded.
    hearing: Mapped[str] = mapped_column(Text, default="")
    facts: Mapped[str] = mapped_column(Text, default="")
    # The shelter asked NAV to end the stay: the caseworker hears the client and decides (R9).
    exclusion_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    exclusion_request: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="stays")
    hold: Mapped[Hold] = relationship()
    shelter: Mapped[Shelter] = relationship()
    category: Mapped[PlaceCategory] = relationship()

    @property
    def municipality_id(self) -> int:
        return self.case.municipality_id

    @property
    def nights(self) -> int:
        return (self.last_night - self.first_night).days + 1
