"""Answers worked out in processes of their own, at a lower OS priority than the acks.

An answer takes 5 to 9 ms of CPU (advice, blocks, the database, the Web API); an ack takes under
one. On threads of the serving process the answers hold Python's GIL while the acks wait for it,
and a thread's OS priority can't reach the GIL; in processes niced below the serving one, the
kernel runs an ack first. The processes are spawned (not forked from a process with threads
running), build their own database engine and price catalog once, and take the same answer
functions the threads would, with the listener's `Services` stood in for by a marker.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from enum import Enum
from typing import TYPE_CHECKING

from slack_sdk import WebClient

from bot.digest.compose import UsageSource
from bot.prices import bundled_catalog
from bot.settings import Settings
from bot.storage import Store, make_engine

if TYPE_CHECKING:
    from bot.listeners.services import Services

log = logging.getLogger("compute_advisor.answers")

ANSWER_NICENESS = 10
WARM_REGION = "us-east-1"


class Marker(Enum):
    """Stands for the process's own `Services` in an answer's arguments (an enum keeps its identity
    across pickling)."""

    SERVICES = "services"
    CLIENT = "client"


_services: Services | None = None  # this answer process's own, built once by `_start`
_client: WebClient | None = None  # and its own Web API client (the same settings, so the same token)


def answer_processes(settings: Settings, usage_source: UsageSource, processes: int) -> ProcessPoolExecutor:
    """`processes` spawned answer processes, started now so the first answer doesn't wait for one."""
    pool = ProcessPoolExecutor(
        processes,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start,
        initargs=(settings, usage_source),
    )
    for ready in [pool.submit(os.getpid) for _ in range(processes)]:
        ready.result()
    return pool


def submit_answer(
    pool: ProcessPoolExecutor, services: Services, answer: Callable[..., None], args: tuple[object, ...]
) -> Future[None]:
    """Run `answer(*args)` in an answer process, with that process's own `Services` for `services`."""
    shipped = tuple(_marked(arg, services) for arg in args)
    return pool.submit(run_answer, answer, shipped)


def _marked(arg: object, services: Services) -> object:
    if arg is services:
        return Marker.SERVICES
    if isinstance(arg, WebClient):  # not pickled for every answer: the process has its own
        return Marker.CLIENT
    return arg


def run_answer(answer: Callable[..., None], args: tuple[object, ...]) -> None:
    """In an answer process: the answer, with the marker replaced by this process's `Services`."""
    assert _services is not None, "the answer process was not started by answer_processes"
    own = {Marker.SERVICES: _services, Marker.CLIENT: _client}
    answer(*(own[arg] if isinstance(arg, Marker) else arg for arg in args))


def _start(settings: Settings, usage_source: UsageSource) -> None:
    from bot.app import build_web_client  # noqa: PLC0415  (the app imports this module)
    from bot.listeners.services import Services  # noqa: PLC0415
    from bot.logs import configure_logging  # noqa: PLC0415

    global _services, _client  # noqa: PLW0603  (one per process, set once as it starts)
    os.nice(ANSWER_NICENESS)
    configure_logging(settings)
    catalog = bundled_catalog()
    catalog.ec2_types(WARM_REGION)
    store = Store(make_engine(settings.database_url))
    _services = Services(settings, store, catalog, ThreadPoolExecutor(1), usage_source=usage_source)
    _client = build_web_client(settings)
