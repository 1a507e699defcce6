"""Every route, for every role and for nobody: the one permission helper decides, and says so consistently."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from bolig.auth.models import Role, User
from bolig.auth.operations import create_token
from bolig.auth.permissions import CLIENT_RECORDS, GRANTS
from bolig.cases.incidents import register_incident
from bolig.cases.operations import CaseInput, mark_arrived
from bolig.db import db, utcnow
from bolig.municipalities.models import Municipality
from tests.conftest import csrf_token, log_in
from tests.factories import (
    make_appeal,
    make_case_with_hold,
    make_deposit,
    make_follow_up,
    make_guarantee_claim,
    make_shelter,
    make_user,
)

ANONYMOUS = "anonymous"
# Query arguments a route needs to do its work at all.
QUERY = {"api_shelters.hsds_export": {"municipality": "0301"}}
UNDECLARED = object()


def routes(app: Flask) -> list[Rule]:
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]


# A new record of the municipality for arguments whose owner or role does not matter here.
MADE: dict[str, Callable[[Municipality], int]] = {
    "user_id": lambda municipality: make_user(Role.CASEWORKER, municipality).id,
    "follow_up_id": lambda municipality: make_follow_up(municipality).id,
    "deposit_id": lambda municipality: make_deposit(municipality).id,
}


def url_values(rule: Rule, actor: User | None, municipality: Municipality) -> dict[str, int | str]:
    """Real records of the actor's own municipality for each argument a route takes."""
    values: dict[str, int | str] = {}
    for argument in rule.arguments:
        if argument in MADE:
            values[argument] = MADE[argument](municipality)
        elif argument == "token_id":
            owner = actor or make_user(Role.CASEWORKER, municipality)
            values[argument] = create_token(owner, "matrix", actor=owner)[0].id
        elif argument in ("shelter_id", "category_id", "agreement_id"):
            # An operator's own shelter: the role decides here, not the ownership.
            operators = (actor,) if actor is not None and actor.role == Role.OPERATOR else ()
            shelter = make_shelter(municipality, agreement=(date(2026, 1, 1), date(2026, 12, 31)), operators=operators)
            by_argument = {"shelter_id": shelter.id, "category_id": shelter.categories[0].id}
            values[argument] = by_argument.get(argument) or shelter.agreements[0].id
        elif argument == "action":
            # The first of the actions a route knows: the role decides here, not the action.
            values[argument] = sorted(rule._converters[argument].items)[0]  # type: ignore[attr-defined]
        elif argument == "incident_id":
            worker = make_user(Role.CASEWORKER, municipality)
            single = CaseInput(client_name="Ola", latitude=59.91, longitude=10.75)
            values[argument] = register_incident(municipality, "Brann", [single], actor=worker, now=utcnow()).id
        elif argument == "stay_id":
            hold = make_case_with_hold(municipality, actor)
            values[argument] = mark_arrived(hold, actor=hold.case.created_by, now=utcnow()).id  # type: ignore[arg-type]
        elif argument in ("case_id", "hold_id"):
            values[argument] = (
                make_case_with_hold(municipality, actor).case_id
                if argument == "case_id"
                else make_case_with_hold(municipality, actor).id
            )
        elif argument in ("decision_id", "appeal_id"):
            appeal = make_appeal(municipality)
            values[argument] = appeal.decision_id if argument == "decision_id" else appeal.id
        elif argument in ("guarantee_id", "claim_id"):
            claim = make_guarantee_claim(municipality)
            values[argument] = claim.guarantee_id if argument == "guarantee_id" else claim.id
        else:
            pytest.fail(f"the matrix does not know how to fill <{argument}> in {rule.rule}")
    return values


def test_every_route_declares_who_may_use_it(app: Flask) -> None:
    undeclared = [
        rule.rule
        for rule in routes(app)
        if getattr(app.view_functions[rule.endpoint], "permission", UNDECLARED) is UNDECLARED
    ]
    assert undeclared == [], "routes without @permission_required or @public"


@pytest.mark.parametrize("role", [ANONYMOUS, *Role])
def test_role_route_matrix(app: Flask, municipality: Municipality, role: str) -> None:
    actor = None if role == ANONYMOUS else make_user(Role(role), municipality)
    bearer = {"Authorization": f"Bearer {create_token(actor, 'matrix', actor=actor)[1]}"} if actor else {}
    failures = []
    for rule in routes(app):
        permission = app.view_functions[rule.endpoint].permission
        # A webhook trusts a signature, never a login: unsigned, everyone is refused.
        signed = getattr(app.view_functions[rule.endpoint], "signed", False)
        is_api = rule.rule.startswith("/api/")
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            client = app.test_client()
            if actor is not None and not is_api:
                log_in(client, actor)
            url = app.url_for(rule.endpoint, **url_values(rule, actor, municipality), **QUERY.get(rule.endpoint, {}))
            data = {"csrf_token": csrf_token(client, "/login")} if method == "POST" else None
            response = client.open(url, method=method, data=data, headers=bearer if is_api else {})
            to_login = response.status_code == 302 and response.headers["Location"].startswith("/login?next=")
            denied = response.status_code in (401, 403, 404) or to_login
            expected_denied = signed or (
                permission is not None and (actor is None or actor.role not in GRANTS[permission])
            )
            if response.status_code >= 500:
                failures.append(f"{method} {url}: {response.status_code}")
            elif denied != expected_denied:
                failures.append(
                    f"{method} {url}: {response.status_code} (expected {'denied' if expected_denied else 'allowed'})"
                )
            elif expected_denied:
                expected = (401 if is_api else 302) if actor is None else 404 if permission in CLIENT_RECORDS else 403
                expected = 403 if signed else expected
                if response.status_code != expected:
                    failures.append(f"{method} {url}: {response.status_code}, expected {expected}")
    assert failures == []


def test_another_municipalitys_records_answer_404(
    app: Flask,
    client: FlaskClient,
    login: Callable[[User], FlaskClient],
    municipality: Municipality,
    other_municipality: Municipality,
) -> None:
    admin = make_user(Role.ADMIN, municipality)
    login(admin)
    foreign_user = make_user(Role.CASEWORKER, other_municipality)
    foreign_token = create_token(foreign_user, "theirs", actor=foreign_user)[0]
    token = csrf_token(client, "/profile")
    assert client.post(f"/admin/users/{foreign_user.id}/active", data={"csrf_token": token}).status_code == 404
    assert client.post(f"/profile/tokens/{foreign_token.id}/revoke", data={"csrf_token": token}).status_code == 404
    db.session.refresh(foreign_user)
    db.session.refresh(foreign_token)
    assert foreign_user.active
    assert foreign_token.revoked_at is None
