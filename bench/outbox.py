"""SMS outbox throughput: the send_outbox job against a bare HTTP client, both posting to a local fake Twilio.

Run from the project root:

    .venv/bin/python -m bench.outbox                        # SQLite and PostgreSQL, 5 rounds of 500 messages
    .venv/bin/python -m bench.outbox --db postgresql --messages 1000 --rounds 7 --profile

For each database kind it serves a fake Twilio REST API on a loopback port (tests/providers/fake_twilio.py) and
builds an app with SMS_BACKEND "twilio" pointed at it, on a throw-away database (a SQLite file, or a new
PostgreSQL database dropped afterwards) with every migration run and one municipality. Each round then times,
after an uncounted warm-up round of every path:

- floor:  a `requests.Session` with Basic auth posting the same form (To, From, Body, StatusCallback) to
          `/2010-04-01/Accounts/{sid}/Messages.json`, one message after the other, reading each answer's SID;
- outbox: `--messages` urgent messages queued and committed (untimed), then `jobs.send_outbox.run` in a fresh app
          context: per message a locking SELECT of the next due row, the Twilio SDK call, the SID saved, a commit;
- and, to show where the difference goes: the app's Twilio sender called in a loop without the database
  ("sdk only"), and the outbox job with an in-memory sender instead of Twilio ("job, no http").

The fake answers HTTP/1.0, so every path opens a new connection per message. After every outbox round the fake
must have accepted exactly that many messages and each row must be "sent" with the SID the fake gave it: a run
that sends nothing cannot pass. Messages per second come from the median round; PASS needs outbox/floor >= 50 %.
`--profile` adds one outbox round under cProfile and prints where its time went. PostgreSQL comes from
BOLIG_TEST_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/test).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import requests
from flask import Flask
from sqlalchemy import select

from bench.common import add_db_argument, each_kind, kinds_of, migrate, positive, postgres_url, table
from bolig import create_app
from bolig.audit.operations import origin
from bolig.db import db, utcnow
from bolig.municipalities.models import Municipality
from bolig.municipalities.operations import create_municipality
from bolig.notifications.models import SmsKind, SmsMessage, SmsStatus
from bolig.notifications.operations import queue
from jobs import send_outbox
from providers.sms import FakeSmsSender
from tests import databases
from tests.providers.fake_twilio import API_VERSION, FakeTwilio, fake_twilio

DEFAULT_MESSAGES = 500
DEFAULT_ROUNDS = 5
WARMUP = 20
TARGET = 0.5
FROM = "+4759440000"
PUBLIC_URL = "https://bolig.example.no"
STATUS_CALLBACK = f"{PUBLIC_URL}/webhooks/twilio/status"
MUNICIPALITY = ("0301", "Oslo", "Oslo")
# What a client gets when a place is held for them: 155 characters, GSM-7 (å included), so one part.
BODY = (
    "NAV: plass til deg i natt på Tøyen hospits, Hagegata 30. "
    "Kart: https://www.openstreetmap.org/?mlat=59.91512&mlon=10.77351 "
    "Holdes til kl. 23:30. Svar JA/NEI"
)
PROFILE_LINES = 25


def phone(i: int) -> str:
    """A Norwegian mobile number per message, so no two rows look alike to the database."""
    return f"+479{i % 10_000_000:07d}"


@dataclass(frozen=True)
class Round:
    """One timed batch of messages on one path."""

    messages: int
    seconds: float


def rate(rounds: Sequence[Round]) -> float:
    """Messages per second of the median round."""
    return rounds[0].messages / statistics.median(r.seconds for r in rounds)


@dataclass
class Result:
    kind: str
    messages: int
    floor: list[Round] = field(default_factory=list)
    outbox: list[Round] = field(default_factory=list)
    # Where the difference goes: the Twilio sender without the database, the job without Twilio.
    sdk: list[Round] = field(default_factory=list)
    database: list[Round] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return rate(self.outbox) / rate(self.floor)

    @property
    def overhead_ms(self) -> float:
        """What the outbox adds to each message, over the bare HTTP exchange."""
        return 1000 / rate(self.outbox) - 1000 / rate(self.floor)

    @property
    def passed(self) -> bool:
        return self.ratio >= TARGET


@contextmanager
def outbox_app(kind: str, fake: FakeTwilio) -> Iterator[Flask]:
    """An app that sends SMS through the fake, on a fresh, migrated database with one municipality."""
    # tests.databases reads the URL when imported and has no default; the bench has one.
    databases.POSTGRES_URL = postgres_url()
    with (
        tempfile.TemporaryDirectory(prefix="bolig-bench-") as folder,
        databases.fresh_database(kind, Path(folder)) as url,
    ):
        app = create_app(
            {
                "DATABASE_URL": url,
                "SECRET_KEY": "bench",
                "TESTING": True,
                "SMS_BACKEND": "twilio",
                "TWILIO_ACCOUNT_SID": fake.account_sid,
                "TWILIO_AUTH_TOKEN": fake.auth_token,
                "TWILIO_FROM": FROM,
                "TWILIO_API_BASE": fake.base_url,
                "PUBLIC_URL": PUBLIC_URL,
            }
        )
        app.instance_path = folder
        sender = app.extensions["sms"]
        try:
            with app.app_context(), origin("bench"):
                migrate()
                create_municipality(*MUNICIPALITY, actor=None)
                db.session.commit()
                db.session.remove()
            yield app
        finally:
            sender.close()
            with app.app_context():
                db.session.remove()
                db.engine.dispose()


def queue_batch(app: Flask, first: int, count: int, now: datetime) -> range:
    """Queue and commit `count` urgent messages, numbered from `first`; the numbers used."""
    numbers = range(first, first + count)
    with app.app_context(), origin("bench"):
        municipality = db.session.scalar(select(Municipality).where(Municipality.number == MUNICIPALITY[0]))
        if municipality is None:
            raise RuntimeError("the bench municipality is missing")
        for i in numbers:
            queue(
                municipality,
                phone=phone(i),
                kind=SmsKind.HOLD_CREATED,
                event_key=f"bench:{i}",
                body=BODY,
                now=now,
                urgent=True,
            )
        db.session.commit()
        db.session.remove()
    return numbers


def run_job(app: Flask, now: datetime, profile: cProfile.Profile | None = None) -> tuple[int, float]:
    """The outbox job in a fresh app context, as the scheduler runs it: messages sent, and seconds."""
    gc.collect()
    with app.app_context(), origin("job:send_outbox"):
        if profile is not None:
            profile.enable()
        started = time.perf_counter()
        sent = send_outbox.run(now=now, dry_run=False)
        seconds = time.perf_counter() - started
        if profile is not None:
            profile.disable()
        db.session.remove()
    return sent, seconds


def sent_rows(app: Flask, numbers: range) -> set[str]:
    """The provider SIDs saved on these messages' rows, each of which must be "sent"."""
    with app.app_context():
        keys = [f"bench:{i}" for i in numbers]
        rows = db.session.execute(
            select(SmsMessage.status, SmsMessage.provider_sid).where(SmsMessage.event_key.in_(keys))
        ).all()
        db.session.remove()
    unsent = sum(1 for status, _ in rows if status != SmsStatus.SENT)
    if len(rows) != len(numbers) or unsent:
        raise AssertionError(f"of {len(numbers)} messages, {len(rows)} rows, {unsent} not sent")
    return {str(sid) for _, sid in rows}


