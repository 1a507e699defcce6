"""Many caseworkers race for the last beds over real HTTP: exactly the beds offered are held, nobody oversells.

Run from the project root:

    .venv/bin/python -m bench.hold_race                     # SQLite and PostgreSQL, 5 rounds of 100 on 5 beds
    .venv/bin/python -m bench.hold_race --db postgresql --attempts 200 --places 10 --rounds 3

For each database kind it builds a throw-away database (see bench/common.py: `national_app`, then every
migration), a municipality and a caseworker with an API token, and serves the app under gunicorn in
processes of its own, as production does (bench/load.py): one process of `--threads` threads on SQLite,
`--workers` single-threaded processes on PostgreSQL, so there the race is between processes. Each round then
gets a new shelter with a quality agreement that passed inspection and `--places` beds offered tonight, and
`--attempts` new open cases (single adults aged 40, so no justification is needed). A thread pool of
`--attempts` workers, released together by a barrier, sends one `POST /api/v1/cases/{id}/holds` per case for a
bed at that shelter; each request is timed around the urllib call (connect, send, wait, read). After the round
the database is asked, with SQL, how many places are held tonight in that category: anything beyond the
places offered is an oversell.

In the same run, on the same server and pool, each round also fires as many concurrent `GET /healthz` (no
database, no authentication): the framework floor the hold's latency is compared with (p95 hold/healthz).
A warm-up hold (one 201, one 409) and a warm-up healthz burst run untimed before the first round.

PASS needs 201 for exactly `--places` requests in every round, and no oversell. The exit status is 0 unless
a database is unreachable. PostgreSQL comes from BOLIG_TEST_POSTGRES_URL (default
postgresql://postgres@127.0.0.1:5432/test).
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Date, bindparam, text

from bench.common import (
    add_db_argument,
    each_kind,
    kinds_of,
    migrate,
    national_app,
    positive,
    table,
)
from bench.load import add_serving_arguments, served, serving_of
from bolig.audit.operations import origin
from bolig.auth.models import Role, User
from bolig.auth.operations import create_token
from bolig.cases.models import HoldStatus
from bolig.cases.operations import CaseInput, create_case
from bolig.db import db, utcnow
from bolig.shelters.models import Channel, PlaceKind
from bolig.shelters.operations import CategorySpec, report_capacity
from tests.factories import make_municipality, make_shelter, make_user

DEFAULT_ATTEMPTS = 100
DEFAULT_PLACES = 5
DEFAULT_ROUNDS = 5
CATEGORY = "bed"
AGREEMENT = (date(2000, 1, 1), date(2100, 1, 1))
REQUEST_TIMEOUT = 120.0  # seconds; the app's pool waits at most 30 s for a connection
BARRIER_TIMEOUT = 60.0  # seconds for every worker of a burst to be ready

# What the database holds tonight in one category, after a round: the places the latest report offers
# (offered - out of service), the places held by holds that count (active or arrived, covering tonight),
# and every hold row of the category whatever its status.
HELD_SQL = text(
    """
    SELECT
      (SELECT r.offered - r.out_of_service FROM capacity_reports AS r
       WHERE r.category_id = :category_id AND r.night = :night
       ORDER BY r.id DESC LIMIT 1) AS offered,
      (SELECT COALESCE(SUM(h.places), 0) FROM holds AS h
       WHERE h.category_id = :category_id AND h.status IN (:active, :arrived)
         AND h.first_night <= :night AND h.last_night >= :night) AS held,
      (SELECT COUNT(*) FROM holds AS h WHERE h.category_id = :category_id) AS hold_rows
    """
).bindparams(bindparam("night", type_=Date()))


@dataclass(frozen=True)
class Reply:
    """One HTTP exchange: the status (0 when none came), the API error code if any, and its seconds."""

    status: int
    code: str
    seconds: float

    @property
    def label(self) -> str:
        return f"{self.status}/{self.code}" if self.code else str(self.status)


def call(url: str, *, token: str | None = None, body: dict[str, object] | None = None) -> Reply:
    """Send one request to the loopback server and read the whole answer, timed."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(  # noqa: S310  the URL is the bench's own loopback server
        url, data=data, headers=headers, method="POST" if body is not None else "GET"
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as response:  # noqa: S310
            response.read()
            return Reply(response.status, "", time.perf_counter() - started)
    except urllib.error.HTTPError as error:
        with error:
            payload = error.read()
        seconds = time.perf_counter() - started
        return Reply(error.code, _error_code(payload), seconds)
    except (OSError, http.client.HTTPException) as error:  # refused, reset, timed out, cut short
        return Reply(0, type(error).__name__, time.perf_counter() - started)


def _error_code(payload: bytes) -> str:
    """The `error.code` of an API error body, or "" when the body is not one."""
    try:
        error = json.loads(payload).get("error", {})
    except (ValueError, AttributeError):
        return ""
    return str(error.get("code", "")) if isinstance(error, dict) else ""


