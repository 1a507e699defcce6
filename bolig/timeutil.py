"""Norwegian time: stored in UTC, shown and reasoned about in Europe/Oslo."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")
# Until this hour, "tonight" is still the night that began the evening before.
DEFAULT_MORNING_HOUR = 6


def tonight(now: datetime, morning_hour: int = DEFAULT_MORNING_HOUR) -> date:
    """The night a bed is wanted for now: named by the Oslo date it begins."""
    local = now.astimezone(OSLO)
    return local.date() - timedelta(days=1) if local.hour < morning_hour else local.date()


def oslo_today(now: datetime) -> date:
    """The calendar date in Oslo now (not "tonight", which lasts until the morning hour)."""
    return now.astimezone(OSLO).date()


def oslo_moment(day: date, at: time) -> datetime:
    """The UTC instant of a wall-clock time in Oslo on a given date."""
    return datetime.combine(day, at, tzinfo=OSLO).astimezone(UTC)


def months_after(day: date, months: int) -> date:
    """The same date `months` later, or that month's last day if it has no such date (dl. § 148(2))."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def parse_clock(value: str) -> time:
    """'16:00' as a time of day."""
    hours, _, minutes = value.partition(":")
    return time(int(hours), int(minutes or 0))
