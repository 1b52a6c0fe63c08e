"""A local stand-in for the Slack Web API, and builders for the requests Slack sends an app.

`SlackStub` serves on 127.0.0.1 on a port the OS picks, answers the Web API methods the app
uses the way Slack does, and records every call so a test can check what the app sent:

    with SlackStub() as stub:
        client = WebClient(token="xoxb-test", base_url=stub.api_url)
        client.chat_postMessage(channel="C1", text="hi")
        [call] = stub.wait_for("chat.postMessage")

The builders make signed slash commands, events, block actions and view submissions for
driving a Bolt app over HTTP.
"""

from __future__ import annotations

import functools
import itertools
import json
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from slack_sdk.signature import SignatureVerifier

UPLOAD_METHOD = "upload"  # the file bytes POSTed to the URL files.getUploadURLExternal gave
RESPONSE_URL_METHOD = "response_url"  # JSON POSTed to a slash command's or action's response_url
UNKNOWN_PATH_METHOD = "unknown_path"
FIRST_TS_SECONDS = 1_700_000_000
DEFAULT_RESPONSE_URL = "https://hooks.slack.invalid/commands/T1/1/unset"
_TRIGGERS = itertools.count(1)  # Slack gives every command and interaction a trigger_id of its own
# How long a test waits for a call it expects. Every wait ends as soon as the call comes, so this
# only bounds a failure; it is generous because the CI machine has 2 cores often at load 5 to 10,
# where a chart or an app's start-up can take many times its usual second.
DEFAULT_TIMEOUT_S = 60.0
SHUTDOWN_POLL_S = 0.02  # how often serve_forever looks for a stop: each test stops a stub

JsonDict = dict[str, Any]


@dataclass(frozen=True)
class Call:
    """One request the stub received; header names are lower case."""

    method: str
    path: str
    headers: Mapping[str, str]
    body: Mapping[str, Any]
    files: Mapping[str, bytes]
    raw: bytes

    @property
    def token(self) -> str | None:
        """The token the caller sent, from the Authorization header or the body."""
        bearer = self.headers.get("authorization", "")
        if bearer.startswith("Bearer "):
            return bearer.removeprefix("Bearer ")
        token = self.body.get("token")
        return token if isinstance(token, str) else None

    def decoded(self, name: str) -> Any:
        """A body field, JSON-decoded when it came form-encoded as a JSON string (blocks, view)."""
        value = self.body.get(name)
        if isinstance(value, str) and value[:1] in ("[", "{"):
            return json.loads(value)
        return value


@dataclass(frozen=True)
class StubReply:
    status: int
    body: bytes
    content_type: str = "application/json; charset=utf-8"
    headers: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, payload: JsonDict, status: int = 200, **headers: str) -> StubReply:
        return cls(status, json.dumps(payload).encode(), headers=headers)


