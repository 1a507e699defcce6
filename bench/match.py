"""Matches for a case over real HTTP, against a hello-world floor and a raw-SQL floor, on a national-scale database.

Run from the project root:

    .venv/bin/python -m bench.match                         # SQLite and PostgreSQL, 20 clients, 10 s a route
    .venv/bin/python -m bench.match --db postgresql --clients 10 --seconds 30 --workers 8 --profile

For each database kind it builds a throw-away database (see bench/common.py: 357 municipalities, 2,000
shelters, 4,000 place categories, ~400k capacity reports over 60 nights), then adds, with bulk Core inserts:
5,000 households staying tonight (client, case, arrived hold and stay, each within the places offered on every
night it covers), 250 active holds and 50 holds past their expiry that no job has marked yet, and quality
agreements for part of the shelters (most passed their last inspection, some failed it, some expired). The
biggest municipality's shelters get coordinates; its caseworker gets an API token and a handful of open cases
(one adult aged 40, next to one of its shelters).

The app is served by gunicorn in processes of its own, and loaded by wrk (see bench/load.py): one process of
`--threads` threads on SQLite, the embedded default (DESIGN.md: one process); `--workers` single-threaded
processes on PostgreSQL, as production runs it. One extra route, GET /bench/hello answering "ok" (public, no database),
is the framework floor. In one run it measures:

- HTTP: `--clients` connections sending GET /api/v1/cases/{id}/matches?night=&nights=1 (the open cases in
  turn) for `--seconds`, each its next request as soon as the last is answered, and GET /bench/hello the same
  way: throughput, p50 and p99 latency; each route is warmed up first, untimed, so every worker has
  answered it. Also, shown beside them, GET /api/v1/cases/{id} the same way: what any read of a case costs
  (the token, the case, the read logged and committed, R24) without the matching; and the floor of that
  read, GET /bench/logged-read/{id}: the same token, case and audit line in hand-written Core SQL, committed,
  with no ORM objects and nothing sent back (bench/load.py), which no logged read of a case can beat;
- server side: `find_matches(case, tonight, 1)` called directly, each run in a fresh session (the case loaded
  untimed): as at night, with the municipality's places kept from an earlier search (the token read with the
  case's municipality shows that nothing changed them), and with nothing kept, as the first search after a change;
- data floor: one hand-written SQL query returning the same candidate places (every category of the
  municipality's active shelters, its shelter and rules, whether the shelter has a quality agreement tonight,
  and free = latest report's offered - out of service - active holds - staying stays), fetched in full. Its
  answer is checked against `gather_candidates` and against the data as generated.

Targets: matches throughput >= 40 % of hello's; find_matches <= 2x the SQL floor; matches p99 <= 50 ms.
PostgreSQL comes from BOLIG_TEST_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/test).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import itertools
import json
import pstats
import random
import sys
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Date, bindparam, event, func, insert, select, text, update
from sqlalchemy.engine import Connection

from bench.common import (
    National,
    Timing,
    add_db_argument,
    build_national,
    each_kind,
    kinds_of,
    migrate,
    national_app,
    positive,
    table,
)
from bench.load import HELLO_PATH, LOGGED_READ_PATH, Run, add_serving_arguments, served, serving_of, wrk, wrk_command
from bolig.audit.operations import origin
from bolig.auth.models import Role
from bolig.auth.operations import create_token, create_user
from bolig.cases.models import Case, CaseStatus, Client, Hold, HoldStatus, Stay, StayStatus
from bolig.cases.operations import CaseInput, create_case
from bolig.db import Base, UTCDateTime, db, utcnow
from bolig.matching.operations import CandidateCache, find_matches, gather_candidates
from bolig.matching.rules import Candidate
from bolig.municipalities.models import DEFAULT_SETTINGS, Municipality
from bolig.shelters.models import Inspection, QualityAgreement, Shelter
from bolig.timeutil import tonight as tonight_at

DEFAULT_CLIENTS = 20
DEFAULT_SECONDS = 10.0
WARM_UP_SECONDS = 2.0
DEFAULT_REPEAT = 50
STAYS = 5_000
ACTIVE_HOLDS = 250
LAPSED_HOLDS = 50  # still "active" in the table, but past expires_at: they must not count
CASES = 5
# Shelters with an agreement valid tonight whose last inspection passed / failed; one that has expired.
QUALITY_SHARE, FAILED_SHARE, EXPIRED_SHARE = 0.55, 0.07, 0.08
CENTRE = (59.91, 10.75)  # the biggest municipality's shelters are spread around here
CHUNK = 10_000
SEED = 20261123
PROFILE_RUNS = 20
PROFILE_LINES = 25
TARGET_THROUGHPUT = 0.40  # matches req/s at least this share of hello's
TARGET_SERVER = 2.0  # find_matches at most this many times the SQL floor
TARGET_P99_MS = 50.0

P = TypeVar("P")
T = TypeVar("T")

# The floor: every category of the municipality's active shelters, with what a candidate needs: its shelter,
# its rules, whether the shelter is under a quality agreement tonight (an agreement valid tonight whose latest
# inspection up to tonight passed), and its free places tonight: the latest report's (highest id) offered -
# out of service, less places held by holds still active and before their expiry, less places of households
# staying. Correlated lookups on ix_capacity_reports_category_night and the category-first indexes of holds
# and stays. An overbooked category is full, not negative: clamped at 0 on reading, as the app does, since
# clamping in SQL (a CASE over a derived table) makes PostgreSQL inline the table and run the lookups twice.
FLOOR_SQL = text(
    """
    SELECT sh.id AS shelter_id, sh.name AS shelter_name, sh.latitude, sh.longitude, sh.protected,
           c.id AS category_id, c.code, c.kind, c.gender_policy, c.children_allowed, c.wheelchair_accessible,
           c.pets_allowed, c.substance_free, c.minimum_age,
           EXISTS (SELECT 1 FROM quality_agreements AS a
                   WHERE a.shelter_id = sh.id AND a.valid_from <= :night AND a.valid_to >= :night
                     AND (SELECT i.passed FROM inspections AS i
                          WHERE i.agreement_id = a.id AND i.inspected_on <= :night
                          ORDER BY i.inspected_on DESC, i.id DESC LIMIT 1)) AS quality,
           COALESCE((SELECT r.offered - r.out_of_service FROM capacity_reports AS r
                     WHERE r.id = (SELECT max(l.id) FROM capacity_reports AS l
                                   WHERE l.category_id = c.id AND l.night = :night)), 0)
           - COALESCE((SELECT sum(h.places) FROM holds AS h
                       WHERE h.category_id = c.id AND h.status = :active
                         AND h.first_night <= :night AND h.last_night >= :night AND h.expires_at > :now), 0)
           - COALESCE((SELECT sum(s.places) FROM stays AS s
                       WHERE s.category_id = c.id AND s.status = :staying
                         AND s.first_night <= :night AND s.last_night >= :night), 0) AS free
    FROM shelters AS sh JOIN place_categories AS c ON c.shelter_id = sh.id
    WHERE sh.municipality_id = :municipality_id AND sh.active
    """
).bindparams(bindparam("night", type_=Date()), bindparam("now", type_=UTCDateTime()))


# --- data ---------------------------------------------------------------------------------------------------


@dataclass
class Households:
    """What was added on top of the national data, and what it leaves free tonight."""

    free: dict[int, int]  # category id -> places free tonight, as generated
    quality: dict[int, bool]  # shelter id -> under a quality agreement tonight
    staying: dict[int, int]  # category id -> households staying tonight
    held: dict[int, int]  # category id -> places held by active holds tonight
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _insert(model: type[Base], rows: Sequence[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(model), rows[start : start + CHUNK])


def _evening(night: date, hour: int = 18) -> datetime:
    return datetime(night.year, night.month, night.day, hour, tzinfo=UTC)


class _Rows:
    """The rows of the households, built one at a time where there is room for them."""

    def __init__(self, national: National, now: datetime, rng: random.Random) -> None:
        self.national = national
        self.now = now
        self.rng = rng
        self.tonight = national.tonight
        self.municipality_of = {s: m for m, shelters in national.shelters_by_municipality.items() for s in shelters}
        # Places left per (category, night): the latest report's offered - out of service, less what is taken.
        self.room = {key: max(0, offered - out) for key, (offered, out) in national.latest.items()}
        self.clients: list[dict[str, Any]] = []
        self.cases: list[dict[str, Any]] = []
        self.holds: list[dict[str, Any]] = []
        self.stays: list[dict[str, Any]] = []
        self.staying: dict[int, int] = {}
        self.held: dict[int, int] = {}

    def slots(self) -> list[int]:
        """One category id per place free tonight, shuffled: households go where the places are."""
        slots = [c for c in sorted(self.national.category_shelter) for _ in range(self.room.get((c, self.tonight), 0))]
        self.rng.shuffle(slots)
        return slots

    def take(self, category_id: int, ahead: int) -> date:
        """Take a place tonight and on up to `ahead` following nights while there is room; the last night."""
        self.room[category_id, self.tonight] -= 1
        last = self.tonight
        for days in range(1, ahead + 1):
            night = self.tonight + timedelta(days=days)
            if self.room.get((category_id, night), 0) <= 0:
                break
            self.room[category_id, night] -= 1
            last = night
        return last

    def household(self, category_id: int, status: CaseStatus) -> tuple[int, int]:
        """A client and their case in the municipality of the category's shelter: (case id, shelter id)."""
        shelter_id = self.national.category_shelter[category_id]
        municipality_id = self.municipality_of[shelter_id]
        number = len(self.cases) + 1
        self.clients.append(
            {
                "id": number,
                "municipality_id": municipality_id,
                "name": f"Klient {number}",
                "phone": "",
                "language": "nb",
                "sms_consent": False,
                "national_id": None,
                "protected_address": False,
                "created_at": self.now,
            }
        )
        self.cases.append(
            {
                "id": number,
                "municipality_id": municipality_id,
                "client_id": number,
                "status": str(status),
                "received_at": self.now - timedelta(days=self.rng.randint(0, 30)),
                "received_via": "oral",
                "reason": "other",
                "location_text": "",
                "latitude": None,
                "longitude": None,
                "adults": 1,
                "children_ages": [],
                "pets": False,
                "gender": "mixed",
                "single_gender_place": False,
                "wheelchair": False,
                "substance_free": False,
                "youngest_adult_age": 40,
                "note": "",
                "created_by_id": None,
                "created_at": self.now,
                "incident_id": None,
            }
        )
        return number, shelter_id

    def hold(self, category_id: int, first: date, last: date, status: HoldStatus, expires_at: datetime) -> int:
        case_id, shelter_id = self.household(
            category_id, CaseStatus.PLACED if status is HoldStatus.ARRIVED else CaseStatus.OPEN
        )
        number = len(self.holds) + 1
        self.holds.append(
            {
                "id": number,
                "case_id": case_id,
                "shelter_id": shelter_id,
                "category_id": category_id,
                "first_night": first,
                "last_night": last,
                "places": 1,
                "status": str(status),
                "expires_at": expires_at,
                "fallback_reason": "",
                "children_justification": "",
                "no_show_reason": "",
                "created_by_id": None,
                "created_at": self.now,
                "ended_at": _evening(first) if status is HoldStatus.ARRIVED else None,
            }
        )
        return number

    def stay(self, category_id: int) -> None:
        """A household that arrived some nights ago and stays tonight and maybe some nights more."""
        first = self.tonight - timedelta(days=self.rng.randint(0, 13))
        last = self.take(category_id, self.rng.randint(0, 13))
        hold_id = self.hold(category_id, first, last, HoldStatus.ARRIVED, _evening(first) + timedelta(hours=1))
        hold = self.holds[-1]
        self.stays.append(
            {
                "id": len(self.stays) + 1,
                "case_id": hold["case_id"],
                "hold_id": hold_id,
                "shelter_id": hold["shelter_id"],
                "category_id": category_id,
                "places": 1,
                "first_night": first,
                "last_night": last,
                "status": str(StayStatus.STAYING),
                "arrived_at": _evening(first),
                "ended_at": None,
                "destination": "",
                "hearing": "",
                "facts": "",
            }
        )
        self.staying[category_id] = self.staying.get(category_id, 0) + 1

    def active_hold(self, category_id: int, *, lapsed: bool) -> None:
        """A place held from tonight; a lapsed hold is past its expiry, so takes nothing."""
        if lapsed:
            self.hold(category_id, self.tonight, self.tonight, HoldStatus.ACTIVE, self.now - timedelta(minutes=30))
            return
        last = self.take(category_id, self.rng.randint(0, 2))
        self.hold(category_id, self.tonight, last, HoldStatus.ACTIVE, self.now + timedelta(hours=2))
        self.held[category_id] = self.held.get(category_id, 0) + 1


