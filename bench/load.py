"""Load over real HTTP the way production takes it: the app under gunicorn, the clients in wrk.

Production is gunicorn workers behind a load balancer (DESIGN.md), and the clients are phones, not threads
in the server's process: a load generator written in Python and run beside the server would take the
server's CPU and its interpreter lock, and measure itself as much as the app. So the app is served by
gunicorn in processes of its own, on the benchmark's database, with two extra routes: GET /bench/hello ("ok",
no database), the framework floor, and GET /bench/logged-read/<case id>, the floor of any logged read of a case
(logged_read_floor). wrk (C, from Debian's `wrk` package; `make bench-tools` installs
it) keeps a number of connections busy for a number of seconds, each sending its next request as soon as the
last is answered, and reports throughput and latency percentiles from its own histogram. Threaded workers keep
a connection open between requests; single-threaded ones close it after each answer, so wrk connects again:
the routes of one run are served alike, runs with different kinds of worker are not.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, abort, request
from sqlalchemy import bindparam, insert, select

from bench.common import positive
from bolig import PROJECT_ROOT, create_app
from bolig.audit.models import AuditEvent
from bolig.auth.models import ApiToken, User
from bolig.auth.operations import _hash_token
from bolig.auth.permissions import GRANTS, Permission, public
from bolig.cases.models import Case
from bolig.db import Base, db, utcnow

HELLO_PATH = "/bench/hello"
LOGGED_READ_PATH = "/bench/logged-read/"
START_TIMEOUT = 60.0
WRK_THREADS = 2
SQLITE_THREADS = 4  # one process needs threads to answer more than one client at a time


def default_serving(kind: str) -> tuple[int, int]:
    """(workers, threads): SQLite is served by one process of a few threads (DESIGN.md: one process);
    PostgreSQL by two single-threaded workers a core, as production is (threads there only queue for the
    interpreter lock: the requests are CPU-bound)."""
    return (1, SQLITE_THREADS) if kind == "sqlite" else (2 * (os.cpu_count() or 1), 1)


def add_serving_arguments(parser: argparse.ArgumentParser) -> None:
    """--workers and --threads, each defaulting by database (default_serving)."""
    parser.add_argument(
        "--workers", type=positive, help="gunicorn processes (default: 1 on SQLite, 2 a core on PostgreSQL)"
    )
    parser.add_argument(
        "--threads", type=positive, help=f"threads a process (default: {SQLITE_THREADS} on SQLite, 1 on PostgreSQL)"
    )


def serving_of(args: argparse.Namespace, kind: str) -> tuple[int, int]:
    """(workers, threads) as asked, or the database's default."""
    workers, threads = default_serving(kind)
    return args.workers or workers, args.threads or threads


def logged_read_floor(case_id: int) -> str:
    """What no read of a case can do without, in hand-written Core SQL with no ORM objects: find the bearer
    token's active user, let in only a role that reads cases, read the case in the user's municipality, append
    the read to the audit log and commit it (R24). "ok" (or 401, 404); the case itself is not sent."""
    tables = Base.metadata.tables
    tokens, users, cases = (tables[model.__tablename__] for model in (ApiToken, User, Case))
    connection = db.session.connection()
    user = connection.execute(
        select(users.c.id, users.c.email, users.c.municipality_id, users.c.role)
        .join_from(tokens, users, tokens.c.user_id == users.c.id)
        .where(tokens.c.token_hash == bindparam("hash"), tokens.c.revoked_at.is_(None), users.c.active),
        {"hash": _hash_token(request.headers.get("Authorization", "").partition(" ")[2])},
    ).first()
    if user is None:
        abort(401)
    if user.role not in GRANTS[Permission.READ_CASES]:
        abort(404)
    case = connection.execute(
        select(cases).where(cases.c.id == bindparam("id"), cases.c.municipality_id == bindparam("municipality")),
        {"id": case_id, "municipality": user.municipality_id},
    ).first()
    if case is None:
        abort(404)
    connection.execute(
        insert(tables[AuditEvent.__tablename__]),
        {
            "at": utcnow(),
            "actor_id": user.id,
            "actor_label": user.email,
            "municipality_id": user.municipality_id,
            "action": "case.read",
            "object_type": "Case",
            "object_id": str(case_id),
            "client_id": case.client_id,
            "address": request.remote_addr or "",
            "details": {},
        },
    )
    db.session.commit()
    return "ok"


