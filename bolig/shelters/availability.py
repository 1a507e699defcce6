"""Free places per shelter, category and night: one batch query, then pure functions.

Free = offered − out of service − taken. Like indico's get_rooms_availability, the database is asked
once for what was reported; everything else is plain arithmetic that is tested without a database.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from functools import cache

from sqlalchemy import ColumnElement, ScalarSelect, Select, and_, bindparam, func, select
from sqlalchemy.orm import aliased

from bolig.cases.models import Hold, Stay, StayStatus, taking_places
from bolig.db import db, utcnow
from bolig.shelters.models import CapacityReport, Inspection, PlaceCategory, QualityAgreement, Shelter, ShelterKind
from bolig.timeutil import oslo_moment, parse_clock


@dataclass(frozen=True)
class Availability:
    """One category of one shelter for one night."""

    shelter_id: int
    category_id: int
    night: date
    offered: int | None  # None: the shelter has not reported this night
    out_of_service: int = 0
    taken: int = 0
    reported_at: datetime | None = None

    @property
    def free(self) -> int:
        return free_places(self.offered, self.out_of_service, self.taken)


def free_places(offered: int | None, out_of_service: int, taken: int) -> int:
    """Places still free; an unreported night offers nothing, and an overbooked one is simply full."""
    if offered is None:
        return 0
    return max(0, offered - out_of_service - taken)


def is_stale(reported_at: datetime | None, night: date, now: datetime, stale_after: time) -> bool:
    """Whether a count needs a fresh report: none since the day's deadline (default 16:00) once it has passed."""
    if reported_at is None:
        return True
    deadline = oslo_moment(night, stale_after)
    return now >= deadline and reported_at < deadline


class KindReason(StrEnum):
    """Why a shelter is of its kind on a night; shown in explanations."""

    VALID = "valid"
    NO_AGREEMENT = "no_agreement"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    NOT_INSPECTED = "not_inspected"
    INSPECTION_FAILED = "inspection_failed"


@dataclass(frozen=True)
class AgreementTerms:
    """What the kind rule needs of one agreement."""

    valid_from: date
    valid_to: date
    inspections: tuple[tuple[date, bool], ...]  # (inspected on, passed)


@dataclass(frozen=True)
class KindVerdict:
    kind: ShelterKind
    reason: KindReason
    on: date | None = None  # the date the reason refers to: expiry, start or inspection

    @property
    def is_quality(self) -> bool:
        return self.kind is ShelterKind.QUALITY_AGREEMENT


def kind_for_night(agreements: Iterable[AgreementTerms], night: date) -> KindVerdict:
    """R6: quality-agreement only while an agreement is valid that night and its last inspection passed."""
    agreements = sorted(agreements, key=lambda a: a.valid_to)
    valid = [a for a in agreements if a.valid_from <= night <= a.valid_to]
    if not valid:
        if not agreements:
            return KindVerdict(ShelterKind.FALLBACK, KindReason.NO_AGREEMENT)
        past = [a for a in agreements if a.valid_to < night]
        if past:
            return KindVerdict(ShelterKind.FALLBACK, KindReason.EXPIRED, past[-1].valid_to)
        return KindVerdict(ShelterKind.FALLBACK, KindReason.NOT_YET_VALID, min(a.valid_from for a in agreements))
    verdicts = []
    for agreement in valid:
        # By date, and within a day in the order logged: the last word of the day counts.
        done = sorted((i for i in agreement.inspections if i[0] <= night), key=lambda i: i[0])
        if not done:
            verdicts.append(KindVerdict(ShelterKind.FALLBACK, KindReason.NOT_INSPECTED))
        elif done[-1][1]:
            return KindVerdict(ShelterKind.QUALITY_AGREEMENT, KindReason.VALID, agreement.valid_to)
        else:
            verdicts.append(KindVerdict(ShelterKind.FALLBACK, KindReason.INSPECTION_FAILED, done[-1][0]))
    return verdicts[-1]


def get_shelters_kinds(shelter_ids: Collection[int], night: date) -> dict[int, KindVerdict]:
    """The kind of each shelter on a night, from two queries whatever the number of shelters."""
    agreement_rows = db.session.execute(
        select(
            QualityAgreement.id, QualityAgreement.shelter_id, QualityAgreement.valid_from, QualityAgreement.valid_to
        ).where(QualityAgreement.shelter_id.in_(shelter_ids))
    ).all()
    inspections: dict[int, list[tuple[date, bool]]] = {}
    if agreement_rows:
        for agreement_id, inspected_on, passed in db.session.execute(
            select(Inspection.agreement_id, Inspection.inspected_on, Inspection.passed)
            .where(Inspection.agreement_id.in_([row.id for row in agreement_rows]))
            .order_by(Inspection.inspected_on, Inspection.id)
        ):
            inspections.setdefault(agreement_id, []).append((inspected_on, passed))
    terms: dict[int, list[AgreementTerms]] = {shelter_id: [] for shelter_id in shelter_ids}
    for row in agreement_rows:
        terms[row.shelter_id].append(AgreementTerms(row.valid_from, row.valid_to, tuple(inspections.get(row.id, ()))))
    return {shelter_id: kind_for_night(agreements, night) for shelter_id, agreements in terms.items()}