class SlackStub:
    """The Slack Web API on 127.0.0.1, recording calls; a context manager that starts and stops it."""

    def __init__(self, *, team_id: str = "T1", bot_user_id: str = "UBOT", bot_id: str = "BBOT"):
        self.team_id = team_id
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self._changed = threading.Condition()
        self._calls: list[Call] = []
        self._faults: defaultdict[str, deque[StubReply]] = defaultdict(deque)
        self._hangs: dict[str, tuple[float, threading.Event]] = {}  # channel: (at most, released)
        self._counter = itertools.count(1)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> SlackStub:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        """Serve on a free port in a background thread."""
        self._server = _Server(self)
        serve = functools.partial(self._server.serve_forever, poll_interval=SHUTDOWN_POLL_S)
        self._thread = threading.Thread(target=serve, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._server is not None and self._thread is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join()
        self._server = self._thread = None

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:PORT, with no trailing slash."""
        if self._server is None:
            raise RuntimeError("the stub is not running; use it as a context manager")
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def api_url(self) -> str:
        """The base_url for slack_sdk's WebClient."""
        return f"{self.base_url}/api/"

    @property
    def response_url(self) -> str:
        """A response_url whose POSTs are recorded as RESPONSE_URL_METHOD calls."""
        return f"{self.base_url}/response/0"

    def new_response_url(self) -> str:
        """A response_url of its own, to tell several commands' replies apart by `Call.path`."""
        return f"{self.base_url}/response/{next(self._counter)}"

    def calls(self, method: str | None = None) -> list[Call]:
        """Every call so far, oldest first; only `method`'s when it is given."""
        with self._changed:
            return [c for c in self._calls if method is None or c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = DEFAULT_TIMEOUT_S) -> list[Call]:
        """All `method` calls once there are at least `count`; TimeoutError if none come."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.calls(method)) >= count, timeout):
                seen = sorted({c.method for c in self._calls})
                raise TimeoutError(
                    f"waited for {count} {method} call(s), got {len(self.calls(method))}; seen: {seen}"
                )
            return self.calls(method)

    def fail_next(self, method: str, error: str = "not_in_channel") -> None:
        """Answer the next `method` call with {"ok": false, "error": error}."""
        with self._changed:
            self._faults[method].append(StubReply.of({"ok": False, "error": error}))

    def hang_in(self, channel: str, seconds: float) -> None:
        """Hold every chat.postMessage to `channel` for `seconds` (or until `release`) before
        answering, as a hung connection or a slow Slack would (the caller's timeout decides whether
        it waits that long)."""
        with self._changed:
            self._hangs[channel] = (seconds, threading.Event())

    def release(self, channel: str) -> None:
        """Answer the calls `hang_in` holds for `channel` now, and hold no more."""
        with self._changed:
            _, released = self._hangs.pop(channel)
        released.set()

    def rate_limit_next(self, method: str, retry_after: int = 1) -> None:
        """Answer the next `method` call with HTTP 429 and Retry-After, as Slack throttles."""
        reply = StubReply.of({"ok": False, "error": "ratelimited"}, 429, **{"Retry-After": f"{retry_after}"})
        with self._changed:
            self._faults[method].append(reply)

    def handle(self, path: str, headers: Mapping[str, str], raw: bytes) -> StubReply:
        """Record one request and answer it (called by the server's threads)."""
        call = _parse_call(path, {k.lower(): v for k, v in headers.items()}, raw)
        with self._changed:
            self._calls.append(call)
            self._changed.notify_all()
            fault = self._faults[call.method].popleft() if self._faults[call.method] else None
            hang = (
                self._hangs.get(str(call.body.get("channel"))) if call.method == "chat.postMessage" else None
            )
        if hang:
            seconds, released = hang
            released.wait(seconds)
        if fault is not None:
            return fault
        if call.method == UNKNOWN_PATH_METHOD:
            return StubReply.of({"ok": False, "error": "not_found"}, 404)
        if call.method == UPLOAD_METHOD:
            return StubReply(200, f"OK - {len(call.raw)}".encode(), "text/plain; charset=utf-8")
        if call.method == RESPONSE_URL_METHOD:
            return StubReply.of({"ok": True})
        if call.token is None:
            return StubReply.of({"ok": False, "error": "not_authed"})
        answer = _ANSWERS.get(call.method)
        if answer is None:
            return StubReply.of({"ok": False, "error": "unknown_method"})
        return StubReply.of(answer(self, call))

    def next_number(self) -> int:
        """A number no earlier answer used: for ts values, file and view IDs."""
        return next(self._counter)

    def next_ts(self) -> str:
        """A message ts later than every one before it."""
        return f"{FIRST_TS_SECONDS}.{self.next_number():06d}"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog of 5 drops connections in a burst, and the client's TCP stack
    # then retries after a second: a delay Slack never adds.
    request_queue_size = 128

    def __init__(self, stub: SlackStub) -> None:
        self.stub = stub
        super().__init__(("127.0.0.1", 0), _Handler)  # port 0: the OS picks a free one


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as Slack's Web API offers
    disable_nagle_algorithm = True  # headers and body are two writes: don't hold the body for an ACK

    def do_POST(self) -> None:
        self._serve()

    def do_GET(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: failures show up in the recorded calls and in the test."""

    def _serve(self) -> None:
        assert isinstance(self.server, _Server)
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        reply = self.server.stub.handle(self.path, dict(self.headers.items()), raw)
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(reply.body)


def _parse_call(path: str, headers: Mapping[str, str], raw: bytes) -> Call:
    parts = urlsplit(path)
    segments = parts.path.strip("/").split("/")
    body: JsonDict = _form(parts.query)
    files: dict[str, bytes] = {}
    if segments[0] == "api" and len(segments) == 2:
        method = segments[1]
        body |= _parse_body(headers.get("content-type", ""), raw)
    elif segments[0] == "upload" and len(segments) == 2:
        method, files = UPLOAD_METHOD, {segments[1]: raw}
    elif segments[0] == "response":
        method, body = RESPONSE_URL_METHOD, _parse_body(headers.get("content-type", ""), raw)
    else:
        method = UNKNOWN_PATH_METHOD
    return Call(method, path, headers, body, files, raw)


def _parse_body(content_type: str, raw: bytes) -> JsonDict:
    if content_type.startswith("application/json"):
        parsed: JsonDict = json.loads(raw or b"{}")
        return parsed
    return _form(raw.decode("utf-8"))


def _form(encoded: str) -> JsonDict:
    pairs = parse_qs(encoded, keep_blank_values=True)
    return {name: values[0] if len(values) == 1 else values for name, values in pairs.items()}


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _message(stub: SlackStub, call: Call, ts: str) -> JsonDict:
    message: JsonDict = {"type": "message", "user": stub.bot_user_id, "bot_id": stub.bot_id}
    message |= {"team": stub.team_id, "ts": ts, "text": call.body.get("text", "")}
    if "blocks" in call.body:
        message["blocks"] = _json(call.body["blocks"])
    if "thread_ts" in call.body:
        message["thread_ts"] = call.body["thread_ts"]
    return message


def _post_message(stub: SlackStub, call: Call) -> JsonDict:
    ts = stub.next_ts()
    channel = call.body.get("channel")
    return {"ok": True, "channel": channel, "ts": ts, "message": _message(stub, call, ts)}


def _update(stub: SlackStub, call: Call) -> JsonDict:
    ts = str(call.body.get("ts"))
    channel, text = call.body.get("channel"), call.body.get("text", "")
    return {
        "ok": True,
        "channel": channel,
        "ts": ts,
        "text": text,
        "message": _message(stub, call, ts),
    }


def _view(stub: SlackStub, call: Call) -> JsonDict:
    number = stub.next_number()
    view: JsonDict = _json(call.body.get("view", "{}"))
    view_id = call.body.get("view_id") or f"V{number:08d}"
    return {
        "ok": True,
        "view": view | {"id": view_id, "team_id": stub.team_id, "hash": f"{number}.h"},
    }


def _channel(stub: SlackStub, call: Call) -> JsonDict:
    channel_id = str(call.body.get("channel", ""))
    info = {"id": channel_id, "name": f"channel-{channel_id.lower()}", "is_member": True}
    info |= {"is_channel": channel_id.startswith("C"), "is_private": channel_id.startswith("G")}
    return {"ok": True, "channel": info | {"is_im": channel_id.startswith("D")}}


def _user(stub: SlackStub, call: Call) -> JsonDict:
    user_id = str(call.body.get("user", ""))
    profile = {"display_name": user_id.lower(), "real_name": f"User {user_id}"}
    user = {"id": user_id, "team_id": stub.team_id, "name": user_id.lower(), "is_bot": False}
    return {"ok": True, "user": user | {"tz": "UTC", "tz_offset": 0, "profile": profile}}


def _upload_url(stub: SlackStub, call: Call) -> JsonDict:
    file_id = f"F{stub.next_number():08d}"
    return {"ok": True, "upload_url": f"{stub.base_url}/upload/{file_id}", "file_id": file_id}


def _complete_upload(stub: SlackStub, call: Call) -> JsonDict:
    files = _json(call.body.get("files", "[]"))
    return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}


def _post_ephemeral(stub: SlackStub, _call: Call) -> JsonDict:
    return {"ok": True, "message_ts": stub.next_ts()}


def _ok(_stub: SlackStub, _call: Call) -> JsonDict:
    return {"ok": True}


def _auth_test(stub: SlackStub, _call: Call) -> JsonDict:
    identity = {"team_id": stub.team_id, "user_id": stub.bot_user_id, "bot_id": stub.bot_id}
    about = {"url": "https://stub.slack.invalid/", "team": "Stub", "user": "compute"}
    return {"ok": True, "is_enterprise_install": False} | identity | about


_ANSWERS: dict[str, Callable[[SlackStub, Call], JsonDict]] = {
    "auth.test": _auth_test,
    "chat.postMessage": _post_message,
    "chat.postEphemeral": _post_ephemeral,
    "chat.update": _update,
    "views.open": _view,
    "views.push": _view,
    "views.update": _view,
    "views.publish": _view,
    "conversations.info": _channel,
    "conversations.join": _channel,
    "users.info": _user,
    "files.getUploadURLExternal": _upload_url,
    "files.completeUploadExternal": _complete_upload,
    "reactions.add": _ok,
}


def signed_headers(
    signing_secret: str, body: str, timestamp: int | None = None, content_type: str | None = None
) -> dict[str, str]:
    """The headers Slack sends with `body`, signed as Slack signs (v0, HMAC-SHA256)."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(signing_secret).generate_signature(timestamp=stamp, body=body)
    if content_type is None:
        is_json = body.lstrip().startswith("{")
        content_type = "application/json" if is_json else "application/x-www-form-urlencoded"
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": str(signature),
    }


def new_trigger_id() -> str:
    """A trigger_id no earlier request had, shaped as Slack's are."""
    return f"{next(_TRIGGERS)}.1337.0123456789abcdef0123456789abcdef"


def slash_command_form(
    text: str,
    *,
    user_id: str = "U1",
    channel_id: str = "C1",
    team_id: str = "T1",
    response_url: str = DEFAULT_RESPONSE_URL,
    trigger_id: str | None = None,
    command: str = "/compute",
) -> str:
    """The urlencoded body of a slash command, as Slack POSTs it (a new trigger_id unless given)."""
    trigger_id = trigger_id or new_trigger_id()
    fields = {"token": "verification-token", "team_id": team_id, "team_domain": "stub"}
    fields |= {"channel_id": channel_id, "channel_name": f"channel-{channel_id.lower()}"}
    fields |= {"user_id": user_id, "user_name": user_id.lower(), "command": command, "text": text}
    fields |= {"api_app_id": "A1", "response_url": response_url, "trigger_id": trigger_id}
    return urlencode(fields)


def event_callback(
    event: Mapping[str, Any],
    event_id: str = "Ev0001",
    *,
    team_id: str = "T1",
    bot_user_id: str = "UBOT",
) -> str:
    """The JSON body of an Events API delivery wrapping `event`."""
    authorization = {"team_id": team_id, "user_id": bot_user_id, "is_bot": True}
    envelope: JsonDict = {"token": "verification-token", "team_id": team_id, "api_app_id": "A1"}
    envelope |= {"type": "event_callback", "event_id": event_id, "event_time": FIRST_TS_SECONDS}
    envelope |= {"event": dict(event), "authorizations": [authorization | {"enterprise_id": None}]}
    return json.dumps(envelope)


def app_mention_event(
    text: str,
    *,
    user: str = "U1",
    channel: str = "C1",
    ts: str = "1.000001",
    thread_ts: str | None = None,
) -> JsonDict:
    """An app_mention event; pass it to `event_callback`."""
    event = {"type": "app_mention", "user": user, "text": text, "ts": ts, "channel": channel}
    event |= {"event_ts": ts} | ({"thread_ts": thread_ts} if thread_ts else {})
    return event


def message_event(
    text: str,
    *,
    user: str = "U1",
    channel: str = "C1",
    ts: str = "1.000001",
    thread_ts: str | None = None,
    channel_type: str = "channel",
) -> JsonDict:
    """A message event (message.channels, .groups, .im); pass it to `event_callback`."""
    mention = app_mention_event(text, user=user, channel=channel, ts=ts, thread_ts=thread_ts)
    event = mention | {"type": "message"}
    return event | {"channel_type": channel_type}


def block_action_form(
    action_id: str,
    value: str,
    channel: str = "C1",
    message_ts: str = "1.000001",
    user: str = "U1",
    *,
    block_id: str = "actions",
    team_id: str = "T1",
    response_url: str = DEFAULT_RESPONSE_URL,
) -> str:
    """The urlencoded `payload=` body of a button click in a message."""
    action = {"type": "button", "action_id": action_id, "block_id": block_id, "value": value}
    container = {"type": "message", "message_ts": message_ts, "channel_id": channel}
    payload = _interaction("block_actions", user, team_id) | {
        "container": container | {"is_ephemeral": False},
        "channel": {"id": channel, "name": f"channel-{channel.lower()}"},
        "message": {"type": "message", "ts": message_ts, "text": "", "bot_id": "BBOT"},
        "response_url": response_url,
        "actions": [action | {"action_ts": f"{FIRST_TS_SECONDS}.000001"}],
    }
    return urlencode({"payload": json.dumps(payload)})


def view_submission_form(
    callback_id: str,
    state_values: Mapping[str, Any],
    private_metadata: str = "",
    *,
    user: str = "U1",
    team_id: str = "T1",
    view_id: str = "V00000001",
) -> str:
    """The urlencoded `payload=` body of a modal's submission."""
    view: JsonDict = {"id": view_id, "team_id": team_id, "type": "modal"}
    view |= {"callback_id": callback_id}
    view |= {"private_metadata": private_metadata, "state": {"values": dict(state_values)}}
    view |= {"hash": "1.h", "blocks": [], "title": {"type": "plain_text", "text": "compute"}}
    payload = _interaction("view_submission", user, team_id) | {"view": view, "response_urls": []}
    return urlencode({"payload": json.dumps(payload)})


def _interaction(kind: str, user: str, team_id: str) -> JsonDict:
    return {
        "type": kind,
        "token": "verification-token",
        "api_app_id": "A1",
        "trigger_id": new_trigger_id(),
        "team": {"id": team_id, "domain": "stub"},
        "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": team_id},
    }
