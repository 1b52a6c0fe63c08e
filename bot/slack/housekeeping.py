"""One scheduler for the work beside serving Slack: the weekly digest, the weekly price refresh
(bot.price_updates), and forgetting old events.

Started once by `compute-advisor run` in the process that lives as long as the app (the Socket
Mode process, or granian's main process in HTTP mode), and shut down with it. The digest's job is
kept in the app's database (APScheduler's SQLAlchemy job store, see bot.digest.schedule); pruning
needs no memory across restarts and runs from a job store in memory.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from slack_sdk import WebClient

from bot.digest.compose import UsageSource, aws_usage
from bot.digest.schedule import JOBS_TABLE, add_digest_job
from bot.price_updates import add_price_job
from bot.settings import Settings
from bot.storage import Store, utc_now

log = logging.getLogger("compute_advisor.housekeeping")

EVENT_MEMORY = timedelta(days=1)  # Slack retries a delivery for minutes; a day is ample
PRUNE_EVERY_H = 1
PRUNE_JOB_ID = "prune-events"
IN_MEMORY = "memory"


def prune_old_events(store: Store) -> int:
    """Forget the delivery keys claimed more than a day ago; how many were forgotten."""
    forgotten = store.prune_events(utc_now() - EVENT_MEMORY)
    log.debug("forgot %d answered deliveries", forgotten)
    return forgotten


def start_scheduler(
    settings: Settings,
    client: WebClient,
    store: Store,
    *,
    usage_source: UsageSource = aws_usage,
    clock: Callable[[], datetime] = utc_now,
) -> BackgroundScheduler:
    """Prune old delivery keys every hour (and once now), and post the digest on DIGEST_CRON when
    DIGEST_CHANNEL is set. The caller shuts it down (`scheduler.shutdown(wait=False)`)."""
    jobstores = {
        "default": SQLAlchemyJobStore(engine=store.engine, tablename=JOBS_TABLE),
        IN_MEMORY: MemoryJobStore(),
    }
    scheduler = BackgroundScheduler(jobstores=jobstores, timezone=settings.digest_zone)
    scheduler.start(paused=True)  # the job stores are open; nothing runs until the jobs are in place
    scheduler.add_job(
        prune_old_events,
        "interval",
        hours=PRUNE_EVERY_H,
        args=(store,),
        id=PRUNE_JOB_ID,
        jobstore=IN_MEMORY,
        next_run_time=utc_now(),
        coalesce=True,
        max_instances=1,
    )
    add_digest_job(scheduler, settings, client, store, usage_source=usage_source, clock=clock)
    add_price_job(scheduler, store, jobstore=IN_MEMORY, child=settings)  # only with AWS credentials
    scheduler.resume()
    return scheduler
