"""How long households have stayed, for the board's alerts (R7), and the year's KOSTRA figures (R30)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from bolig.cases.models import Case, Stay, StayStatus
from bolig.cases.operations import unplaced_cases
from bolig.db import db
from bolig.decisions.operations import undecided_today
from bolig.errors import InvalidInput
from bolig.municipalities.models import Municipality
from bolig.shelters.availability import get_shelters_kinds, shelter_statuses
from bolig.shelters.models import ProviderType, Shelter
from bolig.shelters.operations import shelters_of
from bolig.statistics.periods import (
    SHORT_STAY_NIGHTS,
    THREE_MONTHS,
    Period,
    StaySpan,
    by_household,
    last_night_stayed,
    periods,
)
from bolig.timeutil import oslo_moment, oslo_today

FIRST_YEAR = 2020


def _spans(
    municipality_id: int, as_of: date, *, households: Collection[int] | None = None
) -> tuple[list[StaySpan], list[StaySpan]]:
    """The municipality's stays up to `as_of` as spans: (temporary housing, night shelters).

    A night shelter (natthjem) is not temporary housing, so KOSTRA counts it apart (R30).
    """
    query = (
        select(
            Case.client_id,
            Case.children_ages,
            Stay.first_night,
            Stay.last_night,
            Stay.ended_at,
            Shelter.provider_type,
        )
        .select_from(Stay)
        .join(Case, Stay.case_id == Case.id)
        .join(Shelter, Stay.shelter_id == Shelter.id)
        .where(Case.municipality_id == municipality_id, Stay.first_night <= as_of)
    )
    if households is not None:
        query = query.where(Case.client_id.in_(sorted(households)))
    housing: list[StaySpan] = []
    night_shelters: list[StaySpan] = []
    for client_id, children_ages, first_night, planned_last, ended_at, provider_type in db.session.execute(query):
        ended_on = oslo_today(ended_at) if ended_at is not None else None
        last = last_night_stayed(first_night, planned_last, ended_on, as_of)
        if last is None:
            continue
        span = StaySpan(client_id, first_night, last, bool(children_ages))
        (night_shelters if provider_type == ProviderType.NIGHT_SHELTER else housing).append(span)
    return housing, night_shelters


@dataclass(frozen=True)
class LongStay:
    """A household staying tonight, and its unbroken time in temporary housing so far."""

    stay: Stay
    period: Period
    alert_days: int  # the highest of the municipality's alert days it has reached, 0 for none

    @property
    def over_three_months(self) -> bool:
        return self.period.longer_than_months(THREE_MONTHS)


def alert_days(municipality: Municipality) -> list[int]:
    """The municipality's days in temporary housing at which a stay is flagged, lowest first (R7)."""
    return sorted(int(days) for days in municipality.setting("long_stay_alert_days"))


def _current_periods(municipality: Municipality, stays: Collection[Stay], tonight: date) -> dict[int, Period]:
    """Each stay's household's unbroken time in temporary housing up to tonight, by stay id.

    Moving from one shelter to the next, night after night, is one unbroken time; so is a night shelter.
    """
    housing, night_shelters = _spans(municipality.id, tonight, households={s.case.client_id for s in stays})
    joined = by_household(periods([*housing, *night_shelters]))
    found = {}
    for stay in stays:
        for period in joined.get(stay.case.client_id, []):
            if period.covers(stay.first_night):
                found[stay.id] = period
    return found


def time_housed(stay: Stay, now: datetime) -> LongStay | None:
    """How long the stay's household has been in temporary housing without a break, flagged at the
    municipality's alert days (R7); None before its first night."""
    municipality = stay.case.municipality
    period = _current_periods(municipality, [stay], municipality.tonight(now)).get(stay.id)
    return None if period is None else _flagged(stay, period, alert_days(municipality))


def _flagged(stay: Stay, period: Period, levels: list[int]) -> LongStay:
    return LongStay(stay, period, max((days for days in levels if period.nights >= days), default=0))


def _staying(municipality: Municipality) -> list[Stay]:
    """The municipality's households staying now, with their cases and clients."""
    query = (
        select(Stay)
        .join(Case)
        .where(Case.municipality_id == municipality.id, Stay.status == StayStatus.STAYING)
        .options(joinedload(Stay.case).joinedload(Case.client))
    )
    return list(db.session.scalars(query))


def long_stays(municipality: Municipality, now: datetime, staying: list[Stay] | None = None) -> list[LongStay]:
    """Households staying tonight whose unbroken time in temporary housing has reached an alert day, longest
    first: stays longer than three months should be exceptional, and for children never happen (R7)."""
    levels = alert_days(municipality)
    staying = _staying(municipality) if staying is None else staying
    current = _current_periods(municipality, staying, municipality.tonight(now))
    flagged = [_flagged(stay, current[stay.id], levels) for stay in staying if stay.id in current]
    return sorted((f for f in flagged if f.alert_days), key=lambda f: (-f.period.nights, f.stay.id))


@dataclass(frozen=True)
class Tonight:
    """The municipality tonight at a glance, for the supervisor (R5, R6, R7)."""

    unplaced: int  # households still without a place (R5)
    longest_wait: datetime | None  # when the one waiting longest applied
    undecided: int  # today's applications still without a written decision (R3)
    staying: int  # households staying
    with_children: int  # of those, with children
    at_fallbacks: int  # of those, at a place without a quality agreement tonight (R6)
    staying_long: int  # flagged at the municipality's alert days (R7)
    free_quality: int  # places free tonight with a quality agreement
    free_fallback: int  # and without
    stale_shelters: int  # active shelters whose count for tonight is missing or old