def _agreements(
    shelter_ids: Sequence[int], tonight: date, now: datetime, rng: random.Random
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[int, bool]]:
    """Quality agreements and their inspections; whether each shelter is under one tonight."""
    agreements: list[dict[str, Any]] = []
    inspections: list[dict[str, Any]] = []
    quality: dict[int, bool] = {}
    for shelter_id in shelter_ids:
        draw = rng.random()
        quality[shelter_id] = draw < QUALITY_SHARE
        if draw >= QUALITY_SHARE + FAILED_SHARE + EXPIRED_SHARE:
            continue
        expired = draw >= QUALITY_SHARE + FAILED_SHARE
        valid_from = tonight - timedelta(days=rng.randint(200, 300) + (500 if expired else 0))
        valid_to = tonight + timedelta(days=-rng.randint(1, 100) if expired else rng.randint(30, 400))
        agreement_id = len(agreements) + 1
        agreements.append(
            {
                "id": agreement_id,
                "shelter_id": shelter_id,
                "valid_from": valid_from,
                "valid_to": valid_to,
                "linen_changed_weekly": True,
                "bathrooms_cleaned_daily": True,
                "daily_supervision": True,
                "kitchen_and_toilet_access": True,
                "suitable_for_families": False,
                "note": "",
                "created_at": now,
            }
        )
        visits = [(valid_from + timedelta(days=14), True)]
        if QUALITY_SHARE <= draw < QUALITY_SHARE + FAILED_SHARE:
            visits.append((tonight - timedelta(days=rng.randint(1, 30)), False))
        inspections += [
            {
                "id": len(inspections) + n + 1,
                "agreement_id": agreement_id,
                "inspected_on": inspected_on,
                "inspector": "Tilsynet",
                "findings": "" if passed else "Avvik",
                "passed": passed,
                "created_at": now,
            }
            for n, (inspected_on, passed) in enumerate(visits)
        ]
    return agreements, inspections, quality


