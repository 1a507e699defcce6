"""The board's long stays (R7) and the year's KOSTRA figures (R30), from stays made through the operations."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from bolig.auth.models import User
from bolig.cases.models import Case, Destination, Stay
from bolig.cases.operations import check_out, exclude
from bolig.errors import InvalidInput
from bolig.municipalities.models import Municipality
from bolig.shelters.models import PlaceKind, Shelter
from bolig.statistics.operations import kostra, long_stays, time_housed, tonight_picture, year_of, years_of
from bolig.timeutil import oslo_moment
from seed.cases import stay_since
from tests.factories import make_case, make_shelter

# Monday 23 November 2026, 10:00 in Oslo: tonight is the night of 23 November.
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TONIGHT = date(2026, 11, 23)
ALWAYS = (date(2000, 1, 1), date(2100, 1, 1))
WHY = "Ingen annen plass passet."


def received(day: date) -> datetime:
    return oslo_moment(day, time(18))


def household(municipality: Municipality, first: date, **values: object) -> Case:
    return make_case(municipality, received_at=received(first), **values)


def worker(case: Case) -> User:
    assert case.created_by is not None
    return case.created_by


def housed(case: Case, shelter: Shelter, first: date, last: date, *, kind: str = PlaceKind.BED) -> Stay:
    category = next(c for c in shelter.categories if c.kind == kind)
    why = {"children_justification": WHY} if case.children_ages else {}
    if not shelter.agreements:
        why["fallback_reason"] = WHY
    return stay_since(case, category, first, last, actor=worker(case), **why)


def left(stay: Stay, on: date, destination: str = Destination.OWN_RENTAL) -> None:
    """The household checked out on the morning of `on`."""
    check_out(stay, destination, actor=worker(stay.case), now=oslo_moment(on, time(10)))


@pytest.fixture
def shelter(municipality: Municipality) -> Shelter:
    return make_shelter(municipality, agreement=ALWAYS)


def test_the_board_flags_households_at_the_alert_days_longest_first(
    municipality: Municipality, shelter: Shelter
) -> None:
    family = household(municipality, date(2026, 9, 19), children_ages=[4], client_name="Amina Hassan")
    housed(family, shelter, date(2026, 9, 19), TONIGHT, kind=PlaceKind.FAMILY_UNIT)  # 66 nights
    recent = household(municipality, date(2026, 11, 3), client_name="Ola Nilsen")
    housed(recent, shelter, date(2026, 11, 3), TONIGHT)  # 21 nights: not flagged

    flagged = long_stays(municipality, NOW)

    assert [(f.stay.case.client.name, f.period.nights, f.alert_days) for f in flagged] == [("Amina Hassan", 66, 60)]
    assert flagged[0].period.children
    assert not flagged[0].over_three_months


def test_moving_from_one_shelter_to_the_next_night_after_night_is_one_unbroken_time(
    municipality: Municipality, shelter: Shelter
) -> None:
    other = make_shelter(municipality, agreement=ALWAYS)
    case = household(municipality, date(2026, 8, 10), client_name="Per Olsen")
    first = housed(case, shelter, date(2026, 8, 10), date(2026, 9, 30))
    exclude(
        first,
        hearing="Han forklarte seg.",
        facts="Bråk.",
        actor=worker(case),
        now=oslo_moment(date(2026, 10, 1), time(12)),
    )
    housed(case, other, date(2026, 10, 1), TONIGHT)

    (flagged,) = long_stays(municipality, NOW)

    assert (flagged.period.first_night, flagged.period.nights, flagged.alert_days) == (date(2026, 8, 10), 106, 80)
    assert flagged.over_three_months
    housed_now = time_housed(flagged.stay, NOW)
    assert housed_now is not None
    assert housed_now.period == flagged.period


def test_a_night_away_starts_the_count_again(municipality: Municipality, shelter: Shelter) -> None:
    case = household(municipality, date(2026, 8, 1))
    first = housed(case, shelter, date(2026, 8, 1), date(2026, 10, 30))
    # Excluded on the morning of 31 October, the case open again; a new place after a night with a friend.
    exclude(
        first,
        hearing="Hun forklarte seg.",
        facts="Bråk.",
        actor=worker(case),
        now=oslo_moment(date(2026, 10, 31), time(9)),
    )
    stay = housed(case, shelter, date(2026, 11, 1), TONIGHT)

    assert long_stays(municipality, NOW) == []
    housed_now = time_housed(stay, NOW)
    assert housed_now is not None
    assert (housed_now.period.nights, housed_now.alert_days) == (23, 0)


def test_the_municipality_sets_its_own_alert_days(municipality: Municipality, shelter: Shelter) -> None:
    case = household(municipality, date(2026, 11, 1))
    housed(case, shelter, date(2026, 11, 1), TONIGHT)
    municipality.settings = {**(municipality.settings or {}), "long_stay_alert_days": [14, 21]}

    assert [f.alert_days for f in long_stays(municipality, NOW)] == [21]


def test_kostra_counts_each_household_once_through_the_year(municipality: Municipality, shelter: Shelter) -> None:
    night_shelter = make_shelter(municipality, agreement=ALWAYS, provider_type="night_shelter")
    # Ten nights in March, then home: 14 days or less.
    short = household(municipality, date(2026, 3, 2), reason="eviction")
    left(housed(short, shelter, date(2026, 3, 2), date(2026, 3, 11)), on=date(2026, 3, 12))
    # A family since August, still staying: children, more than three months.
    family = household(municipality, date(2026, 8, 1), children_ages=[8], reason="fire")
    housed(family, shelter, date(2026, 8, 1), TONIGHT, kind=PlaceKind.FAMILY_UNIT)
    # Over the new year: 17 nights, counted in both years.
    across = household(municipality, date(2025, 12, 20))
    left(housed(across, shelter, date(2025, 12, 20), date(2026, 1, 5)), on=date(2026, 1, 6), destination="institution")
    # Only in 2025.
    before = household(municipality, date(2025, 5, 1))
    left(housed(before, shelter, date(2025, 5, 1), date(2025, 5, 3)), on=date(2025, 5, 4))
    # A night shelter is not temporary housing: counted apart.
    night_only = household(municipality, date(2026, 11, 20))
    left(housed(night_only, night_shelter, date(2026, 11, 20), date(2026, 11, 20)), on=date(2026, 11, 21))

    figures = kostra(municipality, 2026, NOW)

    assert (figures.as_of, figures.households, figures.with_children) == (TONIGHT, 3, 1)
    assert (figures.children_over_three_months, figures.share_children_over_three_months) == (1, 1.0)
    assert (figures.fourteen_days_or_less, figures.share_fourteen_days_or_less) == (1, 1 / 3)
    assert figures.over_three_months == 1
    assert figures.night_shelter_households == 1
    # The reason for the need is for statistics, never a filter (R2).
    assert list(figures.cases_by_reason.items()) == [("eviction", 1), ("fire", 1), ("other", 1)]
    assert list(figures.destinations.items()) == [("own_rental", 2), ("institution", 1)]
    # Counted through New Year's Eve, the stay over the new year was twelve nights in 2025.
    last_year = kostra(municipality, 2025, NOW)
    assert (last_year.as_of, last_year.households, last_year.fourteen_days_or_less) == (date(2025, 12, 31), 2, 2)
    assert last_year.cases_by_reason == {"other": 2}
    assert last_year.destinations == {"own_rental": 1}


def test_kostra_is_asked_for_a_year_with_figures(municipality: Municipality, shelter: Shelter) -> None:
    household(municipality, date(2024, 6, 1))
    years = years_of(municipality, NOW)
    assert years == range(2024, 2027)
    assert (year_of("", years), year_of("2024", years)) == (2026, 2024)
    for asked in ("2023", "2027", "tjuetjueseks", "٢٠٢٦", "9" * 5000):
        with pytest.raises(InvalidInput) as refused:
            year_of(asked, years)
        assert refused.value.errors == {"year": "Velg et år fra 2024 til 2026."}


def test_with_nobody_housed_the_shares_are_not_made_up(municipality: Municipality) -> None:
    figures = kostra(municipality, 2026, NOW)
    assert (figures.households, figures.share_fourteen_days_or_less, figures.share_children_over_three_months) == (
        0,
        None,
        None,
    )


def test_tonight_picture_counts_who_waits_who_stays_where_and_what_is_free(
    municipality: Municipality, shelter: Shelter
) -> None:
    fallback = make_shelter(municipality)  # no quality agreement
    now = NOW
    waiting = make_case(municipality, received_at=datetime(2026, 11, 22, 23, 30, tzinfo=UTC))  # 00:30 in Oslo
    family = household(municipality, date(2026, 11, 1), children_ages=[3])
    housed(family, shelter, date(2026, 11, 1), TONIGHT, kind=PlaceKind.FAMILY_UNIT)
    single = household(municipality, date(2026, 11, 20))
    housed(single, fallback, date(2026, 11, 20), TONIGHT)
    old = household(municipality, date(2026, 8, 1))
    housed(old, shelter, date(2026, 8, 1), TONIGHT)

    picture = tonight_picture(municipality, now)

    assert (picture.unplaced, picture.longest_wait) == (1, waiting.received_at)
    assert (picture.staying, picture.with_children, picture.at_fallbacks, picture.staying_long) == (3, 1, 1, 1)
    # Tonight's counts came with the stays: every place of a category used offered, less those taken; the
    # fallback's family units were never reported, so none of them is free.
    assert (picture.free_quality, picture.free_fallback) == (10 + 3 - 1 - 1, 10 - 1)
    assert picture.undecided == 1  # the household waiting since half past midnight


def test_until_the_morning_of_new_years_day_the_figures_are_the_old_years(municipality: Municipality) -> None:
    household(municipality, date(2026, 11, 1))
    new_years_night = datetime(2027, 1, 1, 0, 30, tzinfo=UTC)  # 01:30 in Oslo: still the night of 31 December
    years = years_of(municipality, new_years_night)
    assert (years, year_of("", years)) == (range(2026, 2027), 2026)
    assert kostra(municipality, 2026, new_years_night).as_of == date(2026, 12, 31)
