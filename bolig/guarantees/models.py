"""Depositum from NAV: a deposit guarantee and the landlord's claims on it, or a cash deposit paid into a deposit
account in the tenant's name (R19-R23)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bolig.auth.models import User
from bolig.cases.models import Case
from bolig.db import Base, UTCDateTime, utcnow
from bolig.timeutil import oslo_today


class PayoutSupport(StrEnum):
    """What money paid for the client's deposit is for them (sotjl § 21, R22): a grant unless specially justified."""

    GRANT = "grant"
    LOAN = "loan"


class ClaimStatus(StrEnum):
    RECEIVED = "received"
    PAID = "paid"
    REFUSED = "refused"


class Lease:
    """The new lease the municipality's money is for: who lets what, at what rent, from when."""

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    landlord_name: Mapped[str] = mapped_column(String(120))
    landlord_address: Mapped[str] = mapped_column(String(200), default="")
    rental_address: Mapped[str] = mapped_column(String(200))
    monthly_rent: Mapped[int]  # whole kroner
    lease_starts_on: Mapped[date] = mapped_column(Date)


class DepositGuarantee(Lease, Base):
    """A selvskyldnergaranti for a lease: up to some months' rent, never with a deposit over six months (R20).

    Issued once, with its document for the landlord; it then never changes."""

    __tablename__ = "deposit_guarantees"
    __table_args__ = (
        CheckConstraint("months BETWEEN 1 AND 6", name="months_allowed"),
        CheckConstraint("monthly_rent > 0", name="rent_positive"),
    )

    months: Mapped[int]
    # A cash deposit the tenant pays besides: with the guarantee, at most six months' rent (husll § 3-6, R20).
    tenant_deposit: Mapped[int] = mapped_column(default=0)
    payout_support: Mapped[str] = mapped_column(String(10), default=PayoutSupport.GRANT)
    support_justification: Mapped[str] = mapped_column(Text, default="")
    valid_until: Mapped[date] = mapped_column(Date)
    document: Mapped[bytes] = mapped_column(LargeBinary)
    document_sha256: Mapped[str] = mapped_column(String(64))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # Ended before its time: the lease is over and the landlord has no more claims under it.
    ended_on: Mapped[date | None] = mapped_column(Date)
    ended_note: Mapped[str] = mapped_column(Text, default="", server_default="")

    case: Mapped[Case] = relationship()
    issued_by: Mapped[User] = relationship()
    claims: Mapped[list[GuaranteeClaim]] = relationship(back_populates="guarantee", order_by="GuaranteeClaim.id")
    repayments: Mapped[list[Repayment]] = relationship(
        back_populates="guarantee", order_by="(Repayment.paid_on, Repayment.id)"
    )

    @property
    def amount(self) -> int:
        """The most the municipality pays under the guarantee, in kroner."""
        return self.monthly_rent * self.months

    @property
    def paid(self) -> int:
        return sum(claim.paid_amount for claim in self.claims)

    @property
    def remaining(self) -> int:
        return self.amount - self.paid

    @property
    def covers_until(self) -> date:
        """The last day a claim can come: its end date, or the day it was ended."""
        return min(self.valid_until, self.ended_on) if self.ended_on else self.valid_until

    @property
    def owed(self) -> int:
        """What the client still owes back of payouts made as a loan (R22), after what they have repaid."""
        return sum(claim.recoverable for claim in self.claims) - sum(r.amount for r in self.repayments)

    @property
    def owed_since(self) -> date | None:
        """The day the client first came to owe something back: the first payout made as a loan."""
        paid = [claim.decided_at for claim in self.claims if claim.recoverable and claim.decided_at]
        return oslo_today(min(paid)) if paid else None