def add_households(national: National, now: datetime, seed: int = SEED) -> Households:
    """Households staying and holding places, and quality agreements, with bulk inserts; what stays free."""
    started = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311  benchmark data, not a secret
    built = _Rows(national, now, rng)
    slots = built.slots()
    if len(slots) < STAYS + ACTIVE_HOLDS + LAPSED_HOLDS:
        raise RuntimeError(f"only {len(slots)} places free tonight, too few for the households")
    for category_id in slots[:STAYS]:
        built.stay(category_id)
    for index, category_id in enumerate(slots[STAYS : STAYS + ACTIVE_HOLDS + LAPSED_HOLDS]):
        built.active_hold(category_id, lapsed=index >= ACTIVE_HOLDS)
    agreements, inspections, quality = _agreements(national.shelter_ids, national.tonight, now, rng)

    tables: list[tuple[type[Base], list[dict[str, Any]]]] = [
        (Client, built.clients),
        (Case, built.cases),
        (Hold, built.holds),
        (Stay, built.stays),
        (QualityAgreement, agreements),
        (Inspection, inspections),
    ]
    for model, rows in tables:
        _insert(model, rows)
    _after_bulk_insert([model for model, _ in tables])
    counts = {
        model.__tablename__: int(db.session.execute(select(func.count()).select_from(model)).scalar_one())
        for model, _ in tables
    }
    db.session.remove()
    for model, rows in tables:
        if counts[model.__tablename__] != len(rows):
            raise RuntimeError(f"{model.__tablename__}: {counts[model.__tablename__]} rows, expected {len(rows)}")
    free = {c: built.room.get((c, national.tonight), 0) for c in national.category_shelter}
    return Households(free, quality, built.staying, built.held, counts, time.perf_counter() - started)


