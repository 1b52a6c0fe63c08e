"""What every listener works with, built once by the composition root and passed down."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from slack_bolt import BoltContext
from sqlalchemy.exc import SQLAlchemyError

from bot.digest.compose import UsageSource, aws_usage
from bot.settings import Settings
from bot.storage import Store, ThreadKey, ThreadRecord
from core.errors import InvalidInput
from core.prices.catalog import PriceCatalog
from core.workload import Workload

log = logging.getLogger("compute_advisor.slack")

# After an answer is posted its workload must be stored, or its thread and buttons lose it: a
# database that is locked or briefly unreachable is tried again over about half a minute (each
# try also waits SQLite's own busy timeout) before the failure is logged. The person already has
# the answer, so nobody is told anything went wrong.
SAVE_RETRY_DELAYS_S = (1.0, 4.0, 10.0)


@dataclass(frozen=True)
class Services:
    """The settings, the database, the prices; and a lock, because matplotlib is not thread-safe."""

    settings: Settings
    store: Store
    prices: PriceCatalog | Callable[[], PriceCatalog]  # fixed, or the newest stored (bot.prices.StoredPrices)
    usage_source: UsageSource = aws_usage  # where `/compute digest` reads usage: AWS, or the demo
    save_retry_delays_s: Sequence[float] = SAVE_RETRY_DELAYS_S
    chart_lock: threading.Lock = field(default_factory=threading.Lock, compare=False)

    @property
    def catalog(self) -> PriceCatalog:
        """The prices answers use now."""
        return self.prices if isinstance(self.prices, PriceCatalog) else self.prices()

    def thread_workload(self, key: ThreadKey) -> Workload | None:
        """The workload a thread is about now (its latest answer's), or None."""
        return _workload(self.store.load_thread(key))

    def answer_workload(self, team_id: str, channel_id: str, answer_ts: str) -> Workload | None:
        """The workload of the answer posted as `answer_ts`, or None."""
        return _workload(self.store.load_answer(team_id, channel_id, answer_ts))

    def remember(self, key: ThreadKey, workload: Workload, answer_ts: str) -> bool:
        """Store the answer's workload under its ts and as the thread's latest; retried, never raised.

        False (and an error in the log) when the database refused every try.
        """
        text = json.dumps(workload.to_dict())
        for delay_s in (*self.save_retry_delays_s, None):
            try:
                self.store.save_thread(key, text, answer_ts)
            except SQLAlchemyError as error:
                if delay_s is None:
                    log.error(
                        "answer %s in %s was posted but its workload could not be stored (%s): "
                        "its thread and buttons won't know it",
                        answer_ts,
                        key.channel_id,
                        type(error).__name__,
                    )
                    return False
                log.warning("storing answer %s failed (%s); trying again", answer_ts, type(error).__name__)
                time.sleep(delay_s)
            else:
                return True
        return False  # pragma: no cover - the loop returns on its last try


def installation_id(context: BoltContext) -> str:
    """The workspace (or, for an org-wide install on Enterprise Grid, the organisation) the app is
    installed in: the team part of every thread key. In a Slack Connect channel the payload's own
    team can be the other workspace's; Bolt's authorization (auth.test) is always the installation's.
    """
    result = context.authorize_result
    found = (result.team_id or result.enterprise_id) if result is not None else None
    return found or context.team_id or context.enterprise_id or ""


def _workload(record: ThreadRecord | None) -> Workload | None:
    if record is None:
        return None
    try:
        return Workload.from_dict(json.loads(record.workload_json))
    except (InvalidInput, ValueError, TypeError):
        return None  # a row from an older version: start afresh rather than fail
