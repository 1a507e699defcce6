"""One scheduler at a time: a second one waits for the lock, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from flask import Flask

from bolig import PROJECT_ROOT, create_app
from bolig.db import db
from jobs.lock import SchedulerLockTaken, lock_file, scheduler_lock
from tests.conftest import make_test_app
from tests.databases import fresh_database

TIMEOUT = 20


@pytest.fixture
def database_url(database_kind: str, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated database, so a scheduler over the real schedule finds its tables."""
    with fresh_database(database_kind, tmp_path) as url:
        app = make_test_app(url, tmp_path)
        with app.app_context():
            db.engine.dispose()
        yield url


class Scheduler:
    """`flask jobs run` in a process of its own, its log read line by line as it comes."""

    def __init__(self, database_url: str) -> None:
        env = {**os.environ, "BOLIG_DATABASE_URL": database_url, "BOLIG_SECRET_KEY": "test-secret"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "app", "jobs", "run"],
            cwd=PROJECT_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            with self._changed:
                self.lines.append(line)
                self._changed.notify_all()

    @property
    def log(self) -> str:
        with self._changed:
            return "".join(self.lines)

    def wait_for(self, text: str, timeout: float = TIMEOUT) -> None:
        """Wait until the log shows `text`; fail with the log so far if it does not."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not any(text in line for line in self.lines):
                remaining = deadline - time.monotonic()
                if remaining <= 0 or (self.process.poll() is not None and not self._reader.is_alive()):
                    pytest.fail(f"no {text!r} within {timeout} s; log:\n{''.join(self.lines)}")
                self._changed.wait(min(remaining, 0.1))

    def stop(self) -> int:
        """SIGTERM, as a service manager would send; the exit status once it has shut down."""
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(TIMEOUT)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(TIMEOUT)
        self._reader.join(TIMEOUT)
        assert self.process.stderr is not None
        self.process.stderr.close()


@contextmanager
def scheduler(database_url: str) -> Iterator[Scheduler]:
    process = Scheduler(database_url)
    try:
        yield process
    finally:
        process.close()


def test_a_second_scheduler_waits_until_the_first_stops(database_url: str) -> None:
    with ExitStack() as stack:
        first = stack.enter_context(scheduler(database_url))
        first.wait_for("Scheduler lock held")
        second = stack.enter_context(scheduler(database_url))
        second.wait_for("Another scheduler holds the lock; waiting for it")
        assert "Scheduler lock held" not in second.log
        assert second.process.poll() is None

        assert first.stop() == 0
        assert "Scheduler lock released" in first.log
        second.wait_for("Scheduler lock held")
        assert second.stop() == 0


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
