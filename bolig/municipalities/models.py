"""Kommune and NAV-kontor."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bolig.db import Base, UTCDateTime, utcnow
from bolig.timeutil import tonight

if TYPE_CHECKING:
    from bolig.auth.models import User

# The appeal body is the Statsforvalteren of the municipality's county (R4, R14).
# [G] Office names as of 2024; keep them here so a merger is a one-line change.
APPEAL_BODIES: dict[str, str] = {
    "Oslo": "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus",
    "Akershus": "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus",
    "Østfold": "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus",
    "Buskerud": "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus",
    "Vestfold": "Statsforvalteren i Vestfold og Telemark",
    "Telemark": "Statsforvalteren i Vestfold og Telemark",
    "Innlandet": "Statsforvalteren i Innlandet",
    "Agder": "Statsforvalteren i Agder",
    "Rogaland": "Statsforvalteren i Rogaland",
    "Vestland": "Statsforvalteren i Vestland",
    "Møre og Romsdal": "Statsforvalteren i Møre og Romsdal",
    "Trøndelag": "Statsforvalteren i Trøndelag",
    "Nordland": "Statsforvalteren i Nordland",
    "Troms": "Statsforvalteren i Troms og Finnmark",
    "Finnmark": "Statsforvalteren i Troms og Finnmark",
}

# [P] Local practice: each municipality may override any of these (R17).
DEFAULT_SETTINGS: dict[str, Any] = {
    "morning_hour": 6,
    "hold_minutes": 120,
    "max_nights": 14,
    "unplaced_alert_minutes": 60,
    "capacity_stale_after": "16:00",
    "agreement_expiry_warning_days": 30,
    # Non-urgent SMS wait from the first time to the second; messages about a held place never wait.
    "quiet_from": "21:00",
    "quiet_until": "08:00",
    # An SMS that cannot be sent for this long is given up and shown as failed.
    "sms_give_up_hours": 24,
    # The number clients are told to call; NAV's contact centre unless the office has its own.
    "nav_phone": "55 55 33 33",
    # The on-call caseworker's phone (sosialvakt): told when a client declines a place by SMS.
    "on_call_phone": "",
    # The on-call supervisor's phone: told when households wait too long without a place (R5).
    "supervisor_phone": "",
    # When operators whose count for tonight is not yet in are reminded by SMS.
    "capacity_reminder_at": "15:00",
    # Temporary housing is decided the same day (R3): cases still without a decision at these times are flagged.
    "decision_alert_times": ["15:00", "22:00"],
    # [P] The municipality's own target for an emergency decision, in days after the day it came (R17):
    # 0 is the same day; some say "at the latest the next day" (1). Later than this, a case is overdue.
    "decision_target_days": 0,
    # Days in temporary housing at which a household's stay is flagged on the board (R7: longer than three
    # months only exceptionally, and for families with children never).
    "long_stay_alert_days": [60, 80],
    # [P] Years a closed case is kept before it must be destroyed, unless it is kept for good (R28): the
    # municipality's archive plan sets it.
    "retention_years": 10,
    # The municipality's own wording of a decision's fixed parts, per language: {"nn": {"legal_basis": "…"}}.
    # What it leaves out comes from bolig's texts (bolig/decisions/operations.py).
    "letter_texts": {},
}


def new_version() -> int:
    """A fresh availability token: random, so a token is never reused, not even after a rollback."""
    return secrets.randbits(62)


class Municipality(Base):
    """Kommune: the tenant that owns every other record."""

    __tablename__ = "municipalities"
    __table_args__ = (CheckConstraint("length(number) = 4", name="number_four_digits"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(4), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    county: Mapped[str] = mapped_column(String(50))
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Renewed in the transaction of every change to the municipality's places (bolig.shelters.versions).
    availability_version: Mapped[int] = mapped_column(BigInteger, default=new_version, server_default="0")

    offices: Mapped[list[Office]] = relationship(back_populates="municipality", order_by="Office.name")
    users: Mapped[list[User]] = relationship(back_populates="municipality")

    @property
    def appeal_body(self) -> str:
        return APPEAL_BODIES.get(self.county, f"Statsforvalteren i {self.county}")

    def tonight(self, now: datetime) -> date:
        """The night a bed is wanted for now, by this municipality's morning hour."""
        return tonight(now, int(self.setting("morning_hour")))

    def setting(self, key: str) -> Any:
        """The municipality's own value for a setting, or the default."""
        return (self.settings or {}).get(key, DEFAULT_SETTINGS[key])

    @property
    def municipality_id(self) -> int:
        """A municipality owns itself, so the permission check treats it like any record."""
        return self.id


class Office(Base):
    """NAV-kontor: where caseworkers work."""

    __tablename__ = "offices"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")

    municipality: Mapped[Municipality] = relationship(back_populates="offices")


# The members a guideline rate is given for, in the order the rates are published (R32).
RATE_MEMBERS = ("single_adult", "couple", "shared_housing", "child_0_5", "child_6_10", "child_11_17")


class GuidelineRates(Base):
    """Veiledende satser for livsopphold (R32): what a household needs to live on each month, per member, from a
    date. The state's rates have no municipality; a municipality that sets its own uses those from their date.
    Child benefit is not counted against them (sotjl § 18)."""

    __tablename__ = "guideline_rates"
    __table_args__ = (
        UniqueConstraint("municipality_id", "valid_from"),
        # A unique constraint lets NULLs repeat: the state's versions need their own, one a day too.
        Index(
            "uq_guideline_rates_state_valid_from",
            "valid_from",
            unique=True,
            sqlite_where=text("municipality_id IS NULL"),
            postgresql_where=text("municipality_id IS NULL"),
        ),
        *(CheckConstraint(f"{member} >= 0", name=f"{member}_not_negative") for member in RATE_MEMBERS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"), index=True)
    valid_from: Mapped[date]
    # Whole kroner a month.
    single_adult: Mapped[int]
    couple: Mapped[int]
    shared_housing: Mapped[int]
    child_0_5: Mapped[int]
    child_6_10: Mapped[int]
    child_11_17: Mapped[int]
    source: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    def amount(self, member: str) -> int:
        return int(getattr(self, member))