def burst(pool: ThreadPoolExecutor, calls: Sequence[Callable[[], Reply]]) -> list[Reply]:
    """Run the calls at once: each worker waits at a barrier until all are ready, then sends its request."""
    barrier = threading.Barrier(len(calls))

    def run(send: Callable[[], Reply]) -> Reply:
        barrier.wait(BARRIER_TIMEOUT)
        return send()

    return list(pool.map(run, calls))


@dataclass(frozen=True)
class Offer:
    """A round's setup: one shelter's bed category with places offered tonight, and the cases racing for it."""

    shelter_id: int
    category_id: int
    night: date
    case_ids: list[int]


def make_worker() -> tuple[int, str]:
    """A caseworker in Oslo and a fresh API token for them: (user id, plaintext token)."""
    with origin("bench"):
        worker = make_user(Role.CASEWORKER, make_municipality("0301"))
        token = create_token(worker, "hold race", actor=worker)[1]
        worker_id = worker.id
        db.session.commit()
    db.session.remove()
    return worker_id, token


def make_offer(worker_id: int, places: int, cases: int) -> Offer:
    """A new shelter offering `places` beds tonight under a passed quality agreement, and `cases` open cases."""
    with origin("bench"):
        worker = db.session.get(User, worker_id)
        if worker is None:
            raise RuntimeError(f"no user {worker_id}")
        municipality = worker.municipality
        now = utcnow()
        tonight = municipality.tonight(now)
        shelter = make_shelter(
            municipality, categories=(CategorySpec(PlaceKind.BED, places, code=CATEGORY),), agreement=AGREEMENT
        )
        report_capacity(shelter, tonight, {CATEGORY: places}, today=tonight, channel=Channel.WEB, actor=None, now=now)
        adult = CaseInput(client_name="Ola Nordmann", adults=1, youngest_adult_age=40, latitude=59.91, longitude=10.75)
        case_ids = [create_case(municipality, adult, actor=worker, now=now).id for _ in range(cases)]
        offer = Offer(shelter.id, shelter.categories[0].id, tonight, case_ids)
        db.session.commit()
    db.session.remove()
    return offer


@dataclass(frozen=True)
class Count:
    """What the database says after a round."""

    offered: int
    held: int
    hold_rows: int

    @property
    def oversold(self) -> int:
        return max(0, self.held - self.offered)


def count(offer: Offer) -> Count:
    row = db.session.execute(
        HELD_SQL,
        {
            "category_id": offer.category_id,
            "night": offer.night,
            "active": str(HoldStatus.ACTIVE),
            "arrived": str(HoldStatus.ARRIVED),
        },
    ).one()
    db.session.remove()
    return Count(int(row.offered or 0), int(row.held), int(row.hold_rows))


@dataclass(frozen=True)
class Round:
    holds: list[Reply]
    healthz: list[Reply]
    count: Count

    @property
    def successes(self) -> int:
        return sum(1 for r in self.holds if r.status == 201)

    @property
    def taken(self) -> int:
        return sum(1 for r in self.holds if r.status == 409 and r.code == "taken")

    @property
    def other(self) -> Counter[str]:
        return Counter(r.label for r in self.holds if r.status != 201 and (r.status, r.code) != (409, "taken"))


def hold_calls(base: str, token: str, offer: Offer) -> list[Callable[[], Reply]]:
    body: dict[str, object] = {"shelter_id": offer.shelter_id, "category": CATEGORY, "nights": 1}

    def one(case_id: int) -> Callable[[], Reply]:
        return lambda: call(f"{base}/api/v1/cases/{case_id}/holds", token=token, body=body)

    return [one(case_id) for case_id in offer.case_ids]


def healthz_calls(base: str, n: int) -> list[Callable[[], Reply]]:
    return [lambda: call(f"{base}/healthz")] * n


@dataclass
class Result:
    kind: str
    attempts: int
    places: int
    serving: tuple[int, int]  # gunicorn workers, threads a worker
    rounds: list[Round] = field(default_factory=list)

    @property
    def hold_seconds(self) -> list[float]:
        return [r.seconds for round_ in self.rounds for r in round_.holds]

    @property
    def healthz_seconds(self) -> list[float]:
        return [r.seconds for round_ in self.rounds for r in round_.healthz]

    @property
    def healthz_failures(self) -> int:
        return sum(1 for round_ in self.rounds for r in round_.healthz if r.status != 200)

    @property
    def oversells(self) -> int:
        return sum(round_.count.oversold for round_ in self.rounds)

    @property
    def exact(self) -> bool:
        return all(round_.successes == self.places for round_ in self.rounds)

    @property
    def consistent(self) -> bool:
        """Every 201 left one hold row, and no request that failed left one."""
        return all(round_.count.hold_rows == round_.successes for round_ in self.rounds)


