"""The HTTP edge over real HTTP: size, then signature and timestamp, then shape, before Bolt parses
anything; never a 5xx, never a traceback, never an unsigned body in the log."""

from __future__ import annotations

import json
import logging
import socket
import time
from urllib.parse import urlencode

import pytest

from bot.slack.edge import MAX_BODY_BYTES
from tests.bot.slack.slack_app import ADVISE, SIGNING_SECRET, ServedApp, http_post
from tests.slack_stub import event_callback, message_event, signed_headers, slash_command_form

FORGED = "2026-01-01 00:00:00,000 ERROR compute_advisor.slack: forged line"


def post(app: ServedApp, body: bytes, headers: dict[str, str]):
    return http_post(app.url + "/slack/events", body, headers)


def unsigned(content_type: str = "application/x-www-form-urlencoded", **extra: str) -> dict[str, str]:
    return {"Content-Type": content_type} | extra


def signed(body: str, content_type: str | None = None) -> dict[str, str]:
    return signed_headers(SIGNING_SECRET, body, content_type=content_type)


def raw_exchange(app: ServedApp, head: bytes, body: bytes = b"", wait_s: float = 5) -> bytes:
    """Send bytes on a socket of our own and read what comes back until the server closes."""
    host, port = app.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=wait_s) as connection:
        connection.sendall(head + body)
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_a_body_over_the_limit_gets_413_before_it_is_sent(app):
    head = (
        f"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: {100 * MAX_BODY_BYTES}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n\r\n"
    ).encode()
    started = time.monotonic()

    answer = raw_exchange(app, head, b"payload=" + b"x" * 1000)  # and the other 100 MB never come

    assert answer.startswith(b"HTTP/1.0 413") or answer.startswith(b"HTTP/1.1 413")
    assert time.monotonic() - started < 5


def test_a_signed_body_just_over_the_limit_is_413_and_one_at_it_is_read(app, stub):
    base = slash_command_form(ADVISE, response_url=stub.response_url) + "&pad="
    at_limit = base + "x" * (MAX_BODY_BYTES - len(base))
    over = at_limit + "x"

    # The edge decides from Content-Length and closes without reading the body, so a client still
    # sending a megabyte may see its connection reset (a broken pipe) before it reads the 413: send the
    # head and a first slice only, as the first test does, and read the answer.
    head = "".join(
        [f"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: {len(over)}\r\nConnection: close\r\n"]
        + [f"{name}: {value}\r\n" for name, value in signed(over).items()]
        + ["\r\n"]
    ).encode()
    assert raw_exchange(app, head, over[:1000].encode()).split(b" ", 2)[1] == b"413"
    assert post(app, at_limit.encode(), signed(at_limit)).status == 200


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        (b"payload=hello", unsigned()),
        (b"[1]", unsigned("application/json")),
        (b'{"type": "event_callback", "event": {', unsigned("application/json")),
        (b"\xff\xfe\x00payload", unsigned()),
        (b"payload=hello", unsigned(**{"X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=00"})),
        (b"payload=hello", unsigned(**{"X-Slack-Request-Timestamp": "9" * 40, "X-Slack-Signature": "v0=0"})),
        (FORGED.join(["payload=", "\n"]).encode(), unsigned()),
    ],
    ids=["form", "json-list", "truncated-json", "not-utf8", "timestamp-abc", "timestamp-huge", "forged-line"],
)
def test_unsigned_input_gets_401_and_its_body_is_never_logged(app, stub, caplog, body, headers):
    caplog.set_level(logging.DEBUG)

    response = post(app, body, headers)

    assert response.status == 401
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "payload" not in logged and "hello" not in logged and "forged" not in logged
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR or record.exc_info]
    app.drain()
    assert stub.calls("chat.postMessage") == []


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("payload=hello", None),
        ("payload=%5B1%5D", None),
        ("payload=%7B%22actions%22%3A%5B%5D%7D", None),
        ("[1]", "application/json"),
        ('{"type": "event_callback", "event": {', "application/json"),
        ('{"event": {}}', "application/json"),
        ("text=advise&user_id=U1", None),
        ("a=%zz&&=", None),
        ("command=/compute", "text/plain"),
    ],
    ids=[
        "payload-not-json",
        "payload-a-list",
        "payload-without-type",
        "json-list",
        "truncated-json",
        "json-without-type",
        "form-without-command",
        "malformed-form",
        "text-plain",
    ],
)
def test_malformed_signed_input_gets_400_and_no_traceback(app, caplog, body, content_type):
    caplog.set_level(logging.DEBUG)

    response = post(app, body.encode(), signed(body, content_type))

    assert response.status == 400
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR or record.exc_info]


def test_without_content_length_it_is_411(app):
    head = (
        b"POST /slack/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    )

    answer = raw_exchange(app, head, b"5\r\nhello\r\n0\r\n\r\n")

    assert b" 411 " in answer.split(b"\r\n", 1)[0]


def test_other_paths_and_methods_are_refused_without_a_5xx(app):
    assert http_post(app.url + "/other", b"x=1", unsigned()).status == 404
    head = b"GET /slack/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    assert b" 405 " in raw_exchange(app, head).split(b"\r\n", 1)[0]


def test_a_forged_line_in_a_requested_path_stays_inside_its_log_line(app, caplog):
    caplog.set_level(logging.INFO)
    head = b"POST /slack/events%0A" + FORGED.replace(" ", "%20").encode() + b" HTTP/1.1\r\nHost: x\r\n"
    head += b"Content-Length: 0\r\nConnection: close\r\n\r\n"

    raw_exchange(app, head)

    [refusal] = [record for record in caplog.records if record.name == "compute_advisor.slack.edge"]
    from bot.logs import RedactingFormatter

    line = RedactingFormatter([]).format(refusal)
    assert "\n" not in line and "\\n2026-01-01" in line


def test_a_slash_command_replayed_with_the_same_trigger_id_is_answered_once(app, stub):
    body = slash_command_form(ADVISE, response_url=stub.response_url)

    first = post(app, body.encode(), signed(body))
    stub.wait_posted(1)
    time.sleep(1.1)  # Slack's timestamp moves on; the replay is signed afresh
    again = post(app, body.encode(), signed(body))
    app.drain()

    assert (first.status, again.status) == (200, 200)
    assert len(stub.calls("chat.postMessage")) == 1


def test_a_url_verification_is_answered_with_its_challenge(app):
    body = json.dumps(
        {
            "token": "t",
            "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
            "type": "url_verification",
        }
    )

    response = post(app, body.encode(), signed(body))

    assert response.status == 200
    assert "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" in response.body


def test_an_ssl_check_is_acknowledged(app):
    body = urlencode({"ssl_check": "1", "token": "t"})

    assert post(app, body.encode(), signed(body)).status == 200


def test_an_event_the_app_has_no_listener_for_is_not_a_5xx(app):
    body = event_callback(message_event("hi") | {"type": "reaction_added"})

    assert post(app, body.encode(), signed(body)).status < 500