def send_batch(app: Flask, fake: FakeTwilio, first: int, count: int, profile: cProfile.Profile | None = None) -> Round:
    """Queue `count` messages, time the outbox job sending them, and check that each went out once."""
    now = utcnow()
    numbers = queue_batch(app, first, count, now)
    accepted = len(fake.messages)
    sent, seconds = run_job(app, now, profile)
    new = fake.messages[accepted:]
    if sent != count or len(new) != count:
        raise AssertionError(f"the job sent {sent} and the fake accepted {len(new)}, not {count}")
    if set(sent_rows(app, numbers)) != {m.sid for m in new}:
        raise AssertionError("the rows do not hold the SIDs the fake gave")
    if sorted(m.to for m in new) != sorted(phone(i) for i in numbers) or any(m.body != BODY for m in new):
        raise AssertionError("the fake received other numbers or bodies than were queued")
    return Round(count, seconds)


def database_batch(app: Flask, first: int, count: int) -> Round:
    """The outbox job with an in-memory sender instead of Twilio: what the database and ORM cost alone."""
    now = utcnow()
    numbers = queue_batch(app, first, count, now)
    twilio, fake = app.extensions["sms"], FakeSmsSender()
    app.extensions["sms"] = fake
    try:
        sent, seconds = run_job(app, now)
    finally:
        app.extensions["sms"] = twilio
    if sent != count or set(sent_rows(app, numbers)) != {m.sid for m in fake.outbox}:
        raise AssertionError(f"the job sent {sent} and the in-memory sender kept {len(fake.outbox)}, not {count}")
    return Round(count, seconds)


