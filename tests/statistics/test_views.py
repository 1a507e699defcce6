"""The statistics page, the board's long stays and the KOSTRA API, as requests for every role (R7, R30)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from flask.testing import FlaskClient

from bolig.auth.models import Role, User
from bolig.auth.operations import create_token
from bolig.cases.models import Case
from bolig.db import utcnow
from bolig.municipalities.models import Municipality
from bolig.shelters.models import PlaceKind
from bolig.timeutil import oslo_today
from seed.cases import stay_since
from tests.conftest import csrf_token
from tests.factories import make_case, make_shelter, make_user

ALWAYS = (date(2000, 1, 1), date(2100, 1, 1))


def bearer(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(user, 'test', actor=user)[1]}"}


def staying_since(municipality: Municipality, days: int, **values: object) -> Case:
    """A household placed `days` nights before tonight and staying tonight."""
    tonight = municipality.tonight(utcnow())
    case = make_case(municipality, **values)
    assert case.created_by is not None
    shelter = make_shelter(municipality, agreement=ALWAYS)
    kind = PlaceKind.FAMILY_UNIT if case.children_ages else PlaceKind.BED
    category = next(c for c in shelter.categories if c.kind == kind)
    why = {"children_justification": "Ingen annen plass."} if case.children_ages else {}
    stay_since(case, category, tonight - timedelta(days=days), tonight, actor=case.created_by, **why)
    return case


def test_the_supervisor_sees_this_years_kostra_figures_and_long_stays(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    staying_since(municipality, 70, client_name="Amina Hassan", children_ages=[5])
    login(make_user(Role.SUPERVISOR, municipality))
    page = client.get("/statistics").text
    assert '<h1 class="ds-heading" data-size="lg">Statistikk</h1>' in page
    year = oslo_today(utcnow()).year
    assert f"Midlertidig botilbud i {year} (KOSTRA)" in page
    assert "Husstander med barn som har bodd over 3 måneder" in page
    assert "1 husstand har bodd sammenhengende i 60 døgn eller mer." in page
    assert "Amina" not in page  # counts only, never a person


def test_the_board_and_the_case_flag_a_long_stay(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    case = staying_since(municipality, 95, client_name="Ola Nilsen")
    login(make_user(Role.CASEWORKER, municipality))
    board = client.get("/board").text
    assert "Bor lenge midlertidig" in board
    assert "Ola Nilsen</a> · 96 døgn, fra" in board
    assert "Over 3 måneder" in board
    page = client.get(f"/cases/{case.id}").text
    assert "Over 3 måneder" in page
    assert "aldri for barn" in page


def test_a_year_without_figures_gets_a_clear_message_and_this_years_page(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    login(make_user(Role.ADMIN, municipality))
    year = oslo_today(utcnow()).year
    for asked in ("1999", "neste år", str(year + 1)):
        response = client.get("/statistics", query_string={"year": asked})
        assert response.status_code == 422
        assert f"Velg et år fra {year} til {year}." in response.text
        assert f"Midlertidig botilbud i {year} (KOSTRA)" in response.text


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.OPERATOR])
def test_roles_without_statistics_get_403(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality, role: Role
) -> None:
    user = make_user(role, municipality)
    login(user)
    assert client.get("/statistics").status_code == 403
    client.post("/logout")
    assert client.get("/api/v1/statistics/kostra", headers=bearer(user)).status_code == 403


def test_the_kostra_api_counts_the_municipalitys_own_households(
    client: FlaskClient, municipality: Municipality, other_municipality: Municipality
) -> None:
    staying_since(municipality, 100, children_ages=[9])
    staying_since(municipality, 3)
    staying_since(other_municipality, 5)
    year = oslo_today(utcnow()).year
    response = client.get("/api/v1/statistics/kostra", headers=bearer(make_user(Role.SUPERVISOR, municipality)))
    assert response.status_code == 200
    body = response.json
    assert body is not None
    assert (body["municipality"], body["year"]) == (municipality.number, year)
    assert (body["households"], body["households_with_children"]) == (2, 1)
    assert body["households_with_children_over_three_months"] == 1
    assert body["share_with_children_over_three_months"] == 1.0
    assert (body["households_fourteen_days_or_less"], body["share_fourteen_days_or_less"]) == (1, 0.5)
    assert body["night_shelter_households"] == 0
    assert body["cases_by_reason"] == {"other": 2}


def test_the_kostra_api_refuses_a_year_without_figures_and_a_missing_token(
    client: FlaskClient, municipality: Municipality
) -> None:
    headers = bearer(make_user(Role.ADMIN, municipality))
    response = client.get("/api/v1/statistics/kostra?year=2019", headers=headers)
    assert response.status_code == 422
    assert response.json is not None
    assert response.json["error"]["code"] == "invalid"
    assert "year" in response.json["error"]["fields"]
    assert client.get("/api/v1/statistics/kostra").status_code == 401


def test_the_supervisors_home_page_shows_tonight_at_a_glance(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    staying_since(municipality, 65, children_ages=[7])
    make_case(municipality, client_name="Jonas Berg")
    login(make_user(Role.SUPERVISOR, municipality))
    page = client.get("/").text
    assert "I natt i Oslo" in page
    assert '<a class="ds-link" href="/board">1 husstand uten plass</a>' in page
    assert "1 husstand bor midlertidig i natt · 1 med barn · 0 uten kvalitetsavtale" in page
    assert '<a class="ds-link" href="/board#long-stays">1 husstand bor lenge midlertidig</a>' in page
    assert "Statistikk og KOSTRA" in page


def test_the_administrator_sees_the_counts_without_links_to_client_lists_and_the_caseworker_not_at_all(
    client: FlaskClient, login: Callable[[User], FlaskClient], municipality: Municipality
) -> None:
    make_case(municipality)
    login(make_user(Role.ADMIN, municipality))
    page = client.get("/").text
    assert "I natt i Oslo" in page
    assert "1 husstand uten plass" in page
    assert 'href="/board"' not in page
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    login(make_user(Role.CASEWORKER, municipality))
    assert "I natt i Oslo" not in client.get("/").text
