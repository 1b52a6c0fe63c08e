"""Fixtures for the shell's tests: databases on every backend available here, and Slack's side."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from slack_sdk import WebClient
from sqlalchemy import Engine, MetaData

from bot.storage import Store, make_engine
from tests.bot.digest.race import SETTINGS_ENV
from tests.bot.postgres_cluster import available_backends, postgres_bin_dir, running_cluster
from tests.bot.slack.slack_app import RecordingStub, ServedApp, served_app

# Decided once at collection: a backend that can't run here is not parametrised at all,
# so no test is ever skipped. Set COMPUTE_ADVISOR_REQUIRE_POSTGRES=1 to insist on PostgreSQL.
BACKENDS = available_backends()


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self, start: datetime = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, by: timedelta) -> None:
        self.now += by


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """One throwaway PostgreSQL cluster per test worker."""
    bin_dir = postgres_bin_dir()
    assert bin_dir is not None, "postgresql is not in BACKENDS here"
    with running_cluster(bin_dir) as url:
        yield url


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database on each backend: a fresh SQLite file, or a wiped PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    url: str = request.getfixturevalue("postgres_url")
    engine = make_engine(url)
    tables = MetaData()  # every table: ours, alembic_version, APScheduler's
    tables.reflect(engine)
    tables.drop_all(engine)
    engine.dispose()
    return url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(engine: Engine, clock: FakeClock) -> Store:
    store = Store(engine, clock=clock)
    store.migrate()
    return store


@pytest.fixture
def stub() -> Iterator[RecordingStub]:
    """The Slack Web API stand-in, on a port of its own."""
    with RecordingStub() as running:
        yield running


@pytest.fixture
def client(stub: RecordingStub) -> WebClient:
    """slack_sdk's WebClient, talking to the stand-in with the bot token of SETTINGS_ENV."""
    return WebClient(token=SETTINGS_ENV["SLACK_BOT_TOKEN"], base_url=stub.api_url)


@pytest.fixture
def app(stub: RecordingStub, tmp_path: Path) -> Iterator[ServedApp]:
    """The Slack app served over HTTP, with a fresh SQLite database."""
    with served_app(stub, f"sqlite:///{tmp_path / 'app.db'}") as served:
        yield served
