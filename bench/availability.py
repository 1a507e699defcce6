"""Free places tonight: the app's path against a raw-SQL floor, on a national-scale database.

Run from the project root:

    .venv/bin/python -m bench.availability                  # SQLite and PostgreSQL
    .venv/bin/python -m bench.availability --db sqlite --repeat 50

For each database kind it builds a throw-away database (see bench/common.py: 357 municipalities, 2,000
shelters, 4,000 place categories, ~400k capacity reports over 60 nights), then times, on the same data:

- app:   `get_shelters_availability(shelter_ids, [tonight])`, turned into free places per shelter and category;
- floor: one hand-written SQL query giving the same numbers (the latest report, max(id), per category).

Both run on the app's engine and pool, each repetition in a fresh session, after a warm-up; the answers are
checked against each other and against the data as it was generated. The median is compared with the target
ratio app/floor: at most 2x for one municipality (the biggest, 150 shelters), 3x for the whole country.
PostgreSQL comes from BOLIG_TEST_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/test).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Date, bindparam, text

from bench.common import (
    National,
    Timing,
    add_db_argument,
    build_national,
    each_kind,
    kinds_of,
    measure,
    migrate,
    national_app,
    table,
)
from bolig.db import UTCDateTime, db, utcnow
from bolig.shelters.availability import get_shelters_availability

# (shelter id, category id) -> free places tonight
Free = dict[tuple[int, int], int]

MUNICIPALITY_REPEAT = 20
COUNTRY_REPEAT = 10

# The floor: per category of the given shelters, offered - out of service - places held or stayed in, of its
# latest report tonight (the highest id for that category and night), 0 when none: the same work as the app.
# Correlated lookups on the (category_id, night, id) index; the fastest portable shape tried on both databases.
FLOOR_SQL = text(
    """
    SELECT c.shelter_id, c.id,
           COALESCE((SELECT CASE WHEN r.offered - r.out_of_service - t.taken > 0
                                 THEN r.offered - r.out_of_service - t.taken ELSE 0 END
                     FROM capacity_reports AS r,
                          (SELECT (SELECT COALESCE(sum(h.places), 0) FROM holds AS h
                                   WHERE h.category_id = c.id AND h.status = 'active' AND h.expires_at > :now
                                     AND h.first_night <= :night AND h.last_night >= :night)
                                + (SELECT COALESCE(sum(s.places), 0) FROM stays AS s
                                   WHERE s.category_id = c.id AND s.status = 'staying'
                                     AND s.first_night <= :night AND s.last_night >= :night) AS taken) AS t
                     WHERE r.id = (SELECT max(l.id) FROM capacity_reports AS l
                                   WHERE l.category_id = c.id AND l.night = :night)), 0) AS free
    FROM place_categories AS c
    WHERE c.shelter_id IN :shelter_ids
    """
).bindparams(
    bindparam("shelter_ids", expanding=True), bindparam("night", type_=Date()), bindparam("now", type_=UTCDateTime())
)


def app_free(shelter_ids: Sequence[int], night: date) -> Free:
    """The app's path: the availability service, summed into free places per shelter and category."""
    free: Free = {}
    for availability in get_shelters_availability(shelter_ids, [night]).values():
        key = (availability.shelter_id, availability.category_id)
        free[key] = free.get(key, 0) + availability.free
    return free


def floor_free(shelter_ids: Sequence[int], night: date) -> Free:
    """The floor: one aggregate query, fetched in full."""
    rows = db.session.execute(FLOOR_SQL, {"shelter_ids": list(shelter_ids), "night": night, "now": utcnow()})
    return {(shelter_id, category_id): free for shelter_id, category_id, free in rows}


def expected_free(national: National, shelter_ids: Sequence[int]) -> Free:
    """What both must say, worked out from the data as it was generated."""
    wanted = set(shelter_ids)
    free: Free = {}
    for category_id, shelter_id in national.category_shelter.items():
        if shelter_id in wanted:
            offered, out_of_service = national.latest.get((category_id, national.tonight), (0, 0))
            free[shelter_id, category_id] = max(0, offered - out_of_service)
    return free


