"""The threads answers are worked out on, once Slack has its ack.

Their OS priority is lowered: when the CPU is busy, a thread that has an ack to send (an HTTP
worker thread, a Socket Mode envelope) runs first, and the answers wait a little longer. Slack
gives up on an ack after 3 seconds; it waits for an answer as long as it takes.
"""

from __future__ import annotations

import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

ANSWER_THREADS = 4  # answers in flight per process: in service they wait on Slack's API more than on the CPU
ANSWER_NICENESS = 10


def answer_pool(threads: int = ANSWER_THREADS) -> ThreadPoolExecutor:
    """A pool of `threads` threads, each at a lower priority than the threads that ack."""
    return ThreadPoolExecutor(threads, thread_name_prefix="compute-answer", initializer=_lower_priority)


def _lower_priority() -> None:
    # Linux schedules each thread on its own, so one thread's niceness can be raised alone.
    if sys.platform == "linux":
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), ANSWER_NICENESS)
