"""The bot's prices: a long-running process picks up what a refresh stored, and the weekly refresh
runs on the scheduler only with AWS credentials, once a week however many replicas run it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import boto3
import pytest
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.background import BackgroundScheduler

from bot.price_updates import JOB_ID, START_DELAY, add_price_job, refresh_if_due, refresh_in_child
from bot.prices import CHECK_EVERY_S, StoredPrices
from bot.settings import load_settings
from bot.storage import open_store
from bot.storage.prices import newest_fetch, save_prices
from core.prices.pricelist.result import Priced
from tests.aws.pricelist_stub import error, region_of

NOW = datetime(2026, 11, 30, 4, 30, tzinfo=UTC)


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def lambda_entry(catalog, requests: str) -> dict[str, str]:
    return {**catalog.data["lambda"]["eu-west-1"], "x86_64.requests": requests}


def test_a_running_app_picks_up_stored_prices_at_its_next_check(store, catalog):
    ticks = Ticks()
    prices = StoredPrices(store.engine, clock=ticks)
    first = prices()
    assert first.lambda_rates("eu-west-1", "x86_64").requests.source == "lambda"
    save_prices(
        store.engine, [Priced("lambda", "eu-west-1", lambda_entry(catalog, "0.00000031"), "2026-11-20")], NOW
    )
    assert prices() is first  # not asked again before CHECK_EVERY_S
    ticks.now += CHECK_EVERY_S
    fresh = prices()
    assert fresh.lambda_rates("eu-west-1", "x86_64").requests.usd * 10**8 == 31
    ticks.now += CHECK_EVERY_S
    assert prices() is fresh  # nothing new stored: the same catalog, its parsed regions kept


def test_the_weekly_refresh_stores_prices_then_leaves_them_for_six_days(price_list_api, store):
    assert refresh_if_due(store, lambda: price_list_api.session, lambda: NOW, ["eu-west-1"])
    newest, rows = newest_fetch(store.engine)
    assert rows > 0
    calls = len(price_list_api.stub.requests)
    fetched = newest or NOW
    assert not refresh_if_due(
        store, lambda: price_list_api.session, lambda: fetched + timedelta(days=5), ["eu-west-1"]
    )
    assert len(price_list_api.stub.requests) == calls  # another replica's fresh prices: no call made
    assert refresh_if_due(
        store, lambda: price_list_api.session, lambda: fetched + timedelta(days=7), ["eu-west-1"]
    )


def test_a_failed_weekly_refresh_keeps_the_last_good_prices_and_logs_each_failure(
    price_list_api, store, caplog
):
    from tests.aws.pricelist_stub import deny

    assert refresh_if_due(store, lambda: price_list_api.session, lambda: NOW, ["eu-west-1"])
    before = newest_fetch(store.engine)
    price_list_api.stub.faults.append(deny("eu-west-1"))
    assert not refresh_if_due(
        store, lambda: price_list_api.session, lambda: NOW + timedelta(days=8), ["eu-west-1"]
    )
    assert newest_fetch(store.engine) == before
    assert "nothing stored" in caplog.text
    assert "lambda in eu-west-1: AccessDeniedException" in caplog.text


@pytest.fixture
def scheduler():
    running = BackgroundScheduler(jobstores={"memory": MemoryJobStore()}, timezone="UTC")
    running.start(paused=True)
    yield running
    running.shutdown(wait=False)


def test_with_credentials_the_refresh_is_weekly_and_soon_when_nothing_is_stored(
    price_list_api, store, scheduler
):
    job = add_price_job(
        scheduler, store, jobstore="memory", session_source=lambda: price_list_api.session, clock=lambda: NOW
    )
    assert job is not None
    assert job.id == JOB_ID
    assert str(job.trigger) == "cron[month='*', day='*', day_of_week='mon', hour='4', minute='30']"
    assert job.next_run_time == NOW + START_DELAY


def test_fresh_stored_prices_wait_for_the_weekly_run(price_list_api, store, scheduler):
    save_prices(store.engine, [Priced("vpc", "eu-west-1", {"public_ipv4_hour": "0.005"}, "2026-11-20")], NOW)
    job = add_price_job(
        scheduler, store, jobstore="memory", session_source=lambda: price_list_api.session, clock=lambda: NOW
    )
    assert job is not None
    assert job.next_run_time != NOW + START_DELAY  # the next Monday 04:30 UTC, not soon
    assert (job.next_run_time.weekday(), job.next_run_time.hour, job.next_run_time.minute) == (0, 4, 30)


def no_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """No credentials anywhere in boto3's chain (a spawned child inherits the environment)."""
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/config")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.delenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", raising=False)
    monkeypatch.delenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", raising=False)


def test_without_credentials_no_refresh_is_scheduled(store, scheduler, monkeypatch, caplog):
    no_credentials(monkeypatch)
    caplog.set_level("INFO")
    assert add_price_job(scheduler, store, jobstore="memory", session_source=boto3.session.Session) is None
    assert scheduler.get_job(JOB_ID) is None
    assert "no AWS credentials" in caplog.text


@pytest.fixture
def file_store(tmp_path):
    """A store a child process can open too (one backend is enough: the child opens it by URL)."""
    store = open_store(f"sqlite:///{tmp_path / 'prices.db'}")
    yield store
    store.engine.dispose()


def test_with_the_apps_settings_the_check_and_each_refresh_run_in_a_child(
    price_list_api, file_store, scheduler, capfd
):
    week_ago = datetime.now(UTC) - timedelta(days=8)  # the child's clock is the real one: due now
    save_prices(
        file_store.engine, [Priced("vpc", "eu-west-1", {"public_ipv4_hour": "0.005"}, "2026-11-20")], week_ago
    )
    last_good = newest_fetch(file_store.engine)
    job = add_price_job(scheduler, file_store, jobstore="memory", child=load_settings({}))
    assert job is not None
    assert job.func is refresh_in_child  # the job starts a child; boto3 loads there, not here

    price_list_api.stub.faults.append(
        lambda _op, _body: error(400, "AccessDeniedException", "not authorized")
    )
    assert not job.func(*job.args)  # as the scheduler calls it
    assert newest_fetch(file_store.engine) == last_good
    logged = capfd.readouterr().err  # the child's log lines, on the stderr it shares with this process
    assert "price refresh failed, nothing stored (the last good prices stay)" in logged
    assert "lambda in eu-west-1: AccessDeniedException" in logged

    price_list_api.stub.faults.clear()
    assert job.func(*job.args)
    newest, rows = newest_fetch(file_store.engine)
    assert newest is not None
    assert newest > last_good[0]
    assert rows > last_good[1]
    assert {region_of(body) for _, body in price_list_api.stub.requests} > {"eu-west-1"}  # every region
    assert "prices refreshed:" in capfd.readouterr().err


def test_without_credentials_the_child_finds_none_and_no_refresh_is_scheduled(
    store, scheduler, monkeypatch, caplog
):
    no_credentials(monkeypatch)
    caplog.set_level("INFO")
    assert add_price_job(scheduler, store, jobstore="memory", child=load_settings({})) is None
    assert scheduler.get_job(JOB_ID) is None
    assert "no AWS credentials" in caplog.text
