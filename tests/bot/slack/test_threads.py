"""Follow-ups in an answer's thread, over HTTP as the Events API delivers them."""

from __future__ import annotations

import json

import pytest

from tests.bot.slack.slack_app import ADVISE, ServedApp, ask, served_app
from tests.golden import assert_golden
from tests.slack_stub import app_mention_event, message_event

REPLY_TS = "1800000000.000100"


def stored_requests(app: ServedApp, root: str) -> str:
    record = app.store.load_thread(app.thread(root))
    assert record is not None
    return str(json.loads(record.workload_json)["monthly_requests"])


def test_a_reply_in_an_answers_thread_is_answered_there_with_what_changed(app, stub):
    root = ask(app, stub)

    response = app.event(message_event("what if traffic triples?", ts=REPLY_TS, thread_ts=root), "Ev1")

    assert (response.status, response.body) == (200, "")
    reply = stub.wait_posted(2)[1]
    assert (reply["channel"], reply["thread_ts"]) == ("C1", root)
    assert_golden(
        "slack/thread_followup_traffic.json",
        json.dumps({"text": reply["text"], "blocks": reply["blocks"]}, indent=2, ensure_ascii=False) + "\n",
    )
    assert "• requests: 3M → 9M" in reply["blocks"][2]["text"]["text"]


def test_the_thread_now_holds_the_changed_workload_so_follow_ups_build_on_each_other(app, stub):
    root = ask(app, stub)

    app.event(message_event("what if traffic triples?", ts="1800000000.000100", thread_ts=root), "Ev1")
    app.wait_stored(root, answer_ts=stub.wait_posted(2)[1]["ts"])
    app.event(message_event("double it", ts="1800000000.000200", thread_ts=root), "Ev2")

    third = stub.wait_posted(3)[2]
    assert "• requests: 9M → 18M" in third["blocks"][2]["text"]["text"]
    app.drain()
    assert stored_requests(app, root) == "18000000"


def test_a_mention_in_the_thread_is_answered_the_same_way(app, stub):
    root = ask(app, stub)

    app.event(app_mention_event("<@UBOT> arm64?", ts=REPLY_TS, thread_ts=root), "Ev1")

    reply = stub.wait_posted(2)[1]
    assert reply["thread_ts"] == root
    assert "• arch: x86_64 → arm64" in reply["blocks"][2]["text"]["text"]


def test_a_retried_delivery_is_answered_once(app, stub):
    root = ask(app, stub)
    event = message_event("what if traffic triples?", ts=REPLY_TS, thread_ts=root)

    first = app.event(event, "Ev1")
    retried = [app.event(event, "Ev1", retry_num=n) for n in (1, 2)]

    assert [r.status for r in (first, *retried)] == [200, 200, 200]
    app.drain()
    assert len(stub.posted) == 2


@pytest.mark.parametrize("order", ["mention first", "message first"])
def test_a_mention_delivered_as_app_mention_and_as_message_is_answered_once(app, stub, order):
    root = ask(app, stub)
    text = "<@UBOT> what if traffic triples?"
    deliveries = [
        (app_mention_event(text, ts=REPLY_TS, thread_ts=root), "Ev-mention"),
        (message_event(text, ts=REPLY_TS, thread_ts=root), "Ev-message"),
    ]
    if order == "message first":
        deliveries.reverse()

    for event, event_id in deliveries:
        assert app.event(event, event_id).status == 200

    app.drain()
    assert len(stub.posted) == 2
    assert stub.posted[1]["thread_ts"] == root


def test_messages_from_bots_are_ignored_even_in_an_answers_thread(app, stub):
    root = ask(app, stub)
    other_bot = message_event("what if traffic triples?", ts=REPLY_TS, thread_ts=root) | {"bot_id": "B0THER"}
    itself = message_event("what if traffic triples?", user="UBOT", ts="1800000000.000200", thread_ts=root)

    app.event(other_bot, "Ev1")
    app.event(itself | {"bot_id": "BBOT"}, "Ev2")

    app.drain()
    assert len(stub.posted) == 1


def test_edits_and_other_message_subtypes_are_ignored(app, stub):
    root = ask(app, stub)
    edited = message_event("arm64?", ts=REPLY_TS, thread_ts=root) | {"subtype": "message_changed"}

    app.event(edited, "Ev1")

    app.drain()
    assert len(stub.posted) == 1


def test_messages_outside_an_answers_thread_are_left_alone(app, stub):
    app.event(message_event("what if traffic triples?", ts="1800000000.000100"), "Ev1")
    app.event(message_event("arm64?", ts="1800000000.000200", thread_ts="1799999999.000001"), "Ev2")

    app.drain()
    assert stub.posted == []


def test_a_mention_outside_a_thread_starts_one_that_follow_ups_continue(app, stub):
    mention = app_mention_event("<@UBOT> " + ADVISE, ts="1800000000.000100")
    app.event(mention, "Ev1")
    first = stub.wait_posted(1)[0]
    assert first["thread_ts"] == "1800000000.000100"
    assert first["text"].startswith("Lambda: $13.67 a month")
    app.wait_stored("1800000000.000100")

    app.event(message_event("arm64?", ts="1800000000.000200", thread_ts="1800000000.000100"), "Ev2")

    second = stub.wait_posted(2)[1]
    assert second["thread_ts"] == "1800000000.000100"
    assert second["text"].startswith("Lambda: $11.87 a month")


