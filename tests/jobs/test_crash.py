"""A scheduler killed in the middle of a send and started again: every message goes once, and expired holds end."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from bolig import PROJECT_ROOT
from bolig.cases.models import Hold, HoldStatus
from bolig.cases.operations import hold_place
from bolig.db import db, utcnow
from bolig.notifications.models import SmsKind, SmsMessage, SmsStatus
from bolig.notifications.operations import queue
from bolig.shelters.models import Channel
from bolig.shelters.operations import report_capacity
from tests.conftest import make_test_app
from tests.databases import fresh_database
from tests.factories import make_case, make_municipality, make_shelter
from tests.jobs.processes import SchedulerProcess, scheduler_process
from tests.providers.fake_twilio import FakeTwilio, fake_twilio, new_sid

# Every wait is bounded, so a scheduler that hangs fails the test instead of the build.
TIMEOUT = 10
QUEUED = 6
# The scheduler is killed once this many requests have reached the fake, the last of them still unanswered:
# each answer takes SLOW_ANSWER seconds, far longer than the test takes to notice the request.
KILLED_AT = 3
SLOW_ANSWER = 0.5
SENDER = "+4759440000"
CLIENT_PHONE = "+4791230000"


@dataclass(frozen=True)
class Seeded:
    """A migrated database with queued messages and an expired hold, and an app to read it with."""

    url: str
    app: Flask
    hold_id: int


@dataclass(frozen=True)
class Row:
    """What the test reads back of one message."""

    event_key: str
    kind: str
    phone: str
    body: str
    status: str
    provider_sid: str | None
    attempts: int


def seed(app: Flask) -> int:
    """Queued urgent messages and a hold whose time ran out while no scheduler was running; the hold's id."""
    with app.app_context():
        municipality = make_municipality("0301")
        shelter = make_shelter(municipality, agreement=(date(2000, 1, 1), date(2100, 1, 1)))
        now = utcnow()
        tonight = municipality.tonight(now)
        report_capacity(shelter, tonight, {"bed": 5}, today=tonight, channel=Channel.WEB, actor=None, now=now)
        case = make_case(municipality, phone=CLIENT_PHONE, sms_consent=True)
        assert case.created_by is not None
        hold = hold_place(
            case, shelter.categories[0], first_night=tonight, nights=1, actor=case.created_by, now=now, today=tonight
        )
        hold.expires_at = now - timedelta(minutes=1)
        # The message about the hold itself went when the place was held, before the scheduler stopped.
        created = db.session.scalars(select(SmsMessage).where(SmsMessage.hold_id == hold.id)).one()
        created.status, created.provider_sid, created.sent_at = SmsStatus.SENT, new_sid("SM"), now
        for n in range(QUEUED):
            queue(
                municipality,
                phone=f"+4791234{n:03d}",
                kind=SmsKind.ESCALATION,
                event_key=f"crash:{n}",
                body=f"Melding {n}: husstand venter på plass",
                now=now,
                urgent=True,
            )
        db.session.commit()
        hold_id = hold.id
        db.session.remove()
    return hold_id


def read_back(app: Flask, hold_id: int) -> tuple[list[Row], str]:
    """Every message, oldest first, and the hold's status, in a transaction of their own."""
    with app.app_context():
        try:
            rows = [
                Row(m.event_key or "", m.kind, m.phone, m.body, m.status, m.provider_sid, m.attempts)
                for m in db.session.scalars(select(SmsMessage).order_by(SmsMessage.id))
            ]
            hold = db.session.get(Hold, hold_id)
            assert hold is not None
            return rows, hold.status
        finally:
            db.session.remove()


@pytest.fixture
def fake() -> Iterator[FakeTwilio]:
    # A token that cannot pass for a JSON number when read back from BOLIG_TWILIO_AUTH_TOKEN.
    with fake_twilio(auth_token="token-" + new_sid("")) as server:
        yield server


@pytest.fixture
def seeded(database_kind: str, tmp_path: Path) -> Iterator[Seeded]:
    with fresh_database(database_kind, tmp_path) as url:
        app = make_test_app(url, tmp_path)
        try:
            yield Seeded(url, app, seed(app))
        finally:
            with app.app_context():
                db.engine.dispose()


