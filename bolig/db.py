"""The database handle, the declarative base and the column types every area shares."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, MetaData, event, select, text
from sqlalchemy.engine import Connection, Dialect, Engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


# Ids are INTEGER columns; PostgreSQL refuses anything larger outright, so no number past this names a record.
MAX_ID = 2**31 - 1


def is_id(value: object) -> bool:
    """Whether a value could be a record's id: a whole number (not a bool) from 1 to MAX_ID."""
    return type(value) is int and 0 < value <= MAX_ID


def lock_row(model: type[Base], row_id: int) -> None:
    """Hold the row until the transaction ends: a second transaction asking for it waits here and then sees the
    first's work (PostgreSQL; SQLite writes one transaction at a time, so there it is already alone)."""
    key: Any = model.id  # type: ignore[attr-defined]  # every model has an integer id
    # An ORM statement, so pending changes are flushed first, as before any query.
    db.session.execute(select(key).where(key == row_id).with_for_update())


def advisory_key(name: str) -> int:
    """The signed 64-bit key of a PostgreSQL advisory lock, derived from its name so it never changes."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


def lock_name(name: str) -> None:
    """Hold a lock of this name until the transaction ends, where there is no row to lock yet (two
    transactions about to insert the same thing): an advisory lock on PostgreSQL; SQLite writes one
    transaction at a time, so there it is already alone."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": advisory_key(name)})


def utcnow() -> datetime:
    """Now, as an aware UTC datetime: every stored time is UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime on every database (SQLite keeps no time zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where an aware one is required")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """Let SQLAlchemy, not the sqlite3 module, open transactions, so savepoints work."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 30000")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


# Set inside `reading()`: a transaction that only reads begins without the write lock.
_reading: ContextVar[bool] = ContextVar("reading", default=False)


@contextmanager
def reading() -> Iterator[None]:
    """Run read-only work without queueing for SQLite's write lock; the caller ends the transaction inside."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


# SQLite lets one writer in at a time and makes the others poll, sleeping longer each time (up to 100 ms);
# under load a writer can sleep through many turns. Writers of one process queue on a lock instead, and
# the next one starts the moment the last one has committed. Other processes still poll (busy_timeout).
WRITER_WAIT_SECONDS = 30.0
_writer_locks: dict[str, threading.Lock] = {}
_writer_locks_lock = threading.Lock()


def writer_lock(database: str) -> threading.Lock:
    with _writer_locks_lock:
        return _writer_locks.setdefault(database, threading.Lock())


class QueuedWriterConnection(sqlite3.Connection):
    """A SQLite connection that holds its database's process-wide writer lock from BEGIN IMMEDIATE until the
    transaction has ended, however it ends."""

    writer_lock: threading.Lock | None = None

    def begin_writing(self, lock: threading.Lock) -> None:
        if not lock.acquire(timeout=WRITER_WAIT_SECONDS):
            raise sqlite3.OperationalError("database is locked")
        self.writer_lock = lock
        try:
            self.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._done_writing()
            raise

    def _done_writing(self) -> None:
        lock, self.writer_lock = self.writer_lock, None
        if lock is not None:
            lock.release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._done_writing()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._done_writing()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._done_writing()


@event.listens_for(Engine, "begin")
def _begin_sqlite(connection: Connection) -> None:
    # A write lock taken up front: two requests racing for the last place then wait in
    # turn instead of one failing when it upgrades a read lock. Reads alone need none (WAL).
    if connection.dialect.name != "sqlite":
        return
    if _reading.get():
        connection.exec_driver_sql("BEGIN")
        return
    dbapi_connection = connection.connection.dbapi_connection
    if isinstance(dbapi_connection, QueuedWriterConnection) and connection.engine.url.database:
        dbapi_connection.begin_writing(writer_lock(connection.engine.url.database))
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
