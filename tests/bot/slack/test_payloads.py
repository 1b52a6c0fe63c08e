"""Real-shaped Slack payloads (tests/data/slack, after Slack's reference and bolt-python's fixtures),
signed and sent over HTTP: escaped text, Slack Connect, a reply with a file, buttons under an
earlier answer, a mention that isn't at the start."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from tests.bot.slack.slack_app import RecordingStub, ServedApp, ask
from tests.slack_stub import message_event, new_trigger_id

DATA = Path(__file__).resolve().parents[2] / "data" / "slack"
INSTALLATION = "T1"  # what auth.test says: the workspace the app is installed in


def payload(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((DATA / name).read_text())
    return loaded


def headline(message: dict[str, Any]) -> str:
    return str(message["blocks"][0]["text"]["text"])


def changes(message: dict[str, Any]) -> str:
    return str(message["blocks"][2]["text"]["text"])


def send_command(app: ServedApp, fields: dict[str, Any]) -> None:
    fields = fields | {"response_url": app.stub.response_url, "trigger_id": new_trigger_id()}
    assert app.post(urlencode(fields)).status == 200


def send_event(app: ServedApp, envelope: dict[str, Any]) -> None:
    assert app.post(json.dumps(envelope)).status == 200


def click(app: ServedApp, action_id: str, answer_ts: str, root_ts: str) -> None:
    body = json.dumps(payload("block_actions_connect.json"))
    body = body.replace("ANSWER_TS", answer_ts).replace("ROOT_TS", root_ts).replace("ACTION_ID", action_id)
    clicked = json.loads(body) | {"response_url": app.stub.response_url, "trigger_id": new_trigger_id()}
    assert app.post(urlencode({"payload": json.dumps(clicked)})).status == 200


def test_a_slash_command_with_escaped_ampersands_is_read_as_typed(app, stub):
    send_command(app, payload("slash_command_connect.json"))

    [posted] = stub.wait_posted(1)
    assert headline(posted) == "Lambda: $13.67 a month"
    app.drain()
    assert stub.calls("response_url") == []  # no "couldn't read '&amp;'"


def test_an_escaped_less_than_reaches_the_parser_as_typed(app, stub):
    app.command("advise 3M requests/month, &lt;120ms, 1.5GB")

    [posted] = stub.wait_posted(1)
    assert headline(posted) == "Lambda: $13.67 a month"


def test_a_follow_up_with_an_escaped_ampersand_is_answered(app, stub):
    root = ask(app, stub)

    app.event(message_event("what about arm64 &amp; 2GB?", ts="1800000000.000100", thread_ts=root))

    reply = stub.wait_posted(2)[1]
    assert "• arch: x86_64 → arm64" in changes(reply)
    assert "• memory: 1.5GB → 2GB" in changes(reply)


def test_in_a_slack_connect_channel_the_thread_is_the_installations_so_follow_ups_and_buttons_work(app, stub):
    send_command(app, payload("slash_command_connect.json"))  # a user of the partner's workspace
    [answer] = stub.wait_posted(1)
    root = str(answer["ts"])
    app.wait_stored(root, channel="C0SHARED001")

    reply = json.loads(json.dumps(payload("message_connect_reply.json")).replace("ROOT_TS", root))
    send_event(app, reply)  # the envelope's team_id is the partner's
    follow_up = stub.wait_posted(2)[1]
    app.wait_stored(root, answer_ts=follow_up["ts"], channel="C0SHARED001")
    click(app, "try_arm64", root, root)
    arm = stub.wait_posted(3)[2]

    assert app.store.load_thread(app.thread(root, "C0SHARED001")) is not None
    assert (follow_up["channel"], follow_up["thread_ts"]) == ("C0SHARED001", root)
    assert "• requests: 3M → 9M" in changes(follow_up)
    assert "• arch: x86_64 → arm64" in changes(arm)
    assert "I no longer have the inputs" not in json.dumps([c.body for c in stub.calls("response_url")])


def test_a_reply_with_a_file_attached_is_answered(app, stub):
    root = ask(app, stub)

    reply = json.loads(json.dumps(payload("message_file_share.json")).replace("ROOT_TS", root))
    send_event(app, reply)

    follow_up = stub.wait_posted(2)[1]
    assert follow_up["thread_ts"] == root
    assert "• arch: x86_64 → arm64" in changes(follow_up)


def test_a_button_under_an_earlier_answer_acts_on_that_answer(app, stub):
    root = ask(app, stub)  # 3M requests
    app.event(message_event("what if traffic triples?", ts="1800000000.000100", thread_ts=root))
    later = stub.wait_posted(2)[1]  # 9M requests: the thread's workload now
    app.wait_stored(root, answer_ts=later["ts"])

    app.click("try_arm64", root)  # under the first answer

    arm = stub.wait_posted(3)[2]
    assert arm["thread_ts"] == root
    assert "3M requests/month" in arm["text"]
    assert "9M" not in arm["text"]


def test_edit_inputs_under_an_earlier_answer_fills_the_form_with_that_answer(app, stub):
    root = ask(app, stub)
    app.event(message_event("what if traffic triples?", ts="1800000000.000100", thread_ts=root))
    later = stub.wait_posted(2)[1]
    app.wait_stored(root, answer_ts=later["ts"])

    app.click("edit_inputs", root)

    [opened] = stub.wait_for("views.open")
    assert "3M" in json.dumps(opened.decoded("view")) and "9M" not in json.dumps(opened.decoded("view"))


def test_a_mention_that_does_not_start_the_message_is_answered(app, stub: RecordingStub):
    send_event(app, payload("app_mention_midway.json"))

    [posted] = stub.wait_posted(1)
    assert posted["thread_ts"] == "1515449522.000016"
    assert headline(posted) == "Lambda: $13.67 a month"
