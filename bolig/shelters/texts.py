"""How shelters' derived facts read to people, in their language."""

from __future__ import annotations

from flask_babel import format_date
from flask_babel import gettext as _

from bolig.shelters.availability import KindReason, KindVerdict


def kind_reason(verdict: KindVerdict) -> str:
    """Why a shelter counts as quality-agreement or fallback on a night (R6)."""
    on = format_date(verdict.on, "short") if verdict.on else ""
    texts = {
        KindReason.VALID: _("agreement valid to %(date)s", date=on),
        KindReason.NO_AGREEMENT: _("no quality agreement"),
        KindReason.EXPIRED: _("agreement expired %(date)s", date=on),
        KindReason.NOT_YET_VALID: _("agreement starts %(date)s", date=on),
        KindReason.NOT_INSPECTED: _("agreement not yet approved by inspection"),
        KindReason.INSPECTION_FAILED: _("inspection %(date)s not passed", date=on),
    }
    return str(texts[verdict.reason])