def _after_bulk_insert(models: Sequence[type[Base]]) -> None:
    """Commit; on PostgreSQL move the sequences past the explicit ids and refresh the planner's statistics."""
    if db.engine.dialect.name == "postgresql":
        for model in models:
            name = model.__tablename__
            db.session.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))")
            )
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("ANALYZE"))


def locate(shelter_ids: Sequence[int], seed: int = SEED) -> dict[int, tuple[float, float]]:
    """Give the shelters coordinates around the centre (national data has none); a bulk update by id."""
    rng = random.Random(seed)  # noqa: S311  benchmark data, not a secret
    where = {
        shelter_id: (CENTRE[0] + rng.uniform(-0.08, 0.08), CENTRE[1] + rng.uniform(-0.15, 0.15))
        for shelter_id in shelter_ids
    }
    db.session.execute(
        update(Shelter), [{"id": s, "latitude": lat, "longitude": lon} for s, (lat, lon) in where.items()]
    )
    db.session.commit()
    db.session.remove()
    return where


@dataclass(frozen=True)
class Desk:
    """The caseworker's side: their municipality, API token and open cases."""

    municipality_id: int
    token: str
    case_ids: tuple[int, ...]


def open_desk(municipality_id: int, near: Sequence[tuple[float, float]]) -> Desk:
    """A caseworker of the municipality with an API token, and one open case next to each given point."""
    with origin("bench"):
        municipality = db.session.get(Municipality, municipality_id)
        if municipality is None:
            raise RuntimeError(f"no municipality {municipality_id}")
        worker = create_user(
            "saksbehandler@bench.example.no",
            "Bench Saksbehandler",
            Role.CASEWORKER,
            municipality,
            password="a bench password",  # noqa: S106  throw-away database
            actor=None,
        )
        token = create_token(worker, "match bench", actor=worker)[1]
        now = utcnow()
        case_ids = tuple(
            create_case(
                municipality,
                CaseInput(
                    client_name=f"Kari Nordmann {n + 1}",
                    adults=1,
                    youngest_adult_age=40,
                    latitude=lat + 0.002,
                    longitude=lon - 0.003,
                ),
                actor=worker,
                now=now,
            ).id
            for n, (lat, lon) in enumerate(near)
        )
        db.session.commit()
    db.session.remove()
    return Desk(municipality_id, token, case_ids)


