"""The store keeps threads, claims events and digest weeks exactly once, on every backend."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, insert, text
from sqlalchemy.exc import IntegrityError, OperationalError

from bot.storage import (
    DEFAULT_DIGEST_LEASE,
    DigestNotClaimed,
    Store,
    ThreadKey,
    ThreadRecord,
    make_engine,
)
from bot.storage.engine import with_driver
from bot.storage.tables import DigestRow
from tests.bot.conftest import FakeClock
from tests.bot.race import RACE_TIMEOUT_S, claim_in_process

THREAD = ThreadKey("T1", "C1", "1700000000.000100")
RACERS = 8
PROCESS_RACERS = 4


def test_a_saved_thread_loads_back_as_a_frozen_record(store: Store, clock: FakeClock) -> None:
    store.save_thread(THREAD, '{"kind": "api"}', "1700000000.000200")

    assert store.load_thread(THREAD) == ThreadRecord(
        THREAD, '{"kind": "api"}', "1700000000.000200", clock.now
    )


def test_a_thread_never_saved_loads_as_none(store: Store) -> None:
    assert store.load_thread(THREAD) is None


def test_saving_a_thread_again_replaces_its_workload_and_answer(store: Store, clock: FakeClock) -> None:
    store.save_thread(THREAD, '{"v": 1}', None)
    clock.advance(timedelta(minutes=5))

    store.save_thread(THREAD, '{"v": 2}', "2.0")

    assert store.load_thread(THREAD) == ThreadRecord(THREAD, '{"v": 2}', "2.0", clock.now)


@pytest.mark.parametrize(
    "other",
    [
        ThreadKey("T2", THREAD.channel_id, THREAD.thread_ts),
        ThreadKey(THREAD.team_id, "C2", THREAD.thread_ts),
        ThreadKey(THREAD.team_id, THREAD.channel_id, "1700000000.000101"),
    ],
)
def test_threads_differ_by_team_channel_and_ts(store: Store, other: ThreadKey) -> None:
    store.save_thread(THREAD, "{}", None)

    assert store.load_thread(other) is None


def test_times_come_back_in_utc_whatever_zone_they_were_given_in(engine: Engine) -> None:
    given = datetime(2025, 3, 1, 7, 0, tzinfo=ZoneInfo("America/New_York"))
    store = Store(engine, clock=lambda: given)
    store.migrate()
    store.save_thread(THREAD, "{}", None)

    loaded = store.load_thread(THREAD)

    assert loaded is not None
    assert loaded.updated_at == given
    assert loaded.updated_at.tzinfo == UTC


def test_an_event_is_claimed_once_and_only_once(store: Store) -> None:
    assert store.claim_event("Ev01") is True
    assert store.claim_event("Ev01") is False
    assert store.claim_event("C1:1700000000.000100") is True


def test_a_claim_outlives_the_store_that_made_it(database_url: str) -> None:
    first = make_engine(database_url)
    Store(first).migrate()
    assert Store(first).claim_event("Ev01") is True
    first.dispose()

    second = make_engine(database_url)
    Store(second).migrate()
    assert Store(second).claim_event("Ev01") is False
    second.dispose()


@pytest.mark.parametrize("key", ["", "x" * 256])
def test_an_event_key_must_have_1_to_255_characters(store: Store, key: str) -> None:
    with pytest.raises(ValueError, match="1 to 255"):
        store.claim_event(key)


def test_pruning_forgets_only_events_claimed_before_the_cutoff(store: Store, clock: FakeClock) -> None:
    store.claim_event("old")
    clock.advance(timedelta(days=2))
    store.claim_event("new")

    assert store.prune_events(clock.now - timedelta(days=1)) == 1

    assert store.claim_event("old") is True
    assert store.claim_event("new") is False


def test_pruning_needs_an_aware_cutoff(store: Store) -> None:
    with pytest.raises(ValueError, match="time zone"):
        store.prune_events(datetime(2025, 1, 1))


def test_a_digest_week_is_claimed_once_per_channel(store: Store) -> None:
    assert store.claim_digest("C1", 2025, 2) is True
    assert store.claim_digest("C1", 2025, 2) is False
    assert store.claim_digest("C2", 2025, 2) is True
    assert store.claim_digest("C1", 2025, 3) is True
    assert store.claim_digest("C1", 2026, 2) is True


def test_the_database_itself_refuses_a_second_digest_for_a_week(store: Store, engine: Engine) -> None:
    row = {"channel_id": "C1", "iso_year": 2025, "iso_week": 2, "claimed_at": datetime.now(UTC)}
    with engine.begin() as connection:
        connection.execute(insert(DigestRow).values(row))

    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(insert(DigestRow).values(row))


def test_recording_a_post_fills_in_the_claimed_week(store: Store, clock: FakeClock) -> None:
    claimed_at = clock.now
    store.claim_digest("C1", 2025, 2)
    clock.advance(timedelta(seconds=40))

    store.record_digest_post("C1", 2025, 2, "1700000000.000300", '{"notes": []}')

    digest = store.last_digest("C1")
    assert digest is not None
    assert (digest.iso_year, digest.iso_week, digest.message_ts) == (2025, 2, "1700000000.000300")
    assert (digest.claimed_at, digest.posted_at) == (claimed_at, clock.now)
    assert digest.payload_json == '{"notes": []}'


def test_recording_a_post_for_an_unclaimed_week_is_refused(store: Store) -> None:
    with pytest.raises(DigestNotClaimed, match="C1 in 2025-W02"):
        store.record_digest_post("C1", 2025, 2, "1.0", "{}")


def test_a_claimed_but_unposted_digest_is_not_the_last_digest(store: Store) -> None:
    store.claim_digest("C1", 2025, 2)

    assert store.last_digest("C1") is None


def _post(store: Store, channel_id: str, iso_year: int, iso_week: int) -> None:
    assert store.claim_digest(channel_id, iso_year, iso_week)
    store.record_digest_post(channel_id, iso_year, iso_week, f"{iso_year}.{iso_week}", "{}")


def test_the_last_digest_is_the_latest_iso_week_across_a_year_end(store: Store) -> None:
    for year, week in [(2025, 1), (2024, 52), (2024, 51)]:
        _post(store, "C1", year, week)
    _post(store, "C2", 2025, 9)

    digest = store.last_digest("C1")

    assert digest is not None
    assert (digest.iso_year, digest.iso_week) == (2025, 1)


@pytest.mark.parametrize(
    ("before", "expected"),
    [((2025, 3), (2025, 1)), ((2025, 1), (2024, 52)), ((2024, 52), (2024, 51)), ((2024, 51), None)],
)
def test_the_previous_digest_is_the_latest_from_an_earlier_week(
    store: Store, before: tuple[int, int], expected: tuple[int, int] | None
) -> None:
    for year, week in [(2024, 51), (2024, 52), (2025, 1)]:
        _post(store, "C1", year, week)
    _post(store, "C2", 2025, 2)

    digest = store.previous_digest("C1", *before)

    assert (digest and (digest.iso_year, digest.iso_week)) == expected


def test_an_abandoned_digest_claim_can_be_taken_over_after_the_lease(store: Store, clock: FakeClock) -> None:
    assert store.claim_digest("C1", 2025, 2)
    clock.advance(DEFAULT_DIGEST_LEASE)
    assert store.claim_digest("C1", 2025, 2) is False

    clock.advance(timedelta(seconds=1))

    assert store.claim_digest("C1", 2025, 2) is True
    assert store.claim_digest("C1", 2025, 2) is False


def test_a_posted_digest_is_never_taken_over(store: Store, clock: FakeClock) -> None:
    _post(store, "C1", 2025, 2)
    clock.advance(DEFAULT_DIGEST_LEASE * 10)

    assert store.claim_digest("C1", 2025, 2) is False


def test_creating_the_tables_again_keeps_every_row(store: Store) -> None:
    store.save_thread(THREAD, "{}", None)
    store.claim_event("Ev01")

    store.migrate()

    assert store.load_thread(THREAD) is not None
    assert store.claim_event("Ev01") is False


def _race(claim: Callable[[], bool], racers: int) -> list[bool]:
    start = threading.Barrier(racers)

    def racer() -> bool:
        start.wait(RACE_TIMEOUT_S)
        return claim()

    with ThreadPoolExecutor(racers) as pool:
        return list(pool.map(lambda _: racer(), range(racers)))


def test_threads_racing_for_an_event_have_exactly_one_winner(store: Store) -> None:
    assert sorted(_race(lambda: store.claim_event("Ev01"), RACERS)) == [False] * 7 + [True]


def test_threads_racing_for_a_digest_week_have_exactly_one_winner(store: Store) -> None:
    results = _race(lambda: store.claim_digest("C1", 2025, 2), RACERS)

    assert sorted(results) == [False] * 7 + [True]


def test_threads_racing_through_separate_engines_have_exactly_one_winner(
    database_url: str, store: Store
) -> None:
    engines = [make_engine(database_url) for _ in range(RACERS)]
    stores = iter([Store(engine) for engine in engines])
    lock = threading.Lock()

    def claim() -> bool:
        with lock:
            mine = next(stores)
        return mine.claim_event("Ev01")

    results = _race(claim, RACERS)
    for engine in engines:
        engine.dispose()

    assert sorted(results) == [False] * 7 + [True]


def test_processes_racing_for_an_event_and_a_week_have_exactly_one_winner_each(
    database_url: str, store: Store
) -> None:
    context = multiprocessing.get_context("spawn")  # no engine or lock crosses a fork
    start = context.Barrier(PROCESS_RACERS)
    results = context.Queue()
    racers = [
        context.Process(target=claim_in_process, args=(database_url, start, results))
        for _ in range(PROCESS_RACERS)
    ]
    for racer in racers:
        racer.start()
    outcomes = [results.get(timeout=RACE_TIMEOUT_S) for _ in racers]
    for racer in racers:
        racer.join(RACE_TIMEOUT_S)

    assert [racer.exitcode for racer in racers] == [0] * PROCESS_RACERS
    assert sum(event for event, _ in outcomes) == 1
    assert sum(digest for _, digest in outcomes) == 1


def test_a_sqlite_file_is_opened_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/x.db")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 15_000
    engine.dispose()


def test_an_in_memory_sqlite_database_is_shared_by_every_thread() -> None:
    engine = make_engine("sqlite://")
    store = Store(engine)
    store.migrate()

    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(store.claim_event, "Ev01").result() is True
    assert store.claim_event("Ev01") is False
    engine.dispose()


@pytest.mark.parametrize("url", ["postgresql://u:p@db.invalid/advisor", "postgres://u:p@db.invalid/advisor"])
def test_a_postgresql_url_gets_the_psycopg_3_driver(url: str) -> None:
    assert with_driver(url).render_as_string(hide_password=False) == (
        "postgresql+psycopg://u:p@db.invalid/advisor"
    )


def test_a_sqlite_url_is_left_as_it_is() -> None:
    assert with_driver("sqlite:///a.db").drivername == "sqlite"


def test_each_backend_is_the_database_it_claims_to_be(database_url: str, engine: Engine) -> None:
    expected = "sqlite" if database_url.startswith("sqlite") else "postgresql"
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))

    assert engine.dialect.name == expected


def test_each_answer_keeps_its_own_workload_by_its_ts_while_the_thread_holds_the_latest(store):
    store.save_thread(THREAD, '{"v": 1}', "1700000000.000200")
    store.save_thread(THREAD, '{"v": 2}', "1700000000.000300")
    first = store.load_answer(THREAD.team_id, THREAD.channel_id, "1700000000.000200")
    assert first is not None
    assert (first.key, first.workload_json) == (THREAD, '{"v": 1}')
    latest = store.load_thread(THREAD)
    assert latest is not None
    assert (latest.workload_json, latest.answer_ts) == ('{"v": 2}', "1700000000.000300")
    assert store.load_answer(THREAD.team_id, THREAD.channel_id, "1700000000.000999") is None


def test_saving_an_answer_again_is_harmless(store):
    store.save_thread(THREAD, '{"v": 1}', "2.0")
    store.save_thread(THREAD, '{"v": 1}', "2.0")
    record = store.load_answer(THREAD.team_id, THREAD.channel_id, "2.0")
    assert record is not None
    assert record.workload_json == '{"v": 1}'


def test_reads_go_on_while_another_connection_holds_the_write_lock(tmp_path: Path) -> None:
    # A busy timeout far shorter than the lock is held: a read that waited for the write lock
    # (BEGIN IMMEDIATE) would fail with "database is locked"; a read never needs it (WAL).
    url = f"sqlite:///{tmp_path}/x.db"
    writer, engine = make_engine(url), make_engine(url, busy_timeout_ms=50)
    store = Store(engine)
    store.migrate()
    store.save_thread(THREAD, '{"kind": "api"}', "1.0")
    with writer.begin() as holding:  # BEGIN IMMEDIATE: the write lock, until the block ends
        holding.execute(text("DELETE FROM processed_events"))

        record = store.load_thread(THREAD)
        answer = store.load_answer("T1", "C1", "1.0")
        with pytest.raises(OperationalError, match="database is locked"):
            store.claim_event("Ev-during")  # writes still take the lock, and wait for it
    assert record is not None and record.workload_json == '{"kind": "api"}'
    assert answer is not None and answer.key == THREAD
    assert store.claim_event("Ev-after") is True
    writer.dispose()
    engine.dispose()
