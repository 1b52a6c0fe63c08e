"""Answers worked out in processes of their own, at a lower OS priority than the acks.

An answer takes a few ms of CPU (advice, blocks, the database, the Web API); an ack takes well under
one. On threads of the serving process the answers hold Python's GIL while the acks wait for it,
and a thread's OS priority can't reach the GIL; in processes niced below the serving one, the
kernel runs an ack first. The processes are spawned (not forked from a process with threads
running), build their own database engine, price catalog and Web API client once, then take
answers from one queue: the same answer functions the threads would run, with the listener's
`Services` and client stood in for by markers. Handing over an answer is one pickle and one pipe
write on the acking thread (about 25 µs), with no helper threads to compete for the GIL, which is
a tenth of what a ProcessPoolExecutor costs per task.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.connection
import os
import queue
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from enum import Enum
from typing import TYPE_CHECKING, Any

from slack_sdk import WebClient

from bot.digest.compose import UsageSource
from bot.prices import bundled_catalog
from bot.settings import Settings
from bot.slack.heap import settle_heap
from bot.storage import Store, make_engine

if TYPE_CHECKING:
    from bot.slack.listeners.services import Services

log = logging.getLogger("compute_advisor.answers")

ANSWER_NICENESS = 10
WARM_REGION = "us-east-1"
START_TIMEOUT_S = 60  # spawning imports the app and reads the prices: a few seconds on a slow disk
STOP_TIMEOUT_S = 30
READY_POLL_S = 0.05  # how often a start looks for an answer process that ended instead


class Marker(Enum):
    """Stands for the process's own `Services` or client in an answer's arguments (an enum keeps
    its identity across pickling)."""

    SERVICES = "services"
    CLIENT = "client"


Task = tuple[Callable[..., None], tuple[object, ...]] | None  # None: stop


class AnswerProcesses:
    """Spawned processes taking answers from one queue, started and ready when this returns."""

    def __init__(self, settings: Settings, usage_source: UsageSource, processes: int) -> None:
        context = multiprocessing.get_context("spawn")
        self._tasks: Any = context.SimpleQueue()
        ready: Any = context.Queue()
        self._processes = [
            context.Process(
                target=serve_answers,
                args=(self._tasks, ready, settings, usage_source),
                name=f"compute-answers-{number}",
                daemon=True,  # ends with the process that serves Slack
            )
            for number in range(processes)
        ]
        with _sigint_ignored():  # from their first instruction: see _sigint_ignored
            for process in self._processes:
                process.start()
        try:
            self.started: list[tuple[int, int]] = _wait_until_ready(ready, self._processes)
        except RuntimeError:
            self.shutdown()
            raise

    def submit(self, answer: Callable[..., None], args: tuple[object, ...]) -> None:
        """Queue `answer(*args)` for the next free answer process (thread-safe)."""
        self._tasks.put((answer, args))

    def shutdown(self) -> None:
        """Let the answers already queued be given, then stop the processes."""
        for process in self._processes:
            if process.is_alive():
                self._tasks.put(None)
        for process in self._processes:
            process.join(STOP_TIMEOUT_S)
            if process.is_alive():
                process.terminate()


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    """SIGINT ignored while answer processes are spawned, so that they start with it ignored.

    Ctrl-C reaches the whole process group; the serving process stops its answer processes once
    the answers already queued are given, so they must not die of the same SIGINT first, not even
    while they are still importing (Python keeps a SIGINT it inherits ignored). Only the main
    thread may set handlers; a process spawned from another ignores SIGINT once it is set up.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)


def _wait_until_ready(ready: Any, processes: list[Any]) -> list[tuple[int, int]]:
    """Each process's (pid, niceness) once it is ready; RuntimeError if one ends first, or if they
    aren't all ready in START_TIMEOUT_S."""
    started: list[tuple[int, int]] = []
    deadline = time.monotonic() + START_TIMEOUT_S
    while len(started) < len(processes):
        ended = [process for process in processes if process.exitcode is not None]
        if ended:
            first = ended[0]
            raise RuntimeError(
                f"answer process {first.name} ended while starting (exit code {first.exitcode})"
            )
        if time.monotonic() > deadline:
            raise RuntimeError(f"the answer processes did not start in {START_TIMEOUT_S} s")
        try:
            started.append(ready.get(timeout=READY_POLL_S))
        except queue.Empty:
            continue
    return started


def answer_processes(settings: Settings, usage_source: UsageSource, processes: int) -> AnswerProcesses:
    """`processes` answer processes, started now so the first answer doesn't wait for one."""
    return AnswerProcesses(settings, usage_source, processes)


def submit_answer(
    processes: AnswerProcesses, services: Services, answer: Callable[..., None], args: tuple[object, ...]
) -> None:
    """Queue `answer(*args)` for an answer process, which uses its own `Services` and client."""
    processes.submit(answer, tuple(_marked(arg, services) for arg in args))


def _marked(arg: object, services: Services) -> object:
    if arg is services:
        return Marker.SERVICES
    if isinstance(arg, WebClient):  # not pickled for every answer: the process has its own
        return Marker.CLIENT
    return arg


def serve_answers(tasks: Any, ready: Any, settings: Settings, usage_source: UsageSource) -> None:
    """An answer process: set up once, say so, then give answers until told to stop."""
    services, client = _start(settings, usage_source)
    _end_with_parent()
    settle_heap()
    ready.put((os.getpid(), os.nice(0)))
    own: dict[Marker, object] = {Marker.SERVICES: services, Marker.CLIENT: client}
    while (task := tasks.get()) is not None:
        answer, args = task
        try:
            answer(*(own[arg] if isinstance(arg, Marker) else arg for arg in args))
        except Exception:  # each answer has its own boundary; this keeps the process serving
            log.exception("an answer failed outside its listener's boundary")


def _end_with_parent() -> None:
    """End this process when the serving process that started it dies without stopping it (a
    worker killed by the server, say): nobody else can queue answers for it, and it would otherwise
    wait on its queue, and hold its memory, forever."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        multiprocessing.connection.wait([sentinel])  # readable once the parent has gone
        log.warning("the serving process is gone; this answer process ends with it")
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _start(settings: Settings, usage_source: UsageSource) -> tuple[Services, WebClient]:
    from bot.logs import configure_logging  # noqa: PLC0415
    from bot.slack.app import build_web_client  # noqa: PLC0415  (the app imports this module)
    from bot.slack.listeners.services import Services  # noqa: PLC0415

    os.nice(ANSWER_NICENESS)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # as _sigint_ignored, when spawned from a thread
    configure_logging(settings)
    catalog = bundled_catalog()
    catalog.ec2_types(WARM_REGION)
    store = Store(make_engine(settings.database_url))
    services = Services(settings, store, catalog, ThreadPoolExecutor(1), usage_source=usage_source)
    return services, build_web_client(settings)
