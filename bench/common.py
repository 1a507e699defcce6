"""Shared pieces of the benchmarks: a throw-away national-scale database, a timer and a table.

`national_app(kind)` gives an app, inside its app context, on a fresh database of that kind (SQLite file or
PostgreSQL database, dropped afterwards); `migrate()` creates the schema and `build_national()` fills it with
bulk Core inserts: 357 municipalities, 2,000 shelters, 4,000 place categories and 60 nights of capacity
reports, one to three per category and night. The data is deterministic (seeded), so runs compare.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from flask import Flask, current_app
from flask_migrate import upgrade
from sqlalchemy import func, insert, select, text
from sqlalchemy.exc import OperationalError

from bolig import create_app
from bolig.db import Base, db
from bolig.municipalities.models import Municipality
from bolig.shelters.models import CapacityReport, Channel, PlaceCategory, PlaceKind, Shelter
from tests import databases

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
KINDS = ("sqlite", "postgresql")

MUNICIPALITIES = 357
SHELTERS = 2_000
# Shelters of the biggest municipalities (Oslo-like first); the rest are spread evenly over the others.
BIG_MUNICIPALITIES = (150, 90, 60, 40, 30, 25, 20)
NIGHTS = 60
REPORTS_PER_NIGHT = (1, 2, 3)  # reports per category and night, drawn with these weights:
REPORT_WEIGHTS = (5, 3, 2)
OUT_OF_SERVICE_SHARE = 0.15
CHUNK = 10_000
SEED = 20261122

T = TypeVar("T")


def postgres_url() -> str:
    """The PostgreSQL admin URL the throw-away databases are created from."""
    return os.environ.get("BOLIG_TEST_POSTGRES_URL") or DEFAULT_POSTGRES_URL


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", choices=[*KINDS, "both"], default="both", help="which database (default: both)")


def kinds_of(args: argparse.Namespace) -> tuple[str, ...]:
    return KINDS if args.db == "both" else (args.db,)


def each_kind(kinds: Sequence[str], run: Callable[[str], T]) -> tuple[list[T], bool]:
    """`run` for each database kind, in turn: what each gave, and whether every database could be reached.

    A PostgreSQL server that cannot be reached is said and skipped, not an error: SQLite still runs.
    """
    results: list[T] = []
    reached = True
    for kind in kinds:
        try:
            results.append(run(kind))
        except OperationalError as error:
            if kind != "postgresql":
                raise
            print(f"\npostgresql: cannot reach {postgres_url()} (set BOLIG_TEST_POSTGRES_URL): {error.orig}")
            reached = False
    return results, reached


@contextmanager
def national_app(kind: str) -> Iterator[Flask]:
    """An app on a fresh, empty database of this kind, yielded inside its app context; `migrate` next."""
    # tests.databases reads the URL when imported and has no default; the bench has one.
    databases.POSTGRES_URL = postgres_url()
    with (
        tempfile.TemporaryDirectory(prefix="bolig-bench-") as folder,
        databases.fresh_database(kind, Path(folder)) as url,
    ):
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "TESTING": True})
        app.instance_path = folder
        with app.app_context():
            try:
                yield app
            finally:
                db.session.remove()
                db.engine.dispose()


def migrate() -> float:
    """Create the schema the way production does, by running every migration; the seconds it took."""
    started = time.perf_counter()
    upgrade(directory=str(current_app.config["MIGRATIONS_DIR"]))
    return time.perf_counter() - started


@dataclass
class National:
    """What was built, so a benchmark can pick its inputs and check its answers without asking the database."""

    tonight: date
    shelters_by_municipality: dict[int, list[int]]
    category_shelter: dict[int, int]
    # (category id, night) -> (offered, out of service) of the latest report, i.e. the one with the highest id.
    latest: dict[tuple[int, date], tuple[int, int]]
    rows: dict[str, int] = field(default_factory=dict)
    data_seconds: float = 0.0

    @property
    def shelter_ids(self) -> list[int]:
        return sorted(set(self.category_shelter.values()))

    @property
    def biggest_municipality(self) -> int:
        return max(self.shelters_by_municipality, key=lambda m: len(self.shelters_by_municipality[m]))

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def _shelter_counts(rng: random.Random) -> list[int]:
    """Shelters per municipality: a few big ones, the rest nearly even, none empty."""
    rest = MUNICIPALITIES - len(BIG_MUNICIPALITIES)
    remaining = SHELTERS - sum(BIG_MUNICIPALITIES)
    counts = [remaining // rest + (1 if i < remaining % rest else 0) for i in range(rest)]
    rng.shuffle(counts)
    return list(BIG_MUNICIPALITIES) + counts


def _insert(model: type[Base], rows: Sequence[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(model), rows[start : start + CHUNK])


def build_national(tonight: date | None = None, seed: int = SEED) -> National:
    """Fill the (empty, migrated) database of the current app with a country's worth of shelters and reports."""
    started = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311  benchmark data, not a secret
    tonight = tonight or date.today()  # noqa: DTZ011  "tonight" as the app's tests use it
    now = datetime.now(UTC)

    municipalities: list[dict[str, Any]] = [
        {
            "id": i + 1,
            "number": f"{1000 + i:04d}",
            "name": f"Kommune {1000 + i:04d}",
            "county": "Innlandet",
            "settings": {},
            "created_at": now,
        }
        for i in range(MUNICIPALITIES)
    ]
    # Shelters are registered over time, so a municipality's ids are scattered, not one block.
    owners = [m + 1 for m, count in enumerate(_shelter_counts(rng)) for _ in range(count)]
    rng.shuffle(owners)
    shelters: list[dict[str, Any]] = []
    categories: list[dict[str, Any]] = []
    shelters_by_municipality: dict[int, list[int]] = {m["id"]: [] for m in municipalities}
    category_shelter: dict[int, int] = {}
    maximum: dict[int, int] = {}
    for index, municipality_id in enumerate(owners):
        shelter_id = index + 1
        shelters_by_municipality[municipality_id].append(shelter_id)
        shelters.append(
            {
                "id": shelter_id,
                "municipality_id": municipality_id,
                "name": f"Tilbud {shelter_id}",
                "provider_type": "shelter",
                "address": f"Gate {shelter_id}",
                "postcode": "2000",
                "city": "By",
                "latitude": None,
                "longitude": None,
                "contact_phone": "",
                "operator_phone": f"+479{shelter_id:07d}",
                "price_per_night": 500,
                "protected": False,
                "active": True,
                "created_at": now,
            }
        )
        for offset, (kind, top) in enumerate(((PlaceKind.BED, 10), (PlaceKind.FAMILY_UNIT, 3))):
            category_id = 2 * index + offset + 1
            category_shelter[category_id] = shelter_id
            maximum[category_id] = max(1, top + rng.randint(-top // 2, top // 2))
            categories.append(
                {
                    "id": category_id,
                    "shelter_id": shelter_id,
                    "code": str(kind),
                    "kind": str(kind),
                    "label": "",
                    "maximum": maximum[category_id],
                    "gender_policy": "any",
                    "children_allowed": kind is PlaceKind.FAMILY_UNIT,
                    "wheelchair_accessible": False,
                    "pets_allowed": False,
                    "substance_free": False,
                    "minimum_age": 18,
                    "staffed_24_7": False,
                }
            )

    # Rounds of reports: everyone reports each night once, some correct it, fewer twice. Ids follow the
    # order they were made in, so a category-night's reports are far apart and the latest has the highest id.
    nights = [tonight + timedelta(days=d) for d in range(NIGHTS)]
    wanted = {
        (category_id, night): rng.choices(REPORTS_PER_NIGHT, REPORT_WEIGHTS)[0]
        for night in nights
        for category_id in category_shelter
    }
    channels = [str(c) for c in Channel]
    reports: list[dict[str, Any]] = []
    latest: dict[tuple[int, date], tuple[int, int]] = {}
    for round_ in range(max(REPORTS_PER_NIGHT)):
        for (category_id, night), count in wanted.items():
            if count <= round_:
                continue
            offered = rng.randint(0, maximum[category_id])
            out_of_service = rng.randint(1, offered) if offered and rng.random() < OUT_OF_SERVICE_SHARE else 0
            reports.append(
                {
                    "id": len(reports) + 1,
                    "category_id": category_id,
                    "night": night,
                    "offered": offered,
                    "out_of_service": out_of_service,
                    "out_of_service_reason": "Vannskade" if out_of_service else "",
                    "reported_by_id": None,
                    "reported_at": now - timedelta(days=3 - round_, seconds=len(reports) % 86_400),
                    "channel": channels[len(reports) % len(channels)],
                }
            )
            latest[category_id, night] = (offered, out_of_service)

    tables: list[tuple[type[Base], list[dict[str, Any]]]] = [
        (Municipality, municipalities),
        (Shelter, shelters),
        (PlaceCategory, categories),
        (CapacityReport, reports),
    ]
    for model, rows in tables:
        _insert(model, rows)
    if db.engine.dialect.name == "postgresql":
        # Ids were given explicitly, so move each sequence past them, then let the planner see the data
        # as autovacuum would have by the time a country uses it.
        for model, _ in tables:
            table = model.__tablename__
            db.session.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            )
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("ANALYZE"))
    db.session.remove()

    counts = {
        model.__tablename__: int(db.session.execute(select(func.count()).select_from(model)).scalar_one())
        for model, _ in tables
    }
    for model, rows in tables:
        if counts[model.__tablename__] != len(rows):
            raise RuntimeError(f"{model.__tablename__}: {counts[model.__tablename__]} rows, expected {len(rows)}")
    db.session.remove()
    return National(
        tonight=tonight,
        shelters_by_municipality=shelters_by_municipality,
        category_shelter=category_shelter,
        latest=latest,
        rows=counts,
        data_seconds=time.perf_counter() - started,
    )


@dataclass(frozen=True)
class Timing:
    """Wall-clock seconds of each measured repetition."""

    samples: tuple[float, ...]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples) * 1000

    @property
    def min_ms(self) -> float:
        return min(self.samples) * 1000


def measure(run: Callable[[], T], repeat: int, warmup: int = 3) -> tuple[Timing, T]:
    """Time `run` `repeat` times after `warmup` untimed runs, each in a fresh session (no identity-map cache).

    Checking a connection out of the pool is inside the timing, as it is for every request.
    """
    result: T | None = None
    samples: list[float] = []
    gc.collect()
    for i in range(warmup + repeat):
        db.session.remove()
        started = time.perf_counter()
        result = run()
        elapsed = time.perf_counter() - started
        if i >= warmup:
            samples.append(elapsed)
    db.session.remove()
    if result is None:
        raise ValueError("repeat must be at least 1")
    return Timing(tuple(samples)), result


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table: first column left-aligned, the others right-aligned."""
    cells = [[str(c) for c in header], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]

    def line(row: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule, *(line(row) for row in cells[1:])])


def positive(value: str) -> int:
    """A command-line count of at least one."""
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number
