"""The usage reader: what runs in an account's regions, and how hard it works.

Gather only: it lists Lambda functions, Fargate services (with their task definitions and ALB
target groups) and running EC2 instances in each region, fetches their CloudWatch series in as
few GetMetricData calls as the limits allow, optionally asks Cost Explorer for last week's
spend, and returns a `UsageReport`. Regions are read in parallel on a bounded pool. A failed
call becomes a `ReadError` in the report; everything else is still read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3

from core.aws.assemble import RegionUsage, region_usage
from core.aws.costs import COST_EXPLORER_REGION, read_spend
from core.aws.ec2 import GROUP_TAG_KEYS
from core.aws.failures import CallSite, RegionScope, attempt
from core.aws.inventory import list_region
from core.aws.metrics import fetch_metric_series
from core.aws.session import GLOBAL_REGION, caller_account, make_client
from core.constants import SECONDS_PER_MINUTE
from core.errors import InvalidInput
from core.usage import AccountUsage, CostExplorerSpend, LookbackWindow, ReadError, UsageReport

Progress = Callable[[str], None]
Clients = Mapping[str, Any]
MAX_LOOKBACK_DAYS = 455  # CloudWatch keeps hourly datapoints for 455 days
REGIONAL_SERVICES = ("lambda", "ecs", "elbv2", "ec2", "cloudwatch")


def read_usage(
    session: boto3.session.Session,
    regions: Sequence[str],
    *,
    lookback_days: int = 14,
    period_s: int = 3600,
    cost_explorer: bool = True,
    max_workers: int = 4,
    now: datetime | None = None,
    progress: Progress | None = None,
    group_tag_keys: Sequence[str] = GROUP_TAG_KEYS,
) -> UsageReport:
    """Read the session's account in `regions` over the last `lookback_days` of whole periods.

    `progress`, if given, gets one line per region as it finishes, on the calling thread.
    EC2 instances are grouped by type and the tags named in `group_tag_keys`.
    """
    regions = tuple(dict.fromkeys(regions))
    moment = now or datetime.now(UTC)
    window = lookback_window(moment, lookback_days, period_s)
    identity = attempt(
        lambda: caller_account(session), CallSite(None, GLOBAL_REGION, "sts", "GetCallerIdentity")
    )
    account = None if isinstance(identity, ReadError) else identity
    # Clients are made on this thread: a boto3 session is not thread-safe, its clients are.
    clients = {region: _region_clients(session, region, account) for region in regions}
    ce = make_client(session, "ce", COST_EXPLORER_REGION) if cost_explorer else None
    with ThreadPoolExecutor(max_workers=max(1, max_workers)) as pool:
        spend = pool.submit(_read_spend, ce, moment, account) if ce is not None else None
        read = _read_regions(
            pool,
            clients,
            window=window,
            account=account,
            tag_keys=tuple(group_tag_keys),
            progress=progress,
        )
        spent = spend.result() if spend is not None else None
    errors = [e for e in (identity, spent) if isinstance(e, ReadError)]
    usage = AccountUsage(
        account=account,
        regions=regions,
        lambda_functions=tuple(f for r in read for f in r.lambda_functions),
        fargate_services=tuple(s for r in read for s in r.fargate_services),
        ec2_groups=tuple(g for r in read for g in r.ec2_groups),
        spend=spent if isinstance(spent, CostExplorerSpend) else None,
        errors=(*errors, *(e for r in read for e in r.errors)),
    )
    return UsageReport(window, (usage,))


def lookback_window(now: datetime, lookback_days: int, period_s: int) -> LookbackWindow:
    """Whole periods ending at the last period boundary before `now`, so none is partial."""
    if not 1 <= lookback_days <= MAX_LOOKBACK_DAYS:
        raise InvalidInput("lookback_days", lookback_days, f"1 to {MAX_LOOKBACK_DAYS} days")
    if period_s < SECONDS_PER_MINUTE or period_s % SECONDS_PER_MINUTE:
        raise InvalidInput("period_s", period_s, "a whole number of minutes, in seconds")
    stamp = int(now.astimezone(UTC).timestamp())
    end = datetime.fromtimestamp(stamp - stamp % period_s, UTC)
    return LookbackWindow(end - timedelta(days=lookback_days), end, period_s)


def read_region(
    clients: Clients, scope: RegionScope, window: LookbackWindow, tag_keys: Sequence[str]
) -> RegionUsage:
    """One region's functions, services and instance groups, with their metrics."""
    inventory = list_region(clients, scope)
    fetch = fetch_metric_series(clients["cloudwatch"], inventory.metric_queries(), window, scope)
    return region_usage(inventory, fetch, window, scope, tag_keys)


def _region_clients(session: boto3.session.Session, region: str, account: str | None) -> Clients | ReadError:
    site = CallSite(account, region, "session", "CreateClient")
    return attempt(lambda: {s: make_client(session, s, region) for s in REGIONAL_SERVICES}, site)


def _read_spend(ce: Any, now: datetime, account: str | None) -> CostExplorerSpend | ReadError:
    site = CallSite(account, COST_EXPLORER_REGION, "ce", "GetCostAndUsage")
    return attempt(lambda: read_spend(ce, now, account), site)


def _read_regions(
    pool: ThreadPoolExecutor,
    clients: Mapping[str, Clients | ReadError],
    *,
    window: LookbackWindow,
    account: str | None,
    tag_keys: tuple[str, ...],
    progress: Progress | None,
) -> list[RegionUsage]:
    """Every region's usage in the order asked; progress lines in the order they finish."""
    read = {
        region: RegionUsage(region, (), (), (), (made,))
        for region, made in clients.items()
        if isinstance(made, ReadError)
    }
    futures: dict[Future[RegionUsage], str] = {
        pool.submit(read_region, made, RegionScope(account, region), window, tag_keys): region
        for region, made in clients.items()
        if not isinstance(made, ReadError)
    }
    if progress is not None:
        for usage in read.values():
            progress(usage.summary())
    for future in as_completed(futures):
        read[futures[future]] = future.result()
        if progress is not None:
            progress(read[futures[future]].summary())
    return [read[region] for region in clients]
