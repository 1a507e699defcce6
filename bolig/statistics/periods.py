"""Pure: a household's stays joined into unbroken periods in temporary housing, and how long each lasted."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from bolig.timeutil import months_after

# Temporary housing for anyone, and above all for families with children, should not last longer (R7).
THREE_MONTHS = 3
SHORT_STAY_NIGHTS = 14  # KOSTRA's "14 days or less" (R30)


@dataclass(frozen=True)
class StaySpan:
    """One stay, reduced to what its length needs."""

    household: int  # the client's id: a household counts once, whichever case it came by
    first_night: date
    last_night: date  # the last night stayed so far
    children: bool


def last_night_stayed(first_night: date, planned_last: date, ended_on: date | None, as_of: date) -> date | None:
    """The last night a stay covered, counted up to `as_of`; None if it had not begun by then.

    An ended stay's last night is the one before the day it ended; one still going on counts up to `as_of`.
    Never before its first night nor after its planned last.
    """
    if first_night > as_of:
        return None
    end = planned_last if ended_on is None else ended_on - timedelta(days=1)
    return max(first_night, min(end, planned_last, as_of))


@dataclass(frozen=True)
class Period:
    """One household's unbroken time in temporary housing: stays that follow each other night after night."""

    household: int
    first_night: date
    last_night: date
    children: bool

    @property
    def nights(self) -> int:
        return (self.last_night - self.first_night).days + 1

    def longer_than_months(self, months: int) -> bool:
        """Whether the household was still there on the night `months` months after the first (R7)."""
        return self.last_night >= months_after(self.first_night, months)

    def overlaps(self, first: date, last: date) -> bool:
        return self.first_night <= last and self.last_night >= first

    def covers(self, night: date) -> bool:
        return self.first_night <= night <= self.last_night


def periods(spans: Iterable[StaySpan]) -> list[Period]:
    """Each household's stays joined where one begins no later than the night after the last ended."""
    by_household: defaultdict[int, list[StaySpan]] = defaultdict(list)
    for span in spans:
        by_household[span.household].append(span)
    joined: list[Period] = []
    for household, own in by_household.items():
        current: Period | None = None
        for span in sorted(own, key=lambda s: (s.first_night, s.last_night)):
            if current is not None and span.first_night <= current.last_night + timedelta(days=1):
                current = Period(
                    household,
                    current.first_night,
                    max(current.last_night, span.last_night),
                    current.children or span.children,
                )
                continue
            if current is not None:
                joined.append(current)
            current = Period(household, span.first_night, span.last_night, span.children)
        if current is not None:
            joined.append(current)
    return joined


def by_household(found: Iterable[Period]) -> dict[int, list[Period]]:
    """Periods grouped by household, each household's in the order given."""
    grouped: defaultdict[int, list[Period]] = defaultdict(list)
    for period in found:
        grouped[period.household].append(period)
    return dict(grouped)
