"""Matching reasons in the user's language: why a place fits, and why a shelter does not."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import lru_cache

from flask_babel import format_date, get_locale, ngettext
from flask_babel import gettext as _

from bolig.matching.rules import Reason, Why


def reason_text(reason: Reason) -> str:
    """One reason as a short phrase for the results page and the API."""
    return _phrase(reason, str(get_locale()))


# A match carries hundreds of reasons but few distinct ones; each phrase is made once per language.
@lru_cache(maxsize=4096)
def _phrase(reason: Reason, _locale: str) -> str:
    value = reason.value
    when = format_date(value, "d. MMM") if isinstance(value, date) else ""
    count = value if isinstance(value, int) else 0
    # Only the reason asked for is translated: a match has hundreds of reasons, the table 24 phrases.
    texts: dict[Why, Callable[[], str]] = {
        Why.QUALITY_AGREEMENT: lambda: (
            _("quality agreement to %(date)s", date=when) if when else _("quality agreement")
        ),
        Why.FALLBACK_NEEDED: lambda: _("no quality-agreement place fits tonight"),
        Why.FREE_PLACES: lambda: ngettext("%(num)d place free", "%(num)d places free", count),
        Why.FAMILY_UNIT: lambda: _("a family unit for the household"),
        Why.CHILDREN_WELCOME: lambda: _("children welcome"),
        Why.WHEELCHAIR: lambda: _("wheelchair accessible"),
        Why.PETS: lambda: _("pets allowed"),
        Why.SUBSTANCE_FREE: lambda: _("substance-free"),
        Why.SINGLE_GENDER: lambda: _("for women or men only, as needed"),
        Why.SAFE_FOR_PROTECTED: lambda: _("safe for a protected address"),
        Why.CONTINUITY: lambda: _("where they stayed before"),
        Why.FULL: lambda: _("full on %(date)s", date=when),
        Why.NOT_ENOUGH_BEDS: lambda: ngettext("only %(num)d bed free", "only %(num)d beds free", count),
        Why.NEEDS_FAMILY_UNIT: lambda: _("no family unit"),
        Why.NO_CHILDREN: lambda: _("no children"),
        Why.WOMEN_ONLY: lambda: _("women only"),
        Why.MEN_ONLY: lambda: _("men only"),
        Why.NOT_SINGLE_GENDER: lambda: _("not a single-gender place"),
        Why.NO_WHEELCHAIR: lambda: _("not wheelchair accessible"),
        Why.NO_PETS: lambda: _("no pets"),
        Why.NOT_SUBSTANCE_FREE: lambda: _("not substance-free"),
        Why.TOO_YOUNG: lambda: _("from %(age)d years", age=count),
        Why.NOT_PROTECTED: lambda: _("not safe for a protected address"),
        Why.QUALITY_PLACE_FITS: lambda: _("fallback: a place with a quality agreement fits"),
    }
    return str(texts[reason.why]())
