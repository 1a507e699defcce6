"""How long a household has been in temporary housing: stays joined night after night (R7, R30)."""

from __future__ import annotations

from datetime import date

from bolig.statistics.periods import Period, StaySpan, last_night_stayed, periods

YEAR = 2026


def night(month: int, day: int, year: int = YEAR) -> date:
    return date(year, month, day)


def test_a_stay_ended_in_the_morning_counts_through_the_night_before() -> None:
    first, planned = night(11, 10), night(11, 20)
    assert last_night_stayed(first, planned, night(11, 15), as_of=night(11, 22)) == night(11, 14)


def test_a_stay_ended_the_evening_it_began_counts_its_first_night() -> None:
    first = night(11, 10)
    assert last_night_stayed(first, night(11, 12), ended_on=first, as_of=night(11, 22)) == first


def test_a_stay_going_on_counts_up_to_the_night_asked_and_never_past_its_last() -> None:
    first, planned = night(11, 10), night(11, 30)
    assert last_night_stayed(first, planned, None, as_of=night(11, 22)) == night(11, 22)
    assert last_night_stayed(first, night(11, 12), None, as_of=night(11, 22)) == night(11, 12)
    assert last_night_stayed(first, planned, None, as_of=night(11, 9)) is None


def test_stays_that_follow_night_after_night_are_one_period_a_night_between_two() -> None:
    spans = [
        StaySpan(1, night(11, 1), night(11, 5), children=False),
        StaySpan(1, night(11, 6), night(11, 9), children=True),  # moved the next evening: unbroken
        StaySpan(1, night(11, 11), night(11, 12), children=False),  # a night away: a new period
        StaySpan(2, night(11, 3), night(11, 4), children=False),
    ]
    joined = sorted(periods(spans), key=lambda p: (p.household, p.first_night))
    assert joined == [
        Period(1, night(11, 1), night(11, 9), children=True),
        Period(1, night(11, 11), night(11, 12), children=False),
        Period(2, night(11, 3), night(11, 4), children=False),
    ]
    assert [p.nights for p in joined] == [9, 2, 2]


def test_overlapping_stays_of_one_household_are_counted_once() -> None:
    spans = [StaySpan(1, night(11, 1), night(11, 20), False), StaySpan(1, night(11, 5), night(11, 8), False)]
    assert periods(spans) == [Period(1, night(11, 1), night(11, 20), False)]


def test_more_than_three_months_means_still_there_three_months_after_the_first_night() -> None:
    arrived = night(1, 10)
    assert not Period(1, arrived, night(4, 9), False).longer_than_months(3)
    assert Period(1, arrived, night(4, 10), False).longer_than_months(3)
    # A month ends on the month's last day when it has no such date: 30 November + 3 months is 28 February.
    assert Period(1, night(11, 30), night(2, 28, YEAR + 1), False).longer_than_months(3)
    assert not Period(1, night(11, 30), night(2, 27, YEAR + 1), False).longer_than_months(3)


def test_a_period_overlaps_a_year_when_any_night_is_in_it() -> None:
    across = Period(1, night(12, 20, 2025), night(1, 2), False)
    assert across.overlaps(night(1, 1), night(12, 31))
    assert across.overlaps(night(1, 1, 2025), night(12, 31, 2025))
    assert not across.overlaps(night(1, 3), night(12, 31))
