"""Registering shelters, agreements and inspections, and reporting capacity: what is refused changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bolig.auth.models import Role
from bolig.db import db
from bolig.errors import InvalidInput
from bolig.municipalities.models import Municipality
from bolig.shelters.models import CapacityReport, Channel, PlaceKind
from bolig.shelters.operations import (
    CategorySpec,
    add_agreement,
    add_category,
    add_inspection,
    capacity_history,
    create_shelter,
    expiring_agreements,
    latest_reports,
    operators_of,
    report_capacity,
    set_operators,
)
from tests.factories import make_shelter, make_user

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 20, 0, tzinfo=UTC)


def report_count() -> int:
    return db.session.scalar(select(func.count()).select_from(CapacityReport)) or 0


def report(shelter: object, night: date, offered: dict[str, int], **kwargs: object) -> list[CapacityReport]:
    return report_capacity(shelter, night, offered, today=TODAY, channel=Channel.WEB, actor=None, now=NOW, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("night", "offered", "field"),
    [
        (TODAY, {"bed": -1}, "bed"),
        (TODAY, {"bed": 11}, "bed"),
        (TODAY, {"sofa": 1}, "sofa"),
        (TODAY - timedelta(days=1), {"bed": 1}, "night"),
        (TODAY + timedelta(days=61), {"bed": 1}, "night"),
        (TODAY, {}, "offered"),
    ],
)
def test_bad_capacity_reports_are_refused_and_change_nothing(
    municipality: Municipality, night: date, offered: dict[str, int], field: str
) -> None:
    shelter = make_shelter(municipality)
    with pytest.raises(InvalidInput) as refused:
        report(shelter, night, {"family_unit": 1, **offered} if offered else offered)
    assert field in refused.value.errors
    assert report_count() == 0


def test_a_capacity_report_is_all_or_nothing(municipality: Municipality) -> None:
    shelter = make_shelter(municipality)
    with pytest.raises(InvalidInput):
        report(shelter, TODAY, {"bed": 4, "family_unit": 99})
    assert report_count() == 0


def test_the_last_report_wins_and_every_report_is_kept(municipality: Municipality) -> None:
    shelter = make_shelter(municipality)
    operator = make_user(Role.OPERATOR, municipality)
    report(shelter, TODAY, {"bed": 4})
    report_capacity(shelter, TODAY, {"bed": 6}, today=TODAY, channel=Channel.SMS, actor=operator, now=NOW)
    bed = shelter.categories[0]
    latest = latest_reports(shelter, TODAY)[bed.id]
    assert (latest.offered, latest.channel, latest.reported_by) == (6, "sms", operator)
    assert [r.offered for r in capacity_history(shelter)] == [6, 4]


def test_tonight_and_sixty_nights_ahead_are_accepted(municipality: Municipality) -> None:
    shelter = make_shelter(municipality)
    report(shelter, TODAY, {"bed": 1})
    report(shelter, TODAY + timedelta(days=60), {"bed": 1})
    assert report_count() == 2


def test_places_out_of_service_need_a_reason_and_carry_over(municipality: Municipality) -> None:
    shelter = make_shelter(municipality)
    with pytest.raises(InvalidInput) as refused:
        report(shelter, TODAY, {"bed": 8}, out_of_service={"bed": (2, " ")})
    assert "bed.reason" in refused.value.errors
    report(shelter, TODAY, {"bed": 8}, out_of_service={"bed": (2, "Vannskade")})
    report(shelter, TODAY, {"bed": 9})
    latest = latest_reports(shelter, TODAY)[shelter.categories[0].id]
    assert (latest.offered, latest.out_of_service, latest.out_of_service_reason) == (9, 2, "Vannskade")


def test_shelter_input_is_checked(municipality: Municipality) -> None:
    with pytest.raises(InvalidInput) as refused:
        create_shelter(
            municipality,
            {"name": " ", "latitude": 40.0, "longitude": "east", "price_per_night": "-5", "provider_type": "castle"},
            categories=[CategorySpec("sofa", -1), CategorySpec(PlaceKind.BED, 5, gender_policy="cats")],
            actor=None,
        )
    assert set(refused.value.errors) >= {
        "name",
        "latitude",
        "longitude",
        "price_per_night",
        "provider_type",
        "categories.0.kind",
        "categories.0.maximum",
        "categories.1.gender_policy",
    }


def test_a_shelter_can_have_several_categories_of_a_kind_with_their_own_codes(municipality: Municipality) -> None:
    admin = make_user(Role.ADMIN, municipality)
    shelter = make_shelter(
        municipality, categories=(CategorySpec(PlaceKind.BED, 6, code="women", gender_policy="women"),)
    )
    add_category(shelter, CategorySpec(PlaceKind.BED, 4, code="men", gender_policy="men"), actor=admin)
    with pytest.raises(InvalidInput):
        add_category(shelter, CategorySpec(PlaceKind.BED, 4, code="men"), actor=admin)
    report(shelter, TODAY, {"women": 3, "men": 2})
    assert sorted(r.offered for r in latest_reports(shelter, TODAY).values()) == [2, 3]


def test_an_inspection_must_have_happened_and_a_failure_needs_findings(municipality: Municipality) -> None:
    shelter = make_shelter(municipality)
    agreement = add_agreement(shelter, date(2026, 1, 1), date(2026, 12, 31), {}, actor=None)
    with pytest.raises(InvalidInput) as refused:
        add_inspection(agreement, TODAY + timedelta(days=2), "", False, today=TODAY, actor=None)
    assert set(refused.value.errors) == {"inspected_on", "inspector", "findings"}
    with pytest.raises(InvalidInput):
        add_agreement(shelter, date(2026, 12, 31), date(2026, 1, 1), {}, actor=None)


def test_operators_are_linked_only_within_the_municipality(
    municipality: Municipality, other_municipality: Municipality
) -> None:
    shelter = make_shelter(municipality)
    admin = make_user(Role.ADMIN, municipality)
    local = make_user(Role.OPERATOR, municipality)
    with pytest.raises(InvalidInput):
        set_operators(shelter, [make_user(Role.OPERATOR, other_municipality)], actor=admin)
    with pytest.raises(InvalidInput):
        set_operators(shelter, [make_user(Role.CASEWORKER, municipality)], actor=admin)
    set_operators(shelter, [local], actor=admin)
    assert operators_of(shelter) == [local]
    set_operators(shelter, [], actor=admin)
    assert operators_of(shelter) == []


def test_expiring_agreements_are_listed_unless_renewed(municipality: Municipality) -> None:
    make_shelter(municipality, name="Soon", agreement=(date(2026, 1, 1), TODAY + timedelta(days=20)))
    make_shelter(municipality, name="Later", agreement=(date(2026, 1, 1), TODAY + timedelta(days=40)))
    renewed = make_shelter(municipality, name="Renewed", agreement=(date(2026, 1, 1), TODAY + timedelta(days=10)))
    renewal = add_agreement(renewed, TODAY + timedelta(days=11), TODAY + timedelta(days=400), {}, actor=None)
    add_inspection(renewal, TODAY - timedelta(days=1), "Inspector", True, today=TODAY, actor=None)
    uninspected = make_shelter(
        municipality, name="Uninspected", agreement=(date(2026, 1, 1), TODAY + timedelta(days=5))
    )
    add_agreement(uninspected, TODAY + timedelta(days=6), TODAY + timedelta(days=400), {}, actor=None)
    make_shelter(municipality, name="Gone", agreement=(date(2026, 1, 1), TODAY - timedelta(days=1)))
    assert [a.shelter.name for a in expiring_agreements(municipality, TODAY)] == ["Uninspected", "Soon"]
    municipality.settings = {"agreement_expiry_warning_days": 45}
    assert [a.shelter.name for a in expiring_agreements(municipality, TODAY)] == ["Uninspected", "Soon", "Later"]
