"""Background work beside serving Slack: the weekly digest on its schedule, and forgetting old events.

Started once by `compute-advisor run` in the process that lives as long as the app (the Socket Mode
process, or granian's main process in HTTP mode), and stopped with it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from slack_sdk import WebClient

from bot.digest.schedule import start_digest_scheduler
from bot.settings import Settings
from bot.storage import Store, utc_now

log = logging.getLogger("compute_advisor.housekeeping")

EVENT_MEMORY = timedelta(days=1)  # Slack retries a delivery for minutes; a day is ample
PRUNE_EVERY_H = 1


def prune_old_events(store: Store) -> int:
    """Forget the delivery keys claimed more than a day ago; how many were forgotten."""
    forgotten = store.prune_events(utc_now() - EVENT_MEMORY)
    log.debug("forgot %d answered deliveries", forgotten)
    return forgotten


@dataclass
class Housekeeping:
    """The schedulers running beside the app; `stop()` ends them."""

    pruning: BackgroundScheduler
    digest: BackgroundScheduler | None

    def stop(self) -> None:
        """Stop both schedulers without waiting for a running digest to finish."""
        for scheduler in (self.pruning, self.digest):
            if scheduler is not None and scheduler.running:
                scheduler.shutdown(wait=False)


def start_housekeeping(settings: Settings, client: WebClient, store: Store) -> Housekeeping:
    """Prune old delivery keys every hour (and once now), and post the digest on DIGEST_CRON."""
    pruning = BackgroundScheduler(timezone="UTC")
    pruning.add_job(
        prune_old_events,
        "interval",
        hours=PRUNE_EVERY_H,
        args=(store,),
        id="prune-events",
        next_run_time=utc_now(),
        coalesce=True,
        max_instances=1,
    )
    pruning.start()
    return Housekeeping(pruning, start_digest_scheduler(settings, client, store))
