"""The supervisor's figures: the year's KOSTRA counts and how long households stay (R7, R30)."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from bolig.auth.permissions import Permission, acting_user, permission_required
from bolig.cases.forms import DESTINATIONS, REASONS
from bolig.db import utcnow
from bolig.errors import InvalidInput
from bolig.statistics import operations

bp = Blueprint("statistics", __name__)


@bp.get("/statistics")
@permission_required(Permission.VIEW_STATISTICS)
def overview() -> tuple[str, int]:
    municipality = acting_user().municipality
    now = utcnow()
    years = operations.years_of(municipality, now)
    errors: dict[str, str] = {}
    try:
        year = operations.year_of(request.args.get("year", ""), years)
    except InvalidInput as refused:
        errors = refused.errors
        year = years.stop - 1
    page = render_template(
        "statistics/overview.html",
        years=years,
        figures=operations.kostra(municipality, year, now),
        long_stays=operations.long_stays(municipality, now),
        reasons=REASONS,
        destinations=DESTINATIONS,
        errors=errors,
    )
    return page, 422 if errors else 200
