"""Oppfølging: one planned step toward a permanent home for a case's household (R8)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bolig.cases.models import Case
from bolig.db import Base, UTCDateTime, utcnow


class FollowUpKind(StrEnum):
    """What the step is; the words the worker and the board use for it."""

    MEETING = "meeting"
    VIEWING = "viewing"
    LEASE = "lease"
    DEPOSIT = "deposit"
    HOME_VISIT = "home_visit"
    OTHER = "other"


class FollowUpStatus(StrEnum):
    PLANNED = "planned"
    DONE = "done"
    MISSED = "missed"
    CANCELLED = "cancelled"


class FollowUp(Base):
    """A step with a time: planned, then done, missed or cancelled. The client may get an SMS the day before."""

    __tablename__ = "follow_ups"
    __table_args__ = (Index("ix_follow_ups_municipality_status_due", "municipality_id", "status", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Where, and what to bring or remember: for staff, never in the client's SMS.
    place: Mapped[str] = mapped_column(String(120), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    remind_client: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(10), default=FollowUpStatus.PLANNED)
    outcome: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    case: Mapped[Case] = relationship()

    @property
    def is_planned(self) -> bool:
        return self.status == FollowUpStatus.PLANNED
