"""Stays: arrival makes one, it can be extended if the nights are free, and ends by check-out or exclusion (R9)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask.testing import FlaskClient

from bolig.auth.models import Role, User
from bolig.auth.operations import create_token
from bolig.cases.models import Stay
from bolig.cases.operations import mark_arrived, unplaced_cases
from bolig.db import db, utcnow
from bolig.errors import InvalidInput
from bolig.municipalities.models import Municipality
from bolig.shelters.availability import get_shelter_availability
from bolig.shelters.models import Channel
from bolig.shelters.operations import report_capacity
from tests.factories import make_case_with_hold, make_user


def bearer(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(user, 'test', actor=user)[1]}"}


def arrived(municipality: Municipality) -> Stay:
    hold = make_case_with_hold(municipality)
    assert hold.case.created_by is not None
    return mark_arrived(hold, actor=hold.case.created_by, now=utcnow())


def test_a_stay_takes_its_place_and_is_no_tenancy(municipality: Municipality) -> None:
    """R11: a stay is its own record, counted against the shelter's places, not a lease."""
    stay = arrived(municipality)
    tonight = municipality.tonight(utcnow())
    free = get_shelter_availability(stay.shelter_id, tonight)[stay.category_id]
    assert (free.offered, free.taken, free.free) == (5, 1, 4)
    assert stay.case not in unplaced_cases(municipality, utcnow())


def test_extending_needs_free_nights(client: FlaskClient, municipality: Municipality) -> None:
    stay = arrived(municipality)
    worker = make_user(Role.CASEWORKER, municipality)
    url = f"/api/v1/stays/{stay.id}/extend"
    assert client.post(url, json={"nights": 2}, headers=bearer(worker)).status_code == 409  # nothing offered yet
    tonight = municipality.tonight(utcnow())
    for night in (tonight + timedelta(days=1), tonight + timedelta(days=2)):
        report_capacity(stay.shelter, night, {"bed": 1}, today=tonight, channel=Channel.WEB, actor=None, now=utcnow())
    response = client.post(url, json={"nights": 2}, headers=bearer(worker))
    assert response.status_code == 200
    assert response.json["last_night"] == (tonight + timedelta(days=2)).isoformat()  # type: ignore[index]
    assert client.post(url, json={"nights": 0}, headers=bearer(worker)).status_code == 422


def test_check_out_frees_the_place_and_records_where_they_went(client: FlaskClient, municipality: Municipality) -> None:
    stay = arrived(municipality)
    worker = make_user(Role.CASEWORKER, municipality)
    url = f"/api/v1/stays/{stay.id}/checkout"
    assert client.post(url, json={"destination": "moon"}, headers=bearer(worker)).status_code == 422
    assert client.post(url, json={"destination": "municipal_housing"}, headers=bearer(worker)).status_code == 200
    db.session.refresh(stay)
    db.session.refresh(stay.case)
    assert (stay.status, stay.destination, stay.case.status) == ("checked_out", "municipal_housing", "closed")
    tonight = municipality.tonight(utcnow())
    assert get_shelter_availability(stay.shelter_id, tonight)[stay.category_id].taken == 0


def test_exclusion_needs_the_hearing_and_the_facts_and_reopens_the_case(municipality: Municipality) -> None:
    from bolig.cases.operations import exclude

    stay = arrived(municipality)
    worker = make_user(Role.CASEWORKER, municipality)
    with pytest.raises(InvalidInput) as refused:
        exclude(stay, hearing=" ", facts="", actor=worker, now=utcnow())
    assert set(refused.value.errors) == {"hearing", "facts"}
    exclude(stay, hearing="Sier det var en misforståelse", facts="Truet en ansatt kl. 21", actor=worker, now=utcnow())
    assert (stay.status, stay.case.status) == ("excluded", "open")
    assert stay.case in unplaced_cases(municipality, utcnow())  # a new place the same day (R9)


def test_operators_cannot_end_stays(client: FlaskClient, municipality: Municipality) -> None:
    stay = arrived(municipality)
    response = client.post(
        f"/api/v1/stays/{stay.id}/checkout",
        json={"destination": "unknown"},
        headers=bearer(make_user(Role.OPERATOR, municipality)),
    )
    assert response.status_code == 404