def tonight_picture(municipality: Municipality, now: datetime) -> Tonight:
    """Counts for tonight: who waits, who stays and where, and what is free."""
    tonight = municipality.tonight(now)
    unplaced = unplaced_cases(municipality, now)
    staying = _staying(municipality)
    # Where they stay tonight, whether or not the shelter still takes new households.
    quality = get_shelters_kinds({stay.shelter_id for stay in staying}, tonight)
    statuses = shelter_statuses([s for s in shelters_of(municipality.id) if s.active], tonight, now)
    return Tonight(
        unplaced=len(unplaced),
        longest_wait=min((case.received_at for case in unplaced), default=None),
        undecided=len(undecided_today(municipality, now)),
        staying=len(staying),
        with_children=sum(bool(stay.case.children_ages) for stay in staying),
        at_fallbacks=sum(not quality[stay.shelter_id].is_quality for stay in staying),
        staying_long=len(long_stays(municipality, now, staying)),
        free_quality=sum(status.free for status in statuses if status.verdict.is_quality),
        free_fallback=sum(status.free for status in statuses if not status.verdict.is_quality),
        stale_shelters=sum(status.stale for status in statuses),
    )


@dataclass(frozen=True)
class Kostra:
    """One year's figures for KOSTRA skjema 13 (R30), counted up to `as_of`: each household once."""

    year: int
    as_of: date
    households: int  # in temporary housing at some time in the year
    with_children: int  # of those, with children under 18
    children_over_three_months: int  # of those with children, staying more than three months
    fourteen_days_or_less: int  # whose longest unbroken stay was 14 nights or fewer
    over_three_months: int  # who stayed more than three months at a time
    night_shelter_households: int  # in a night shelter (natthjem) at some time in the year, counted apart
    cases_by_reason: dict[str, int]  # applications received in the year, by what happened (R2)
    destinations: dict[str, int]  # stays ended by check-out in the year, by where the household went

    @property
    def share_children_over_three_months(self) -> float | None:
        return self.children_over_three_months / self.with_children if self.with_children else None

    @property
    def share_fourteen_days_or_less(self) -> float | None:
        return self.fourteen_days_or_less / self.households if self.households else None


def years_of(municipality: Municipality, now: datetime) -> range:
    """The years there can be figures for: from the municipality's first application to this one."""
    # Until the morning hour of New Year's Day, tonight is still the old year's last night.
    this_year = municipality.tonight(now).year
    first = db.session.scalar(select(func.min(Case.received_at)).where(Case.municipality_id == municipality.id))
    start = oslo_today(first).year if first is not None else this_year
    return range(min(max(start, FIRST_YEAR), this_year), this_year + 1)


def year_of(asked: str, years: range) -> int:
    """The year asked for as text ("" for the latest), if there can be figures for it."""
    year = int(asked) if len(asked) <= 4 and asked.isascii() and asked.isdigit() else None if asked else years.stop - 1
    if year is None or year not in years:
        raise InvalidInput(
            {"year": _l("Choose a year from %(first)d to %(last)d.", first=years.start, last=years.stop - 1)}
        )
    return year


def kostra(municipality: Municipality, year: int, now: datetime) -> Kostra:
    """The year's KOSTRA figures (R30); this year's count up to tonight."""
    first_night, last_night = date(year, 1, 1), min(date(year, 12, 31), municipality.tonight(now))
    housing, night_shelters = _spans(municipality.id, last_night)
    households = by_household(p for p in periods(housing) if p.overlaps(first_night, last_night))
    with_children = {h for h, own in households.items() if any(p.children for p in own)}
    return Kostra(
        year=year,
        as_of=last_night,
        households=len(households),
        with_children=len(with_children),
        children_over_three_months=sum(
            any(p.children and p.longer_than_months(THREE_MONTHS) for p in households[h]) for h in with_children
        ),
        fourteen_days_or_less=sum(max(p.nights for p in own) <= SHORT_STAY_NIGHTS for own in households.values()),
        over_three_months=sum(any(p.longer_than_months(THREE_MONTHS) for p in own) for own in households.values()),
        night_shelter_households=len(
            {s.household for s in night_shelters if s.first_night <= last_night and s.last_night >= first_night}
        ),
        cases_by_reason=_cases_by_reason(municipality.id, year),
        destinations=_destinations(municipality.id, year),
    )


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    """The instants an Oslo year begins and the next begins."""
    return oslo_moment(date(year, 1, 1), time(0)), oslo_moment(date(year + 1, 1, 1), time(0))


def _cases_by_reason(municipality_id: int, year: int) -> dict[str, int]:
    start, end = _year_bounds(year)
    query = (
        select(Case.reason, func.count())
        .where(Case.municipality_id == municipality_id, Case.received_at >= start, Case.received_at < end)
        .group_by(Case.reason)
    )
    return _most_first(query)


def _destinations(municipality_id: int, year: int) -> dict[str, int]:
    start, end = _year_bounds(year)
    query = (
        select(Stay.destination, func.count())
        .join(Case)
        .where(
            Case.municipality_id == municipality_id,
            Stay.status == StayStatus.CHECKED_OUT,
            Stay.ended_at >= start,
            Stay.ended_at < end,
        )
        .group_by(Stay.destination)
    )
    return _most_first(query)


def _most_first(query: Select[tuple[str, int]]) -> dict[str, int]:
    """(value, count) rows as a dict, the most common first."""
    return dict(sorted(db.session.execute(query).tuples(), key=lambda row: (-row[1], row[0])))
