"""Deadlines for vedtak and klage: working days, weeks and months (R14, R15, R16)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import holidays

from bolig.timeutil import months_after

# A klage may be sent until three weeks after the decision reached the client (fvl. § 29).
APPEAL_WEEKS = 3
SATURDAY = 5


@cache
def _public_holidays(year: int) -> frozenset[date]:
    """Norway's public holidays in one year, 1 and 17 May included (R15)."""
    # Older releases of the package count every Sunday as a holiday unless told otherwise, newer ones do not.
    # Weekends are judged by the weekday in is_working_day, so ask for the named holidays only, whatever the default.
    found = frozenset(holidays.country_holidays("NO", years=year, include_sundays=False))
    # Outside the years it supports the package answers "no holidays" rather than failing,
    # which would make 1 January a working day without a word.
    if date(year, 1, 1) not in found:
        msg = f"no Norwegian holiday calendar for {year}"
        raise ValueError(msg)
    return found


def is_working_day(day: date) -> bool:
    """Neither a Saturday, a Sunday nor a public holiday (R15)."""
    return day.weekday() < SATURDAY and day not in _public_holidays(day.year)


def next_working_day(day: date) -> date:
    """The day itself if it is a working day, else the first working day after it (R15, dl. § 149)."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def deadline_in_weeks(start: date, weeks: int) -> date:
    """The same weekday `weeks` weeks later, moved on to a working day (R15, dl. §§ 148(2) and 149)."""
    return next_working_day(start + timedelta(weeks=weeks))


def appeal_deadline(received_on: date) -> date:
    """The last day to appeal a decision that reached the client on `received_on` (R14)."""
    return deadline_in_weeks(received_on, APPEAL_WEEKS)


def appeal_in_time(appeal_received_on: date, deadline: date) -> bool:
    """Whether an appeal sent or received on that day is in time: the deadline day itself counts (R14)."""
    return appeal_received_on <= deadline


def interim_reply_due(received_at: date, *, margin_days: int = 5) -> date:
    """When to send an interim reply: one month after the application, less a margin (R16)."""
    return months_after(received_at, 1) - timedelta(days=margin_days)
