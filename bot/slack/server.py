"""HTTP mode: granian serves the edge and the Bolt app, started through its public API (`Granian`).

granian parses HTTP in Rust and hands each request to one of a worker's Python threads. Workers are
spawned (a fresh interpreter each, not a fork of a main process whose scheduler thread holds
database connections), and each calls `worker_app` (granian's factory mode): it reads the settings
as the main process did (the environment and SECRETS_DIR), and builds its own database engine and
app. On SIGTERM or SIGINT granian stops the workers; a worker's answers already acked finish first,
because the pool's threads are joined when the worker process exits (granian kills a worker that
takes more than STOP_TIMEOUT_S). A worker that dies is replaced.
"""

from __future__ import annotations

import errno
import logging
import multiprocessing
import os
import signal
import socket
from typing import Any
from wsgiref.types import WSGIApplication

from granian import Granian
from granian.constants import Interfaces
from granian.log import LogLevels

from bot.logs import configure_logging
from bot.prices import StoredPrices
from bot.settings import Settings, SettingsError, load_settings
from bot.slack.app import build_app, signing_secret
from bot.slack.edge import slack_wsgi
from bot.storage import Store, make_engine

BIND_ADDRESS = "0.0.0.0"  # every interface: a container's port is published by its runtime
HTTP_WORKERS = 2  # processes: one per core of a small instance
# Python threads per worker that read requests and run the acks (the answers run on the app's own
# pool): granian's own advice, two per core and one, is ample for acks of well under a millisecond.
# A client that stops halfway through a request holds one until its connection closes.
HTTP_THREADS = 2 * (os.cpu_count() or 1) + 1
STOP_TIMEOUT_S = 30
WORKER_APP = "bot.slack.server:worker_app"
# granian's own log records go to the root logger, whose handler (bot.logs) formats and redacts.
GRANIAN_LOGGERS = {
    "loggers": {
        "_granian": {"handlers": [], "propagate": True},
        "granian.access": {"handlers": [], "propagate": True},
    }
}


def worker_app() -> WSGIApplication:
    """One worker's application: the settings, a database engine, the app behind the edge."""
    # Ctrl-C reaches the whole process group, but a worker must stop only when granian's main
    # process stops it: a worker that got SIGINT itself and then the main process's SIGTERM hangs
    # until it is killed (granian 2.8), losing the answers it was still giving. Blocked here, before
    # granian starts its threads (which inherit the mask), SIGINT never reaches this worker.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    settings = load_settings()
    configure_logging(settings)
    store = Store(make_engine(settings.database_url))
    app = build_app(settings, store, StoredPrices(store.engine))
    return slack_wsgi(app, signing_secret(settings))


def check_port_free(port: int) -> None:
    """SettingsError naming PORT when another process holds it (granian would fail with a bare
    RuntimeError). A port in TIME_WAIT is free: the probe reuses addresses, as granian does."""
    try:
        with socket.create_server((BIND_ADDRESS, port)):
            pass
    except OSError as error:
        reason = "in use by another process" if error.errno == errno.EADDRINUSE else error.strerror
        raise SettingsError(f"PORT: can't listen on {port} ({reason}); accepted: a free TCP port") from None


def serve(settings: Settings, workers: int = HTTP_WORKERS, target: str = WORKER_APP) -> None:
    """granian as the app runs it, until SIGTERM or SIGINT: spawned WSGI workers on PORT, each
    serving what the factory `target` ("module:function") returns; failed ones replaced."""
    check_port_free(settings.port)
    multiprocessing.set_start_method("spawn", force=True)  # granian starts workers the default way
    # granian picks its server class when imported (for Python with or without the GIL): no static type.
    server: Any = Granian(
        target,
        factory=True,
        address=BIND_ADDRESS,
        port=settings.port,
        interface=Interfaces.WSGI,
        workers=workers,
        blocking_threads=HTTP_THREADS,
        respawn_failed_workers=True,
        workers_kill_timeout=STOP_TIMEOUT_S,
        log_level=LogLevels(settings.log_level.lower()),
        log_dictconfig=GRANIAN_LOGGERS,
        log_access=False,
    )
    logging.getLogger("compute_advisor.run").info("serving Slack on port %d at /slack/events", settings.port)
    server.serve()
