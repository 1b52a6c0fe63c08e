"""Stored Price List prices, on every database backend here: saved whole or not at all, read back
the same through SQLAlchemy and (on SQLite) through the fast read the command line uses."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import event, text

from bot.prices import catalog_from, sqlite_path, stored_tables
from bot.storage.engine import make_engine
from bot.storage.prices import load_prices, newest_fetch, save_prices
from bot.storage.schema import migrate
from core.prices.overlay import StoredTable
from core.prices.pricelist.result import Priced

FETCHED = datetime(2026, 11, 29, 6, 0, tzinfo=UTC)
LAMBDA = {"x86_64.requests": "0.00000025"}


@pytest.fixture
def migrated(engine):
    migrate(engine)
    return engine


def test_a_refresh_is_stored_and_read_back(migrated):
    save_prices(
        migrated,
        [Priced("lambda", "eu-west-1", LAMBDA, "2026-11-20"), Priced("elb", "ap-east-2", None, "")],
        FETCHED,
    )
    assert sorted(load_prices(migrated), key=lambda t: t.table) == [
        StoredTable("elb", "ap-east-2", "2026-11-29", None),  # listed nothing: dated by the fetch
        StoredTable("lambda", "eu-west-1", "2026-11-20", LAMBDA),
    ]


def test_a_second_refresh_replaces_the_rows_it_read_and_keeps_the_others(migrated):
    save_prices(migrated, [Priced("lambda", "eu-west-1", LAMBDA, "2026-11-20")], FETCHED)
    save_prices(migrated, [Priced("vpc", "eu-west-1", {"public_ipv4_hour": "0.005"}, "2026-11-21")], FETCHED)
    newer = {"x86_64.requests": "0.0000003"}
    save_prices(migrated, [Priced("lambda", "eu-west-1", newer, "2026-11-27")], FETCHED)
    stored = {(t.table, t.region): t for t in load_prices(migrated)}
    assert stored["lambda", "eu-west-1"].entry == newer
    assert stored["vpc", "eu-west-1"].published == "2026-11-21"


def test_a_save_that_fails_halfway_leaves_the_last_good_prices(migrated):
    save_prices(migrated, [Priced("lambda", "eu-west-1", LAMBDA, "2026-11-20")], FETCHED)

    def fail_on_insert(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("INSERT"):
            raise RuntimeError("the database went away")

    event.listen(migrated, "before_cursor_execute", fail_on_insert)
    try:
        with pytest.raises(RuntimeError):
            save_prices(
                migrated, [Priced("lambda", "eu-west-1", {"x86_64.requests": "9"}, "2026-11-28")], FETCHED
            )
    finally:
        event.remove(migrated, "before_cursor_execute", fail_on_insert)
    (kept,) = load_prices(migrated)
    assert (kept.entry, kept.published) == (LAMBDA, "2026-11-20")  # the DELETE was rolled back too


def test_a_database_without_the_price_table_has_nothing_stored(engine):
    assert load_prices(engine) == []


def test_the_fast_sqlite_read_sees_what_sqlalchemy_stored(tmp_path):
    from bot.storage import make_engine

    url = f"sqlite:///{tmp_path / 'prices.db'}"
    engine = make_engine(url)
    migrate(engine)
    save_prices(engine, [Priced("lambda", "eu-west-1", LAMBDA, "2026-11-20")], FETCHED)
    assert stored_tables(url) == load_prices(engine)
    engine.dispose()
    catalog = catalog_from(stored_tables(url))
    assert catalog.source_of("lambda", "eu-west-1") == "pricelist.lambda.eu-west-1"
    assert catalog.sources["pricelist.lambda.eu-west-1"].published == "2026-11-20"


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:///compute-advisor.db", "compute-advisor.db"),
        ("sqlite:////var/lib/ca/prices.db", "/var/lib/ca/prices.db"),
        ("sqlite+pysqlite:///x.db?timeout=5", "x.db"),
        ("sqlite://", ":memory:"),
        ("postgresql+psycopg://u@h/db", None),
    ],
)
def test_sqlite_urls_name_their_file(url, path):
    found = sqlite_path(url)
    assert (None if found is None else str(found)) == path


def test_a_missing_sqlite_file_means_nothing_stored_and_is_not_created(tmp_path):
    url = f"sqlite:///{tmp_path / 'absent.db'}"
    assert stored_tables(url) == []
    assert not (tmp_path / "absent.db").exists()


def test_stored_prices_are_read_while_another_connection_holds_the_write_lock(tmp_path):
    # A read that waited for the write lock would time out here and be taken for "nothing
    # stored": the app would answer from the bundled snapshot instead of the refreshed prices.
    url = f"sqlite:///{tmp_path / 'app.db'}"
    writer, engine = make_engine(url), make_engine(url, busy_timeout_ms=50)
    migrate(writer)
    save_prices(writer, [Priced("lambda", "eu-west-1", LAMBDA, "2026-11-20")], FETCHED)
    with writer.begin() as holding:  # BEGIN IMMEDIATE: the write lock, until the block ends
        holding.execute(text("DELETE FROM price_tables WHERE region = 'nowhere'"))
        stored, newest = load_prices(engine), newest_fetch(engine)
    assert stored == [StoredTable("lambda", "eu-west-1", "2026-11-20", LAMBDA)]
    assert newest == (FETCHED, 1)
    writer.dispose()
    engine.dispose()
