"""Tilbyder, plass, kvalitetsavtale, tilsyn og ledige plasser."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bolig.db import Base, UTCDateTime, utcnow
from bolig.municipalities.models import Municipality

if TYPE_CHECKING:
    from bolig.auth.models import User


class ShelterKind(StrEnum):
    """Derived per night from the shelter's agreements (R6), never typed in."""

    QUALITY_AGREEMENT = "quality_agreement"
    FALLBACK = "fallback"


class ProviderType(StrEnum):
    """What sort of place it is; a fallback is typically a hotel or a cabin."""

    SHELTER = "shelter"
    # Natthjem: a bed for the night only, which KOSTRA does not count as temporary housing (R30).
    NIGHT_SHELTER = "night_shelter"
    HOTEL = "hotel"
    CABIN = "cabin"
    OTHER = "other"


class PlaceKind(StrEnum):
    """A bed takes one person; a family unit takes one household."""

    BED = "bed"
    FAMILY_UNIT = "family_unit"


class GenderPolicy(StrEnum):
    ANY = "any"
    WOMEN = "women"
    MEN = "men"


class Channel(StrEnum):
    """How a capacity report reached bolig."""

    WEB = "web"
    API = "api"
    SMS = "sms"


class Shelter(Base):
    """Tilbyder / døgnovernattingssted: one place that offers temporary housing."""

    __tablename__ = "shelters"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    provider_type: Mapped[str] = mapped_column(String(20), default=ProviderType.SHELTER)
    address: Mapped[str] = mapped_column(String(200), default="")
    postcode: Mapped[str] = mapped_column(String(4), default="")
    city: Mapped[str] = mapped_column(String(80), default="")
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    contact_phone: Mapped[str] = mapped_column(String(20), default="")
    # The number operators text capacity from ("LEDIG 3"); matched on inbound SMS.
    operator_phone: Mapped[str] = mapped_column(String(20), default="", index=True)
    price_per_night: Mapped[Decimal] = mapped_column(Numeric(10, 2), default=Decimal(0))
    # Address never shown beyond those who need it and never exported (e.g. for people fleeing violence; R24).
    protected: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    municipality: Mapped[Municipality] = relationship()
    categories: Mapped[list[PlaceCategory]] = relationship(
        back_populates="shelter", order_by="PlaceCategory.id", cascade="all, delete-orphan"
    )
    agreements: Mapped[list[QualityAgreement]] = relationship(
        back_populates="shelter", order_by="QualityAgreement.valid_from", cascade="all, delete-orphan"
    )


class PlaceCategory(Base):
    """Plass: a kind of place a shelter offers, with what it allows and its physical maximum."""

    __tablename__ = "place_categories"
    __table_args__ = (
        UniqueConstraint("shelter_id", "code"),
        CheckConstraint("maximum >= 0", name="maximum_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    shelter_id: Mapped[int] = mapped_column(ForeignKey("shelters.id", ondelete="CASCADE"), index=True)
    # What the API and SMS call it: "bed" and "family_unit" unless a shelter has several of a kind.
    code: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(80), default="")
    maximum: Mapped[int]
    gender_policy: Mapped[str] = mapped_column(String(10), default=GenderPolicy.ANY)
    children_allowed: Mapped[bool] = mapped_column(Boolean, default=False)
    wheelchair_accessible: Mapped[bool] = mapped_column(Boolean, default=False)
    pets_allowed: Mapped[bool] = mapped_column(Boolean, default=False)
    substance_free: Mapped[bool] = mapped_column(Boolean, default=False)
    minimum_age: Mapped[int] = mapped_column(default=18)
    staffed_24_7: Mapped[bool] = mapped_column(Boolean, default=False)

    shelter: Mapped[Shelter] = relationship(back_populates="categories")

    @property
    def municipality_id(self) -> int:
        return self.shelter.municipality_id


class QualityAgreement(Base):
    """Kvalitetsavtale: the municipality's standards for a shelter, valid for a period (R6, U-5/2003)."""

    __tablename__ = "quality_agreements"
    __table_args__ = (CheckConstraint("valid_to >= valid_from", name="valid_period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shelter_id: Mapped[int] = mapped_column(ForeignKey("shelters.id", ondelete="CASCADE"), index=True)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date] = mapped_column(Date)
    linen_changed_weekly: Mapped[bool] = mapped_column(Boolean, default=True)
    bathrooms_cleaned_daily: Mapped[bool] = mapped_column(Boolean, default=True)
    daily_supervision: Mapped[bool] = mapped_column(Boolean, default=True)
    kitchen_and_toilet_access: Mapped[bool] = mapped_column(Boolean, default=True)
    suitable_for_families: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    shelter: Mapped[Shelter] = relationship(back_populates="agreements")
    inspections: Mapped[list[Inspection]] = relationship(
        back_populates="agreement", order_by="Inspection.inspected_on", cascade="all, delete-orphan"
    )

    @property
    def municipality_id(self) -> int:
        return self.shelter.municipality_id


class Inspection(Base):
    """Tilsyn: one inspection of a shelter under its agreement, passed or not."""

    __tablename__ = "inspections"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("quality_agreements.id", ondelete="CASCADE"), index=True)
    inspected_on: Mapped[date] = mapped_column(Date)
    inspector: Mapped[str] = mapped_column(String(120))
    findings: Mapped[str] = mapped_column(Text, default="")
    passed: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    agreement: Mapped[QualityAgreement] = relationship(back_populates="inspections")

    @property
    def municipality_id(self) -> int:
        return self.agreement.municipality_id


class CapacityReport(Base):
    """Ledige plasser: what a shelter offers in one category for one night, as reported. Never changed.

    The latest report for a category and night is the one that counts; earlier ones are its history.
    """

    __tablename__ = "capacity_reports"
    __table_args__ = (
        Index("ix_capacity_reports_category_night", "category_id", "night", "id"),
        CheckConstraint("offered >= 0", name="offered_not_negative"),
        CheckConstraint("out_of_service >= 0", name="out_of_service_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("place_categories.id", ondelete="CASCADE"))
    night: Mapped[date] = mapped_column(Date)
    offered: Mapped[int]
    out_of_service: Mapped[int] = mapped_column(default=0)
    out_of_service_reason: Mapped[str] = mapped_column(String(200), default="")
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    channel: Mapped[str] = mapped_column(String(10))

    category: Mapped[PlaceCategory] = relationship()
    reported_by: Mapped[User | None] = relationship()

    @property
    def municipality_id(self) -> int:
        return self.category.municipality_id
