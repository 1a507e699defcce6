"""Matching reasons in the user's language: why a place fits, and why a shelter does not."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date, ngettext
from flask_babel import gettext as _

from bolig.matching.rules import Reason, Why


def reason_text(reason: Reason) -> str:
    """One reason as a short phrase for the results page and the API."""
    value = reason.value
    when = format_date(value, "d. MMM") if isinstance(value, date) else ""
    count = value if isinstance(value, int) else 0
    texts = {
        Why.QUALITY_AGREEMENT: _("quality agreement to %(date)s", date=when) if when else _("quality agreement"),
        Why.FALLBACK_NEEDED: _("no quality-agreement place fits tonight"),
        Why.FREE_PLACES: ngettext("%(num)d place free", "%(num)d places free", count),
        Why.FAMILY_UNIT: _("a family unit for the household"),
        Why.CHILDREN_WELCOME: _("children welcome"),
        Why.WHEELCHAIR: _("wheelchair accessible"),
        Why.PETS: _("pets allowed"),
        Why.SUBSTANCE_FREE: _("substance-free"),
        Why.SINGLE_GENDER: _("for women or men only, as needed"),
        Why.SAFE_FOR_PROTECTED: _("safe for a protected address"),
        Why.CONTINUITY: _("where they stayed before"),
        Why.FULL: _("full on %(date)s", date=when),
        Why.NOT_ENOUGH_BEDS: ngettext("only %(num)d bed free", "only %(num)d beds free", count),
        Why.NEEDS_FAMILY_UNIT: _("no family unit"),
        Why.NO_CHILDREN: _("no children"),
        Why.WOMEN_ONLY: _("women only"),
        Why.MEN_ONLY: _("men only"),
        Why.NOT_SINGLE_GENDER: _("not a single-gender place"),
        Why.NO_WHEELCHAIR: _("not wheelchair accessible"),
        Why.NO_PETS: _("no pets"),
        Why.NOT_SUBSTANCE_FREE: _("not substance-free"),
        Why.TOO_YOUNG: _("from %(age)d years", age=count),
        Why.NOT_PROTECTED: _("not safe for a protected address"),
        Why.QUALITY_PLACE_FITS: _("fallback: a place with a quality agreement fits"),
    }
    return str(texts[reason.why])
