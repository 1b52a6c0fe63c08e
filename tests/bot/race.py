"""Claims made from a separate process, for the storage race tests (spawned, so importable)."""

from __future__ import annotations

from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier

from bot.storage import Store, make_engine

RACE_TIMEOUT_S = 60


def claim_in_process(url: str, start: Barrier, results: Queue[tuple[bool, bool]]) -> None:
    """Claim one event and one digest week as soon as every racer is ready."""
    engine = make_engine(url)
    store = Store(engine)
    start.wait(RACE_TIMEOUT_S)
    event_won = store.claim_event("Ev-race")
    digest_won = store.claim_digest("C-race", 2025, 2)
    engine.dispose()
    results.put((event_won, digest_won))
