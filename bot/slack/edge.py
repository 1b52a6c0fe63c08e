"""The HTTP edge in front of Bolt: every request is checked here before anything parses it.

In this order, each refusal one short plain-text response and one log line without the body:

1. the path: POST /slack/events (and GET /health for probes); anything else is 404 or 405;
2. the size, from Content-Length before a byte of the body is read: over MAX_BODY_BYTES is 413
   (Slack's payloads are a few kB), none is 411;
3. the signature and its timestamp, with slack_sdk's SignatureVerifier: missing, stale (over five
   minutes), malformed or wrong is 401. A body that isn't UTF-8 can't carry Slack's signature
   (Slack signs the text it sends) and is 401 too;
4. the shape Bolt reads: a form with a JSON `payload` object that has a `type`, a slash command,
   an SSL check, or a JSON object with a `type`. Anything else, though signed, is 400.

Bolt then sees only signed, well-formed requests (and checks the signature again itself).
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterable
from urllib.parse import parse_qs
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.signature import SignatureVerifier

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/health"
MAX_BODY_BYTES = 1024 * 1024
MAX_TIMESTAMP_DIGITS = 12  # seconds since 1970 have 10 digits until the year 2286
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
PLAIN_TEXT = ("Content-Type", "text/plain; charset=utf-8")
STATUS_LINES = {
    200: "200 OK",
    400: "400 Bad Request",
    401: "401 Unauthorized",
    404: "404 Not Found",
    405: "405 Method Not Allowed",
    411: "411 Length Required",
    413: "413 Content Too Large",
}

log = logging.getLogger("compute_advisor.slack.edge")


class Refused(Exception):
    """A request the edge turns away: its HTTP status and why (which never quotes the body)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def slack_wsgi(app: App, signing_secret: str) -> WSGIApplication:
    """The WSGI application: the edge's checks, then Bolt; and a health probe."""
    bolt = SlackRequestHandler(app, path=EVENTS_PATH)
    verifier = SignatureVerifier(signing_secret)

    def serve(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "")
        if path == HEALTH_PATH and method in ("GET", "HEAD"):
            return _plain(start_response, 200, "ok")
        try:
            body = checked_body(environ, verifier)
        except Refused as refused:
            log.info("refused %s %s: %d %s", method, path, refused.status, refused.reason)
            return _plain(start_response, refused.status, refused.reason)
        environ = environ | {"wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body))}
        return bolt(environ, start_response)

    return serve


def checked_body(environ: WSGIEnvironment, verifier: SignatureVerifier) -> bytes:
    """The body of a request that passed every check, or Refused."""
    if environ.get("PATH_INFO") != EVENTS_PATH:
        raise Refused(404, "not found")
    if environ.get("REQUEST_METHOD") != "POST":
        raise Refused(405, "POST only")
    length = declared_length(environ.get("CONTENT_LENGTH"))
    body: bytes = environ["wsgi.input"].read(length) if length else b""
    if len(body) != length:
        raise Refused(400, "body shorter than its Content-Length")
    text = signed_text(body, environ, verifier)
    check_shape(text, str(environ.get("CONTENT_TYPE", "")))
    return body


def declared_length(header: object) -> int:
    """Content-Length as a number of bytes within the limit."""
    if header in (None, ""):
        raise Refused(411, "Content-Length required")
    text = str(header)
    if not text.isascii() or not text.isdigit():
        raise Refused(400, "Content-Length is not a number")
    if len(text) > len(str(MAX_BODY_BYTES)) or int(text) > MAX_BODY_BYTES:
        raise Refused(413, f"over {MAX_BODY_BYTES} bytes")
    return int(text)


def signed_text(body: bytes, environ: WSGIEnvironment, verifier: SignatureVerifier) -> str:
    """The body as text, once its signature and timestamp are Slack's; else Refused(401)."""
    timestamp = str(environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", ""))
    signature = str(environ.get("HTTP_X_SLACK_SIGNATURE", ""))
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= MAX_TIMESTAMP_DIGITS):
        raise Refused(401, "no valid X-Slack-Request-Timestamp")
    if not signature:
        raise Refused(401, "no X-Slack-Signature")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(401, "body is not UTF-8, so not signed by Slack") from None
    if not verifier.is_valid(body=text, timestamp=timestamp, signature=signature):
        raise Refused(401, "invalid signature or stale timestamp")
    return text


def check_shape(text: str, content_type: str) -> None:
    """Refused(400) unless `text` is one of the shapes Slack sends an app."""
    media = content_type.split(";", 1)[0].strip().lower()
    if media == JSON:
        if not _is_typed_object(_json(text)):
            raise Refused(400, "a JSON body must be an object with a type")
        return
    if media != FORM:
        raise Refused(400, f"unsupported Content-Type {media[:40]!r}")
    try:
        form = parse_qs(text, keep_blank_values=True, strict_parsing=bool(text))
    except ValueError:
        raise Refused(400, "malformed form body") from None
    if "payload" in form:
        if len(form["payload"]) != 1 or not _is_typed_object(_json(form["payload"][0])):
            raise Refused(400, "payload must be one JSON object with a type")
        return
    if "command" in form or "ssl_check" in form:
        return
    raise Refused(400, "neither a payload, a slash command nor an SSL check")


def _json(text: str) -> object:
    try:
        return json.loads(text)
    except ValueError:
        raise Refused(400, "malformed JSON") from None


def _is_typed_object(value: object) -> bool:
    return isinstance(value, dict) and isinstance(value.get("type"), str)


def _plain(start_response: StartResponse, status: int, text: str) -> list[bytes]:
    start_response(STATUS_LINES[status], [PLAIN_TEXT])  # a new list: servers may add to it
    return [(text + "\n").encode()]
