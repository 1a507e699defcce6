"""Thirty workers race for the last three family units over real HTTP: exactly three win, nobody oversells."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bolig.audit.operations import origin
from bolig.auth.models import Role
from bolig.auth.operations import create_token
from bolig.cases.operations import CaseInput, create_case
from bolig.db import db, utcnow
from bolig.shelters.availability import get_shelter_availability
from bolig.shelters.models import Channel
from bolig.shelters.operations import report_capacity
from tests.conftest import make_test_app
from tests.databases import fresh_database
from tests.factories import make_shelter, make_user
from tests.live import serve

ATTEMPTS = 30
FREE_UNITS = 3


def post(url: str, token: str, body: dict[str, object]) -> tuple[int, dict[str, object]]:
    request = urllib.request.Request(  # noqa: S310  the URL is the test's own loopback server
        url,
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


def test_thirty_holds_on_three_free_units_give_three_201_and_twenty_seven_409(
    database_kind: str, tmp_path: Path
) -> None:
    with fresh_database(database_kind, tmp_path) as url:
        app = make_test_app(url, tmp_path)
        with app.app_context(), origin("test"):
            worker = make_user(Role.CASEWORKER)
            shelter = make_shelter(
                worker.municipality,
                agreement=(utcnow().date().replace(month=1, day=1), utcnow().date().replace(month=12, day=31)),
            )
            now = utcnow()
            tonight = worker.municipality.tonight(now)
            report_capacity(
                shelter, tonight, {"family_unit": FREE_UNITS}, today=tonight, channel=Channel.WEB, actor=None, now=now
            )
            family = CaseInput(client_name="Family", adults=1, children_ages=[5], latitude=59.9, longitude=10.7)
            cases = [create_case(worker.municipality, family, actor=worker, now=now).id for _ in range(ATTEMPTS)]
            token = create_token(worker, "race", actor=worker)[1]
            shelter_id = shelter.id
            db.session.commit()
        with serve(app) as base, ThreadPoolExecutor(max_workers=ATTEMPTS) as pool:
            body = {"shelter_id": shelter_id, "category": "family_unit", "nights": 1, "children_justification": "Brann"}
            results = list(pool.map(lambda case_id: post(f"{base}/api/v1/cases/{case_id}/holds", token, body), cases))
        statuses = Counter(status for status, _ in results)
        assert statuses == {201: FREE_UNITS, 409: ATTEMPTS - FREE_UNITS}
        assert all(body["error"]["code"] == "taken" for status, body in results if status == 409)  # type: ignore[index]
        with app.app_context():
            free = get_shelter_availability(shelter_id, tonight)
            assert sum(a.free for a in free.values() if a.offered is not None) == 0
            db.session.remove()
            db.engine.dispose()
