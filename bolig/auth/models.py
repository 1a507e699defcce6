"""Brukere og tilganger: staff users, their roles and API tokens."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import Boolean, Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bolig.db import Base, UTCDateTime, utcnow
from bolig.municipalities.models import Municipality, Office
from bolig.shelters.models import Shelter


class Role(StrEnum):
    """What a staff user does; decides what the user may see and change."""

    CASEWORKER = "caseworker"
    OPERATOR = "operator"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


operator_shelters = Table(
    "operator_shelters",
    Base.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("shelter_id", ForeignKey("shelters.id", ondelete="CASCADE"), primary_key=True),
)


class User(UserMixin, Base):
    """Bruker: a member of staff (caseworker, shelter operator, supervisor or administrator)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    role: Mapped[str] = mapped_column(String(20))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Part of every session's identity: raising it ends all of the user's sessions, copied cookies too.
    session_epoch: Mapped[int] = mapped_column(default=0, server_default="0")

    municipality: Mapped[Municipality] = relationship(back_populates="users")
    office: Mapped[Office | None] = relationship()
    shelters: Mapped[list[Shelter]] = relationship(secondary=operator_shelters, order_by=Shelter.name)
    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user", order_by="ApiToken.created_at.desc()")

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        """The session's user id, bound to the epoch so that logging out invalidates every copy."""
        return f"{self.id}:{self.session_epoch}"

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles


class ApiToken(Base):
    """API-nøkkel: a bearer token, stored only as its hash."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="tokens")

    @property
    def municipality_id(self) -> int:
        return self.user.municipality_id
