"""Tilbyder: a place that offers temporary housing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bolig.db import Base, UTCDateTime, utcnow
from bolig.municipalities.models import Municipality


class Shelter(Base):
    """Tilbyder / døgnovernattingssted: one place that offers temporary housing."""

    __tablename__ = "shelters"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    municipality: Mapped[Municipality] = relationship()
