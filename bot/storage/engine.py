"""Engines for the two databases compute-advisor supports: a SQLite file and PostgreSQL."""

from __future__ import annotations

from functools import partial
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool

SQLITE_BUSY_TIMEOUT_MS = 15_000
POSTGRES_DRIVER = "postgresql+psycopg"
# An execution option of our own (SQLAlchemy hands custom ones to event listeners): how a SQLite
# transaction begins.
BEGIN_OPTION = "compute_advisor_sqlite_begin"


def make_engine(url: str | URL, *, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> Engine:
    """An engine for `url`, with SQLite set up for several threads and processes at once: a write
    waits up to `busy_timeout_ms` for another writer's lock before it fails.

    `postgresql://` and `postgres://` URLs get the psycopg 3 driver (the `postgres` extra).
    An in-memory SQLite URL shares one connection: use it from one thread at a time.
    """
    parsed = with_driver(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True)
    if parsed.database in (None, "", ":memory:"):
        # The default pool would give every thread its own, empty, in-memory database.
        engine = create_engine(parsed, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        engine = create_engine(parsed)
    event.listen(engine, "connect", partial(_prepare_sqlite_connection, busy_timeout_ms=busy_timeout_ms))
    event.listen(engine, "begin", _begin)
    return engine


def reading(engine: Engine) -> Engine:
    """The same engine (its pool and settings) for transactions that only read. On SQLite they
    begin DEFERRED: in WAL mode a reader never waits for the write lock, so a follow-up's read
    goes on while another connection writes. Elsewhere it changes nothing."""
    return engine.execution_options(**{BEGIN_OPTION: "DEFERRED"})


def with_driver(url: str | URL) -> URL:
    """`url` with the driver compute-advisor installs: psycopg 3 for PostgreSQL."""
    parsed = make_url(url)
    if parsed.get_backend_name() in ("postgresql", "postgres"):
        return parsed.set(drivername=POSTGRES_DRIVER)
    return parsed


def _prepare_sqlite_connection(dbapi_connection: Any, _record: object, *, busy_timeout_ms: int) -> None:
    # The sqlite3 module starts transactions on its own schedule; taking that over lets
    # `_begin_immediately` choose the lock (SQLAlchemy's documented pysqlite recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _begin(connection: Any) -> None:
    # A deferred transaction that reads before it writes can fail at once with SQLITE_BUSY
    # when another writer got in between; IMMEDIATE takes the write lock up front and
    # waits up to busy_timeout for it instead. So every transaction is IMMEDIATE (the digest's
    # job store and migrations included) except those on `reading(engine)`, which never write.
    mode = connection.get_execution_options().get(BEGIN_OPTION, "IMMEDIATE")
    connection.exec_driver_sql("BEGIN DEFERRED" if mode == "DEFERRED" else "BEGIN IMMEDIATE")
