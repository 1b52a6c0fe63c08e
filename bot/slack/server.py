"""HTTP mode: the Bolt app behind granian, at /slack/events, with /health for probes.

granian parses HTTP and moves the bytes in Rust, on threads that don't hold Python's GIL, and hands
each request to one of the worker's Python threads. An ack is then Bolt's work alone: about 0.5 ms
of CPU where gunicorn's threaded workers spent 1.3 ms (their HTTP parsing, selector and thread
hand-offs in Python), which is what lets 50 commands at once be acked within 50 ms on two cores
(bench/bench_slack.py).

granian forks its workers from this process before any app exists; each worker builds its own app,
database engine and answer processes (nothing that holds a connection or a thread survives a fork
safely). The price catalog is read once here and shared with the workers by the fork. A worker that
dies is replaced; on SIGTERM each worker stops taking requests, and its answer processes give the
answers already queued before it exits.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing.connection
import multiprocessing.process
import multiprocessing.util
import os
import signal
import threading
from collections.abc import Callable, Iterable
from typing import Any
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from granian.constants import Interfaces
from granian.log import LogLevels
from granian.server.mp import MPServer
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/health"
HTTP_WORKERS = 2  # processes: one per core of a small instance
# Python threads per worker running the app. Acks only compute (every listener hands its answer on
# before any I/O), so two would keep a core busy; but a thread reads the request body, and a
# client that stops mid-request holds it until the connection closes (a TLS-terminating proxy
# in front, which Slack's HTTPS needs anyway, closes idle ones). Sixteen measured no slower.
HTTP_THREADS = 16
PLAIN_TEXT = [("Content-Type", "text/plain; charset=utf-8")]
# granian's own log records go to the root logger, whose handler (bot.logs) redacts secrets.
GRANIAN_LOGGER = "_granian"
GRANIAN_LOGGERS = {
    "loggers": {
        GRANIAN_LOGGER: {"handlers": [], "propagate": True},
        "granian.access": {"handlers": [], "propagate": True},
    }
}
STOP_TIMEOUT_S = 30  # for a worker to finish its requests and queued answers, then it is killed
STOP_REPEAT_S = 0.5  # how often a stop is repeated to workers still running
AT_EXIT_FIRST = 100  # multiprocessing runs finalizers by falling priority, before ending daemons


def slack_wsgi(app: App) -> WSGIApplication:
    """The WSGI application: Slack's requests to Bolt (which checks signatures), and a health probe."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def serve(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            start_response("200 OK", PLAIN_TEXT)
            return [b"ok\n"]
        return slack(environ, start_response)

    return serve


class HTTPServer(MPServer):
    """granian's server, with a stop that reaches every worker, however young."""

    def shutdown(self, exit_code: int = 0) -> None:
        """Stop the workers, repeating SIGTERM to those still running until they have all gone.

        A worker misses a stop that comes before granian's serving loop listens for it: while it
        builds its app (a second or so, with this process's handlers still in place), or in the
        moment after (seen when a stop came within milliseconds of a worker starting). It would
        only be killed after STOP_TIMEOUT_S; a repeat reaches it once it serves, and is harmless
        to a worker already stopping.
        """
        done = threading.Event()
        workers = [worker.inner for worker in self.wrks]
        repeating = threading.Thread(
            target=_repeat_stop, args=(workers, done), name="stop-repeat", daemon=True
        )
        repeating.start()
        try:
            super().shutdown(exit_code)  # type: ignore[no-untyped-call]
        finally:
            done.set()
            repeating.join()


def _repeat_stop(workers: list[multiprocessing.process.BaseProcess], done: threading.Event) -> None:
    # A worker's sentinel is readable once it has ended; unlike is_alive(), reading it reaps
    # nothing, so it doesn't race granian's join of the same worker.
    running = {worker.sentinel: worker.pid for worker in workers if worker.pid is not None}
    while not done.wait(STOP_REPEAT_S):
        ended = set(multiprocessing.connection.wait(list(running), timeout=0))
        running = {sentinel: pid for sentinel, pid in running.items() if sentinel not in ended}
        for pid in running.values():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)


def _not_the_threads_warning(record: logging.LogRecord) -> bool:
    # granian warns at every start when a worker may run more Python threads than 2 per core plus
    # one; HTTP_THREADS says why this app wants 16.
    return "Python threads, which seems quite high" not in record.getMessage()


def http_server(port: int, log_level: str) -> HTTPServer:
    """granian as the app runs it: worker processes (whatever the Python build), WSGI on `port`,
    failed workers replaced."""
    logging.getLogger(GRANIAN_LOGGER).addFilter(_not_the_threads_warning)  # once, however often called
    return HTTPServer(
        "bot.slack.server:slack_wsgi",  # never imported: `serve` builds each worker's app itself
        address="0.0.0.0",  # every interface: a container's port is published by its runtime
        port=port,
        interface=Interfaces.WSGI,
        workers=HTTP_WORKERS,
        blocking_threads=HTTP_THREADS,
        respawn_failed_workers=True,
        workers_kill_timeout=STOP_TIMEOUT_S,
        log_level=LogLevels(log_level.lower()),
        log_dictconfig=GRANIAN_LOGGERS,
        log_access=False,
    )


def serve(build: Callable[[], WSGIApplication], port: int, log_level: str) -> None:
    """Serve `build()`, called in each worker after the fork, until SIGTERM or SIGINT."""
    http_server(port, log_level).serve(target_loader=build, wrap_loader=False)


def at_worker_exit(stop: Callable[[], Any]) -> None:
    """Run `stop()` when this worker process exits normally, before its daemon children are ended.

    granian's workers are multiprocessing processes, which leave by `os._exit` after running
    multiprocessing's finalizers, not `atexit`'s.
    """
    multiprocessing.util.Finalize(None, stop, exitpriority=AT_EXIT_FIRST)
