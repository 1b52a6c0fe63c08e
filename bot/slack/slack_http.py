"""slack_sdk's WebClient over kept-alive connections.

slack_sdk's sync client opens a new connection (and, against Slack, a new TLS session) for every
Web API call: about 1.4 ms of CPU a call here, the largest single cost of an answer. This client
keeps one HTTP/1.1 connection per thread and host and sends every call over it, the way a browser
or urllib3 would; everything else (headers, bodies, retries, errors) stays slack_sdk's. A call
that finds its kept connection closed by the server before any response is sent again once on a
fresh connection, as urllib3 does. With a proxy, it falls back to slack_sdk's own path.
"""

from __future__ import annotations

import http.client
import io
import threading
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urlsplit
from urllib.request import Request

from slack_sdk import WebClient

# The server closed a kept connection while it sat idle: nothing was processed, send it again.
STALE_CONNECTION = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)
HTTP_ERROR_STATUS = 400


class KeepAliveWebClient(WebClient):
    """A WebClient whose calls share one kept-alive connection per thread and host."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._kept = threading.local()

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        del state["_kept"]  # connections belong to the process and thread that opened them
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._kept = threading.local()

    def _perform_urllib_http_request_internal(self, url: str, req: Request) -> dict[str, Any]:
        parts = urlsplit(url)
        if self.proxy is not None or parts.scheme not in ("http", "https"):
            return super()._perform_urllib_http_request_internal(url, req)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        headers = dict(req.header_items())
        for attempt in range(2):
            connection, reused = self._connection(parts.scheme, parts.netloc)
            try:
                connection.request("POST", target, body=req.data, headers=headers)
                response = connection.getresponse()
                body = response.read()
            except STALE_CONNECTION:
                self._forget(parts.netloc)
                if reused and attempt == 0:
                    continue
                raise
            except OSError:
                self._forget(parts.netloc)
                raise
            if response.will_close:
                self._forget(parts.netloc)
            return _as_urllib_would(url, response, body)
        raise AssertionError("unreachable: the second attempt returns or raises")

    def _connection(self, scheme: str, netloc: str) -> tuple[http.client.HTTPConnection, bool]:
        kept: dict[str, http.client.HTTPConnection] = getattr(self._kept, "connections", None) or {}
        self._kept.connections = kept
        if netloc in kept:
            return kept[netloc], True
        if scheme == "https":
            opened: http.client.HTTPConnection = http.client.HTTPSConnection(
                netloc, timeout=self.timeout, context=self.ssl
            )
        else:
            opened = http.client.HTTPConnection(netloc, timeout=self.timeout)
        kept[netloc] = opened
        return opened, False

    def _forget(self, netloc: str) -> None:
        kept: dict[str, http.client.HTTPConnection] = getattr(self._kept, "connections", None) or {}
        connection = kept.pop(netloc, None)
        if connection is not None:
            connection.close()


def _as_urllib_would(url: str, response: http.client.HTTPResponse, body: bytes) -> dict[str, Any]:
    """What slack_sdk's urllib path returns for a response, or the HTTPError it would raise."""
    if response.status >= HTTP_ERROR_STATUS:
        raise HTTPError(url, response.status, response.reason, response.headers, io.BytesIO(body))
    if response.headers.get_content_type() == "application/gzip":
        return {"status": response.status, "headers": response.headers, "body": body}
    charset = response.headers.get_content_charset() or "utf-8"
    return {"status": response.status, "headers": response.headers, "body": body.decode(charset)}
