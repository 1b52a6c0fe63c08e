"""The digest's schedule: APScheduler 3 with its jobs in the app's database. A run missed while the
bot was down happens once when it comes back within the grace time, and not at all after it.

"Down at the scheduled time" is a stored job whose next run time has passed, as a bot that ran
last week and stopped would leave it. Nothing here waits on the clock to assert anything: tests
wait for the scheduler to have processed the job, then count.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from slack_sdk import WebClient
from sqlalchemy import Engine

from bot.digest import schedule
from bot.digest.demo import demo_source
from bot.digest.schedule import (
    JOB_ID,
    JOBS_TABLE,
    MISFIRE_GRACE_S,
    run_digest_job,
    schedule_digest_job,
)
from bot.settings import Settings, load_settings
from bot.slack.housekeeping import PRUNE_JOB_ID, start_scheduler
from bot.storage import Store, make_engine
from tests.bot.digest.race import SETTINGS_ENV
from tests.slack_stub import SlackStub

WAIT_S = 30


class CountingClock:
    """The job's clock: each run of the job reads it exactly once."""

    def __init__(self) -> None:
        self.calls = 0
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            self.calls += 1
        return datetime.now(UTC)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'digest.db'}")
    yield engine
    engine.dispose()


@pytest.fixture
def store(engine: Engine) -> Store:
    store = Store(engine)
    store.migrate()
    return store


@pytest.fixture
def started() -> Iterator[list[Any]]:
    """Schedulers a test starts, shut down whatever happens."""
    schedulers: list[Any] = []
    yield schedulers
    for scheduler in schedulers:
        if scheduler.running:
            scheduler.shutdown(wait=True)


def settings_for(cron: str) -> Settings:
    return load_settings(SETTINGS_ENV | {"DIGEST_CRON": cron, "DIGEST_TIMEZONE": "UTC"})


def paused_scheduler(engine: Engine, settings: Settings) -> Any:
    jobs = SQLAlchemyJobStore(engine=engine, tablename=JOBS_TABLE)
    scheduler = BackgroundScheduler(jobstores={"default": jobs}, timezone=settings.digest_zone)
    scheduler.start(paused=True)
    return scheduler


def leave_job_due_at(engine: Engine, settings: Settings, next_run_time: datetime) -> None:
    """What a bot that registered the job and then went down leaves in the database.

    The run time is set through the job store: a paused scheduler that is shut down processes
    due jobs once more on its way out (APScheduler 3 checks for "paused", not "stopped").
    """
    scheduler = paused_scheduler(engine, settings)
    schedule_digest_job(scheduler, settings)  # due in the future: nothing to process on shutdown
    scheduler.shutdown(wait=True)
    jobs = SQLAlchemyJobStore(engine=engine, tablename=JOBS_TABLE)
    jobs.start(scheduler, "default")
    job = jobs.lookup_job(JOB_ID)
    job._modify(next_run_time=next_run_time)
    jobs.update_job(job)


def stored_next_run(engine: Engine) -> datetime | None:
    jobs = SQLAlchemyJobStore(engine=engine, tablename=JOBS_TABLE)
    job = jobs.lookup_job(JOB_ID)
    return None if job is None else job.next_run_time


