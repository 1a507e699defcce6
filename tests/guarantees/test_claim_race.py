"""Two workers paying the same claim at the same moment, over real HTTP: the second waits for the first and
then sees the claim decided, so a claim is paid once and payouts never pass the guarantee (R20)."""

from __future__ import annotations

import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import create_engine, make_url, select, text

from bolig.audit.operations import origin
from bolig.auth.models import Role
from bolig.auth.operations import create_token
from bolig.db import db, utcnow
from bolig.guarantees.models import GuaranteeClaim
from bolig.guarantees.operations import GuaranteeInput, issue_guarantee, record_notice, register_claim
from bolig.timeutil import oslo_today
from tests.cases.test_hold_race import post
from tests.conftest import make_test_app
from tests.databases import fresh_database
from tests.factories import make_case, make_user
from tests.live import serve

STILL_WAITING = 1.0  # seconds the second payout must still be waiting while the first holds the guarantee
PAID = "UPDATE guarantee_claims SET status = 'paid', paid_amount = 8000 WHERE id = :claim"


def test_a_second_payout_waits_for_the_first_and_is_refused(database_kind: str, tmp_path: Path) -> None:
    with fresh_database(database_kind, tmp_path) as url:
        app = make_test_app(url, tmp_path)
        with app.app_context(), origin("test"):
            worker = make_user(Role.CASEWORKER)
            case = make_case(worker.municipality, worker=worker)
            today, now = oslo_today(utcnow()), utcnow()
            lease = GuaranteeInput(
                landlord_name="Utleie AS",
                rental_address="Storgata 5",
                monthly_rent=10_000,
                lease_starts_on=today,
                months=1,
            )
            guarantee = issue_guarantee(case, lease, actor=worker, now=now, render=lambda _g: b"%PDF-1.7")
            claim = register_claim(guarantee, today, 8_000, "Leie", actor=worker, now=now)
            record_notice(claim, today, "Ingen innsigelser.", actor=worker, now=now)
            ids = {"guarantee": guarantee.id, "claim": claim.id}
            token = create_token(worker, "race", actor=worker)[1]
            db.session.commit()
        with serve(app) as base, ThreadPoolExecutor(max_workers=1) as pool:
            # The first worker is paying: it holds the guarantee as the app does, on a connection of its own.
            if database_kind == "sqlite":
                first = sqlite3.connect(make_url(url).database or "", isolation_level=None)
                first.execute("BEGIN IMMEDIATE")
                finish = lambda: (first.execute(PAID.replace(":claim", str(ids["claim"]))), first.execute("COMMIT"))  # noqa: E731
            else:
                engine = create_engine(url)
                connection = engine.connect()
                connection.execute(text("SELECT id FROM deposit_guarantees WHERE id = :guarantee FOR UPDATE"), ids)
                finish = lambda: (connection.execute(text(PAID), ids), connection.commit())  # noqa: E731
            second = pool.submit(post, f"{base}/api/v1/guarantee-claims/{ids['claim']}/pay", token, {"amount": 8_000})
            time.sleep(STILL_WAITING)
            assert not second.done(), "the second payout did not wait for the first"
            finish()
            status, body = second.result(timeout=60)
            if database_kind != "sqlite":
                connection.close()
                engine.dispose()
        assert status == 422, body
        with app.app_context():
            paid = db.session.scalars(select(GuaranteeClaim.paid_amount).where(GuaranteeClaim.id == ids["claim"])).one()
            assert paid == 8_000
            db.session.remove()
            db.engine.dispose()
