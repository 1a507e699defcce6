"""The year's KOSTRA figures for machines (R30): counts only, never a person."""

from __future__ import annotations

from flask import jsonify, request
from werkzeug.wrappers import Response

from bolig.api import api_blueprint
from bolig.auth.permissions import Permission, acting_user, permission_required
from bolig.db import utcnow
from bolig.statistics import operations

bp = api_blueprint("statistics", __name__)


@bp.get("/statistics/kostra")
@permission_required(Permission.VIEW_STATISTICS)
def kostra() -> Response:
    municipality = acting_user().municipality
    now = utcnow()
    year = operations.year_of(request.args.get("year", ""), operations.years_of(municipality, now))
    figures = operations.kostra(municipality, year, now)
    return jsonify(
        {
            "municipality": municipality.number,
            "year": figures.year,
            "counted_through_night": figures.as_of.isoformat(),
            "households": figures.households,
            "households_with_children": figures.with_children,
            "households_with_children_over_three_months": figures.children_over_three_months,
            "share_with_children_over_three_months": figures.share_children_over_three_months,
            "households_fourteen_days_or_less": figures.fourteen_days_or_less,
            "share_fourteen_days_or_less": figures.share_fourteen_days_or_less,
            "households_over_three_months": figures.over_three_months,
            "night_shelter_households": figures.night_shelter_households,
            "cases_by_reason": figures.cases_by_reason,
            "check_outs_by_destination": figures.destinations,
        }
    )