def sdk_batch(app: Flask, fake: FakeTwilio, first: int, count: int) -> Round:
    """The app's Twilio sender called in a loop, no database: what the SDK costs over the bare client."""
    sender = app.extensions["sms"]
    accepted = len(fake.messages)
    gc.collect()
    started = time.perf_counter()
    for i in range(first, first + count):
        sender.send(phone(i), BODY)
    seconds = time.perf_counter() - started
    if len(fake.messages) - accepted != count:
        raise AssertionError(f"the fake accepted {len(fake.messages) - accepted} messages, not {count}")
    return Round(count, seconds)


def floor_batch(fake: FakeTwilio, http: requests.Session, first: int, count: int) -> Round:
    """Post `count` messages with a bare client, one after the other, reading each SID."""
    url = f"{fake.base_url}/{API_VERSION}/Accounts/{fake.account_sid}/Messages.json"
    accepted = len(fake.messages)
    sids = []
    gc.collect()
    started = time.perf_counter()
    for i in range(first, first + count):
        response = http.post(url, data={"To": phone(i), "From": FROM, "Body": BODY, "StatusCallback": STATUS_CALLBACK})
        if response.status_code != 201:
            raise AssertionError(f"the fake answered {response.status_code}: {response.text}")
        sids.append(response.json()["sid"])
    seconds = time.perf_counter() - started
    if len(fake.messages) - accepted != count or len(set(sids)) != count:
        raise AssertionError(f"the fake accepted {len(fake.messages) - accepted} messages, not {count}")
    return Round(count, seconds)


def breakdown(profile: cProfile.Profile, messages: int) -> str:
    """Where the outbox's time went: the whole job, then its parts, per message."""
    text = io.StringIO()
    stats = pstats.Stats(profile, stream=text)
    entries = stats.stats  # type: ignore[attr-defined]  # (file, line, name) -> (cc, nc, tt, ct, callers)

    def cumulative(path_end: str, name: str) -> float:
        return float(
            sum(ct for (path, _, fn), (_, _, _, ct, _) in entries.items() if path.endswith(path_end) and fn == name)
        )

    # The job calls the scoped session's scalar (the locking SELECT), flush (the UPDATE) and commit once each per
    # message; nothing else in the job goes through them.
    parts = (
        ("send_outbox.run (the whole job)", cumulative("jobs/send_outbox.py", "run")),
        ("  SELECT ... FOR UPDATE of the next due row", cumulative("sqlalchemy/orm/scoping.py", "scalar")),
        ("  TwilioSmsSender.send (SDK and HTTP)", cumulative("providers/sms.py", "send")),
        ("    requests Session.send (HTTP)", cumulative("requests/sessions.py", "send")),
        ("  flush (UPDATE of the row)", cumulative("sqlalchemy/orm/scoping.py", "flush")),
        ("  commit", cumulative("sqlalchemy/orm/scoping.py", "commit")),
    )
    rows = [(label, f"{seconds * 1000:.1f}", f"{seconds * 1000 / messages:.3f}") for label, seconds in parts]
    stats.sort_stats("tottime").print_stats(PROFILE_LINES)
    return table(("profiled outbox round", "ms", "ms/message"), rows) + "\n" + text.getvalue()


