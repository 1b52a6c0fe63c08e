"""HTTP mode: the Bolt app behind gunicorn, at /slack/events, with /health for probes.

gunicorn forks its workers before any app exists; each worker builds its own app, database engine
and thread pool (nothing that holds a connection or a thread survives a fork safely). The price
catalog is read once in the master and shared with the workers by the fork.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from gunicorn.app.base import BaseApplication
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/health"
HTTP_WORKERS = 2  # processes: one per core of a small instance
HTTP_THREADS = 8  # requests each worker serves at once; acks are quick, answers run elsewhere
REQUEST_TIMEOUT_S = 30
PLAIN_TEXT = [("Content-Type", "text/plain; charset=utf-8")]


def slack_wsgi(app: App) -> WSGIApplication:
    """The WSGI application: Slack's requests to Bolt (which checks signatures), and a health probe."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def serve(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            start_response("200 OK", PLAIN_TEXT)
            return [b"ok\n"]
        return slack(environ, start_response)

    return serve


def gunicorn_options(port: int, log_level: str) -> dict[str, Any]:
    """gunicorn's settings for the app: threaded workers, no access log, no control socket."""
    return {
        "bind": f"0.0.0.0:{port}",
        "workers": HTTP_WORKERS,
        "worker_class": "gthread",
        "threads": HTTP_THREADS,
        "timeout": REQUEST_TIMEOUT_S,
        "graceful_timeout": REQUEST_TIMEOUT_S,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": log_level.lower(),
        "proc_name": "compute-advisor",
        # gunicorn 25.1+ opens a control socket under $HOME, which the image's user doesn't have.
        "control_socket_disable": True,
    }


class SlackServer(BaseApplication):  # type: ignore[misc]  # gunicorn has no type hints
    """gunicorn, configured in code (no config file, no command line), serving `build()` per worker."""

    def __init__(self, build: Callable[[], WSGIApplication], options: Mapping[str, Any]) -> None:
        self._build = build
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        """Apply the options this gunicorn knows (older releases lack the newest settings)."""
        for name, value in self._options.items():
            if name in self.cfg.settings:
                self.cfg.set(name, value)

    def load(self) -> WSGIApplication:
        """Build the app: called in each worker, after the fork."""
        return self._build()