def wait_until(done: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT_S
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the scheduler did not get to the job")
        time.sleep(0.02)


def test_runs_missed_while_down_run_once_on_start_within_the_grace_time(
    engine: Engine, store: Store, stub: SlackStub, client: WebClient, started: list[Any]
) -> None:
    settings = settings_for("0 * * * *")  # hourly, so several runs were missed
    trigger = CronTrigger.from_crontab(settings.digest_cron, timezone=settings.digest_zone)
    now = datetime.now(UTC)
    first_missed = trigger.get_next_fire_time(None, now - timedelta(hours=3, minutes=30))
    leave_job_due_at(engine, settings, first_missed)
    clock = CountingClock()

    scheduler = start_scheduler(settings, client, store, usage_source=demo_source, clock=clock)
    started.append(scheduler)
    stub.wait_for("chat.postMessage", timeout=WAIT_S)
    wait_until(lambda: (stored_next_run(engine) or first_missed) > now)
    scheduler.shutdown(wait=True)

    assert clock.calls == 1  # three or four missed runs, coalesced into one
    assert len(stub.calls("chat.postMessage")) == 1
    assert store.last_digest(SETTINGS_ENV["DIGEST_CHANNEL"]) is not None


def test_a_run_missed_by_more_than_the_grace_time_is_skipped(
    engine: Engine, store: Store, stub: SlackStub, client: WebClient, started: list[Any]
) -> None:
    three_days_ago = datetime.now(UTC) - timedelta(days=3)
    settings = settings_for(f"0 0 * * {three_days_ago:%a}".lower())  # weekly, last due 3-4 days ago
    trigger = CronTrigger.from_crontab(settings.digest_cron, timezone=settings.digest_zone)
    missed = trigger.get_next_fire_time(None, three_days_ago - timedelta(days=1))
    assert datetime.now(UTC) - missed > timedelta(seconds=MISFIRE_GRACE_S)
    leave_job_due_at(engine, settings, missed)
    clock = CountingClock()

    scheduler = start_scheduler(settings, client, store, usage_source=demo_source, clock=clock)
    started.append(scheduler)
    wait_until(lambda: (stored_next_run(engine) or missed) > datetime.now(UTC))
    scheduler.shutdown(wait=True)

    assert clock.calls == 0
    assert stub.calls("chat.postMessage") == []


def test_a_restart_keeps_the_stored_run_time_unless_the_schedule_changed(engine: Engine) -> None:
    monday = settings_for("0 9 * * mon")
    due = datetime(2020, 1, 6, 9, 0, tzinfo=UTC)
    leave_job_due_at(engine, monday, due)
    scheduler = paused_scheduler(engine, monday)

    kept = schedule_digest_job(scheduler, monday)
    changed = schedule_digest_job(scheduler, settings_for("0 10 * * tue"))
    scheduler.remove_job(JOB_ID)  # nothing due for the scheduler's last pass on shutdown
    scheduler.shutdown(wait=True)

    assert kept.next_run_time == due  # replace_existing alone would have moved it to next Monday
    assert changed.next_run_time > due
    assert changed.next_run_time.hour == 10


def test_the_job_is_stored_once_by_reference_with_its_grace_time_and_coalescing(
    engine: Engine, store: Store, client: WebClient, started: list[Any]
) -> None:
    settings = load_settings(SETTINGS_ENV | {"DIGEST_TIMEZONE": "Europe/Berlin"})
    for _ in range(2):  # a restart registers it again
        scheduler = start_scheduler(settings, client, store, usage_source=demo_source)
        started.append(scheduler)
        scheduler.shutdown(wait=True)

    jobs = SQLAlchemyJobStore(engine=engine, tablename=JOBS_TABLE)
    jobs.start(None, "default")
    (job,) = jobs.get_all_jobs()
    assert job.id == JOB_ID
    assert job.func_ref == "bot.digest.schedule:run_digest_job"
    assert (job.misfire_grace_time, job.coalesce, job.max_instances) == (MISFIRE_GRACE_S, True, 1)
    assert str(job.trigger.timezone) == "Europe/Berlin"
    assert str(job.trigger) == "cron[month='*', day='*', day_of_week='mon', hour='9', minute='0']"


def test_the_job_function_posts_the_digest_once_a_week(
    engine: Engine, store: Store, stub: SlackStub, client: WebClient, started: list[Any]
) -> None:
    scheduler = start_scheduler(load_settings(SETTINGS_ENV), client, store, usage_source=demo_source)
    started.append(scheduler)
    scheduler.shutdown(wait=True)

    first, second = run_digest_job(), run_digest_job()

    assert first is not None and first.posted
    assert second is not None and not second.posted
    assert len(stub.calls("chat.postMessage")) == 1


def test_without_a_digest_channel_there_is_no_digest_job(store: Store, client: WebClient) -> None:
    scheduler = start_scheduler(load_settings({}), client, store)
    try:
        assert scheduler.get_job(JOB_ID) is None
        assert scheduler.get_job(PRUNE_JOB_ID) is not None  # the one scheduler still prunes
    finally:
        scheduler.shutdown(wait=False)


def test_the_job_before_registration_posts_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schedule, "_registered", {})

    assert run_digest_job() is None
