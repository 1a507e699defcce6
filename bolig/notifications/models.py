"""SMS: the outbox and the inbox, every message stored before it is sent."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bolig.cases.models import Case, Client, Hold
from bolig.db import Base, UTCDateTime, utcnow
from bolig.municipalities.models import Municipality
from bolig.shelters.models import Shelter


class Direction(StrEnum):
    OUT = "out"
    IN = "in"


class SmsStatus(StrEnum):
    """Where a message is: queued until the provider takes it, then sent, then delivered or failed."""

    QUEUED = "queued"
    # Taken by the outbox job and handed to the provider outside any transaction.
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"
    # No longer wanted before it went: the client opted out, or the hold it was about ended.
    CANCELLED = "cancelled"
    RECEIVED = "received"


class SmsKind(StrEnum):
    HOLD_CREATED = "hold_created"
    HOLD_REMINDER = "hold_reminder"
    HOLD_RELEASED = "hold_released"
    DECISION = "decision"
    FOLLOW_UP = "follow_up"
    CAPACITY_REMINDER = "capacity_reminder"
    ESCALATION = "escalation"
    DECLINED = "declined"
    EXCLUSION_REQUESTED = "exclusion_requested"
    UNDECIDED = "undecided"
    REPLY = "reply"


class SmsMessage(Base):
    """SMS: one message to or from a phone; an outgoing one is written with the event that causes it."""

    __tablename__ = "sms_messages"
    __table_args__ = (Index("ix_sms_messages_status_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"), index=True)
    direction: Mapped[str] = mapped_column(String(3), default=Direction.OUT)
    kind: Mapped[str] = mapped_column(String(20))
    # One message per event ("hold:12:created"): a second attempt to queue it finds the first.
    event_key: Mapped[str | None] = mapped_column(String(80), unique=True)
    phone: Mapped[str] = mapped_column(String(20), index=True)  # E.164: to, or from when incoming
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(5), default="nb")
    # Urgent messages (a held place) go at once; the rest wait out the quiet hours.
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    hold_id: Mapped[int | None] = mapped_column(ForeignKey("holds.id"), index=True)
    shelter_id: Mapped[int | None] = mapped_column(ForeignKey("shelters.id"))
    status: Mapped[str] = mapped_column(String(10), default=SmsStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    give_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    provider_sid: Mapped[str | None] = mapped_column(String(64), unique=True)
    error_code: Mapped[str] = mapped_column(String(20), default="")
    error_message: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    municipality: Mapped[Municipality | None] = relationship()
    client: Mapped[Client | None] = relationship()
    case: Mapped[Case | None] = relationship()
    hold: Mapped[Hold | None] = relationship()
    shelter: Mapped[Shelter | None] = relationship()


class DeliveryReport(Base):
    """A provider's final delivery report that came before its message's id was saved, kept until it is.

    The provider may report on a message in the moment between accepting it and the outbox committing its id;
    the report waits here and the outbox's next run applies it, so a failed delivery is never lost.
    """

    __tablename__ = "sms_delivery_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_sid: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(20))
    error_code: Mapped[str] = mapped_column(String(20), default="")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
