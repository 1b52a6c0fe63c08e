"""The Slack app as Slack sees it: served over HTTP on a free port, talking to the Web API stand-in.

    with SlackStub() as stub, served_app(stub, database_url) as app:
        response = app.command("advise 3M requests/month, 120ms, 1.5GB")
        [post] = stub.wait_for("chat.postMessage")

`served_app` builds the real app (`bot.slack.app.build_app`) behind the real WSGI entry point and
its edge (`bot.slack.edge.slack_wsgi`) and serves it with wsgiref in a thread; requests are signed
as Slack signs them. `app.drain()` waits until every answer already started has been given, so a
test can then check that something was *not* posted.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App

from bot.digest.compose import UsageSource, aws_usage
from bot.prices import bundled_catalog
from bot.settings import Settings, load_settings
from bot.slack.app import build_app, listener_pool
from bot.slack.edge import EVENTS_PATH, slack_wsgi
from bot.slack.listeners import Services
from bot.storage import Store, ThreadKey, ThreadRecord, make_engine
from bot.storage.engine import SQLITE_BUSY_TIMEOUT_MS
from tests.slack_stub import (
    DEFAULT_TIMEOUT_S,
    SlackStub,
    block_action_form,
    event_callback,
    signed_headers,
    slash_command_form,
    view_submission_form,
)

TOKEN = "xoxb-test-token-0123456789"
SIGNING_SECRET = "test-signing-secret-0123456789"
APP_TOKEN = "xapp-1-test-app-token-0123456789"
WAIT_S = DEFAULT_TIMEOUT_S  # a bound on waits that end as soon as their condition holds
POLL_S = 0.005
ADVISE = "advise 3M requests/month, 120ms avg, 1.5GB"


@dataclass(frozen=True)
class Response:
    """What the app answered Slack's request with."""

    status: int
    body: str
    headers: Mapping[str, str]

    def json(self) -> Any:
        return json.loads(self.body)


class RecordingStub(SlackStub):
    """The stand-in, also keeping what it answered to each chat.postMessage (so tests know the ts)."""

    def __init__(self) -> None:
        super().__init__()
        self.posted: list[dict[str, Any]] = []
        self._posted_changed = threading.Condition()
        # called with each message posted, before Slack's answer goes back to the app
        self.on_posted: Callable[[dict[str, Any]], None] | None = None

    def handle(self, path: str, headers: Mapping[str, str], raw: bytes) -> Any:
        reply = super().handle(path, headers, raw)
        if path.rstrip("/").endswith("/chat.postMessage") and reply.status == 200:
            answer = json.loads(reply.body)
            if answer.get("ok"):
                message = answer["message"] | {"channel": answer["channel"]}
                if self.on_posted is not None:
                    self.on_posted(message)
                with self._posted_changed:
                    self.posted.append(message)
                    self._posted_changed.notify_all()
        return reply

    def wait_posted(self, count: int = 1) -> list[dict[str, Any]]:
        """The first `count` messages posted, once there are that many (bounded wait)."""
        with self._posted_changed:
            if not self._posted_changed.wait_for(lambda: len(self.posted) >= count, WAIT_S):
                raise TimeoutError(f"waited for {count} posted message(s), got {len(self.posted)}")
            return list(self.posted)


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """The tests read responses, not access logs."""