@dataclass(frozen=True)
class Result:
    kind: str
    scope: str
    shelters: int
    categories: int
    free_places: int
    app: Timing
    floor: Timing
    target: float

    @property
    def ratio(self) -> float:
        return self.app.median_ms / self.floor.median_ms

    @property
    def passed(self) -> bool:
        return self.ratio <= self.target


def compare(
    kind: str, scope: str, national: National, shelter_ids: Sequence[int], *, repeat: int, target: float
) -> Result:
    expected = expected_free(national, shelter_ids)
    app_timing, app_answer = measure(lambda: app_free(shelter_ids, national.tonight), repeat)
    floor_timing, floor_answer = measure(lambda: floor_free(shelter_ids, national.tonight), repeat)
    for name, answer in (("app", app_answer), ("floor", floor_answer)):
        if answer != expected:
            wrong = sorted(k for k in expected.keys() | answer.keys() if answer.get(k) != expected.get(k))
            raise AssertionError(f"{kind} {scope}: {name} differs from the generated data at {wrong[:5]}")
    return Result(
        kind, scope, len(shelter_ids), len(expected), sum(expected.values()), app_timing, floor_timing, target
    )


def run(kind: str, municipality_repeat: int, country_repeat: int) -> list[Result]:
    started = time.perf_counter()
    with national_app(kind):
        schema_seconds = migrate()
        national = build_national()
        built = time.perf_counter() - started
        rows = ", ".join(f"{count:,} {name}" for name, count in national.rows.items())
        print(
            f"\n{kind}: built in {built:.1f} s (schema {schema_seconds:.2f} s, data {national.data_seconds:.1f} s), "
            f"{national.total_rows:,} rows: {rows}"
        )
        biggest = national.biggest_municipality
        return [
            compare(
                kind,
                f"one municipality (id {biggest})",
                national,
                national.shelters_by_municipality[biggest],
                repeat=municipality_repeat,
                target=2.0,
            ),
            compare(kind, "whole country", national, national.shelter_ids, repeat=country_repeat, target=3.0),
        ]


def report(results: Sequence[Result]) -> str:
    def ms(value: float) -> str:
        return f"{value:.2f}"

    return table(
        (
            "database / scope",
            "shelters",
            "categories",
            "free",
            "app med ms",
            "app min ms",
            "floor med ms",
            "floor min ms",
            "app/floor",
            "target",
            "result",
        ),
        [
            (
                f"{r.kind} / {r.scope}",
                f"{r.shelters:,}",
                f"{r.categories:,}",
                f"{r.free_places:,}",
                ms(r.app.median_ms),
                ms(r.app.min_ms),
                ms(r.floor.median_ms),
                ms(r.floor.min_ms),
                f"{r.ratio:.2f}x",
                f"<= {r.target:g}x",
                "PASS" if r.passed else "MISS",
            )
            for r in results
        ],
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.availability", description=__doc__.splitlines()[0])
    add_db_argument(parser)
    parser.add_argument(
        "--repeat",
        type=int,
        help=f"timed repetitions of each measurement (default {MUNICIPALITY_REPEAT} for a municipality, "
        f"{COUNTRY_REPEAT} for the country)",
    )
    args = parser.parse_args(argv)
    if args.repeat is not None and args.repeat < 1:
        parser.error("--repeat must be at least 1")
    kinds = kinds_of(args)
    municipality_repeat = args.repeat or MUNICIPALITY_REPEAT
    country_repeat = args.repeat or COUNTRY_REPEAT

    def one(kind: str) -> list[Result]:
        kind_results = run(kind, municipality_repeat, country_repeat)
        print(report(kind_results))
        return kind_results

    per_kind, reached = each_kind(kinds, one)
    results = [result for kind_results in per_kind for result in kind_results]
    if len(kinds) > 1 and results:
        print(f"\nsummary (median of {municipality_repeat} runs per municipality, {country_repeat} per country)")
        print(report(results))
    return 0 if reached else 1


if __name__ == "__main__":
    sys.exit(main())