# --- the floor and its check ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A candidate place as both sides give it (kind reasons aside, which only explain)."""

    shelter_id: int
    shelter_name: str
    latitude: float | None
    longitude: float | None
    protected: bool
    category_id: int
    code: str
    kind: str
    gender_policy: str
    children_allowed: bool
    wheelchair_accessible: bool
    pets_allowed: bool
    substance_free: bool
    minimum_age: int
    quality: bool
    free: int


def floor_places(connection: Connection, municipality_id: int, night: date, now: datetime) -> dict[int, Place]:
    """The floor: one query, fetched in full, keyed by category id."""
    params = {
        "municipality_id": municipality_id,
        "night": night,
        "now": now,
        "active": str(HoldStatus.ACTIVE),
        "staying": str(StayStatus.STAYING),
    }
    places = {}
    for row in connection.execute(FLOOR_SQL, params):
        place = Place(
            row.shelter_id,
            row.shelter_name,
            row.latitude,
            row.longitude,
            bool(row.protected),
            row.category_id,
            row.code,
            row.kind,
            row.gender_policy,
            bool(row.children_allowed),
            bool(row.wheelchair_accessible),
            bool(row.pets_allowed),
            bool(row.substance_free),
            row.minimum_age,
            bool(row.quality),
            max(0, row.free),
        )
        places[place.category_id] = place
    return places


def candidate_places(candidates: Sequence[Candidate], night: date) -> dict[int, Place]:
    return {
        c.category_id: Place(
            c.shelter_id,
            c.shelter_name,
            c.latitude,
            c.longitude,
            c.protected,
            c.category_id,
            c.category_code,
            c.kind,
            c.gender_policy,
            c.children_allowed,
            c.wheelchair_accessible,
            c.pets_allowed,
            c.substance_free,
            c.minimum_age,
            c.quality,
            c.free_by_night[night],
        )
        for c in candidates
    }


def check_floor(floor: dict[int, Place], app: dict[int, Place], national: National, added: Households) -> None:
    """The floor says what gather_candidates says, and both what the generated data says."""
    if floor != app:
        wrong = sorted(k for k in floor.keys() | app.keys() if floor.get(k) != app.get(k))
        raise AssertionError(f"floor and gather_candidates differ at categories {wrong[:5]}")
    expected = {c: (added.free[c], added.quality[national.category_shelter[c]]) for c in floor}
    answer = {c: (place.free, place.quality) for c, place in floor.items()}
    if answer != expected:
        wrong = sorted(k for k in expected if answer[k] != expected[k])
        raise AssertionError(f"free places or kinds differ from the generated data at categories {wrong[:5]}")


# --- timing -------------------------------------------------------------------------------------------------


def time_each(prepare: Callable[[], P], run: Callable[[P], T], repeat: int, warmup: int = 3) -> tuple[Timing, T]:
    """Time `run(prepare())` `repeat` times after `warmup` untimed runs, each in a fresh session.

    `prepare` (untimed) loads what the call needs and so checks a connection out of the pool.
    """
    samples: list[float] = []
    result: T | None = None
    gc.collect()
    for i in range(warmup + repeat):
        db.session.remove()
        prepared = prepare()
        started = time.perf_counter()
        result = run(prepared)
        elapsed = time.perf_counter() - started
        if i >= warmup:
            samples.append(elapsed)
    db.session.remove()
    if result is None:
        raise ValueError("repeat must be at least 1")
    return Timing(tuple(samples)), result


