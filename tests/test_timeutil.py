"""Tonight is an Oslo date, also around the switches to and from summer time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from bolig.timeutil import months_after, oslo_moment, parse_clock, tonight


@pytest.mark.parametrize(
    ("utc", "night"),
    [
        (datetime(2026, 11, 22, 22, 10, tzinfo=UTC), date(2026, 11, 22)),  # 23:10 in Oslo
        (datetime(2026, 11, 23, 1, 10, tzinfo=UTC), date(2026, 11, 22)),  # 02:10: still last night
        (datetime(2026, 11, 23, 5, 0, tzinfo=UTC), date(2026, 11, 23)),  # 06:00: a new day
        # 29 March 2026 is the switch to summer time: 02:00 becomes 03:00.
        (datetime(2026, 3, 29, 0, 10, tzinfo=UTC), date(2026, 3, 28)),  # 01:10 CET
        (datetime(2026, 3, 29, 1, 10, tzinfo=UTC), date(2026, 3, 28)),  # 03:10 CEST
        (datetime(2026, 3, 29, 3, 59, tzinfo=UTC), date(2026, 3, 28)),  # 05:59 CEST
        (datetime(2026, 3, 29, 4, 0, tzinfo=UTC), date(2026, 3, 29)),  # 06:00 CEST
        # 25 October 2026: 03:00 summer time becomes 02:00 again.
        (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), date(2026, 10, 24)),  # 02:30 CEST
        (datetime(2026, 10, 25, 1, 30, tzinfo=UTC), date(2026, 10, 24)),  # 02:30 CET, the second time
        (datetime(2026, 10, 25, 4, 59, tzinfo=UTC), date(2026, 10, 24)),  # 05:59 CET
        (datetime(2026, 10, 25, 5, 0, tzinfo=UTC), date(2026, 10, 25)),  # 06:00 CET
    ],
)
def test_tonight_is_the_night_that_began_before_the_morning_hour(utc: datetime, night: date) -> None:
    assert tonight(utc) == night


def test_the_morning_hour_is_a_setting() -> None:
    assert tonight(datetime(2026, 11, 23, 6, 30, tzinfo=UTC), morning_hour=8) == date(2026, 11, 22)


def test_oslo_wall_clock_to_utc_in_winter_and_summer() -> None:
    assert oslo_moment(date(2026, 1, 10), time(16)) == datetime(2026, 1, 10, 15, tzinfo=UTC)
    assert oslo_moment(date(2026, 7, 10), time(16)) == datetime(2026, 7, 10, 14, tzinfo=UTC)
    assert parse_clock("16:30") == time(16, 30)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),  # a month ends on its last day when it has no such date
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2028, 2, 29), 36, date(2031, 2, 28)),  # three years after a leap day
        (date(2026, 11, 23), -120, date(2016, 11, 23)),  # ten years back
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
    ],
)
def test_months_after(day: date, months: int, expected: date) -> None:
    assert months_after(day, months) == expected