class CashDeposit(Lease, Base):
    """Kontantdepositum: money NAV pays into a deposit account in the tenant's name, which neither the tenant nor
    the landlord can use alone (husleieloven § 3-5, R19). With what the tenant pays in themselves, at most six
    months' rent. Paid once; when the lease is over the account is released, and under a loan what comes back
    of it goes to NAV."""

    __tablename__ = "cash_deposits"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("tenant_share >= 0", name="tenant_share_not_negative"),
        CheckConstraint("amount + tenant_share <= 6 * monthly_rent", name="at_most_six_months"),
        CheckConstraint("returned >= 0 AND returned <= amount", name="returned_at_most_paid"),
    )

    amount: Mapped[int]  # whole kroner NAV pays in
    tenant_share: Mapped[int] = mapped_column(default=0)  # what the tenant pays into the same account
    account_number: Mapped[str] = mapped_column(String(11))  # the deposit account, 11 digits
    bank: Mapped[str] = mapped_column(String(80))
    support: Mapped[str] = mapped_column(String(10), default=PayoutSupport.GRANT)
    support_justification: Mapped[str] = mapped_column(Text, default="")
    paid_on: Mapped[date] = mapped_column(Date)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # The lease is over and the bank has paid the account out: what came back to NAV of it, under a loan.
    released_on: Mapped[date | None] = mapped_column(Date)
    returned: Mapped[int] = mapped_column(default=0)
    released_note: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship()
    issued_by: Mapped[User] = relationship()
    repayments: Mapped[list[Repayment]] = relationship(
        back_populates="deposit", order_by="(Repayment.paid_on, Repayment.id)"
    )

    @property
    def owed(self) -> int:
        """Under a loan, what the client still owes: the deposit, less what came back of it and what they repaid."""
        if self.support != PayoutSupport.LOAN:
            return 0
        return self.amount - self.returned - sum(r.amount for r in self.repayments)

    @property
    def owed_since(self) -> date | None:
        """Under a loan, the day NAV paid in, or registered it if that was later."""
        return min(self.paid_on, oslo_today(self.issued_at)) if self.support == PayoutSupport.LOAN else None


class GuaranteeClaim(Base):
    """The landlord's claim on a guarantee. Paid only after the tenant was told and their objections written down
    (R20); a dispute over paying goes to Husleietvistutvalget, not to an appeal (R21)."""

    __tablename__ = "guarantee_claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    guarantee_id: Mapped[int] = mapped_column(ForeignKey("deposit_guarantees.id"), index=True)
    received_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[int]
    grounds: Mapped[str] = mapped_column(Text)
    tenant_notified_on: Mapped[date | None] = mapped_column(Date)
    tenant_objections: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default=ClaimStatus.RECEIVED)
    paid_amount: Mapped[int] = mapped_column(default=0)
    refusal: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    guarantee: Mapped[DepositGuarantee] = relationship(back_populates="claims")

    @property
    def municipality_id(self) -> int:
        return self.guarantee.municipality_id

    @property
    def recoverable(self) -> int:
        """What the client owes the municipality back for this payout: all of it when payouts are a loan (R22)."""
        return self.paid_amount if self.guarantee.payout_support == PayoutSupport.LOAN else 0


class Repayment(Base):
    """Tilbakebetaling: the client paid back part of what a loan left them owing, of a guarantee or a deposit."""

    __tablename__ = "guarantee_repayments"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("(guarantee_id IS NULL) <> (deposit_id IS NULL)", name="repays_one"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    guarantee_id: Mapped[int | None] = mapped_column(ForeignKey("deposit_guarantees.id"), index=True)
    deposit_id: Mapped[int | None] = mapped_column(ForeignKey("cash_deposits.id"), index=True)
    paid_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[int]  # whole kroner
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    guarantee: Mapped[DepositGuarantee | None] = relationship(back_populates="repayments")
    deposit: Mapped[CashDeposit | None] = relationship(back_populates="repayments")

    @property
    def municipality_id(self) -> int:
        repaid = self.guarantee or self.deposit
        if repaid is None:
            raise ValueError("a repayment repays a guarantee or a deposit")
        return repaid.municipality_id