def load_case(case_id: int) -> Case:
    case = db.session.get(Case, case_id)
    if case is None:
        raise RuntimeError(f"no case {case_id}")
    return case


def statements_of(run: Callable[[], object]) -> list[str]:
    """The SQL statements `run` sends (transaction control aside)."""
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        run()
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    return statements


def profile(case_ids: Sequence[int], night: date) -> str:
    """cProfile of find_matches over a few runs, each in a fresh session: the top by cumulative time."""
    profiler = cProfile.Profile()
    cases = itertools.cycle(case_ids)
    for _ in range(PROFILE_RUNS):
        db.session.remove()
        case = load_case(next(cases))
        profiler.enable()
        find_matches(case, night, 1, now=utcnow())
        profiler.disable()
    db.session.remove()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(PROFILE_LINES)
    stats.sort_stats("tottime").print_stats(PROFILE_LINES // 2)
    return out.getvalue()


# --- HTTP -----------------------------------------------------------------------------------------------------


def fetch_json(url: str, token: str) -> Any:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})  # noqa: S310  loopback
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        return json.loads(response.read())


@dataclass(frozen=True)
class Serving:
    """How the app is served and loaded: gunicorn processes and threads, wrk connections and seconds."""

    workers: int
    threads: int
    clients: int
    seconds: float


# --- one database -----------------------------------------------------------------------------------------------


@dataclass
class Result:
    kind: str
    serving: Serving
    hello: Run
    case_read: Run  # GET /api/v1/cases/{id}: the token, the case and the logged read, without the matching
    read_floor: Run  # the same read in hand-written SQL: the floor of any logged read of a case
    matches: Run
    app: Timing  # as at night: the municipality's places kept from an earlier search
    cold: Timing  # nothing kept: the first search after a change
    floor: Timing
    statements: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def throughput_share(self) -> float:
        return self.matches.throughput / self.hello.throughput

    @property
    def server_ratio(self) -> float:
        return self.app.median_ms / self.floor.median_ms

    @property
    def p99_ms(self) -> float:
        return self.matches.p99_ms

    @property
    def verdicts(self) -> tuple[bool, bool, bool]:
        return (
            self.throughput_share >= TARGET_THROUGHPUT,
            self.server_ratio <= TARGET_SERVER,
            self.p99_ms <= TARGET_P99_MS,
        )


def time_server(
    kept: CandidateCache, case_ids: Sequence[int], municipality_id: int, night: date, repeat: int
) -> tuple[Timing, Timing, Timing]:
    """find_matches with the municipality's places kept, then with nothing kept, then the SQL floor."""
    cases = itertools.cycle(case_ids)
    app_timing, _ = time_each(
        lambda: load_case(next(cases)), lambda case: find_matches(case, night, 1, now=utcnow()), repeat
    )

    def forgetting() -> Case:
        kept.clear()
        return load_case(next(cases))

    cold_timing, _ = time_each(forgetting, lambda case: find_matches(case, night, 1, now=utcnow()), repeat)
    floor_timing, _ = time_each(
        db.session.connection, lambda connection: floor_places(connection, municipality_id, night, utcnow()), repeat
    )
    return app_timing, cold_timing, floor_timing


def load(base: str, serving: Serving, token: str, routes: Sequence[tuple[str, Sequence[str]]]) -> list[Run]:
    """Each route in turn, its paths sent with the token: warmed up untimed, then measured."""
    runs = []
    for route, paths in routes:
        wrk("warm-up", base, paths, clients=serving.clients, seconds=WARM_UP_SECONDS, token=token)
        runs.append(wrk(route, base, paths, clients=serving.clients, seconds=serving.seconds, token=token))
    return runs


