"""Several accounts in one report: the session's own, and one per role assumed in another account.

A role that can't be assumed becomes a `ReadError` in that account's (empty) usage; the other
accounts are still read. Every account is read over the same window, so the reports merge.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

import boto3
from botocore.exceptions import BotoCoreError

from core.aws.failures import CallSite, attempt
from core.aws.reader import Progress, lookback_window, read_usage
from core.aws.session import GLOBAL_REGION, assume_role_session, make_session
from core.errors import AdvisorError
from core.usage import AccountUsage, ReadError, UsageReport, merge_reports

DEFAULT_SESSION_NAME = "compute-advisor-digest"
_ROLE_ACCOUNT = re.compile(r"^arn:aws[a-z-]*:iam::(\d{12}):role/")


class AwsConfigurationError(AdvisorError):
    """boto3 can't even make a session: a named profile that doesn't exist, a broken config file."""

    def __init__(self, error: BotoCoreError) -> None:
        super().__init__(f"AWS configuration: {error}")


def default_session() -> boto3.session.Session:
    """A session from boto3's usual configuration (AWS_PROFILE, environment, config files, roles)."""
    try:
        return make_session(None, None)
    except BotoCoreError as error:
        raise AwsConfigurationError(error) from None


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How every account is read: the look-back window, Cost Explorer, progress lines."""

    lookback_days: int = 14
    period_s: int = 3600
    cost_explorer: bool = True
    progress: Progress | None = None


def read_accounts(
    session: boto3.session.Session,
    regions: Sequence[str],
    role_arns: Sequence[str] = (),
    *,
    include_own: bool = True,
    session_name: str = DEFAULT_SESSION_NAME,
    now: datetime | None = None,
    options: ReadOptions = ReadOptions(),
) -> UsageReport:
    """The session's account (unless `include_own` is False) and each role's account, merged."""
    moment = now or datetime.now(UTC)
    reports = [_read(session, regions, moment, options)] if include_own else []
    for role_arn in role_arns:
        assumed = attempt(
            partial(assume_role_session, session, role_arn, session_name),
            # Reported under the region the call went to: the session's, else STS's global home.
            CallSite(role_account(role_arn), session.region_name or GLOBAL_REGION, "sts", "AssumeRole"),
        )
        if isinstance(assumed, ReadError):
            reports.append(_unreadable(assumed, regions, moment, options))
        else:
            reports.append(_read(assumed, regions, moment, options))
    return merge_reports(reports)


def role_account(role_arn: str) -> str | None:
    """The account id in a role ARN, or None if it isn't one."""
    match = _ROLE_ACCOUNT.match(role_arn)
    return match[1] if match else None


def _read(
    session: boto3.session.Session, regions: Sequence[str], now: datetime, options: ReadOptions
) -> UsageReport:
    return read_usage(
        session,
        regions,
        lookback_days=options.lookback_days,
        period_s=options.period_s,
        cost_explorer=options.cost_explorer,
        now=now,
        progress=options.progress,
    )


def _unreadable(error: ReadError, regions: Sequence[str], now: datetime, options: ReadOptions) -> UsageReport:
    window = lookback_window(now, options.lookback_days, options.period_s)
    usage = AccountUsage(error.account, tuple(regions), (), (), (), None, (error,))
    return UsageReport(window, (usage,))
