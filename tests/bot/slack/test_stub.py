"""The Slack stand-in answers slack_sdk's real WebClient as Slack would, and records what it got."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from urllib.parse import parse_qs

import pytest
from slack_bolt import Ack, App, BoltRequest, BoltResponse, Respond, Say
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier
from slack_sdk.webhook import WebhookClient

from tests.slack_stub import (
    RESPONSE_URL_METHOD,
    UPLOAD_METHOD,
    SlackStub,
    app_mention_event,
    block_action_form,
    event_callback,
    message_event,
    signed_headers,
    slash_command_form,
    view_submission_form,
)

TOKEN = "xoxb-test-token"
SIGNING_SECRET = "test-signing-secret"
# The smallest valid PNG: a 1x1 transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)


@pytest.fixture
def stub() -> Iterator[SlackStub]:
    with SlackStub() as running:
        yield running


@pytest.fixture
def client(stub: SlackStub) -> WebClient:
    return WebClient(token=TOKEN, base_url=stub.api_url)


def test_the_stub_listens_on_a_port_of_its_own_on_loopback(stub: SlackStub) -> None:
    with SlackStub() as other:
        assert other.api_url != stub.api_url
    assert stub.api_url.startswith("http://127.0.0.1:")
    assert stub.api_url.endswith("/api/")


def test_auth_test_names_the_bot(client: WebClient) -> None:
    answer = client.auth_test()

    assert (answer["user_id"], answer["bot_id"], answer["team_id"]) == ("UBOT", "BBOT", "T1")


def test_a_posted_message_is_recorded_with_its_token_and_blocks(stub: SlackStub, client: WebClient) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*Lambda* wins"}}]

    answer = client.chat_postMessage(channel="C1", text="Lambda wins", blocks=blocks, thread_ts="1.5")

    [call] = stub.wait_for("chat.postMessage")
    assert call.headers["authorization"] == f"Bearer {TOKEN}"
    assert call.token == TOKEN
    assert call.body["channel"] == "C1"
    assert call.decoded("blocks") == blocks
    assert answer["channel"] == "C1"
    assert answer["message"]["thread_ts"] == "1.5"
    assert answer["message"]["blocks"] == blocks


def test_message_timestamps_increase(client: WebClient) -> None:
    first = client.chat_postMessage(channel="C1", text="one")["ts"]
    second = client.chat_postMessage(channel="C1", text="two")["ts"]

    assert float(second) > float(first)


def test_an_update_and_an_ephemeral_message_are_answered_like_slack(
    stub: SlackStub, client: WebClient
) -> None:
    posted = client.chat_postMessage(channel="C1", text="draft")

    updated = client.chat_update(channel="C1", ts=posted["ts"], text="final")
    ephemeral = client.chat_postEphemeral(channel="C1", user="U1", text="only you")

    assert (updated["ts"], updated["text"]) == (posted["ts"], "final")
    assert ephemeral["message_ts"]
    assert [c.method for c in stub.calls()] == [
        "chat.postMessage",
        "chat.update",
        "chat.postEphemeral",
    ]


def test_a_file_upload_goes_through_all_three_steps(stub: SlackStub, client: WebClient) -> None:
    answer = client.files_upload_v2(
        channel="C1", content=PNG, filename="chart.png", title="Monthly cost", thread_ts="1.5"
    )

    [get_url] = stub.calls("files.getUploadURLExternal")
    [upload] = stub.calls(UPLOAD_METHOD)
    [complete] = stub.calls("files.completeUploadExternal")
    assert get_url.body["filename"] == "chart.png"
    assert get_url.body["length"] == str(len(PNG))
    assert list(upload.files.values()) == [PNG]
    assert complete.body["channel_id"] == "C1"
    assert complete.body["thread_ts"] == "1.5"
    assert complete.decoded("files")[0]["title"] == "Monthly cost"
    assert answer["file"]["id"] == next(iter(upload.files))


def test_a_modal_is_opened_with_the_view_it_was_given(stub: SlackStub, client: WebClient) -> None:
    view = {
        "type": "modal",
        "callback_id": "advise",
        "title": {"type": "plain_text", "text": "Advise"},
        "blocks": [],
    }

    answer = client.views_open(trigger_id="1337.42.trigger", view=view)

    [call] = stub.calls("views.open")
    assert call.body["trigger_id"] == "1337.42.trigger"
    assert call.decoded("view") == view
    assert answer["view"]["callback_id"] == "advise"
    assert answer["view"]["id"].startswith("V")


@pytest.mark.parametrize(
    ("method", "arguments", "field"),
    [
        ("views.publish", {"user_id": "U1", "view": {"type": "home", "blocks": []}}, "view"),
        ("views.update", {"view_id": "V1", "view": {"type": "modal", "blocks": []}}, "view"),
        ("conversations.info", {"channel": "C1"}, "channel"),
        ("conversations.join", {"channel": "C1"}, "channel"),
        ("users.info", {"user": "U1"}, "user"),
        ("reactions.add", {"channel": "C1", "timestamp": "1.5", "name": "eyes"}, "ok"),
    ],
)
def test_the_other_methods_the_app_uses_answer_ok(
    stub: SlackStub, client: WebClient, method: str, arguments: dict[str, object], field: str
) -> None:
    answer = client.api_call(method, json=arguments)

    assert answer["ok"] is True
    assert answer[field]
    assert stub.calls(method)[0].body == arguments


def test_a_view_update_keeps_the_id_it_was_given(client: WebClient) -> None:
    answer = client.views_update(view_id="V42", view={"type": "modal", "blocks": []})

    assert answer["view"]["id"] == "V42"


def test_a_method_called_without_a_token_is_not_authed(stub: SlackStub) -> None:
    with pytest.raises(SlackApiError) as caught:
        WebClient(base_url=stub.api_url).chat_postMessage(channel="C1", text="hi")

    assert caught.value.response["error"] == "not_authed"


def test_an_unknown_method_is_refused(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as caught:
        client.api_call("chat.fly")

    assert caught.value.response["error"] == "unknown_method"


def test_a_failure_is_served_once_then_the_method_works_again(stub: SlackStub, client: WebClient) -> None:
    stub.fail_next("chat.postMessage", error="not_in_channel")

    with pytest.raises(SlackApiError) as caught:
        client.chat_postMessage(channel="C1", text="hi")
    assert caught.value.response["error"] == "not_in_channel"
    assert client.chat_postMessage(channel="C1", text="hi")["ok"] is True
    assert len(stub.calls("chat.postMessage")) == 2


def test_a_rate_limit_answers_429_with_retry_after(stub: SlackStub, client: WebClient) -> None:
    stub.rate_limit_next("chat.postMessage", retry_after=7)

    with pytest.raises(SlackApiError) as caught:
        client.chat_postMessage(channel="C1", text="hi")

    assert caught.value.response.status_code == 429
    assert caught.value.response.headers["retry-after"] == "7"


def test_a_client_that_retries_on_rate_limits_gets_through(stub: SlackStub) -> None:
    client = WebClient(
        token=TOKEN, base_url=stub.api_url, retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)]
    )
    stub.rate_limit_next("chat.postMessage", retry_after=0)

    assert client.chat_postMessage(channel="C1", text="hi")["ok"] is True
    assert len(stub.calls("chat.postMessage")) == 2


def test_a_response_url_records_the_json_posted_to_it(stub: SlackStub) -> None:
    url = stub.new_response_url()

    WebhookClient(url).send(text="done", response_type="in_channel", replace_original=False)

    [call] = stub.wait_for(RESPONSE_URL_METHOD)
    assert call.path == url.removeprefix(stub.base_url)
    assert call.body == {"text": "done", "response_type": "in_channel", "replace_original": False}
    assert stub.response_url != url


def test_waiting_for_calls_that_never_come_times_out_naming_what_came(
    stub: SlackStub, client: WebClient
) -> None:
    client.chat_postMessage(channel="C1", text="hi")

    with pytest.raises(TimeoutError, match=r"2 chat.postMessage call\(s\), got 1; seen: \['chat.post"):
        stub.wait_for("chat.postMessage", count=2, timeout=0.05)


def test_signed_headers_pass_slacks_own_verification() -> None:
    body = slash_command_form("advise api 3M requests")
    headers = signed_headers(SIGNING_SECRET, body)

    verifier = SignatureVerifier(SIGNING_SECRET)
    assert verifier.is_valid_request(body, headers)
    assert not SignatureVerifier("another-secret").is_valid_request(body, headers)
    assert not verifier.is_valid_request(body + "&x=1", headers)
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"


def test_an_old_signature_is_refused_as_slack_refuses_a_replay() -> None:
    body = event_callback(app_mention_event("<@UBOT> help"))
    headers = signed_headers(SIGNING_SECRET, body, timestamp=int(time.time()) - 10 * 60)

    assert headers["Content-Type"] == "application/json"
    assert not SignatureVerifier(SIGNING_SECRET).is_valid_request(body, headers)


def test_a_slash_command_form_carries_what_slack_sends() -> None:
    form = parse_qs(
        slash_command_form("prices eu-west-1", user_id="U2", channel_id="C9", response_url="http://r")
    )

    assert form["command"] == ["/compute"]
    assert form["text"] == ["prices eu-west-1"]
    assert (form["user_id"], form["channel_id"], form["team_id"]) == (["U2"], ["C9"], ["T1"])
    assert form["response_url"] == ["http://r"]
    assert form["trigger_id"]


def test_an_event_callback_wraps_the_event_with_its_id() -> None:
    event = message_event("3M a month?", channel="D1", ts="2.0", thread_ts="1.0", channel_type="im")

    envelope = json.loads(event_callback(event, event_id="Ev42"))

    assert (envelope["type"], envelope["event_id"], envelope["team_id"]) == ("event_callback", "Ev42", "T1")
    assert envelope["event"] == event
    assert (event["type"], event["thread_ts"], event["channel_type"]) == ("message", "1.0", "im")


def test_a_block_action_form_carries_the_button_and_its_message() -> None:
    payload = json.loads(
        parse_qs(block_action_form("pick_fargate", "fargate", "C1", "1.5", "U3"))["payload"][0]
    )

    assert payload["type"] == "block_actions"
    assert payload["actions"][0] | {"action_ts": None} == {
        "type": "button",
        "action_id": "pick_fargate",
        "block_id": "actions",
        "value": "fargate",
        "action_ts": None,
    }
    assert payload["container"]["message_ts"] == "1.5"
    assert (payload["channel"]["id"], payload["user"]["id"]) == ("C1", "U3")


def test_a_view_submission_form_carries_the_state_and_metadata() -> None:
    values = {"memory": {"memory_input": {"type": "plain_text_input", "value": "512MB"}}}

    payload = json.loads(parse_qs(view_submission_form("advise", values, '{"thread": "1.5"}'))["payload"][0])

    assert payload["type"] == "view_submission"
    assert payload["view"]["callback_id"] == "advise"
    assert payload["view"]["state"]["values"] == values
    assert payload["view"]["private_metadata"] == '{"thread": "1.5"}'


@pytest.fixture
def bolt_app(stub: SlackStub) -> App:
    app = App(
        signing_secret=SIGNING_SECRET,
        client=WebClient(token=TOKEN, base_url=stub.api_url),
        process_before_response=True,
    )

    @app.command("/compute")
    def compute(ack: Ack, respond: Respond, command: dict[str, str]) -> None:
        ack()
        respond(f"you said {command['text']}")

    @app.event("app_mention")
    def mention(say: Say, event: dict[str, str]) -> None:
        say(text="on it", thread_ts=event.get("thread_ts") or event["ts"])

    @app.action("pick_fargate")
    def pick(ack: Ack, body: dict[str, object]) -> None:
        ack()

    @app.view("advise")
    def submit(ack: Ack, view: dict[str, object]) -> None:
        ack(response_action="clear")

    return app


def dispatch(app: App, body: str) -> BoltResponse:
    return app.dispatch(BoltRequest(body=body, headers=signed_headers(SIGNING_SECRET, body)))


def test_bolt_accepts_a_signed_slash_command_and_replies_to_its_response_url(
    stub: SlackStub, bolt_app: App
) -> None:
    response = dispatch(bolt_app, slash_command_form("help", response_url=stub.response_url))

    assert response.status == 200
    [reply] = stub.wait_for(RESPONSE_URL_METHOD)
    assert reply.body["text"] == "you said help"


def test_bolt_answers_a_signed_mention_in_its_thread(stub: SlackStub, bolt_app: App) -> None:
    body = event_callback(app_mention_event("<@UBOT> help", ts="5.000001", thread_ts="4.000001"))

    assert dispatch(bolt_app, body).status == 200

    [post] = stub.wait_for("chat.postMessage")
    assert (post.body["channel"], post.body["thread_ts"]) == ("C1", "4.000001")


def test_bolt_routes_a_signed_button_click_and_a_modal_submission(bolt_app: App) -> None:
    clicked = dispatch(bolt_app, block_action_form("pick_fargate", "fargate", "C1", "1.5", "U1"))
    submitted = dispatch(bolt_app, view_submission_form("advise", {}, ""))

    assert clicked.status == 200
    assert (submitted.status, json.loads(submitted.body)) == (200, {"response_action": "clear"})


def test_bolt_refuses_a_request_signed_with_another_secret(bolt_app: App) -> None:
    body = slash_command_form("help")
    headers = signed_headers("not-the-secret", body)

    assert bolt_app.dispatch(BoltRequest(body=body, headers=headers)).status == 401
