"""What every listener works with, built once by the composition root and passed down."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field

from bot.digest.compose import UsageSource, aws_usage
from bot.settings import Settings
from bot.slack.answer_processes import AnswerProcesses, submit_answer
from bot.storage import Store, ThreadKey
from core.errors import InvalidInput
from core.prices.catalog import PriceCatalog
from core.workload import Workload

log = logging.getLogger("compute_advisor.slack")


def _log_escaped_error(done: Future[None]) -> None:
    # Each answer catches its own errors at its boundary; a Future would hide one that got past.
    error = None if done.cancelled() else done.exception()
    if error is not None:
        log.error("an answer failed outside its listener's boundary", exc_info=error)


@dataclass(frozen=True)
class Services:
    """The settings, the database, the prices, and the pool answers are worked out on.

    And a lock, because matplotlib is not thread-safe, and where the digest reads usage.
    """

    settings: Settings
    store: Store
    catalog: PriceCatalog
    answers: Executor
    chart_lock: threading.Lock = field(default_factory=threading.Lock, compare=False)
    usage_source: UsageSource = aws_usage  # where `/compute digest` reads usage: AWS, or the demo
    processes: AnswerProcesses | None = None  # answer processes; None: the `answers` threads

    def answer_later(self, answer: Callable[..., None], *args: object) -> None:
        """Work an answer out in an answer process (or on the answer threads), once the listener has
        acked. `answer` is a module-level function: an answer process gets it by reference."""
        if self.processes is not None:
            submit_answer(self.processes, self, answer, args)
        else:
            self.answers.submit(answer, *args).add_done_callback(_log_escaped_error)

    def thread_workload(self, key: ThreadKey) -> Workload | None:
        """The workload stored for a thread, or None when there is none (or it can't be read back)."""
        record = self.store.load_thread(key)
        if record is None:
            return None
        try:
            return Workload.from_dict(json.loads(record.workload_json))
        except (InvalidInput, ValueError, TypeError):
            return None  # a row from an older version: start afresh rather than fail

    def remember(self, key: ThreadKey, workload: Workload, answer_ts: str) -> None:
        """Store the workload a thread is now about, and the answer that said so."""
        self.store.save_thread(key, json.dumps(workload.to_dict()), answer_ts)