def environment(database_url: str, fake: FakeTwilio) -> dict[str, str]:
    """The settings a deployment gives the jobs: its database, and Twilio (here, the fake)."""
    return {
        **os.environ,
        "BOLIG_DATABASE_URL": database_url,
        "BOLIG_SECRET_KEY": "test-secret",
        "BOLIG_SMS_BACKEND": "twilio",
        "BOLIG_TWILIO_ACCOUNT_SID": fake.account_sid,
        "BOLIG_TWILIO_AUTH_TOKEN": fake.auth_token,
        "BOLIG_TWILIO_FROM": SENDER,
        "BOLIG_TWILIO_API_BASE": fake.base_url,
    }


def run_once(database_url: str, fake: FakeTwilio, job_id: str) -> str:
    """`flask jobs run-once JOB_ID` to its end; what it printed."""
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "jobs", "run-once", job_id],
        cwd=PROJECT_ROOT,
        env=environment(database_url, fake),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def start(seeded: Seeded, fake: FakeTwilio, tmp_path: Path) -> Iterator[Callable[[], SchedulerProcess]]:
    """Starts a scheduler configured as production is, each with a log of its own; all are closed after the test."""
    with ExitStack() as stack:
        logs = (tmp_path / f"scheduler-{n}.log" for n in itertools.count(1))

        def start() -> SchedulerProcess:
            env = environment(seeded.url, fake)
            return stack.enter_context(scheduler_process(env, next(logs), timeout=TIMEOUT))

        yield start


def test_a_scheduler_killed_mid_send_and_restarted_sends_each_message_once(
    seeded: Seeded, fake: FakeTwilio, start: Callable[[], SchedulerProcess]
) -> None:
    before, _ = read_back(seeded.app, seeded.hold_id)
    queued = [row for row in before if row.status == SmsStatus.QUEUED]
    assert len(queued) == QUEUED
    fake.delay = SLOW_ANSWER

    first = start()
    first.wait_until(lambda: len(fake.requests) >= KILLED_AT, f"request {KILLED_AT} to Twilio")
    first.kill()
    assert fake.wait_idle(TIMEOUT)
    # The request in flight was cut off before Twilio answered it, so it was not accepted.
    assert len(fake.messages) >= KILLED_AT - 1
    assert len(fake.requests) == len(fake.messages) + 1
    assert fake.requests[-1].form["To"] not in {m.to for m in fake.messages}

    # Twilio answers at once again; the slow answers were there to make the kill land mid-send.
    fake.delay = 0
    second = start()

    def caught_up() -> bool:
        rows, status = read_back(seeded.app, seeded.hold_id)
        waiting = {row.event_key for row in rows if row.status in (SmsStatus.QUEUED, SmsStatus.SENDING)}
        return status == HoldStatus.EXPIRED and not waiting & {row.event_key for row in queued}

    # Less often than the fake is polled: on SQLite each look takes the write lock the scheduler needs.
    second.wait_until(caught_up, "outbox caught up and hold expired", every=0.1)
    assert second.stop() == 0
    # The restart's expire_holds queues the hold's message beside the restart's outbox run, which may have read
    # what was due before it was queued; the outbox's next run sends it, here started by hand rather than waited for.
    assert run_once(seeded.url, fake, "send_outbox").startswith("send_outbox: ")

    after, hold_status = read_back(seeded.app, seeded.hold_id)
    assert hold_status == HoldStatus.EXPIRED
    [released] = [row for row in after if row.kind == SmsKind.HOLD_RELEASED]
    assert released.event_key == f"hold:{seeded.hold_id}:released"
    assert released.phone == CLIENT_PHONE
    expected = {row.event_key for row in [*queued, released]}
    sent = [row for row in after if row.event_key in expected]
    assert [row.status for row in sent] == [SmsStatus.SENT] * len(expected)
    # Each message reached Twilio exactly once: none twice, none missing, and each row holds the SID it was given.
    assert Counter((m.to, m.body) for m in fake.messages) == Counter((row.phone, row.body) for row in sent)
    sids = {(m.to, m.body): m.sid for m in fake.messages}
    assert [row.provider_sid for row in sent] == [sids[row.phone, row.body] for row in sent]
    # An attempt counts when Twilio's answer is recorded: the one cut off by the kill left no answer.
    assert [row.attempts for row in sent] == [1] * len(sent)