def app() -> Flask:
    """The app as gunicorn serves it here: configured from BOLIG_* like production, plus the two floor routes."""
    served = create_app()

    @public
    def hello() -> str:
        return "ok"

    served.add_url_rule(HELLO_PATH, "bench_hello", view_func=hello)
    served.add_url_rule(f"{LOGGED_READ_PATH}<int:case_id>", "bench_logged_read", view_func=public(logged_read_floor))
    return served


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def served(database_url: str, *, workers: int, threads: int) -> Iterator[str]:
    """gunicorn serving `app()` on the database, `workers` processes of `threads` threads; yields the base URL."""
    port = _free_port()
    environment = {
        **os.environ,
        "BOLIG_DATABASE_URL": database_url,
        "BOLIG_SECRET_KEY": "bench",
        "BOLIG_SESSION_COOKIE_SECURE": "false",
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        f"--workers={workers}",
        f"--threads={threads}",
        "--worker-class=gthread" if threads > 1 else "--worker-class=sync",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
        "bench.load:app()",
    ]
    server = subprocess.Popen(command, cwd=PROJECT_ROOT, env=environment)  # noqa: S603  our own command
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, server)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_until_up(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped with status {server.returncode}")
        try:
            with urllib.request.urlopen(base + HELLO_PATH, timeout=5) as answer:  # noqa: S310  loopback
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {START_TIMEOUT:g} s")


@dataclass(frozen=True)
class Run:
    """What wrk measured on one route: `clients` connections kept busy for `seconds`."""

    route: str
    clients: int
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    failed: int  # answers other than 2xx/3xx, and connections that broke or timed out

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds


# wrk calls request() for each request of a connection and done() once at the end, with its histogram.
_SCRIPT = """
local paths = {%(paths)s}
local i = 0
%(headers)s
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK {"requests": %%d, "us": %%d, "p50": %%d, "p99": %%d, "max": %%d, "failed": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.status + e.connect + e.read + e.write + e.timeout))
end
"""


def wrk_command() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise SystemExit("The HTTP load comes from wrk: run 'make bench-tools' (or apt-get install wrk) first.")
    return found


def wrk(route: str, base: str, paths: Sequence[str], *, clients: int, seconds: float, token: str | None = None) -> Run:
    """Keep `clients` connections sending GETs to the paths in turn for `seconds`; wrk's figures."""
    headers = f'wrk.headers["Authorization"] = "Bearer {token}"' if token else ""
    script = _SCRIPT % {"paths": ", ".join(json.dumps(p) for p in paths), "headers": headers}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", prefix="bench-") as file:
        file.write(script)
        file.flush()
        command = [
            wrk_command(),
            f"--threads={min(WRK_THREADS, clients)}",
            f"--connections={clients}",
            f"--duration={seconds:g}s",
            "--timeout=30s",
            f"--script={Path(file.name)}",
            base,
        ]
        finished = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if finished.returncode != 0:
        raise RuntimeError(f"wrk failed ({finished.returncode}): {finished.stderr.strip() or finished.stdout.strip()}")
    output = finished.stdout
    line = next((line for line in output.splitlines() if line.startswith("WRK ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no figures:\n{output}")
    figures = json.loads(line.removeprefix("WRK "))
    return Run(
        route,
        clients,
        figures["requests"],
        figures["us"] / 1e6,
        figures["p50"] / 1000,
        figures["p99"] / 1000,
        figures["max"] / 1000,
        figures["failed"],
    )
