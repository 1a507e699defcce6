"""One scheduler at a time: a second `flask jobs run` waits for the first instead of running every job twice."""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from bolig.db import advisory_key

logger = logging.getLogger(__name__)

LOCK_NAME = "bolig.scheduler"
ADVISORY_KEY = advisory_key(LOCK_NAME)


class SchedulerLockTaken(RuntimeError):
    """Another process holds the scheduler lock (raised only when asked not to wait)."""


def scheduler_lock(app: Flask, *, wait: bool = True) -> AbstractContextManager[Callable[[], bool]]:
    """Hold the scheduler lock for the block; wait for it if another process has it (unless `wait=False`).

    The block gets a check that the lock is still held: on PostgreSQL it lives with one connection, and a
    connection the server dropped (a restart, a failover) has let a waiting scheduler in.
    """
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    backend = url.get_backend_name()
    if backend == "postgresql":
        return _advisory_lock(url, wait=wait)
    if backend == "sqlite":
        return _file_lock(lock_file(app), wait=wait)
    raise RuntimeError(f"no scheduler lock for a {backend} database")


def lock_file(app: Flask) -> Path:
    """The file a SQLite deployment locks: next to the database, or in the instance folder for one in memory."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    database = url.database or ""
    if database in {"", ":memory:"} or url.query.get("mode") == "memory":
        return Path(app.instance_path) / f"{LOCK_NAME}.lock"
    path = Path(database.removeprefix("file:"))
    return path.with_name(f"{path.name}.scheduler.lock")


@contextmanager
def _advisory_lock(url: URL, *, wait: bool) -> Iterator[Callable[[], bool]]:
    # A connection of its own, outside the app's pool: the lock lives exactly as long as it does, so a
    # process that dies releases the lock when PostgreSQL notices the connection is gone.
    # Autocommit, because the lock belongs to the session, not a transaction, and a connection left
    # "idle in transaction" for days may be cut by idle_in_transaction_session_timeout.
    engine = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            # A server-wide statement or lock timeout would otherwise end the wait with an error.
            connection.exec_driver_sql("SET statement_timeout = 0")
            connection.exec_driver_sql("SET lock_timeout = 0")
            if not connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_KEY}):
                if not wait:
                    raise SchedulerLockTaken(LOCK_NAME)
                logger.warning("Another scheduler holds the lock; waiting for it")
                connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": ADVISORY_KEY})
            logger.info("Scheduler lock held")
            checking = threading.Lock()

            def held() -> bool:
                # Jobs run on several threads; the lock's connection answers one at a time.
                with checking:
                    try:
                        return bool(connection.scalar(text("SELECT 1")))
                    except DBAPIError:
                        return False

            try:
                yield held
            finally:
                try:
                    connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_KEY})
                except DBAPIError:
                    # The connection is gone, and the lock went with it.
                    logger.warning("Scheduler lock connection lost before unlocking", exc_info=True)
                logger.info("Scheduler lock released")
    finally:
        engine.dispose()


@contextmanager
def _file_lock(path: Path, *, wait: bool) -> Iterator[Callable[[], bool]]:
    path.parent.mkdir(parents=True, exist_ok=True)
    # flock, not fcntl's record locks: it belongs to this open file, so even a second attempt in the same
    # process sees it taken, and the kernel drops it when the process dies.
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise SchedulerLockTaken(LOCK_NAME) from None
            logger.warning("Another scheduler holds the lock; waiting for it")
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        logger.info("Scheduler lock held")
        try:
            # The kernel holds a file lock for as long as the process lives.
            yield lambda: True
        finally:
            # The file stays: removing it would let a waiter lock an unlinked file while a newcomer locks a new one.
            fcntl.flock(descriptor, fcntl.LOCK_UN)
            logger.info("Scheduler lock released")
    finally:
        os.close(descriptor)