@dataclass
class ServedApp:
    """A running app: its URL, its database, and Slack's requests to it."""

    app: App
    store: Store
    settings: Settings
    url: str
    stub: SlackStub
    pool: ThreadPoolExecutor
    sent: list[str] = field(default_factory=list)

    def post(self, body: str, *, retry_num: int | None = None, secret: str = SIGNING_SECRET) -> Response:
        """POST `body` to /slack/events, signed with `secret`, as Slack does."""
        headers = signed_headers(secret, body)
        if retry_num is not None:
            headers |= {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        return http_post(self.url + EVENTS_PATH, body.encode(), headers)

    def command(self, text: str, **fields: str) -> Response:
        """`/compute <text>`; its response_url is the stub's unless given."""
        return self.post(slash_command_form(text, **({"response_url": self.stub.response_url} | fields)))

    def event(
        self, event: Mapping[str, Any], event_id: str = "Ev0001", retry_num: int | None = None
    ) -> Response:
        """One Events API delivery of `event`."""
        return self.post(event_callback(event, event_id), retry_num=retry_num)

    def click(self, action_id: str, message_ts: str, *, thread_ts: str | None = None) -> Response:
        """A click on a button of the answer posted as `message_ts`."""
        form = block_action_form(action_id, action_id, "C1", message_ts, response_url=self.stub.response_url)
        if thread_ts is not None:
            form = _with_thread(form, thread_ts)
        return self.post(form)

    def submit(self, values: Mapping[str, Any], metadata: str) -> Response:
        """Submit the advise form with these state values."""
        return self.post(view_submission_form("advise_form", values, metadata))

    def thread(self, ts: str, channel: str = "C1") -> ThreadKey:
        return ThreadKey("T1", channel, ts)

    def wait_stored(self, root: str, answer_ts: str | None = None, channel: str = "C1") -> ThreadRecord:
        """The thread `root` once it is stored (and its latest answer is `answer_ts`): a bounded poll.

        The app stores a thread just after Slack gives it the answer's ts, so a test that acts on
        the thread straight after seeing the post waits for this first, as no person could be faster.
        """
        deadline = time.monotonic() + WAIT_S
        while True:
            record = self.store.load_thread(self.thread(root, channel))
            if record is not None and answer_ts in (None, record.answer_ts):
                return record
            if time.monotonic() > deadline:
                raise TimeoutError(f"thread {root} was not stored with answer {answer_ts}")
            time.sleep(POLL_S)

    def drain(self) -> None:
        """Wait for every answer already started; the app takes no more work after this."""
        self.pool.shutdown(wait=True)


def ask(app: ServedApp, stub: RecordingStub, text: str = ADVISE) -> str:
    """Post an answer with `/compute <text>`; its ts, once it is stored."""
    app.command(text)
    ts = str(stub.wait_posted(1)[0]["ts"])
    app.wait_stored(ts)
    return ts


def _with_thread(form: str, thread_ts: str) -> str:
    from urllib.parse import parse_qs, urlencode

    payload = json.loads(parse_qs(form)["payload"][0])
    payload["message"]["thread_ts"] = thread_ts
    payload["container"]["thread_ts"] = thread_ts
    return urlencode({"payload": json.dumps(payload)})


def http_post(url: str, data: bytes, headers: Mapping[str, str]) -> Response:
    """POST and return the response, whatever its status."""
    request = urllib.request.Request(url, data=data, headers=dict(headers), method="POST")
    try:
        with urllib.request.urlopen(request, timeout=WAIT_S) as reply:
            return Response(reply.status, reply.read().decode(), dict(reply.headers.items()))
    except urllib.error.HTTPError as error:
        return Response(error.code, error.read().decode(), dict(error.headers.items()))


def app_settings(stub: SlackStub, database_url: str, **extra: str) -> Settings:
    """HTTP-mode settings pointing at the stand-in."""
    env = {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET}
    env |= {"SLACK_API_URL": stub.api_url, "DATABASE_URL": database_url}
    return load_settings(env | extra)


def build_test_app(
    settings: Settings,
    usage_source: UsageSource = aws_usage,
    pool: ThreadPoolExecutor | None = None,
    save_retry_delays_s: Sequence[float] = (0.05, 0.1),
    busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS,
) -> tuple[App, Store]:
    store = Store(make_engine(settings.database_url, busy_timeout_ms=busy_timeout_ms))
    store.migrate()
    services = Services(
        settings, store, bundled_catalog(), usage_source=usage_source, save_retry_delays_s=save_retry_delays_s
    )
    app = build_app(settings, store, bundled_catalog(), services=services, pool=pool)
    return app, store


@contextmanager
def served_app(
    stub: SlackStub,
    database_url: str,
    *,
    usage_source: UsageSource = aws_usage,
    save_retry_delays_s: Sequence[float] = (0.05, 0.1),
    busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS,
    **extra: str,
) -> Iterator[ServedApp]:
    """The app from `build_app`, behind the edge, served over HTTP on a free port until the block ends."""
    settings = app_settings(stub, database_url, **extra)
    pool = listener_pool()
    app, store = build_test_app(settings, usage_source, pool, save_retry_delays_s, busy_timeout_ms)
    server = make_server("127.0.0.1", 0, slack_wsgi(app, SIGNING_SECRET), _ThreadingServer, _QuietHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield ServedApp(app, store, settings, f"http://127.0.0.1:{server.server_port}", stub, pool)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
        pool.shutdown(wait=True)
