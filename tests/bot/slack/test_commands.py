"""`/compute` over HTTP, exactly as Slack sends it: signed form posts to the served app."""

from __future__ import annotations

import json
import logging
import time

import pytest

from tests.bot.slack.slack_app import ADVISE, SIGNING_SECRET
from tests.golden import assert_golden
from tests.slack_stub import RESPONSE_URL_METHOD, slash_command_form

SLACK_MAX_AGE_S = 5 * 60  # Slack's and Bolt's limit on a request's timestamp


def golden_blocks(name: str, blocks: object) -> None:
    assert_golden(f"slack/{name}.json", json.dumps(blocks, indent=2, ensure_ascii=False) + "\n")


def test_advise_is_acked_at_once_with_an_empty_body_then_answered_in_the_channel(app, stub):
    response = app.command(ADVISE)

    assert (response.status, response.body) == (200, "")
    [post] = stub.wait_for("chat.postMessage")
    assert post.body["channel"] == "C1"
    assert "thread_ts" not in post.body
    blocks = post.decoded("blocks")
    golden_blocks("advice_request", {"text": post.body["text"], "blocks": blocks})
    assert post.token == "xoxb-test-token-0123456789"


def test_the_answer_remembers_its_workload_under_the_answers_ts(app, stub):
    app.command(ADVISE)

    [posted] = stub.wait_posted(1)
    app.drain()
    record = app.store.load_thread(app.thread(posted["ts"]))
    assert record is not None
    assert record.answer_ts == posted["ts"]
    assert json.loads(record.workload_json)["monthly_requests"] == "3000000"


def test_bad_input_gets_an_ephemeral_answer_naming_the_field_and_what_is_accepted(app, stub):
    response = app.command("advise 3M requests/month, 120ms avg, memory=3XB")

    assert (response.status, response.body) == (200, "")
    [reply] = stub.wait_for(RESPONSE_URL_METHOD)
    assert reply.body["response_type"] == "ephemeral"
    said = reply.body["blocks"][0]["text"]["text"]
    assert said.startswith(":warning: I couldn't use *memory*: got `3xb`")
    assert "*Accepted:* " in said
    app.drain()
    assert stub.calls("chat.postMessage") == []


def test_a_missing_input_is_named_too(app, stub):
    app.command("advise 3M requests/month, 1.5GB")

    [reply] = stub.wait_for(RESPONSE_URL_METHOD)
    assert reply.body["blocks"][0]["text"]["text"].startswith(":warning: *duration* is missing.")


def test_an_unknown_region_is_named_with_the_closest_ones(app, stub):
    app.command("advise 3M requests/month, 120ms, 1.5GB in eu-wst-1")

    [reply] = stub.wait_for(RESPONSE_URL_METHOD)
    said = reply.body["blocks"][0]["text"]["text"]
    assert "*region*: got `eu-wst-1`" in said
    assert "eu-west-1" in said


def test_help_and_an_empty_command_answer_only_the_asker(app, stub):
    app.command("help")
    app.command("")

    replies = stub.wait_for(RESPONSE_URL_METHOD, count=2)
    assert [r.body["response_type"] for r in replies] == ["ephemeral", "ephemeral"]
    assert all(r.body["text"] == "compute-advisor help" for r in replies)


def test_prices_show_a_regions_unit_prices_and_default_to_us_east_1(app, stub):
    app.command("prices eu-west-1")
    [reply] = stub.wait_for(RESPONSE_URL_METHOD)
    assert reply.body["text"] == "Unit prices in eu-west-1 (EU (Ireland)):"

    app.command("prices")
    replies = stub.wait_for(RESPONSE_URL_METHOD, count=2)
    assert replies[1].body["text"].startswith("Unit prices in us-east-1")


def test_prices_for_an_unknown_region_name_it(app, stub):
    app.command("prices mars-north-1")

    [reply] = stub.wait_for(RESPONSE_URL_METHOD)
    assert "*region*: got `mars-north-1`" in reply.body["blocks"][0]["text"]["text"]


def test_an_unknown_subcommand_gets_the_list_of_commands(app, stub):
    app.command("frobnicate now")

    [reply] = stub.wait_for(RESPONSE_URL_METHOD)
    assert reply.body["text"].startswith(":thinking_face: `/compute frobnicate` isn't a command I know.")
    assert "`advise`, `help`, `prices`, `digest`" in reply.body["text"]


def test_a_near_miss_of_a_subcommand_gets_did_you_mean(app, stub):
    app.command("advize 3M requests/month, 120ms")

    [reply] = stub.wait_for(RESPONSE_URL_METHOD)
    assert "`/compute advize` isn't a command I know. Did you mean `advise`?" in reply.body["text"]


def test_advise_with_nothing_after_it_opens_the_form_with_defaults(app, stub):
    response = app.command("advise", trigger_id="42.42.trigger")

    assert (response.status, response.body) == (200, "")
    [opened] = stub.wait_for("views.open")
    assert opened.body["trigger_id"] == "42.42.trigger"
    view = opened.decoded("view")
    golden_blocks("form_defaults", view | {"private_metadata": ""})
    assert json.loads(view["private_metadata"]) == {"channel_id": "C1", "response_url": stub.response_url}


@pytest.mark.parametrize("error", ["not_in_channel", "channel_not_found"])
def test_where_the_bot_is_not_a_member_it_answers_the_asker_and_says_how_to_invite_it(app, stub, error):
    stub.fail_next("chat.postMessage", error)

    app.command(ADVISE)

    [reply] = stub.wait_for(RESPONSE_URL_METHOD)
    assert reply.body["response_type"] == "ephemeral"
    assert reply.body["blocks"][0]["text"]["text"] == "Lambda: $13.67 a month"
    assert "`/invite @compute`" in reply.body["blocks"][-1]["text"]["text"]
    assert all(block["type"] != "actions" for block in reply.body["blocks"])


def test_a_failure_on_the_bots_side_gets_an_apology_and_a_log_line_never_a_traceback(app, stub, caplog):
    stub.fail_next("chat.postMessage", "internal_error")

    with caplog.at_level(logging.ERROR, logger="compute_advisor.slack"):
        app.command(ADVISE)
        [reply] = stub.wait_for(RESPONSE_URL_METHOD)
        app.drain()

    assert reply.body["text"].startswith(":face_with_head_bandage: Sorry, something went wrong on my side")
    assert "Traceback" not in json.dumps(reply.body)
    assert "internal_error" not in json.dumps(reply.body)
    [record] = [r for r in caplog.records if r.name == "compute_advisor.slack"]
    assert record.getMessage() == "/compute command failed"
    assert record.exc_info is not None


def test_a_request_signed_with_another_secret_is_refused_with_401(app, stub):
    response = app.post(slash_command_form(ADVISE), secret="not-the-signing-secret")

    assert response.status == 401
    app.drain()
    assert stub.calls("chat.postMessage") == []


def test_a_replayed_request_older_than_five_minutes_is_refused_with_401(app):
    from tests.bot.slack.slack_app import http_post
    from tests.slack_stub import signed_headers

    body = slash_command_form(ADVISE)
    stale = int(time.time()) - SLACK_MAX_AGE_S - 60

    response = http_post(
        app.url + "/slack/events", body.encode(), signed_headers(SIGNING_SECRET, body, stale)
    )

    assert response.status == 401


def test_the_health_probe_answers_without_a_signature(app):
    from urllib.request import urlopen

    with urlopen(app.url + "/health", timeout=10) as reply:
        assert (reply.status, reply.read()) == (200, b"ok\n")
