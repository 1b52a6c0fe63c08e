"""The kept-alive Web API client: one connection for many calls, a stale one replaced without
sending a call twice, and Slack's errors and rate limits handled as slack_sdk handles them."""

from __future__ import annotations

import json
import pickle
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.slack.slack_http import KeepAliveWebClient

OK = {"ok": True, "channel": "C1", "ts": "1.000001"}
Reply = tuple[int, dict[str, object], dict[str, str]]


@contextmanager
def slack_like(
    replies: Callable[[int], Reply], *, close_after: bool = False
) -> Iterator[list[tuple[int, str]]]:
    """A Web API double on a free port; yields (client port, path) per request it received.
    `close_after` drops each connection after its response without saying so, as an idle timeout does."""
    seen: list[tuple[int, str]] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            seen.append((self.client_address[1], self.path))
            status, body, headers = replies(len(seen))
            raw = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(raw)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(raw)
            self.close_connection = close_after

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        seen.append((server.server_port, "(server port)"))
        yield seen
    finally:
        server.shutdown()
        server.server_close()


def client_for(seen: list[tuple[int, str]], **options: object) -> KeepAliveWebClient:
    port = seen.pop(0)[0]
    return KeepAliveWebClient(token="xoxb-test", base_url=f"http://127.0.0.1:{port}/api/", **options)  # type: ignore[arg-type]


def test_calls_from_one_thread_share_one_connection():
    with slack_like(lambda _: (200, OK, {})) as seen:
        client = client_for(seen)
        for _ in range(3):
            assert client.chat_postMessage(channel="C1", text="hi")["ok"]

    assert [path for _, path in seen] == ["/api/chat.postMessage"] * 3
    assert len({port for port, _ in seen}) == 1


def test_the_stock_client_opens_a_connection_for_every_call_which_is_why_this_exists():
    with slack_like(lambda _: (200, OK, {})) as seen:
        port = seen.pop(0)[0]
        stock = WebClient(token="xoxb-test", base_url=f"http://127.0.0.1:{port}/api/")
        for _ in range(3):
            stock.chat_postMessage(channel="C1", text="hi")

    assert len({port for port, _ in seen}) == 3


def test_a_connection_the_server_dropped_is_replaced_and_no_call_is_sent_twice():
    with slack_like(lambda _: (200, OK, {}), close_after=True) as seen:
        client = client_for(seen)
        for _ in range(3):
            assert client.chat_postMessage(channel="C1", text="hi")["ok"]

    assert len(seen) == 3  # each call reached the server exactly once
    assert len({port for port, _ in seen}) == 3


def test_slack_errors_are_raised_as_slack_sdk_raises_them():
    refusal = {"ok": False, "error": "not_in_channel"}
    with slack_like(lambda _: (200, refusal, {})) as seen:
        client = client_for(seen)
        with pytest.raises(SlackApiError) as raised:
            client.chat_postMessage(channel="C1", text="hi")

    assert raised.value.response["error"] == "not_in_channel"


def test_an_http_error_status_is_an_error_as_with_urllib():
    with slack_like(lambda _: (500, {"ok": False, "error": "fatal_error"}, {})) as seen:
        client = client_for(seen)
        with pytest.raises(SlackApiError) as raised:
            client.chat_postMessage(channel="C1", text="hi")

    assert raised.value.response.status_code == 500


def test_a_rate_limit_is_waited_out_and_retried_by_slack_sdks_handler():
    def replies(number: int) -> Reply:
        if number == 1:
            return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "0"}
        return 200, OK, {}

    with slack_like(replies) as seen:
        client = client_for(seen, retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)])
        assert client.chat_postMessage(channel="C1", text="hi")["ok"]

    assert len(seen) == 2


def test_a_pickled_client_works_with_connections_of_its_own():
    with slack_like(lambda _: (200, OK, {})) as seen:
        client = client_for(seen)
        client.chat_postMessage(channel="C1", text="before")
        copy = pickle.loads(pickle.dumps(client))
        assert copy.chat_postMessage(channel="C1", text="after")["ok"]

    assert len({port for port, _ in seen}) == 2  # the copy did not borrow the original's connection
