"""The guarantee form: what the lease says and what the guarantee covers. The rules are in operations."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, StringField, TextAreaField

from bolig.forms import MONEY
from bolig.guarantees.models import PayoutSupport
from bolig.shelters.forms import choices

PAYOUT_SUPPORT = {
    PayoutSupport.GRANT: _l("A grant: the client owes nothing back"),
    PayoutSupport.LOAN: _l("A loan: the client pays it back"),
}


def iso_day(text: str | None) -> date | None:
    """A date field's YYYY-MM-DD; None for anything else."""
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


class LeaseForm(FlaskForm):
    """What the lease says, and why money for the deposit would be a loan; asked for a guarantee and a deposit."""

    landlord_name = StringField(_l("Landlord"))
    landlord_address = StringField(_l("Landlord's postal address"), description=_l("Where the document is sent."))
    rental_address = StringField(_l("Address of the home"))
    monthly_rent = StringField(_l("Monthly rent (kr)"), render_kw=MONEY)
    lease_starts_on = StringField(_l("The lease starts"), render_kw={"type": "date"})
    support_justification = TextAreaField(
        _l("Why a loan"), description=_l("Support is a grant unless there is a special reason.")
    )


class GuaranteeForm(LeaseForm):
    months = StringField(
        _l("Months of rent the guarantee covers"),
        default="3",
        description=_l("1 to 6. With a deposit the tenant pays, at most six months' rent in all."),
        render_kw=MONEY,
    )
    tenant_deposit = StringField(
        _l("Deposit the tenant pays themselves (kr)"), default="0", description=_l("0 if none."), render_kw=MONEY
    )
    payout_support = RadioField(
        _l("If the landlord is paid under the guarantee"),
        choices=choices(PAYOUT_SUPPORT),
        default=PayoutSupport.GRANT.value,
    )
    valid_until = StringField(
        _l("The guarantee ends"),
        description=_l("Leave empty for three years after the lease starts."),
        render_kw={"type": "date"},
    )


class DepositForm(LeaseForm):
    amount = StringField(
        _l("Deposit NAV pays (kr)"),
        description=_l("With what the tenant pays in themselves, at most six months' rent."),
        render_kw=MONEY,
    )
    tenant_share = StringField(
        _l("What the tenant pays into the account themselves (kr)"),
        default="0",
        description=_l("0 if none."),
        render_kw=MONEY,
    )
    account_number = StringField(
        _l("Number of the deposit account"), description=_l("11 digits, as 1234 56 78903."), render_kw=MONEY
    )
    bank = StringField(_l("Bank"))
    account_in_tenant_name = BooleanField(
        _l("The account is a deposit account in the tenant's name"),
        description=_l("Neither the tenant nor the landlord can take money out of it alone (husleieloven § 3-5)."),
    )
    support = RadioField(_l("The deposit is"), choices=choices(PAYOUT_SUPPORT), default=PayoutSupport.GRANT.value)
    paid_on = StringField(_l("NAV pays it on"), render_kw={"type": "date"})
