"""One scheduler at a time: a second one waits for the lock, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from bolig import create_app
from bolig.db import db
from jobs.lock import SchedulerLockTaken, lock_file, scheduler_lock
from tests.conftest import make_test_app
from tests.databases import POSTGRES_URL, fresh_database
from tests.jobs.processes import SchedulerProcess, scheduler_process

TIMEOUT = 20


@contextmanager
def migrated(kind: str, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated database, so a scheduler over the real schedule finds its tables."""
    with fresh_database(kind, tmp_path) as url:
        app = make_test_app(url, tmp_path)
        with app.app_context():
            db.engine.dispose()
        yield url


@pytest.fixture
def database_url(database_kind: str, tmp_path: Path) -> Iterator[str]:
    with migrated(database_kind, tmp_path) as url:
        yield url


def scheduler(database_url: str, log_path: Path) -> AbstractContextManager[SchedulerProcess]:
    """A scheduler on `database_url`, closed when the block ends."""
    env = {**os.environ, "BOLIG_DATABASE_URL": database_url, "BOLIG_SECRET_KEY": "test-secret"}
    return scheduler_process(env, log_path, timeout=TIMEOUT)


def test_a_second_scheduler_waits_until_the_first_stops(database_url: str, tmp_path: Path) -> None:
    with ExitStack() as stack:
        first = stack.enter_context(scheduler(database_url, tmp_path / "first.log"))
        first.wait_for("Scheduler lock held")
        second = stack.enter_context(scheduler(database_url, tmp_path / "second.log"))
        second.wait_for("Another scheduler holds the lock; waiting for it")
        assert "Scheduler lock held" not in second.log
        assert second.process.poll() is None

        assert first.stop() == 0
        assert "Scheduler lock released" in first.log
        second.wait_for("Scheduler lock held")
        assert second.stop() == 0


@pytest.mark.skipif(not POSTGRES_URL, reason="set BOLIG_TEST_POSTGRES_URL to test on PostgreSQL")
def test_a_postgresql_scheduler_whose_lock_connection_is_cut_stops_running_jobs(tmp_path: Path) -> None:
    """A restart or failover drops the advisory lock with its connection: the scheduler must not go on."""
    with migrated("postgresql", tmp_path) as database_url, scheduler(database_url, tmp_path / "cut.log") as cut:
        cut.wait_for("Scheduler lock held")
        engine = create_engine(make_url(database_url).set(drivername="postgresql+psycopg"), poolclass=NullPool)
        try:
            with engine.connect() as connection:
                holders = connection.execute(
                    text("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted")
                ).all()
        finally:
            engine.dispose()
        assert holders == [(True,)]
        # The next job to come due (the outbox, every 15 s) finds the lock gone.
        cut.wait_for("Scheduler lock lost")
        assert cut.process.wait(TIMEOUT) == 1


@pytest.fixture
def lock_app(database_kind: str, tmp_path: Path) -> Iterator[Flask]:
    """An app on a fresh, empty database: the lock needs no tables."""
    with fresh_database(database_kind, tmp_path) as url:
        app = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "test-secret"})
        app.instance_path = str(tmp_path)
        yield app


def test_the_lock_is_taken_while_held_and_free_after(lock_app: Flask) -> None:
    held = scheduler_lock(lock_app, wait=False)
    with held, pytest.raises(SchedulerLockTaken), scheduler_lock(lock_app, wait=False):
        pytest.fail("the lock was taken twice")
    with scheduler_lock(lock_app, wait=False):
        pass


def test_a_waiting_lock_is_granted_when_the_holder_lets_go(lock_app: Flask) -> None:
    acquired = threading.Event()

    def wait_for_lock() -> None:
        with scheduler_lock(lock_app):
            acquired.set()

    with scheduler_lock(lock_app):
        waiter = threading.Thread(target=wait_for_lock, daemon=True)
        waiter.start()
        assert not acquired.wait(0.5)
    assert acquired.wait(TIMEOUT)
    waiter.join(TIMEOUT)


def test_sqlite_locks_a_file_next_to_the_database_or_in_the_instance_folder(tmp_path: Path) -> None:
    on_disk = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'bolig.db'}", "SECRET_KEY": "test-secret"})
    assert lock_file(on_disk) == tmp_path / "bolig.db.scheduler.lock"
    in_memory = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "test-secret"})
    in_memory.instance_path = str(tmp_path)
    assert lock_file(in_memory) == tmp_path / "bolig.scheduler.lock"
