"""Posting the digest to Slack (the local stand-in): once per channel per ISO week, with its chart,
recorded for next week; previews to one user; `/compute digest` for admins only."""

from __future__ import annotations

import json
import multiprocessing
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from slack_sdk import WebClient

from bot.digest import digest_command, post_digest, preview_digest
from bot.digest.blocks import build_digest_blocks
from bot.digest.demo import demo_source
from bot.digest.post import NoDigestChannel
from bot.settings import Settings, load_settings
from bot.storage import Store, make_engine
from tests.bot.digest.race import RACE_TIMEOUT_S, SETTINGS_ENV, post_in_process
from tests.slack_stub import UPLOAD_METHOD, SlackStub

MONDAY = datetime(2025, 11, 3, 9, 0, tzinfo=UTC)  # ISO week 2025-W45
CHANNEL = SETTINGS_ENV["DIGEST_CHANNEL"]
ADMIN = "UADMIN1"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def settings() -> Settings:
    return load_settings(SETTINGS_ENV | {"DIGEST_ADMINS": f"{ADMIN},UADMIN2"})


def command(
    client: WebClient,
    store: Store,
    settings: Settings,
    channel_id: str,
    user_id: str,
    *,
    preview: bool = False,
) -> str | None:
    """`/compute digest [preview]` from `user_id` in `channel_id` on 2025-W45's Monday, over the demo."""
    return digest_command(
        client,
        store,
        settings,
        channel_id=channel_id,
        user_id=user_id,
        preview=preview,
        now=MONDAY,
        usage_source=demo_source,
    )


def test_the_digest_is_posted_with_its_blocks_and_its_chart_in_the_thread(
    stub: SlackStub, client: WebClient, store: Store, settings: Settings
) -> None:
    outcome = post_digest(client, store, settings, now=MONDAY, usage_source=demo_source)

    assert outcome.posted
    assert outcome.digest is not None
    [message] = stub.calls("chat.postMessage")
    assert message.body["channel"] == CHANNEL
    assert message.decoded("blocks") == build_digest_blocks(outcome.digest)
    assert message.body["text"].startswith("Compute digest 2025-W45: 8 workloads could run for less")
    [upload] = stub.calls(UPLOAD_METHOD)
    assert next(iter(upload.files.values())).startswith(PNG_MAGIC)
    [complete] = stub.calls("files.completeUploadExternal")
    assert complete.body["channel_id"] == CHANNEL
    assert complete.body["thread_ts"] == outcome.message_ts


def test_a_posted_digest_is_recorded_with_what_it_said(
    client: WebClient, store: Store, settings: Settings
) -> None:
    outcome = post_digest(client, store, settings, now=MONDAY, usage_source=demo_source)

    record = store.last_digest(CHANNEL)
    assert record is not None
    assert (record.iso_year, record.iso_week, record.message_ts) == (2025, 45, outcome.message_ts)
    assert record.payload_json is not None
    stored = json.loads(record.payload_json, parse_float=Decimal)
    assert stored["period"]["week"] == "2025-W45"
    assert stored["totals"]["monthly_savings_usd"] == Decimal("1539.10")


def test_a_second_post_in_the_same_iso_week_posts_nothing(
    stub: SlackStub, client: WebClient, store: Store, settings: Settings
) -> None:
    first = post_digest(client, store, settings, now=MONDAY, usage_source=demo_source)
    # Sunday evening in the same ISO week.
    again = post_digest(
        client, store, settings, now=MONDAY + timedelta(days=6, hours=14), usage_source=demo_source
    )

    assert first.posted
    assert not again.posted
    assert again.week == first.week
    assert len(stub.calls("chat.postMessage")) == 1


def test_next_week_s_digest_says_what_changed_since_this_one(
    stub: SlackStub, client: WebClient, store: Store, settings: Settings
) -> None:
    post_digest(client, store, settings, now=MONDAY, usage_source=demo_source)

    later = post_digest(client, store, settings, now=MONDAY + timedelta(weeks=1), usage_source=demo_source)

    assert later.posted
    assert later.digest is not None
    change = later.digest.week_over_week
    assert change is not None
    assert (change.previous_week, change.savings_change_usd, change.new_notes) == ("2025-W45", 0, ())
    summary = stub.calls("chat.postMessage")[1].decoded("blocks")[1]["text"]["text"]
    assert "Since 2025-W45: savings found +$0.00" in summary


def test_the_iso_week_is_counted_in_the_digest_s_time_zone(client: WebClient, store: Store) -> None:
    tokyo = load_settings(SETTINGS_ENV | {"DIGEST_TIMEZONE": "Asia/Tokyo"})
    sunday_night_utc = datetime(2025, 11, 2, 20, 0, tzinfo=UTC)  # already Monday 05:00 in Tokyo

    outcome = post_digest(client, store, tokyo, now=sunday_night_utc, usage_source=demo_source)

    assert outcome.week.label == "2025-W45"


