"""The same handlers in Socket Mode: Bolt's socket-mode requests, and a real WebSocket connection."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
from slack_bolt import App, BoltRequest, BoltResponse

from bot.settings import load_settings
from bot.storage import Store
from tests import slack_stub
from tests.bot.slack.app_process import running_app
from tests.bot.slack.slack_app import ADVISE, APP_TOKEN, TOKEN, RecordingStub, build_test_app
from tests.bot.slack.socket_peer import SocketPeer
from tests.golden import assert_golden
from tests.slack_stub import (
    RESPONSE_URL_METHOD,
    block_action_form,
    event_callback,
    message_event,
    slash_command_form,
    view_submission_form,
)


def form_payload(form: str) -> dict[str, Any]:
    """What Socket Mode delivers for a slash command: the form's fields, as a dict."""
    return {name: values[0] for name, values in parse_qs(form, keep_blank_values=True).items()}


def interaction_payload(form: str) -> dict[str, Any]:
    """What Socket Mode delivers for a click or a submission: the payload itself."""
    payload: dict[str, Any] = json.loads(parse_qs(form)["payload"][0])
    return payload


@pytest.fixture
def socket_app(stub: RecordingStub, tmp_path: Path) -> Iterator[tuple[App, Store]]:
    env = {"SLACK_BOT_TOKEN": TOKEN, "SLACK_APP_TOKEN": APP_TOKEN, "SLACK_API_URL": stub.api_url}
    settings = load_settings(env | {"DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}"})
    assert settings.mode == "socket"
    app, store = build_test_app(settings)
    yield app, store
    app.listener_runner.listener_executor.shutdown(wait=True)


def dispatch(app: App, payload: dict[str, Any], retry_num: int | None = None) -> BoltResponse:
    """Hand the app a request as slack_bolt's SocketModeHandler does."""
    headers = {"x-slack-retry-num": str(retry_num)} if retry_num is not None else None
    return app.dispatch(BoltRequest(body=payload, mode="socket_mode", headers=headers))


def test_a_slash_command_is_acked_with_an_empty_payload_then_answered_in_the_channel(socket_app, stub):
    app, _ = socket_app

    response = dispatch(app, form_payload(slash_command_form(ADVISE, response_url=stub.response_url)))

    assert (response.status, response.body) == (200, "")
    [post] = stub.wait_for("chat.postMessage")
    blocks = {"text": post.body["text"], "blocks": post.decoded("blocks")}
    assert_golden("slack/advice_request.json", json.dumps(blocks, indent=2, ensure_ascii=False) + "\n")


def test_bad_input_names_the_field_in_socket_mode_too(socket_app, stub):
    app, _ = socket_app

    dispatch(app, form_payload(slash_command_form("advise 3M requests", response_url=stub.response_url)))

    [reply] = stub.wait_for(RESPONSE_URL_METHOD)
    assert reply.body["blocks"][0]["text"]["text"].startswith(":warning: *duration* is missing.")


def test_a_thread_follow_up_is_answered_once_however_often_it_is_delivered(socket_app, stub):
    app, store = socket_app
    dispatch(app, form_payload(slash_command_form(ADVISE, response_url=stub.response_url)))
    root = stub.wait_posted(1)[0]["ts"]
    _wait_stored(store, root)
    event = json.loads(event_callback(message_event("what if traffic triples?", ts="9.1", thread_ts=root)))
    mention = event | {"event": event["event"] | {"type": "app_mention"}, "event_id": "Ev2"}

    responses = [dispatch(app, event), dispatch(app, event, retry_num=1), dispatch(app, mention)]

    assert [r.status for r in responses] == [200, 200, 200]
    app.listener_runner.listener_executor.shutdown(wait=True)
    assert len(stub.posted) == 2
    assert stub.posted[1]["thread_ts"] == root
    assert "• requests: 3M → 9M" in stub.posted[1]["blocks"][2]["text"]["text"]


def test_a_bad_form_is_refused_in_the_ack_payload(socket_app, stub):
    app, _ = socket_app
    values = {"kind": {"value": {"type": "static_select", "selected_option": {"value": "request-driven"}}}}
    values |= {"memory": {"value": {"type": "plain_text_input", "value": "lots"}}}
    metadata = json.dumps({"channel_id": "C1", "response_url": stub.response_url})

    response = dispatch(app, interaction_payload(view_submission_form("advise_form", values, metadata)))

    assert response.status == 200
    assert json.loads(response.body) == {
        "response_action": "errors",
        "errors": {
            "memory": "memory: got 'lots'; a size such as 1536MB, 1.5GB or 2GiB (a bare number is MB)"
        },
    }


def test_a_button_click_is_served_in_socket_mode(socket_app, stub):
    app, _ = socket_app
    dispatch(app, form_payload(slash_command_form(ADVISE, response_url=stub.response_url)))
    root = stub.wait_posted(1)[0]["ts"]
    _wait_stored(socket_app[1], root)

    response = dispatch(app, interaction_payload(block_action_form("try_arm64", "arm64", "C1", root)))

    assert response.status == 200
    assert stub.wait_posted(2)[1]["thread_ts"] == root


def _wait_stored(store: Store, root: str) -> None:
    import time

    from bot.storage import ThreadKey

    deadline = time.monotonic() + slack_stub.DEFAULT_TIMEOUT_S  # ends as soon as it is stored
    while store.load_thread(ThreadKey("T1", "C1", root)) is None:
        assert time.monotonic() < deadline, "the answer was never stored"
        time.sleep(0.005)


def test_compute_advisor_run_in_socket_mode_answers_over_a_real_websocket(stub, tmp_path, monkeypatch):
    env = {"SLACK_BOT_TOKEN": TOKEN, "SLACK_APP_TOKEN": APP_TOKEN, "SLACK_API_URL": stub.api_url}
    env |= {"DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}"}
    command = form_payload(slash_command_form(ADVISE, response_url=stub.response_url))

    with SocketPeer() as peer:
        monkeypatch.setitem(
            slack_stub._ANSWERS, "apps.connections.open", lambda _s, _c: {"ok": True, "url": peer.url}
        )
        with running_app(env, tmp_path) as process:
            peer.wait_connected(process)
            peer.send("envelope-1", "slash_commands", command, accepts_response_payload=True)

            ack = peer.ack_for("envelope-1")
            [post] = stub.wait_for("chat.postMessage")
        assert process.returncode == 0

    assert ack == {"envelope_id": "envelope-1"}
    [opened] = stub.calls("apps.connections.open")
    assert opened.token == APP_TOKEN
    assert post.token == TOKEN
    assert post.decoded("blocks")[0]["text"]["text"] == "Lambda: $13.67 a month"
