"""The price catalog answers use: the bundled snapshot (package data of `core`), with whatever a
Price List refresh stored in the database laid over it.

A cold `compute-advisor estimate` must start in under 0.3 s, and SQLAlchemy alone takes about
0.2 s to import. So on SQLite (the default database) the stored prices are read with the standard
library's sqlite3, read-only, from the table the migrations made; other databases go through
SQLAlchemy. A database file that doesn't exist, or has no price table yet, means nothing stored:
answers come from the snapshot.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from core.prices.catalog import PriceCatalog
from core.prices.overlay import StoredTable, overlay

SNAPSHOT = "data/prices.json"
CHECK_EVERY_S = 300.0  # how stale a long-running process's prices may be after a refresh stores new ones
DEFAULT_DATABASE_URL = "sqlite:///compute-advisor.db"  # Settings' default too
STORED_QUERY = "SELECT table_name, region, published, entry_json FROM price_tables"


@cache
def snapshot_data() -> Mapping[str, Any]:
    """The snapshot shipped inside the package, parsed once per process (never changed)."""
    data: Mapping[str, Any] = json.loads(
        resources.files("core").joinpath(SNAPSHOT).read_text(encoding="utf-8")
    )
    return data


def today() -> date:
    """Today's date in UTC: what "over 90 days old" counts from."""
    return datetime.now(UTC).date()


@cache
def bundled_catalog() -> PriceCatalog:
    """The catalog of the bundled snapshot alone, loaded once per process; dated today, so
    answers on prices over 90 days old say so."""
    return PriceCatalog(snapshot_data(), today=today())


def catalog_from(stored: Sequence[StoredTable]) -> PriceCatalog:
    """The snapshot with `stored` laid over it, dated today."""
    return PriceCatalog(overlay(snapshot_data(), stored) if stored else snapshot_data(), today=today())


def database_url(env: Mapping[str, str]) -> str:
    """DATABASE_URL, as Settings reads it, for the commands too quick to load Settings."""
    return env.get("DATABASE_URL") or DEFAULT_DATABASE_URL


def current_catalog(url: str) -> PriceCatalog:
    """The catalog answers use, with the prices stored in the database at `url`."""
    return catalog_from(stored_tables(url))


def stored_tables(url: str) -> list[StoredTable]:
    """The tables a refresh stored in the database at `url`; none if it has none."""
    path = sqlite_path(url)
    if path is not None:
        return _read_sqlite(path)
    from bot.storage.engine import make_engine  # noqa: PLC0415 - SQLAlchemy only off the SQLite path
    from bot.storage.prices import load_prices  # noqa: PLC0415

    engine = make_engine(url)
    try:
        return load_prices(engine)
    finally:
        engine.dispose()


def sqlite_path(url: str) -> Path | None:
    """The file of a `sqlite:///` URL (relative) or `sqlite:////` (absolute); None for other
    databases. An in-memory database is a file that doesn't exist: nothing stored."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.split("+", 1)[0] != "sqlite":
        return None
    name = rest.removeprefix("/").split("?", 1)[0]
    return Path(name or ":memory:")


def _read_sqlite(path: Path) -> list[StoredTable]:
    if not path.is_file():
        return []
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = connection.execute(STORED_QUERY).fetchall()
    except sqlite3.OperationalError:  # no price_tables table yet
        return []
    finally:
        connection.close()
    return [StoredTable.from_row(*row) for row in rows]


class StoredPrices:
    """The catalog answers use in a long-running process (the Slack app, each of its workers): the
    snapshot with the prices stored in the database, rebuilt when a refresh has stored newer ones
    or the day has changed (for "over 90 days old"). The database is asked at most once every
    CHECK_EVERY_S, one tiny query, so answers keep their speed."""

    def __init__(self, engine: Any, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._engine = engine
        self._clock = clock
        self._lock = threading.Lock()
        self._catalog: PriceCatalog | None = None
        self._version: tuple[object, ...] = ()
        self._next_check = 0.0

    def __call__(self) -> PriceCatalog:
        now = self._clock()
        if self._catalog is not None and now < self._next_check:
            return self._catalog
        with self._lock:
            if self._catalog is None or now >= self._next_check:
                self._next_check = now + CHECK_EVERY_S
                self._reload_if_changed()
            assert self._catalog is not None
            return self._catalog

    def _reload_if_changed(self) -> None:
        from bot.storage.prices import load_prices, newest_fetch  # noqa: PLC0415 - SQLAlchemy: the app has it

        version = (*newest_fetch(self._engine), today())
        if self._catalog is None or version != self._version:
            self._catalog = catalog_from(load_prices(self._engine))
            self._version = version
