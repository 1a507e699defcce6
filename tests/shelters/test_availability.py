"""Free places, freshness and the quality-agreement kind rule (R6): pure functions first, then the batch query."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from bolig.municipalities.models import Municipality
from bolig.shelters.availability import (
    AgreementTerms,
    KindReason,
    free_places,
    get_shelter_availability,
    get_shelters_availability,
    get_shelters_kinds,
    is_stale,
    kind_for_night,
    shelter_statuses,
)
from bolig.shelters.models import Channel, ShelterKind
from bolig.shelters.operations import report_capacity
from tests.factories import make_shelter

NIGHT = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("offered", "out_of_service", "taken", "free"),
    [(None, 0, 0, 0), (5, 0, 0, 5), (5, 2, 0, 3), (5, 2, 2, 1), (5, 2, 4, 0), (0, 0, 0, 0)],
)
def test_free_places_is_offered_less_out_of_service_less_taken(
    offered: int | None, out_of_service: int, taken: int, free: int
) -> None:
    assert free_places(offered, out_of_service, taken) == free


def test_a_count_goes_stale_at_the_deadline_unless_updated_after_it() -> None:
    deadline = time(16, 0)  # Oslo wall clock: 15:00 UTC in November
    morning = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
    assert not is_stale(morning, NIGHT, datetime(2026, 11, 22, 14, 59, tzinfo=UTC), deadline)
    assert is_stale(morning, NIGHT, datetime(2026, 11, 22, 15, 0, tzinfo=UTC), deadline)
    assert not is_stale(
        datetime(2026, 11, 22, 15, 30, tzinfo=UTC), NIGHT, datetime(2026, 11, 22, 22, 0, tzinfo=UTC), deadline
    )
    assert is_stale(None, NIGHT, morning, deadline)


def passed(on: date) -> tuple[tuple[date, bool], ...]:
    return ((on, True),)


def test_an_agreement_valid_today_and_expired_tomorrow_gives_two_kinds() -> None:
    agreement = AgreementTerms(date(2026, 1, 1), NIGHT, passed(date(2026, 1, 5)))
    today = kind_for_night([agreement], NIGHT)
    tomorrow = kind_for_night([agreement], NIGHT + timedelta(days=1))
    assert (today.kind, today.reason) == (ShelterKind.QUALITY_AGREEMENT, KindReason.VALID)
    assert (tomorrow.kind, tomorrow.reason, tomorrow.on) == (ShelterKind.FALLBACK, KindReason.EXPIRED, NIGHT)


@pytest.mark.parametrize(
    ("agreements", "reason"),
    [
        ([], KindReason.NO_AGREEMENT),
        ([AgreementTerms(date(2026, 12, 1), date(2027, 12, 1), ())], KindReason.NOT_YET_VALID),
        ([AgreementTerms(date(2026, 1, 1), date(2026, 12, 31), ())], KindReason.NOT_INSPECTED),
        # An inspection after the night does not count for it.
        ([AgreementTerms(date(2026, 1, 1), date(2026, 12, 31), passed(date(2026, 11, 23)))], KindReason.NOT_INSPECTED),
        (
            [
                AgreementTerms(
                    date(2026, 1, 1), date(2026, 12, 31), ((date(2026, 2, 1), True), (date(2026, 10, 1), False))
                )
            ],
            KindReason.INSPECTION_FAILED,
        ),
    ],
)
def test_without_a_valid_passed_agreement_a_shelter_is_a_fallback(
    agreements: list[AgreementTerms], reason: KindReason
) -> None:
    verdict = kind_for_night(agreements, NIGHT)
    assert (verdict.kind, verdict.reason) == (ShelterKind.FALLBACK, reason)


def test_a_failed_inspection_followed_by_a_passed_one_counts_again() -> None:
    inspections = ((date(2026, 2, 1), False), (date(2026, 3, 1), True))
    verdict = kind_for_night([AgreementTerms(date(2026, 1, 1), date(2026, 12, 31), inspections)], NIGHT)
    assert verdict.is_quality


def test_a_renewed_agreement_keeps_the_shelter_quality() -> None:
    old = AgreementTerms(date(2025, 1, 1), date(2025, 12, 31), passed(date(2025, 1, 2)))
    new = AgreementTerms(date(2026, 1, 1), date(2026, 12, 31), passed(date(2026, 1, 2)))
    assert kind_for_night([new, old], NIGHT).on == date(2026, 12, 31)


def test_batch_availability_takes_the_latest_report_per_category_and_night(municipality: Municipality) -> None:
    first, second = make_shelter(municipality), make_shelter(municipality)
    tomorrow = NIGHT + timedelta(days=1)
    report_capacity(first, NIGHT, {"bed": 5}, today=NIGHT, channel=Channel.WEB, actor=None, now=NOW)
    report_capacity(first, NIGHT, {"bed": 7}, today=NIGHT, channel=Channel.API, actor=None, now=NOW)
    report_capacity(
        first,
        NIGHT,
        {},
        out_of_service={"bed": (2, "water damage")},
        today=NIGHT,
        channel=Channel.WEB,
        actor=None,
        now=NOW,
    )
    report_capacity(second, tomorrow, {"family_unit": 2}, today=NIGHT, channel=Channel.WEB, actor=None, now=NOW)
    result = get_shelters_availability([first.id, second.id], [NIGHT, tomorrow])
    bed, family = first.categories
    assert len(result) == 8  # 2 shelters × 2 categories × 2 nights, reported or not
    assert (result[bed.id, NIGHT].offered, result[bed.id, NIGHT].out_of_service, result[bed.id, NIGHT].free) == (
        7,
        2,
        5,
    )
    assert result[family.id, NIGHT].offered is None
    assert result[family.id, NIGHT].free == 0
    assert result[second.categories[1].id, tomorrow].free == 2
    assert result[second.categories[1].id, NIGHT].offered is None
    assert get_shelter_availability(first.id, NIGHT)[bed.id] == result[bed.id, NIGHT]


def test_kinds_and_statuses_put_quality_places_with_room_first(municipality: Municipality) -> None:
    year = (date(2026, 1, 1), date(2026, 12, 31))
    quality_full = make_shelter(municipality, name="A quality, full", agreement=year)
    fallback = make_shelter(municipality, name="B fallback")
    quality = make_shelter(municipality, name="C quality", agreement=year)
    for shelter, beds in ((quality_full, 0), (fallback, 3), (quality, 2)):
        report_capacity(shelter, NIGHT, {"bed": beds}, today=NIGHT, channel=Channel.WEB, actor=None, now=NOW)
    kinds = get_shelters_kinds([quality.id, fallback.id], NIGHT)
    assert kinds[quality.id].is_quality
    assert not kinds[fallback.id].is_quality
    statuses = shelter_statuses([quality_full, fallback, quality], NIGHT, NOW)
    assert [status.shelter.name for status in statuses] == ["C quality", "B fallback", "A quality, full"]
    assert [status.free for status in statuses] == [2, 3, 0]