def test_a_chart_that_can_t_be_uploaded_costs_only_the_chart(
    stub: SlackStub, client: WebClient, store: Store, settings: Settings
) -> None:
    stub.fail_next("files.getUploadURLExternal", "missing_scope")

    outcome = post_digest(client, store, settings, now=MONDAY, usage_source=demo_source)

    assert outcome.posted
    assert len(stub.calls("chat.postMessage")) == 1
    assert store.last_digest(CHANNEL) is not None


def test_without_a_digest_channel_nothing_is_claimed(client: WebClient, store: Store) -> None:
    with pytest.raises(NoDigestChannel, match="DIGEST_CHANNEL"):
        post_digest(client, store, load_settings({}), now=MONDAY, usage_source=demo_source)

    assert store.claim_digest(CHANNEL, 2025, 45)


def test_threads_racing_through_separate_stores_post_exactly_once(
    stub: SlackStub, database_url: str, store: Store, settings: Settings
) -> None:
    racers = 4
    engines = [make_engine(database_url) for _ in range(racers)]
    start = threading.Barrier(racers)

    def race(engine: object) -> bool:
        replica = Store(engine)
        client = WebClient(token=SETTINGS_ENV["SLACK_BOT_TOKEN"], base_url=stub.api_url)
        start.wait(RACE_TIMEOUT_S)
        return post_digest(client, replica, settings, now=MONDAY, usage_source=demo_source).posted

    with ThreadPoolExecutor(racers) as pool:
        results = list(pool.map(race, engines))
    for engine in engines:
        engine.dispose()

    assert sorted(results) == [False] * (racers - 1) + [True]
    assert len(stub.calls("chat.postMessage")) == 1


def test_processes_racing_post_exactly_once(stub: SlackStub, database_url: str, store: Store) -> None:
    context = multiprocessing.get_context("spawn")  # no engine or socket crosses a fork
    start = context.Barrier(2)
    results = context.Queue()
    racers = [
        context.Process(target=post_in_process, args=(database_url, stub.api_url, start, results))
        for _ in range(2)
    ]
    for racer in racers:
        racer.start()
    outcomes = [results.get(timeout=RACE_TIMEOUT_S) for _ in racers]
    for racer in racers:
        racer.join(RACE_TIMEOUT_S)

    assert [racer.exitcode for racer in racers] == [0, 0]
    assert sorted(outcomes) == [False, True]
    assert len(stub.calls("chat.postMessage")) == 1


def test_a_preview_goes_to_one_user_and_claims_nothing(
    stub: SlackStub, client: WebClient, store: Store, settings: Settings
) -> None:
    digest = preview_digest(
        client, store, settings, channel_id="C0HERE", user_id="U0ANYONE", now=MONDAY, usage_source=demo_source
    )

    [ephemeral] = stub.calls("chat.postEphemeral")
    assert (ephemeral.body["channel"], ephemeral.body["user"]) == ("C0HERE", "U0ANYONE")
    assert ephemeral.decoded("blocks") == build_digest_blocks(digest, preview=True)
    assert stub.calls("chat.postMessage") == []
    assert store.claim_digest(CHANNEL, 2025, 45)  # the week is still free


def test_only_digest_admins_may_post_it_from_slack(
    stub: SlackStub, client: WebClient, store: Store, settings: Settings
) -> None:
    reply = command(client, store, settings, CHANNEL, "U0SOMEONE")

    assert reply == (
        "Only the digest admins can post the digest now: <@UADMIN1>, <@UADMIN2>. "
        "`/compute digest preview` shows this week's digest to you alone."
    )
    assert stub.calls() == []
    assert store.claim_digest(CHANNEL, 2025, 45)


def test_with_no_admins_no_one_may_post_it_from_slack(client: WebClient, store: Store) -> None:
    reply = command(client, store, load_settings(SETTINGS_ENV), CHANNEL, ADMIN)

    assert reply is not None
    assert reply.startswith("No one can post the digest from Slack: DIGEST_ADMINS lists no one.")


def test_an_admin_posts_it_once_a_week(
    stub: SlackStub, client: WebClient, store: Store, settings: Settings
) -> None:
    def run(channel_id: str) -> str | None:
        return command(client, store, settings, channel_id, ADMIN)

    assert run(CHANNEL) is None  # the digest in the channel is the answer
    assert run("C0ELSEWHERE") == (
        f"This week's digest (2025-W45) is already posted in <#{CHANNEL}>: one a week per channel. "
        "`/compute digest preview` shows the latest figures to you alone."
    )
    assert [c.body["channel"] for c in stub.calls("chat.postMessage")] == [CHANNEL]


def test_an_admin_elsewhere_is_told_where_it_went(
    stub: SlackStub, client: WebClient, store: Store, settings: Settings
) -> None:
    reply = command(client, store, settings, "C0ELSEWHERE", ADMIN)

    assert reply == f"Posted this week's digest (2025-W45) in <#{CHANNEL}>."


def test_anyone_may_preview_it(stub: SlackStub, client: WebClient, store: Store, settings: Settings) -> None:
    reply = command(client, store, settings, "C0HERE", "U0SOMEONE", preview=True)

    assert reply is None
    assert len(stub.calls("chat.postEphemeral")) == 1
    assert stub.calls("chat.postMessage") == []
