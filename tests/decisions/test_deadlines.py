"""Appeal deadlines and interim replies land on the days the rules say (R14, R15, R16)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bolig.decisions.deadlines import (
    APPEAL_WEEKS,
    appeal_deadline,
    appeal_in_time,
    deadline_in_weeks,
    interim_reply_due,
    is_working_day,
    next_working_day,
)

FIRST_YEAR, LAST_YEAR = 2000, 2100
# Receipts late in the last year would have deadlines in a year the holiday calendar does not cover.
RECEIPTS = st.dates(min_value=date(FIRST_YEAR, 1, 1), max_value=date(LAST_YEAR, 12, 1))
# Enough examples to cross every kind of holiday many times, still well under a second; no flaky timing.
PROPERTY = settings(max_examples=300, deadline=None)


def easter_sunday(year: int) -> date:
    """Gregorian Easter by the anonymous (Meeus/Jones/Butcher) algorithm, independent of the holidays package."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def r15_holidays(year: int) -> frozenset[date]:
    """The public holidays R15 lists, computed here from Easter."""
    easter = easter_sunday(year)
    after_easter = (-3, -2, 0, 1, 39, 49, 50)  # Maundy Thursday … Whit Monday
    fixed = [date(year, 1, 1), date(year, 5, 1), date(year, 5, 17), date(year, 12, 25), date(year, 12, 26)]
    return frozenset([*fixed, *(easter + timedelta(days=n) for n in after_easter)])


def every_day(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


@cache
def longest_non_working_run() -> int:
    """The most consecutive non-working days anywhere in the calendar from 2000 to 2100."""
    longest = run = 0
    for day in every_day(date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)):
        run = 0 if is_working_day(day) else run + 1
        longest = max(longest, run)
    return longest


def test_easter_algorithm_knows_easter() -> None:
    assert [easter_sunday(y) for y in (2000, 2024, 2025, 2027, 2038)] == [
        date(2000, 4, 23),
        date(2024, 3, 31),
        date(2025, 4, 20),
        date(2027, 3, 28),
        date(2038, 4, 25),
    ]


@pytest.mark.parametrize(
    ("received", "deadline"),
    [
        # Three weeks end on Maundy Thursday; Good Friday, Saturday, Easter Sunday and Monday follow.
        (date(2027, 3, 4), date(2027, 3, 30)),
        # 17 May 2027 is a Monday (and Whit Monday).
        (date(2027, 4, 26), date(2027, 5, 18)),
        # 26 December 2025 is a Friday: the weekend follows.
        (date(2025, 12, 5), date(2025, 12, 29)),
        # 26 December 2026 is a Saturday.
        (date(2026, 12, 5), date(2026, 12, 28)),
        # 31 December is an ordinary working day: Friday in 2027.
        (date(2027, 12, 10), date(2027, 12, 31)),
        # Nothing in the way: the same Wednesday three weeks on.
        (date(2026, 9, 2), date(2026, 9, 23)),
    ],
)
def test_appeal_deadline_moves_past_weekends_and_holidays(received: date, deadline: date) -> None:
    assert appeal_deadline(received) == deadline


def test_a_deadline_in_weeks_keeps_the_weekday() -> None:
    assert APPEAL_WEEKS == 3
    assert deadline_in_weeks(date(2026, 9, 2), 1) == date(2026, 9, 9)
    assert deadline_in_weeks(date(2026, 9, 2), 6) == date(2026, 10, 14)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 5, 1), False),  # 1 May, a Friday
        (date(2028, 5, 17), False),  # 17 May, a Wednesday
        (date(2026, 5, 14), False),  # Ascension Day
        (date(2026, 5, 25), False),  # Whit Monday
        (date(2026, 12, 24), True),  # Christmas Eve is no public holiday
        (date(2026, 9, 6), False),  # an ordinary Sunday
        (date(2026, 9, 5), False),  # an ordinary Saturday
        (date(2026, 9, 9), True),  # an ordinary Wednesday
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert is_working_day(day) is working


def test_the_working_days_are_exactly_the_weekdays_r15_does_not_name() -> None:
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for day in every_day(date(year, 1, 1), date(year, 12, 31)):
            expected = day.weekday() < 5 and day not in r15_holidays(year)
            assert is_working_day(day) is expected, day


def test_a_year_without_a_holiday_calendar_is_refused() -> None:
    with pytest.raises(ValueError, match="2101"):
        is_working_day(date(2101, 1, 3))


@PROPERTY
@given(RECEIPTS)
def test_the_appeal_deadline_is_the_first_working_day_from_three_weeks_on(received: date) -> None:
    deadline = appeal_deadline(received)
    three_weeks = received + timedelta(days=21)
    assert deadline.weekday() < 5
    assert deadline not in r15_holidays(deadline.year)
    assert deadline >= three_weeks
    assert (deadline - three_weeks).days <= longest_non_working_run()
    assert not any(is_working_day(day) for day in every_day(three_weeks, deadline - timedelta(days=1)))


@PROPERTY
@given(RECEIPTS)
def test_next_working_day_is_idempotent(day: date) -> None:
    working = next_working_day(day)
    assert working >= day
    assert next_working_day(working) == working


def test_the_longest_run_of_days_off_is_found_in_the_calendar() -> None:
    # Easter: Maundy Thursday to Easter Monday is five days; nothing in R15 allows a longer run.
    assert longest_non_working_run() == 5


def test_an_appeal_on_the_deadline_day_is_in_time_and_the_day_after_is_not() -> None:
    deadline = appeal_deadline(date(2027, 3, 4))
    assert appeal_in_time(deadline - timedelta(days=10), deadline)
    assert appeal_in_time(deadline, deadline)
    assert not appeal_in_time(deadline + timedelta(days=1), deadline)


@pytest.mark.parametrize(
    ("received", "margin", "due"),
    [
        (date(2027, 1, 31), 0, date(2027, 2, 28)),  # no 31 February: the month's last day
        (date(2027, 1, 31), 5, date(2027, 2, 23)),
        (date(2028, 1, 31), 0, date(2028, 2, 29)),  # a leap year
        (date(2028, 1, 31), 5, date(2028, 2, 24)),
        (date(2026, 12, 15), 5, date(2027, 1, 10)),  # into the next year
        (date(2026, 9, 2), 5, date(2026, 9, 27)),
    ],
)
def test_interim_reply_is_due_a_month_after_the_application_less_the_margin(
    received: date, margin: int, due: date
) -> None:
    assert interim_reply_due(received, margin_days=margin) == due


def test_interim_reply_margin_defaults_to_five_days() -> None:
    assert interim_reply_due(date(2027, 1, 31)) == date(2027, 2, 23)
