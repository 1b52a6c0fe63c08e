"""A digest posted from a separate process, for the posting race test (spawned, so importable)."""

from __future__ import annotations

from datetime import UTC, datetime
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier

from slack_sdk import WebClient

from bot.digest import post_digest
from bot.digest.demo import demo_source
from bot.settings import load_settings
from bot.storage import Store, make_engine

RACE_TIMEOUT_S = 60
SETTINGS_ENV = {
    "SLACK_BOT_TOKEN": "xoxb-digest-test",
    "SLACK_SIGNING_SECRET": "digest-test-signing-secret",
    "DIGEST_CHANNEL": "C0DIGEST",
}


def post_in_process(url: str, api_url: str, start: Barrier, results: Queue[bool]) -> None:
    """Post 2025-W45's digest as soon as every racer is ready; put whether this one posted."""
    engine = make_engine(url)
    client = WebClient(token=SETTINGS_ENV["SLACK_BOT_TOKEN"], base_url=api_url)
    start.wait(RACE_TIMEOUT_S)
    outcome = post_digest(
        client,
        Store(engine),
        load_settings(SETTINGS_ENV),
        now=datetime(2025, 11, 3, 9, 0, tzinfo=UTC),
        usage_source=demo_source,
    )
    engine.dispose()
    results.put(outcome.posted)