def run(kind: str, messages: int, rounds: int, profiling: bool) -> tuple[Result, str]:
    started = time.perf_counter()
    with fake_twilio() as fake, outbox_app(kind, fake) as app, requests.Session() as http:
        http.auth = (fake.account_sid, fake.auth_token)
        print(f"\n{kind}: ready in {time.perf_counter() - started:.1f} s, {rounds} rounds of {messages} messages")
        result = Result(kind, messages)
        number = 0
        # The first round warms every path up and is not counted; the paths alternate, so a busy moment of the
        # machine or the database falls on all of them alike.
        for round_ in range(rounds + 1):
            count = WARMUP if round_ == 0 else messages
            timed = (
                floor_batch(fake, http, number, count),
                sdk_batch(app, fake, number, count),
                send_batch(app, fake, number, count),
                database_batch(app, number + count, count),
            )
            number += 2 * count
            if round_:
                for rounds_of_path, timing in zip(
                    (result.floor, result.sdk, result.outbox, result.database), timed, strict=True
                ):
                    rounds_of_path.append(timing)
        profiled = ""
        if profiling:
            profile = cProfile.Profile()
            send_batch(app, fake, number, messages, profile)
            profiled = breakdown(profile, messages)
    return result, profiled


def report(results: Sequence[Result]) -> str:
    def seconds(rounds: Sequence[Round]) -> str:
        return " ".join(f"{r.seconds:.2f}" for r in rounds)

    return table(
        (
            "database",
            "messages",
            "floor msg/s",
            "outbox msg/s",
            "outbox/floor",
            "overhead ms/msg",
            "target",
            "result",
            "sdk only msg/s",
            "job, no http msg/s",
            "floor s/round",
            "outbox s/round",
        ),
        [
            (
                r.kind,
                f"{len(r.outbox)}x{r.messages}",
                f"{rate(r.floor):.0f}",
                f"{rate(r.outbox):.0f}",
                f"{r.ratio:.0%}",
                f"{r.overhead_ms:.2f}",
                f">= {TARGET:.0%}",
                "PASS" if r.passed else "MISS",
                f"{rate(r.sdk):.0f}",
                f"{rate(r.database):.0f}",
                seconds(r.floor),
                seconds(r.outbox),
            )
            for r in results
        ],
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.outbox", description=__doc__.splitlines()[0])
    add_db_argument(parser)
    parser.add_argument(
        "--messages", type=positive, default=DEFAULT_MESSAGES, help=f"messages per round (default {DEFAULT_MESSAGES})"
    )
    parser.add_argument(
        "--rounds", type=positive, default=DEFAULT_ROUNDS, help=f"timed rounds of each path (default {DEFAULT_ROUNDS})"
    )
    parser.add_argument("--profile", action="store_true", help="profile one more outbox round and print where it went")
    args = parser.parse_args(argv)
    kinds = kinds_of(args)

    def one(kind: str) -> Result:
        result, profiled = run(kind, args.messages, args.rounds, args.profile)
        print(report([result]))
        if profiled:
            print(f"\n{profiled}")
        return result

    results, reached = each_kind(kinds, one)
    if len(kinds) > 1 and results:
        print(f"\nsummary (median of {args.rounds} rounds of {args.messages} messages)")
        print(report(results))
    return 0 if reached else 1


if __name__ == "__main__":
    sys.exit(main())
