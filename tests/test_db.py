"""SQLite writers of one process queue on a lock and go in turn, whichever way a transaction ends."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine

from bolig.db import QueuedWriterConnection, reading, writer_lock

WAIT = 10.0


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{tmp_path / 'queue.db'}", connect_args={"factory": QueuedWriterConnection})
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
    return engine


def _write_in_thread(engine: Engine, body: str) -> tuple[threading.Thread, threading.Event]:
    """A second writer in its own thread; the event is set once it is inside its transaction."""
    inside = threading.Event()

    def write() -> None:
        with engine.begin() as connection:
            inside.set()
            connection.execute(text("INSERT INTO notes (body) VALUES (:body)"), {"body": body})

    thread = threading.Thread(target=write)
    thread.start()
    return thread, inside


@pytest.mark.parametrize("ending", ["commit", "rollback", "close"])
def test_a_second_writer_waits_for_the_first_to_end_however_it_ends(engine: Engine, ending: str) -> None:
    connection = engine.connect()
    transaction = connection.begin()
    connection.execute(text("INSERT INTO notes (body) VALUES ('first')"))
    thread, inside = _write_in_thread(engine, "second")
    assert not inside.wait(0.3)
    assert writer_lock(str(engine.url.database)).locked()  # queued on the lock, not polling SQLite
    if ending == "commit":
        transaction.commit()
    elif ending == "rollback":
        transaction.rollback()
    connection.close()
    assert inside.wait(WAIT)
    thread.join(WAIT)
    with engine.connect() as reader:
        bodies = reader.execute(text("SELECT body FROM notes ORDER BY id")).scalars().all()
    assert bodies == (["first", "second"] if ending == "commit" else ["second"])
    assert not writer_lock(str(engine.url.database)).locked()


def test_readers_do_not_queue_behind_a_writer(engine: Engine) -> None:
    with engine.connect() as writer:
        writer.begin()
        writer.execute(text("INSERT INTO notes (body) VALUES ('unseen')"))
        with reading(), engine.connect() as reader:
            assert reader.execute(text("SELECT count(*) FROM notes")).scalar() == 0


def test_a_writer_that_cannot_begin_lets_the_next_one_in(engine: Engine, tmp_path: Path) -> None:
    # Another process holds SQLite's own write lock: this process's writer gives up after the busy timeout,
    # and must not keep the queue's lock when it does.
    other = sqlite3.connect(tmp_path / "queue.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    quick = create_engine(f"sqlite:///{tmp_path / 'queue.db'}", connect_args={"factory": QueuedWriterConnection})
    event.listen(
        quick, "connect", lambda dbapi_connection, _record: dbapi_connection.execute("PRAGMA busy_timeout = 100")
    )
    with pytest.raises(Exception, match="locked"), quick.begin() as connection:
        connection.execute(text("SELECT 1"))
    other.execute("ROLLBACK")
    other.close()
    with quick.begin() as connection:
        connection.execute(text("INSERT INTO notes (body) VALUES ('after')"))