def run(kind: str, serving: Serving, repeat: int, *, with_profile: bool) -> Result:
    started = time.perf_counter()
    with national_app(kind) as app:
        schema_seconds = migrate()
        # The night the app asks for now, so the national reports start on it even before the morning hour.
        tonight = tonight_at(utcnow(), int(DEFAULT_SETTINGS["morning_hour"]))
        national = build_national(tonight)
        added = add_households(national, utcnow())
        biggest = national.biggest_municipality
        shelter_ids = sorted(national.shelters_by_municipality[biggest])
        where = locate(shelter_ids)
        desk = open_desk(biggest, [where[s] for s in shelter_ids[:: max(1, len(shelter_ids) // CASES)][:CASES]])
        rows = {**national.rows, **added.rows}
        print(
            f"\n{kind}: built in {time.perf_counter() - started:.1f} s (schema {schema_seconds:.2f} s, national "
            f"{national.data_seconds:.1f} s, households {added.seconds:.1f} s), {sum(rows.values()):,} rows: "
            + ", ".join(f"{count:,} {name}" for name, count in rows.items())
        )

        # The answers first: the floor against gather_candidates and the data, HTTP against the direct call.
        now = utcnow()
        floor_answer = floor_places(db.session.connection(), biggest, tonight, now)
        app_answer = candidate_places(gather_candidates(biggest, [tonight], now=now), tonight)
        db.session.remove()
        check_floor(floor_answer, app_answer, national, added)
        direct = find_matches(load_case(desk.case_ids[0]), tonight, 1, now=utcnow())
        db.session.remove()
        kept: CandidateCache = app.extensions["candidates"]
        case = load_case(desk.case_ids[0])
        statements = statements_of(lambda: find_matches(case, tonight, 1, now=utcnow()))
        kept.clear()
        cold_statements = statements_of(lambda: find_matches(case, tonight, 1, now=utcnow()))
        db.session.remove()
        mine = {c: p for c, p in floor_answer.items() if p.shelter_id in set(shelter_ids)}
        print(
            f"municipality {biggest}: {len(shelter_ids)} shelters, {len(mine)} categories, "
            f"{sum(p.free for p in mine.values()):,} places free tonight, "
            f"{sum(added.staying.get(c, 0) for c in mine):,} staying, {sum(added.held.get(c, 0) for c in mine):,} "
            f"held, {sum(1 for s in shelter_ids if added.quality[s])} under a quality agreement; a match: "
            f"{len(direct.options)} options, {len(direct.excluded)} shelters excluded; find_matches sends "
            f"{len(statements)} SQL statement(s) with the places kept, {len(cold_statements)} without (case load aside)"
        )

        database_url = app.config["SQLALCHEMY_DATABASE_URI"]
        db.engine.dispose()  # the server's processes have the database to themselves while they are measured
        match_paths = [f"/api/v1/cases/{c}/matches?night={tonight.isoformat()}&nights=1" for c in desk.case_ids]
        with served(database_url, workers=serving.workers, threads=serving.threads) as base:
            answer = fetch_json(base + match_paths[0], desk.token)
            got = [(o["shelter_id"], o["category"]) for o in answer["options"]]
            if got != [(o.candidate.shelter_id, o.candidate.category_code) for o in direct.options]:
                raise AssertionError("the matches endpoint answers other options than find_matches")
            hello, matches, case_read, read_floor = load(
                base,
                serving,
                desk.token,
                [
                    (f"GET {HELLO_PATH}", [HELLO_PATH]),
                    ("GET /api/v1/cases/{id}/matches", match_paths),
                    ("GET /api/v1/cases/{id}", [f"/api/v1/cases/{c}" for c in desk.case_ids]),
                    (f"GET {LOGGED_READ_PATH}{{id}}", [f"{LOGGED_READ_PATH}{c}" for c in desk.case_ids]),
                ],
            )

        app_timing, cold_timing, floor_timing = time_server(kept, desk.case_ids, biggest, tonight, repeat)
        result = Result(
            kind, serving, hello, case_read, read_floor, matches, app_timing, cold_timing, floor_timing, len(statements)
        )
        runs = (("hello", hello), ("case read", case_read), ("logged-read floor", read_floor), ("matches", matches))
        for name, measured in runs:
            if measured.failed:
                result.notes.append(f"{kind}: {measured.failed} {name} requests failed or were not answered")
        if with_profile:
            print(f"\n{kind}: cProfile of find_matches, {PROFILE_RUNS} runs\n{profile(desk.case_ids, tonight)}")
    return result


# --- report ---------------------------------------------------------------------------------------------------


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def http_table(results: Sequence[Result]) -> str:
    rows = []
    for r in results:
        for measured in (r.hello, r.read_floor, r.case_read, r.matches):
            rows.append(
                (
                    f"{r.kind} / {measured.route}",
                    f"{r.serving.workers} x {r.serving.threads}",
                    measured.clients,
                    f"{measured.seconds:.1f}",
                    measured.requests,
                    measured.failed,
                    f"{measured.throughput:.4g}",
                    f"{measured.p50_ms:.1f}",
                    f"{measured.p99_ms:.1f}",
                    f"{measured.max_ms:.1f}",
                )
            )
    header = ("database / route", "workers x threads", "clients", "s", "requests", "failed", "req/s", "p50 ms")
    return table((*header, "p99 ms", "max ms"), rows)


def server_table(results: Sequence[Result], repeat: int) -> str:
    rows = []
    for r in results:
        timings = (
            ("find_matches(case, tonight, 1), places kept", r.app),
            ("find_matches, nothing kept", r.cold),
            ("SQL floor (one query)", r.floor),
        )
        for name, timing in timings:
            rows.append((f"{r.kind} / {name}", repeat, f"{timing.median_ms:.2f}", f"{timing.min_ms:.2f}"))
    return table(("database / server side", "runs", "med ms", "min ms"), rows)


def target_table(results: Sequence[Result]) -> str:
    rows = []
    for r in results:
        throughput, server, p99 = r.verdicts
        rows += [
            (
                f"{r.kind} / matches vs hello throughput",
                f"{r.matches.throughput:.3g}/{r.hello.throughput:.3g} req/s = {100 * r.throughput_share:.1f} %",
                f">= {100 * TARGET_THROUGHPUT:.0f} %",
                _verdict(throughput),
            ),
            (
                f"{r.kind} / find_matches vs SQL floor",
                f"{r.app.median_ms:.2f}/{r.floor.median_ms:.2f} ms = {r.server_ratio:.2f}x",
                f"<= {TARGET_SERVER:g}x",
                _verdict(server),
            ),
            (
                f"{r.kind} / (first after a change)",
                f"{r.cold.median_ms:.2f}/{r.floor.median_ms:.2f} ms = {r.cold.median_ms / r.floor.median_ms:.2f}x",
                "",
                "",
            ),
            (f"{r.kind} / matches p99", f"{r.p99_ms:.1f} ms", f"<= {TARGET_P99_MS:g} ms", _verdict(p99)),
            (
                f"{r.kind} / (logged-read floor vs hello)",
                f"{r.read_floor.throughput:.3g}/{r.hello.throughput:.3g} req/s = "
                f"{100 * r.read_floor.throughput / r.hello.throughput:.1f} %",
                "",
                "",
            ),
            (
                f"{r.kind} / (matches vs the logged-read floor)",
                f"{r.matches.throughput:.3g}/{r.read_floor.throughput:.3g} req/s = "
                f"{100 * r.matches.throughput / r.read_floor.throughput:.1f} %; p99 "
                f"{r.p99_ms:.0f}/{r.read_floor.p99_ms:.0f} ms = {r.p99_ms / r.read_floor.p99_ms:.1f}x",
                "",
                "",
            ),
            (
                f"{r.kind} / (matches vs a logged case read)",
                f"{r.matches.throughput:.3g}/{r.case_read.throughput:.3g} req/s = "
                f"{100 * r.matches.throughput / r.case_read.throughput:.1f} %",
                "",
                "",
            ),
        ]
    return table(("database / target", "measured", "target", "result"), rows)


def report(results: Sequence[Result], repeat: int) -> str:
    return "\n\n".join((http_table(results), server_table(results, repeat), target_table(results)))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.match", description=__doc__.splitlines()[0])
    add_db_argument(parser)
    parser.add_argument(
        "--clients", type=positive, default=DEFAULT_CLIENTS, help=f"concurrent connections ({DEFAULT_CLIENTS})"
    )
    parser.add_argument(
        "--seconds", type=float, default=DEFAULT_SECONDS, help=f"seconds of load per route ({DEFAULT_SECONDS:g})"
    )
    add_serving_arguments(parser)
    parser.add_argument(
        "--repeat", type=positive, default=DEFAULT_REPEAT, help=f"server-side timed runs ({DEFAULT_REPEAT})"
    )
    parser.add_argument("--profile", action="store_true", help="print a cProfile of find_matches")
    args = parser.parse_args(argv)
    if args.seconds <= 0:
        parser.error("--seconds must be more than 0")
    wrk_command()
    kinds = kinds_of(args)

    def one(kind: str) -> Result:
        serving = Serving(*serving_of(args, kind), args.clients, args.seconds)
        result = run(kind, serving, args.repeat, with_profile=args.profile)
        print(report([result], args.repeat))
        for line in result.notes:
            print(line)
        return result

    results, reached = each_kind(kinds, one)
    if len(kinds) > 1 and results:
        print(
            f"\nsummary ({args.clients} connections, {args.seconds:g} s a route; "
            f"server side median of {args.repeat} runs)"
        )
        print(report(results, args.repeat))
    return 0 if reached else 1


if __name__ == "__main__":
    sys.exit(main())
