"""The edge as `compute-advisor run` serves it (granian): an oversized body is refused before it is
sent, hostile input gets 4xx, and with LOG_FORMAT=json every line of the log is one JSON object
that no request can forge."""

from __future__ import annotations

import json
import socket

from bot.slack.edge import MAX_BODY_BYTES
from tests.bot.slack.app_process import output_of, serving_app, wait_healthy
from tests.bot.slack.slack_app import ADVISE, SIGNING_SECRET, TOKEN, http_post
from tests.bot.slack.test_run import http_env
from tests.slack_stub import DEFAULT_TIMEOUT_S, signed_headers, slash_command_form

FORGED = "2026-01-01 00:00:00,000 ERROR compute_advisor.slack: forged"


def first_line(port: int, request: bytes, wait_s: float = DEFAULT_TIMEOUT_S) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=wait_s) as connection:
        connection.sendall(request)
        return connection.recv(65536).split(b"\r\n", 1)[0]


def test_the_served_edge_refuses_hostile_input_and_logs_one_json_object_a_line(stub, tmp_path):
    env = http_env(stub, tmp_path, LOG_LEVEL="DEBUG", LOG_FORMAT="json")
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    with serving_app(env, tmp_path) as (process, port):
        wait_healthy(process, port)
        url = f"http://127.0.0.1:{port}/slack/events"
        huge = first_line(
            port,
            f"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: {100 * MAX_BODY_BYTES}\r\n\r\n".encode()
            + b"x" * 65536,  # of 100 MB that never come: a server reading them all never answers
        )
        forged_body = http_post(url, f"payload=hello\n{FORGED}\n".encode(), form)
        not_utf8 = http_post(url, b"\xff\xfepayload", form)
        bad_stamp = http_post(url, b"payload=hello", form | {"X-Slack-Request-Timestamp": "abc"})
        forged_path = first_line(
            port, b"POST /x%0A" + FORGED.replace(" ", "%20").encode() + b" HTTP/1.1\r\n\r\n"
        )
        body = slash_command_form(ADVISE, response_url=stub.response_url)
        acked = http_post(url, body.encode(), signed_headers(SIGNING_SECRET, body))
        stub.wait_for("chat.postMessage")
    lines = output_of(tmp_path).splitlines()

    assert b" 413 " in huge + b" "
    assert (forged_body.status, not_utf8.status, bad_stamp.status) == (401, 401, 401)
    assert b" 404 " in forged_path + b" "
    assert acked.status == 200
    records = [json.loads(line) for line in lines]  # every line is a JSON object
    assert {"time", "level", "logger", "message"} <= set(records[0])
    assert not [r for r in records if r["message"].startswith(FORGED[:20]) or r["level"] == "ERROR"]
    assert "hello" not in "\n".join(lines)  # no unsigned body is logged
    assert not [r for r in records if "exception" in r]
    assert TOKEN not in "\n".join(lines) and SIGNING_SECRET not in "\n".join(lines)
    assert process.returncode == 0