def percentile(samples: Sequence[float], q: float) -> float:
    """The nearest-rank percentile (q in 0..1) of the samples."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def run(kind: str, attempts: int, places: int, rounds: int, serving: tuple[int, int]) -> Result:
    result = Result(kind, attempts, places, serving)
    started = time.perf_counter()
    with national_app(kind) as app:
        schema_seconds = migrate()
        worker_id, token = make_worker()
        warmup = make_offer(worker_id, 1, 2)
        offers = [make_offer(worker_id, places, attempts) for _ in range(rounds)]
        print(
            f"\n{kind}: ready in {time.perf_counter() - started:.1f} s (schema {schema_seconds:.2f} s), "
            f"{rounds} rounds of {attempts} holds on {places} beds"
        )
        database_url = app.config["SQLALCHEMY_DATABASE_URI"]
        db.engine.dispose()  # the server's processes have the database to themselves while they race
        workers, threads = serving
        with (
            served(database_url, workers=workers, threads=threads) as base,
            ThreadPoolExecutor(max_workers=attempts, thread_name_prefix="race") as pool,
        ):
            for send in (*hold_calls(base, token, warmup), *healthz_calls(base, 1)):
                send()
            burst(pool, healthz_calls(base, attempts))
            for offer in offers:
                healthz = burst(pool, healthz_calls(base, attempts))
                holds = burst(pool, hold_calls(base, token, offer))
                result.rounds.append(Round(holds, healthz, count(offer)))
    return result


def report(results: Sequence[Result]) -> str:
    def ms(value: float) -> str:
        return f"{value * 1000:.1f}"

    rows = []
    for r in results:
        holds, floor = r.hold_seconds, r.healthz_seconds
        other: Counter[str] = sum((round_.other for round_ in r.rounds), Counter())
        rows.append(
            (
                r.kind,
                "{} x {}".format(*r.serving),
                f"{len(r.rounds)}x{r.attempts}/{r.places}",
                " ".join(str(round_.successes) for round_ in r.rounds),
                sum(round_.taken for round_ in r.rounds),
                " ".join(f"{label}x{n}" for label, n in sorted(other.items())) or "-",
                f"{sum(x.count.held for x in r.rounds)}/{sum(x.count.offered for x in r.rounds)}",
                r.oversells,
                ms(statistics.median(holds)),
                ms(percentile(holds, 0.95)),
                ms(max(holds)),
                ms(statistics.median(floor)),
                ms(percentile(floor, 0.95)),
                f"{percentile(holds, 0.95) / percentile(floor, 0.95):.1f}x",
                "PASS" if r.exact else "MISS",
                "PASS" if r.oversells == 0 else "MISS",
            )
        )
    return table(
        (
            "database",
            "workers x threads",
            "rounds x req/beds",
            "201 per round",
            "409",
            "other",
            "held/offered",
            "oversold",
            "hold p50 ms",
            "p95",
            "max",
            "healthz p50 ms",
            "p95",
            "p95 ratio",
            "201 = beds",
            "no oversell",
        ),
        rows,
    )


def notes(result: Result) -> list[str]:
    """Anything odd the table does not show."""
    lines = []
    if not result.consistent:
        rows = " ".join(str(round_.count.hold_rows) for round_ in result.rounds)
        lines.append(f"{result.kind}: hold rows per round ({rows}) differ from the 201s")
    if result.healthz_failures:
        lines.append(f"{result.kind}: {result.healthz_failures} healthz requests did not answer 200")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.hold_race", description=__doc__.splitlines()[0])
    add_db_argument(parser)
    parser.add_argument(
        "--attempts",
        type=positive,
        default=DEFAULT_ATTEMPTS,
        help=f"concurrent hold requests per round, one per case (default {DEFAULT_ATTEMPTS})",
    )
    parser.add_argument(
        "--places", type=positive, default=DEFAULT_PLACES, help=f"beds offered per round (default {DEFAULT_PLACES})"
    )
    parser.add_argument(
        "--rounds", type=positive, default=DEFAULT_ROUNDS, help=f"independent rounds (default {DEFAULT_ROUNDS})"
    )
    add_serving_arguments(parser)
    args = parser.parse_args(argv)
    if args.places > args.attempts:
        parser.error("--places must be at most --attempts")
    kinds = kinds_of(args)

    def one(kind: str) -> Result:
        result = run(kind, args.attempts, args.places, args.rounds, serving_of(args, kind))
        print(report([result]))
        for line in notes(result):
            print(line)
        return result

    results, reached = each_kind(kinds, one)
    if len(kinds) > 1 and results:
        print(f"\nsummary ({args.rounds} rounds of {args.attempts} concurrent holds on {args.places} beds)")
        print(report(results))
    return 0 if reached else 1


if __name__ == "__main__":
    sys.exit(main())
