"""Ten workers at one fire register the same person at the same moment, over real HTTP: one case, one client."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import func, select

from bolig.audit.operations import origin
from bolig.auth.models import Role
from bolig.auth.operations import create_token
from bolig.cases.models import Case, Client
from bolig.db import db
from tests.cases.test_hold_race import post
from tests.conftest import make_test_app
from tests.databases import fresh_database
from tests.factories import make_user
from tests.live import serve

WORKERS = 10
KARI = {
    "client": {"name": "Kari Nordmann", "national_id": "15108695088"},
    "location": {"lat": 59.91, "lon": 10.75, "address": "Storgata 10"},
    "reason": "fire",
}


def test_the_same_person_registered_at_once_by_ten_workers_is_one_case(database_kind: str, tmp_path: Path) -> None:
    with fresh_database(database_kind, tmp_path) as url:
        app = make_test_app(url, tmp_path)
        with app.app_context(), origin("test"):
            first = make_user(Role.CASEWORKER)
            tokens = [create_token(first, "race", actor=first)[1]]
            tokens += [
                create_token(worker, "race", actor=worker)[1]
                for worker in (make_user(Role.CASEWORKER, first.municipality) for _ in range(WORKERS - 1))
            ]
            db.session.commit()
        with serve(app) as base, ThreadPoolExecutor(max_workers=WORKERS) as pool:
            results = list(pool.map(lambda token: post(f"{base}/api/v1/cases", token, KARI), tokens))
        assert Counter(status for status, _ in results) == {201: 1, 422: WORKERS - 1}
        refused = [body["error"]["fields"] for status, body in results if status == 422]  # type: ignore[index]
        assert all(set(fields) == {"national_id"} for fields in refused)
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(Case)) == 1
            assert db.session.scalar(select(func.count()).select_from(Client)) == 1
            db.session.remove()
            db.engine.dispose()
