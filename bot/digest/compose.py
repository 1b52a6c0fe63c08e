"""Gathering for the digest: the ISO week, usage from AWS (or the demo account), last week's
digest from the store, then one pure call into `core.digest`."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot.prices import current_catalog
from bot.settings import Settings
from bot.storage import DigestRecord, Store
from core.digest import Digest, PreviousDigest, Thresholds, build_digest, previous_from_dict
from core.digest.model import CLOUDWATCH_SOURCE
from core.errors import AdvisorError
from core.prices.catalog import PriceCatalog
from core.usage import UsageReport

PERIOD_S = 3600  # hourly datapoints: 14 days fit 300 queries in one GetMetricData call
Progress = Callable[[str], None]
UsageSource = Callable[[Settings, datetime], UsageReport]


@dataclass(frozen=True, slots=True)
class IsoWeek:
    """An ISO year and week: the unit a channel gets at most one digest in."""

    year: int
    week: int

    @property
    def label(self) -> str:
        """`2025-W45`."""
        return f"{self.year}-W{self.week:02d}"


def iso_week(now: datetime, zone: ZoneInfo) -> IsoWeek:
    """The ISO week `now` falls in, in the digest's time zone."""
    calendar = now.astimezone(zone).isocalendar()
    return IsoWeek(calendar.year, calendar.week)


def thresholds(settings: Settings) -> Thresholds:
    """The savings a note must reach, from the settings."""
    return Thresholds(settings.digest_min_savings_pct, settings.digest_min_savings_usd)


def aws_usage(
    settings: Settings,
    now: datetime,
    *,
    regions: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> UsageReport:
    """Read the accounts with boto3's usual configuration (profiles, AWS_ENDPOINT_URL, roles):
    the credentials' own account, and one more for each of DIGEST_ROLE_ARNS."""
    # boto3 is imported here, not with the module: the Slack app's processes load the digest's
    # code, and only reading AWS needs boto3's 25 MB (bench/bench_slack.py, idle memory).
    from core.aws.accounts import ReadOptions, default_session, read_accounts  # noqa: PLC0415

    options = ReadOptions(settings.digest_lookback_days, PERIOD_S, settings.digest_cost_explorer, progress)
    session = default_session()
    if session.get_credentials() is None:
        raise NoAwsCredentials
    usage = read_accounts(
        session,
        regions or settings.aws_regions,
        settings.digest_role_arns,
        now=now,
        options=options,
    )
    if all(not (a.lambda_functions or a.fargate_services or a.ec2_groups) for a in usage.accounts) and all(
        a.errors for a in usage.accounts
    ):
        first = usage.errors[0]
        raise AdvisorError(
            f"nothing could be read from AWS: {first.service} {first.operation} in {first.region}: "
            f"{first.error_code}: {first.message}"
        )
    return usage


class NoAwsCredentials(AdvisorError):
    """boto3 found no credentials anywhere in its chain: nothing can be read."""

    def __init__(self) -> None:
        super().__init__(
            "no AWS credentials found: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
            "or run where an instance or task role applies (or use --demo, or --cur with a local export)"
        )


def previous_digest(store: Store, channel_id: str, week: IsoWeek | None = None) -> PreviousDigest | None:
    """What the channel's last posted digest said (before `week`, if given); None if nothing usable."""
    record = (
        store.last_digest(channel_id)
        if week is None
        else store.previous_digest(channel_id, week.year, week.week)
    )
    data = posted_payload(record) if record is not None else None
    return previous_from_dict(data) if data is not None else None


def posted_payload(record: DigestRecord) -> dict[str, object] | None:
    """A posted digest's stored JSON (money as Decimal); None if there is none that reads."""
    if record.payload_json is None:
        return None
    try:
        data = json.loads(record.payload_json, parse_float=Decimal)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def posted_source(record: DigestRecord) -> str | None:
    """The source a posted digest said it read; None if it was not recorded."""
    source = (posted_payload(record) or {}).get("source")
    return source if isinstance(source, str) and source else None


def digest_source(settings: Settings) -> str:
    """What the digest reads, in words the Home tab can show: no path, bucket or table name."""
    if not settings.digest_cur:
        return CLOUDWATCH_SOURCE
    if settings.digest_engine == "athena":
        return "a CUR 2.0 export, through Amazon Athena (DIGEST_CUR, DIGEST_ENGINE=athena)"
    return "a CUR 2.0 export, through DuckDB on this machine (DIGEST_CUR)"


def digest_for(
    settings: Settings,
    now: datetime,
    *,
    week: IsoWeek,
    previous: PreviousDigest | None = None,
    catalog: PriceCatalog | None = None,
    usage_source: UsageSource | None = None,
    progress: Progress | None = None,
) -> Digest:
    """This week's digest from the source the settings name: a CUR 2.0 export (DIGEST_CUR), else
    the accounts read through CloudWatch and the service APIs."""
    prices = catalog or current_catalog(settings.database_url)
    if settings.digest_cur:
        from bot.digest.cur import cur_digest  # noqa: PLC0415 (DuckDB only for a CUR digest)

        return cur_digest(
            settings, now, week=week.label, catalog=prices, previous=previous, progress=progress
        )
    usage = (usage_source or aws_usage)(settings, now)
    return compose_digest(settings, usage, week=week, previous=previous, catalog=prices)


def compose_digest(
    settings: Settings,
    usage: UsageReport,
    *,
    week: IsoWeek,
    previous: PreviousDigest | None = None,
    catalog: PriceCatalog | None = None,
) -> Digest:
    """The digest of `usage` for `week`: the one pure call."""
    prices = catalog or current_catalog(settings.database_url)
    return build_digest(usage, prices, thresholds(settings), week=week.label, previous=previous)