def _taken(model: type[Hold] | type[Stay], counts: ColumnElement[bool]) -> ScalarSelect[int]:
    """Places of a category taken on the report's night by holds or by stays: A hold stops counting at its
    expiry time, whether or not a job has marked it expired yet."""
    return (
        select(func.coalesce(func.sum(model.places), 0))
        .where(
            model.category_id == PlaceCategory.id,
            model.first_night <= CapacityReport.night,
            model.last_night >= CapacityReport.night,
            counts,
        )
        .correlate(PlaceCategory, CapacityReport)
        .scalar_subquery()
    )


@cache
def _availability_query() -> Select[tuple[int, int, date, int, int, datetime, int, int]]:
    """Each category of the shelters, with its latest report (highest id) on each of the nights, if any,
    and the places held and stayed in on that night (report columns are None where there is no report).

    Built once; shelters and nights are expanding parameters. Driven from the categories, so a category
    costs one lookup on ix_capacity_reports_category_night however many reports the table holds, and one
    on each of the holds' and stays' (category, status, nights) indexes.
    """
    latest = aliased(CapacityReport)
    latest_id = (
        select(func.max(latest.id))
        .where(latest.category_id == PlaceCategory.id, latest.night == CapacityReport.night)
        .correlate(PlaceCategory, CapacityReport)
        .scalar_subquery()
    )
    return (
        select(
            PlaceCategory.id,
            PlaceCategory.shelter_id,
            CapacityReport.night,
            CapacityReport.offered,
            CapacityReport.out_of_service,
            CapacityReport.reported_at,
            _taken(Hold, taking_places(bindparam("now"))),
            _taken(Stay, Stay.status == StayStatus.STAYING),
        )
        .outerjoin(
            CapacityReport,
            and_(
                CapacityReport.category_id == PlaceCategory.id,
                CapacityReport.night.in_(bindparam("nights", expanding=True)),
                CapacityReport.id == latest_id,
            ),
        )
        .where(PlaceCategory.shelter_id.in_(bindparam("shelter_ids", expanding=True)))
    )


def get_shelters_availability(
    shelter_ids: Collection[int], nights: Sequence[date], *, now: datetime | None = None
) -> dict[tuple[int, date], Availability]:
    """Availability of every category of these shelters on these nights, keyed by (category id, night).

    Taken are places held (a hold stops counting at its expiry time, whether or not a job has marked it
    expired yet) and places of households staying, counted on nights with a report.
    """
    result: dict[tuple[int, date], Availability] = {}
    if not shelter_ids or not nights:
        return result
    category_shelter: dict[int, int] = {}
    params = {"shelter_ids": list(shelter_ids), "nights": list(nights)}
    # Core execution on the session's connection: no ORM result machinery for plain columns.
    connection = db.session.connection()
    rows = connection.execute(_availability_query(), {**params, "now": now or utcnow()}).all()
    for category_id, shelter_id, night, offered, out_of_service, reported_at, held, staying in rows:
        category_shelter[category_id] = shelter_id
        if night is not None:
            result[category_id, night] = Availability(
                shelter_id, category_id, night, offered, out_of_service, held + staying, reported_at
            )
    if len(result) < len(category_shelter) * len(nights):
        for category_id, shelter_id in category_shelter.items():
            for night in nights:
                if (category_id, night) not in result:
                    result[category_id, night] = Availability(shelter_id, category_id, night, None)
    return result


def get_shelter_availability(shelter_id: int, night: date) -> dict[int, Availability]:
    """Availability of one shelter's categories on one night, keyed by category id."""
    return {key[0]: value for key, value in get_shelters_availability([shelter_id], [night]).items()}


@dataclass(frozen=True)
class CategoryStatus:
    category: PlaceCategory
    availability: Availability
    stale: bool


@dataclass(frozen=True)
class ShelterStatus:
    """What a list of shelters shows for one night: kind, free places per category, freshness."""

    shelter: Shelter
    verdict: KindVerdict
    categories: tuple[CategoryStatus, ...]

    @property
    def free(self) -> int:
        return sum(status.availability.free for status in self.categories)

    @property
    def last_reported(self) -> datetime | None:
        times = [s.availability.reported_at for s in self.categories if s.availability.reported_at is not None]
        return max(times, default=None)

    @property
    def stale(self) -> bool:
        return any(status.stale for status in self.categories)


def shelter_statuses(shelters: Sequence[Shelter], night: date, now: datetime) -> list[ShelterStatus]:
    """The status of each shelter on a night, useful places first: quality agreements with room, then fallbacks."""
    ids = [shelter.id for shelter in shelters]
    availability = get_shelters_availability(ids, [night])
    kinds = get_shelters_kinds(ids, night)
    statuses = []
    for shelter in shelters:
        stale_after = parse_clock(str(shelter.municipality.setting("capacity_stale_after")))
        categories = tuple(
            CategoryStatus(
                category,
                availability[category.id, night],
                is_stale(availability[category.id, night].reported_at, night, now, stale_after),
            )
            for category in shelter.categories
        )
        statuses.append(ShelterStatus(shelter, kinds[shelter.id], categories))
    return sorted(statuses, key=lambda s: (s.free == 0, not s.verdict.is_quality, -s.free, s.shelter.name))
