"""Vedtak and klage: the written decision on a case, how it reached the client, and appeals against it."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bolig.auth.models import User
from bolig.cases.models import Case, Stay
from bolig.db import Base, UTCDateTime, utcnow
from bolig.guarantees.models import CashDeposit, DepositGuarantee
from bolig.shelters.models import Shelter


class Outcome(StrEnum):
    """Every outcome for a client is a decision (R4): a grant, a refusal, a change or a stop."""

    GRANT = "grant"
    REFUSAL = "refusal"
    CHANGE = "change"
    STOP = "stop"


class Subject(StrEnum):
    """What the decision is about. Granting or refusing a deposit guarantee or a cash deposit, and whether the
    money is a grant or a loan, are decisions of their own (R21, R22); they do not decide the application for
    temporary housing."""

    TEMPORARY_HOUSING = "temporary_housing"
    DEPOSIT_GUARANTEE = "deposit_guarantee"
    CASH_DEPOSIT = "cash_deposit"


# A decision on a deposit grants the guarantee or the deposit it names, by this field, or refuses one.
DEPOSIT_SUBJECTS = {Subject.DEPOSIT_GUARANTEE: "guarantee_id", Subject.CASH_DEPOSIT: "deposit_id"}


class DecisionStatus(StrEnum):
    DRAFT = "draft"
    ISSUED = "issued"


class Payment(StrEnum):
    """Who pays the provider (R10): paying it directly needs the client's consent or a decision of its own."""

    OWN_SHARE = "own_share"
    DIRECT_WITH_CONSENT = "direct_with_consent"
    DIRECT_BY_DECISION = "direct_by_decision"


class Delivery(StrEnum):
    """How the decision reached the client; the appeal deadline runs from that day (R14)."""

    IN_PERSON = "in_person"
    DIGITAL = "digital"
    POST = "post"


class AppealStatus(StrEnum):
    """An appeal goes to the NAV office, which reassesses it, then to Statsforvalteren (R14)."""

    RECEIVED = "received"
    CHANGED = "changed"
    FORWARDED = "forwarded"
    UPHELD = "upheld"
    REVERSED = "reversed"
    RETURNED = "returned"


class Decision(Base):
    """Vedtak: a written, reasoned decision on a case (fvl. §§ 23-27); once issued it never changes."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(10))
    subject: Mapped[str] = mapped_column(
        String(20), default=Subject.TEMPORARY_HOUSING, server_default="temporary_housing"
    )
    status: Mapped[str] = mapped_column(String(10), default=DecisionStatus.DRAFT)
    language: Mapped[str] = mapped_column(String(5), default="nb")
    # R12, R13: what a decision must say before it may be issued.
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    facts: Mapped[str] = mapped_column(Text, default="")
    reasoning: Mapped[str] = mapped_column(Text, default="")
    appeal_information: Mapped[str] = mapped_column(Text, default="")
    access_information: Mapped[str] = mapped_column(Text, default="")
    appeal_body: Mapped[str] = mapped_column(String(120), default="")
    # A grant: the place, the nights, the conditions and who pays (R10).
    shelter_id: Mapped[int | None] = mapped_column(ForeignKey("shelters.id"))
    first_night: Mapped[date | None] = mapped_column(Date)
    last_night: Mapped[date | None] = mapped_column(Date)
    conditions: Mapped[str] = mapped_column(Text, default="")
    payment: Mapped[str] = mapped_column(String(20), default="")
    # A change says what changes; a stop follows an exclusion and keeps its hearing (R9).
    changes: Mapped[str] = mapped_column(Text, default="")
    stay_id: Mapped[int | None] = mapped_column(ForeignKey("stays.id"))
    # A deposit's grant names the guarantee or the cash deposit it grants.
    guarantee_id: Mapped[int | None] = mapped_column(ForeignKey("deposit_guarantees.id"))
    deposit_id: Mapped[int | None] = mapped_column(ForeignKey("cash_deposits.id"))
    hearing: Mapped[str] = mapped_column(Text, default="")
    # A correction is a new decision that names the one it replaces.
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary)
    pdf_sha256: Mapped[str] = mapped_column(String(64), default="")
    # When and how it reached the client; the appeal deadline is counted from then (R14, R15).
    delivered_via: Mapped[str] = mapped_column(String(10), default="")
    received_on: Mapped[date | None] = mapped_column(Date)
    # Reasons asked for within the deadline and given later restart it (R12).
    reasons_given_on: Mapped[date | None] = mapped_column(Date)
    appeal_deadline: Mapped[date | None] = mapped_column(Date)

    case: Mapped[Case] = relationship()
    shelter: Mapped[Shelter | None] = relationship()
    stay: Mapped[Stay | None] = relationship()
    guarantee: Mapped[DepositGuarantee | None] = relationship()
    deposit: Mapped[CashDeposit | None] = relationship()
    corrects: Mapped[Decision | None] = relationship(remote_side=[id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    issued_by: Mapped[User | None] = relationship(foreign_keys=[issued_by_id])
    appeals: Mapped[list[Appeal]] = relationship(
        back_populates="decision", order_by="Appeal.id", foreign_keys="Appeal.decision_id"
    )

    @property
    def is_issued(self) -> bool:
        return self.status == DecisionStatus.ISSUED

    @property
    def about_deposit(self) -> bool:
        """About a deposit guarantee or a cash deposit, not about temporary housing."""
        return self.subject in DEPOSIT_SUBJECTS


class Appeal(Base):
    """Klage: the client's appeal, received by the NAV office, reassessed, then sent to Statsforvalteren."""

    __tablename__ = "appeals"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"), index=True)
    received_on: Mapped[date] = mapped_column(Date)
    # Posted (or sent digitally) before the deadline is in time, whenever it reached the office (R14).
    sent_on: Mapped[date | None] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text, default="")
    in_time: Mapped[bool]
    status: Mapped[str] = mapped_column(String(10), default=AppealStatus.RECEIVED)
    # The office changed its decision: the new one.
    new_decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"))
    forwarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cover_pdf: Mapped[bytes | None] = mapped_column(LargeBinary)
    cover_sha256: Mapped[str] = mapped_column(String(64), default="")
    result_on: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    decision: Mapped[Decision] = relationship(back_populates="appeals", foreign_keys=[decision_id])
    new_decision: Mapped[Decision | None] = relationship(foreign_keys=[new_decision_id])

    @property
    def municipality_id(self) -> int:
        return self.decision.municipality_id