def test_a_direct_message_is_answered_without_a_mention(app, stub):
    dm = message_event(ADVISE, channel="D1", ts="1800000000.000100", channel_type="im")

    app.event(dm, "Ev1")

    [reply] = stub.wait_posted(1)
    assert (reply["channel"], reply["thread_ts"]) == ("D1", "1800000000.000100")


def test_a_follow_up_that_cant_be_read_says_why_in_the_thread_and_keeps_the_workload(app, stub):
    root = ask(app, stub)

    app.event(message_event("make it purple", ts=REPLY_TS, thread_ts=root), "Ev1")

    reply = stub.wait_posted(2)[1]
    assert reply["thread_ts"] == root
    assert reply["blocks"][0]["text"]["text"].startswith(":warning: follow-up: couldn't read 'purple'")
    app.drain()
    assert stored_requests(app, root) == "3000000"


def test_a_mention_with_nothing_to_follow_up_says_how_to_start(app, stub):
    app.event(app_mention_event("<@UBOT> what about arm64?", ts="1800000000.000100"), "Ev1")

    [reply] = stub.wait_posted(1)
    assert "Start with `advise &lt;workload&gt;`" in reply["blocks"][0]["text"]["text"]


def test_a_restart_loses_nothing_the_thread_is_answered_from_the_database(database_url, stub):
    with served_app(stub, database_url) as before:
        root = ask(before, stub)
        before.drain()

    with served_app(stub, database_url) as after:
        after.event(message_event("what if traffic triples?", ts=REPLY_TS, thread_ts=root), "Ev1")
        reply = stub.wait_posted(2)[1]
        after.drain()
        assert stored_requests(after, root) == "9000000"

    assert reply["thread_ts"] == root
    assert "• requests: 3M → 9M" in reply["blocks"][2]["text"]["text"]


def test_a_delivery_already_answered_before_a_restart_is_not_answered_again(database_url, stub):
    with served_app(stub, database_url) as before:
        root = ask(before, stub)
        event = message_event("what if traffic triples?", ts=REPLY_TS, thread_ts=root)
        before.event(event, "Ev1")
        stub.wait_posted(2)
        before.drain()

    with served_app(stub, database_url) as after:
        after.event(event, "Ev1", retry_num=1)
        after.drain()

    assert len(stub.posted) == 2


def test_a_failure_answering_in_a_thread_gets_an_apology_there_and_a_log_line(app, stub, caplog):
    root = ask(app, stub)
    stub.fail_next("chat.postMessage", "internal_error")

    with caplog.at_level("ERROR", logger="compute_advisor.slack"):
        app.event(message_event("arm64?", ts=REPLY_TS, thread_ts=root), "Ev1")
        apology = stub.wait_posted(2)[1]
        app.drain()

    assert apology["thread_ts"] == root
    assert apology["text"].startswith(":face_with_head_bandage: Sorry, something went wrong on my side")
    assert [r.getMessage() for r in caplog.records if r.name == "compute_advisor.slack"] == [
        "message event failed"
    ]


def test_a_malformed_delivery_is_logged_and_not_answered(app, stub, caplog):
    with caplog.at_level("ERROR", logger="compute_advisor.slack"):
        response = app.event({"type": "message", "subtype": "message_deleted", "hidden": True}, "Ev1")
        app.drain()

    assert response.status == 200
    assert stub.calls("chat.postMessage") == []
    assert [r.getMessage() for r in caplog.records if r.name == "compute_advisor.slack"] == [
        "message event failed"
    ]


@pytest.mark.parametrize(
    "text", ["what if traffic triples &amp; arm64?", "traffic x3 &amp; arm64", "트래픽 3배, arm64로"]
)
def test_a_follow_up_with_several_changes_applies_them_all_and_says_each(app, stub, text):
    root = ask(app, stub)

    app.event(message_event(text, ts=REPLY_TS, thread_ts=root), "Ev1")

    reply = stub.wait_posted(2)[1]
    said = reply["blocks"][2]["text"]["text"]
    assert "• requests: 3M → 9M" in said
    assert "• arch: x86_64 → arm64" in said
    app.wait_stored(root, answer_ts=reply["ts"])
    app.drain()
    record = app.store.load_thread(app.thread(root))
    assert record is not None
    stored = json.loads(record.workload_json)
    assert (stored["monthly_requests"], stored["arch"]) == ("9000000", "arm64")


def test_a_part_of_a_follow_up_that_cant_be_read_is_named_and_nothing_changes(app, stub):
    root = ask(app, stub)

    app.event(message_event("traffic x3 &amp; make it purple", ts=REPLY_TS, thread_ts=root), "Ev1")

    reply = stub.wait_posted(2)[1]
    assert reply["blocks"][0]["text"]["text"].startswith(
        ":warning: follow-up: couldn't read 'purple' in 'make it purple', so nothing changed"
    )
    app.drain()
    assert stored_requests(app, root) == "3000000"
