"""Price updates: read the Price List (and Savings Plans) APIs, store all of it or nothing; and
the weekly refresh, a job on the bot's one scheduler (bot.slack.housekeeping).

Registered at start-up only when boto3 finds AWS credentials. It runs every Monday at 04:30 UTC,
before the usual digest, and also a few minutes after start-up when the stored prices are over a
week old (or there are none), so a bot restarted on a Tuesday doesn't wait six days. Replicas
share the database: a run that finds prices fetched within the last six days does nothing. The
refresh is `prices update --savings-plans` for every region the snapshot knows: all stored in
one transaction, or nothing stored and every failure logged.

boto3 is imported only by the functions that read AWS, not with this module: the Slack app's
long-running process schedules the refresh, and with `child` settings the credentials check and
each refresh run in a short-lived child process (bot.child), so boto3 never stays in its memory.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.job import Job
from apscheduler.triggers.cron import CronTrigger

from bot.child import in_child, shared_with_child
from bot.logs import configure_logging
from bot.prices import bundled_catalog
from bot.settings import Settings
from bot.storage import Store, make_engine, utc_now
from bot.storage.prices import newest_fetch, save_prices
from core.prices.pricelist.result import Refresh

log = logging.getLogger("compute_advisor.prices")

JOB_ID = "refresh-prices"
REFRESH_CRON = "30 4 * * mon"  # Mondays 04:30 UTC
FRESH_FOR = timedelta(days=6)  # prices fetched this recently (by this replica or another) are kept
STALE_AFTER = timedelta(days=7)  # prices older than this at start-up are refreshed soon after it
START_DELAY = timedelta(minutes=2)  # let start-up finish before the first refresh
MISFIRE_GRACE_S = 24 * 3600

SessionSource = Callable[[], Any]


@dataclass(frozen=True, slots=True)
class UpdateOutcome:
    """What an update read, whether it was stored, and how long it took."""

    refresh: Refresh
    stored: bool
    seconds: float


def update_prices(
    session: Any, engine: Any, regions: Sequence[str], *, savings_plans: bool = False
) -> UpdateOutcome:
    """Read every table in `regions` from the Price List API (and with `savings_plans` the
    Compute Savings Plans rates); store it all, in one transaction, only if nothing failed."""
    from core.aws.pricelist import pricing_client, refresh_prices
    from core.aws.savings_plans import refresh_savings_plans, savings_plans_client

    started, now = time.perf_counter(), datetime.now(UTC)
    refresh = refresh_prices(pricing_client(session), regions)
    if savings_plans:
        plans = refresh_savings_plans(savings_plans_client(session), regions, now.date().isoformat())
        refresh = refresh.merged(plans)
    if refresh.complete:
        save_prices(engine, refresh.priced, now)
    return UpdateOutcome(refresh, refresh.complete, time.perf_counter() - started)


def default_session() -> Any:
    """A boto3 session from the usual credential chain."""
    from core.aws import make_session

    return make_session(None, None)


def credentials_found(session_source: SessionSource = default_session) -> bool:
    """Whether boto3's usual chain finds AWS credentials (environment, profiles and their files,
    a task or instance role); it makes no AWS call to find out."""
    from core.aws.session import has_credentials

    return has_credentials(session_source())


def refresh_if_due(
    store: Store,
    session_source: SessionSource,
    clock: Callable[[], datetime] = utc_now,
    regions: Sequence[str] | None = None,
) -> bool:
    """Refresh the prices of `regions` (every region the snapshot knows) unless they were fetched
    within FRESH_FOR; True if stored."""
    newest, _ = newest_fetch(store.engine)
    if newest is not None and clock() - newest < FRESH_FOR:
        log.info("prices were fetched %s: not refreshed again yet", newest.isoformat(timespec="minutes"))
        return False
    regions = regions or bundled_catalog().regions()
    outcome = update_prices(session_source(), store.engine, regions, savings_plans=True)
    refresh = outcome.refresh
    if outcome.stored:
        log.info(
            "prices refreshed: %d regions, %d calls in %.0f s", len(regions), refresh.calls, outcome.seconds
        )
    else:
        log.error(
            "price refresh failed, nothing stored (the last good prices stay): %d failures",
            len(refresh.failed),
        )
        for failed in refresh.failed:
            log.error("  %s", failed)
    return outcome.stored


def refresh_in_child(settings: Settings, database_url: str) -> bool:
    """`refresh_if_due` for the database at `database_url`, in a short-lived child process that
    logs as `settings` say; True if stored."""
    return in_child(refresh_stored, settings, database_url)


def refresh_stored(settings: Settings, database_url: str) -> bool:
    """In the child: refresh the prices at `database_url` if due, logging as the app does."""
    configure_logging(settings)
    store = Store(make_engine(database_url))
    try:
        return refresh_if_due(store, default_session)
    finally:
        store.engine.dispose()


def add_price_job(
    scheduler: Any,
    store: Store,
    *,
    jobstore: str,
    session_source: SessionSource = default_session,
    clock: Callable[[], datetime] = utc_now,
    child: Settings | None = None,
) -> Job | None:
    """Add the weekly refresh to `scheduler` (started, paused); None when there are no credentials.

    With `child` (the app's settings, for its logging), the credentials check and every refresh
    run in a short-lived child process instead of this one, unless a child can't open `store`'s
    database (an in-memory one)."""
    database_url = store.engine.url.render_as_string(hide_password=False)
    in_child_too = child is not None and shared_with_child(database_url)
    if not (in_child(credentials_found) if in_child_too else credentials_found(session_source)):
        log.info("no AWS credentials: prices are not refreshed (answers use the stored or bundled prices)")
        return None
    newest, _ = newest_fetch(store.engine)
    soon = newest is None or clock() - newest > STALE_AFTER
    refresh, args = (
        (refresh_in_child, (child, database_url))
        if in_child_too
        else (refresh_if_due, (store, session_source, clock))
    )
    job: Job = scheduler.add_job(
        refresh,
        CronTrigger.from_crontab(REFRESH_CRON, timezone=UTC),
        args=args,
        id=JOB_ID,
        name="weekly price refresh",
        jobstore=jobstore,
        replace_existing=True,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=MISFIRE_GRACE_S,
        **({"next_run_time": clock() + START_DELAY} if soon else {}),
    )
    log.info("AWS credentials found: prices are refreshed weekly, next at %s", job.next_run_time)
    return job
