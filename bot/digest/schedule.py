"""The weekly digest on a schedule: APScheduler 3 keeps the job in the app's own database.

The job is registered once at start-up with a cron trigger in DIGEST_TIMEZONE, a stable id and
`replace_existing=True`. Its next run time survives a restart: when the bot was down at 09:00 and
comes back within a day (`misfire_grace_time`), the missed run happens once (`coalesce`), however
many runs were missed. Several replicas may each run a scheduler on the same table; the ISO-week
claim in `post_digest` makes sure only one digest is posted.

The job store pickles a reference to the job function, so it is a module-level function with no
arguments; what it needs (client, store, settings) is registered here by `add_digest_job`, never at
import. The scheduler itself is the app's one scheduler (bot.slack.housekeeping).
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from apscheduler.job import Job
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.cron import CronTrigger
from slack_sdk import WebClient

from bot.digest.compose import UsageSource, aws_usage
from bot.digest.post import PostOutcome, post_digest
from bot.settings import Settings
from bot.storage import Store, utc_now

log = logging.getLogger(__name__)

JOB_ID = "compute-advisor-weekly-digest"
JOBS_TABLE = "apscheduler_jobs"
MISFIRE_GRACE_S = 24 * 3600  # a bot down at 09:00 Monday still posts if it is back by Tuesday 09:00


@dataclass(frozen=True, slots=True)
class DigestJob:
    """What the scheduled job posts with."""

    client: WebClient
    store: Store
    settings: Settings
    usage_source: UsageSource
    clock: Callable[[], datetime]


_registered: dict[str, DigestJob] = {}


def run_digest_job() -> PostOutcome | None:
    """The scheduled job: `post_digest` with what `add_digest_job` registered."""
    job = _registered.get(JOB_ID)
    if job is None:
        log.error("the digest job ran before add_digest_job registered it: nothing posted")
        return None
    outcome = post_digest(job.client, job.store, job.settings, now=job.clock(), usage_source=job.usage_source)
    log.info("weekly digest %s: %s", outcome.week.label, "posted" if outcome.posted else "already posted")
    return outcome


def add_digest_job(
    scheduler: BaseScheduler,
    settings: Settings,
    client: WebClient,
    store: Store,
    *,
    usage_source: UsageSource = aws_usage,
    clock: Callable[[], datetime] = utc_now,
) -> Job | None:
    """Add the digest's job to `scheduler` (started, paused), posting on DIGEST_CRON; None without
    DIGEST_CHANNEL. The scheduler's default job store keeps the job in the store's database."""
    if settings.digest_channel is None:
        log.info("DIGEST_CHANNEL is not set: no weekly digest")
        return None
    _registered[JOB_ID] = DigestJob(client, store, settings, usage_source, clock)
    return schedule_digest_job(scheduler, settings)


def schedule_digest_job(scheduler: Any, settings: Settings) -> Job:
    """Add (or replace) the digest job, keeping a stored next run time if the schedule is unchanged.

    `replace_existing=True` alone would recompute the next run time from now and lose a run
    missed while the bot was down, so the stored one is passed back in.
    """
    trigger = CronTrigger.from_crontab(settings.digest_cron, timezone=settings.digest_zone)
    kept = stored_run_time(scheduler, trigger)
    return scheduler.add_job(
        run_digest_job,
        trigger,
        id=JOB_ID,
        name="weekly compute digest",
        replace_existing=True,
        misfire_grace_time=MISFIRE_GRACE_S,
        coalesce=True,
        max_instances=1,
        **({"next_run_time": kept} if kept is not None else {}),
    )


def stored_run_time(scheduler: Any, trigger: CronTrigger) -> datetime | None:
    """The stored job's next run time, if it has the same schedule; else None (a new schedule)."""
    try:
        stored = scheduler.get_job(JOB_ID)
    except (LookupError, ValueError, pickle.UnpicklingError):  # a job pickled by an older version
        log.warning("the stored digest job could not be read: it is replaced", exc_info=True)
        return None
    if stored is None or repr(stored.trigger) != repr(trigger):
        return None
    run_time: datetime | None = stored.next_run_time
    return run_time
