"""`/compute digest [preview]` and a digest note's Open button, over HTTP exactly as Slack sends them,
with the digest read from the bundled demo account."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.digest import OPEN_NOTE_ACTION
from bot.digest.demo import demo_source, demo_usage
from bot.slack.housekeeping import PRUNE_JOB_ID, prune_old_events, start_scheduler
from bot.storage import Store, make_engine, utc_now
from tests.bot.slack.slack_app import RecordingStub, ServedApp, app_settings, served_app
from tests.slack_stub import RESPONSE_URL_METHOD, UPLOAD_METHOD, block_action_form

DIGEST_CHANNEL = "CDIGEST01"
ADMIN = "UADMIN01"


@pytest.fixture
def app(stub: RecordingStub, tmp_path: Path) -> Iterator[ServedApp]:
    with served_app(
        stub,
        f"sqlite:///{tmp_path / 'app.db'}",
        usage_source=demo_source,
        DIGEST_CHANNEL=DIGEST_CHANNEL,
        DIGEST_ADMINS=ADMIN,
    ) as served:
        yield served


def _ephemeral_text(stub: RecordingStub) -> str:
    [said] = stub.wait_for(RESPONSE_URL_METHOD)
    assert said.body["response_type"] == "ephemeral"
    return str(said.body["text"])


def test_an_admin_posts_the_digest_to_the_digest_channel_with_its_chart(app, stub):
    response = app.command("digest", user_id=ADMIN)

    assert (response.status, response.body) == (200, "")
    [post] = stub.wait_for("chat.postMessage")
    assert post.body["channel"] == DIGEST_CHANNEL
    assert post.body["text"].startswith("Compute digest ")
    stub.wait_for(UPLOAD_METHOD)
    [completed] = stub.wait_for("files.completeUploadExternal")
    assert completed.body["channel_id"] == DIGEST_CHANNEL
    assert "Posted this week's digest" in _ephemeral_text(stub)


def test_a_second_digest_in_the_same_week_is_refused_and_says_where_the_first_is(app, stub):
    app.command("digest", user_id=ADMIN)
    stub.wait_for(RESPONSE_URL_METHOD)
    app.command("digest", user_id=ADMIN)

    stub.wait_for(RESPONSE_URL_METHOD, count=2)
    app.drain()
    assert len(stub.calls("chat.postMessage")) == 1
    second = stub.calls(RESPONSE_URL_METHOD)[1].body["text"]
    assert "already posted" in second and f"<#{DIGEST_CHANNEL}>" in second


def test_someone_not_an_admin_is_told_who_may_and_that_preview_works(app, stub):
    app.command("digest", user_id="USOMEONE")

    text = _ephemeral_text(stub)
    app.drain()
    assert f"<@{ADMIN}>" in text and "/compute digest preview" in text
    assert stub.calls("chat.postMessage") == []


def test_a_preview_is_shown_to_the_caller_alone_and_claims_nothing(app, stub):
    app.command("digest preview", user_id="USOMEONE", channel_id="C7")

    [preview] = stub.wait_for("chat.postEphemeral")
    app.drain()
    assert (preview.body["channel"], preview.body["user"]) == ("C7", "USOMEONE")
    assert stub.calls("chat.postMessage") == []
    assert app.store.last_digest(DIGEST_CHANNEL) is None


def test_an_unknown_digest_mode_names_the_field_and_the_accepted_forms(app, stub):
    app.command("digest everything", user_id=ADMIN)

    [said] = stub.wait_for(RESPONSE_URL_METHOD)
    shown = json.dumps(said.body["blocks"])
    assert "*digest*" in shown and "`everything`" in shown and "preview" in shown
    app.drain()
    assert stub.calls("chat.postMessage") == []


def test_a_digest_note_opens_as_an_advice_answer_with_its_own_thread(app, stub):
    workload = _a_demo_note_workload(app)
    form = block_action_form(
        OPEN_NOTE_ACTION, json.dumps(workload), DIGEST_CHANNEL, "1.000009", response_url=stub.response_url
    )

    response = app.post(form)

    assert response.status == 200
    [posted] = stub.wait_posted(1)
    assert posted["channel"] == DIGEST_CHANNEL and "thread_ts" not in posted
    record = app.wait_stored(posted["ts"], channel=DIGEST_CHANNEL)
    assert json.loads(record.workload_json)["kind"] == workload["kind"]


def test_a_note_button_with_a_broken_value_says_the_inputs_are_gone(app, stub):
    form = block_action_form(OPEN_NOTE_ACTION, "{not json", "C1", "1.000009", response_url=stub.response_url)

    app.post(form)

    assert "no longer have the inputs" in _ephemeral_text(stub)
    app.drain()
    assert stub.calls("chat.postMessage") == []


def _a_demo_note_workload(app: ServedApp) -> dict[str, object]:
    from bot.digest.compose import compose_digest, iso_week

    settings, now = app.settings, utc_now()
    digest = compose_digest(settings, demo_usage(), week=iso_week(now, settings.digest_zone))
    return digest.notes[0].workload.to_dict()


def test_old_delivery_keys_are_forgotten_and_recent_ones_kept(tmp_path):
    store = Store(make_engine(f"sqlite:///{tmp_path / 'events.db'}"))
    store.migrate()
    assert store.claim_event("old")
    with store._engine.begin() as connection:  # age the first claim past the memory window
        from sqlalchemy import update

        from bot.storage.tables import ProcessedEventRow

        connection.execute(update(ProcessedEventRow).values(claimed_at=utc_now() - timedelta(days=2)))
    assert store.claim_event("new")

    assert prune_old_events(store) == 1
    assert store.claim_event("old")  # forgotten: it can be claimed again
    assert not store.claim_event("new")


def test_one_scheduler_prunes_and_posts_the_digest_and_stops(stub, tmp_path):
    stub_settings = app_settings(stub, f"sqlite:///{tmp_path / 'h.db'}", DIGEST_CHANNEL="C0DIGEST")
    store = Store(make_engine(stub_settings.database_url))
    store.migrate()
    from slack_sdk import WebClient

    from bot.digest import JOB_ID

    scheduler = start_scheduler(stub_settings, WebClient(token="xoxb-unused"), store)
    try:
        assert scheduler.get_job(PRUNE_JOB_ID) is not None
        assert scheduler.get_job(JOB_ID) is not None
    finally:
        scheduler.shutdown(wait=False)
    assert not scheduler.running
