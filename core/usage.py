"""What the usage reader saw in AWS accounts: frozen, typed values with no AWS client in sight.

A number the reader could not learn is `None`, never `0`: a function with no CloudWatch datapoints
in the window has `monthly_invocations=None`, because "never invoked" and "metrics unreadable" look
the same from here. Every series is summarised over one look-back window of whole periods.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from core.constants import HOURS_PER_MONTH, HOURS_PER_WEEK, SECONDS_PER_HOUR
from core.errors import InvalidInput
from core.factors import factors_of

P95 = Decimal("0.95")


@dataclass(frozen=True, slots=True)
class LookbackWindow:
    """The span the metrics cover, `start` inclusive to `end` exclusive, in `period_s` periods."""

    start: datetime
    end: datetime
    period_s: int

    @property
    def hours(self) -> Decimal:
        """The window's length in hours."""
        return Decimal(int((self.end - self.start).total_seconds())) / SECONDS_PER_HOUR

    @property
    def periods(self) -> int:
        """How many datapoints one metric can have in the window."""
        return math.ceil((self.end - self.start).total_seconds() / self.period_s)


@dataclass(frozen=True, slots=True)
class SeriesStats:
    """One metric's per-period values over the window: how many, their mean, p95 and peak."""

    datapoints: int
    average: Decimal
    p95: Decimal
    maximum: Decimal


def summarize(values: Sequence[Decimal]) -> SeriesStats | None:
    """Mean, nearest-rank p95 and maximum of `values`; None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    rank = math.ceil(P95 * len(ordered))  # nearest-rank: the smallest value with 95% at or below
    return SeriesStats(
        datapoints=len(ordered),
        average=sum(ordered, Decimal(0)) / len(ordered),
        p95=ordered[rank - 1],
        maximum=ordered[-1],
    )


def monthly(total: Decimal | None, window: LookbackWindow) -> Decimal | None:
    """A count seen over the window, scaled to a 730-hour month."""
    if total is None or window.hours == 0:
        return None
    return total * HOURS_PER_MONTH / window.hours


@dataclass(frozen=True, slots=True)
class LambdaFunctionUsage:
    """One Lambda function: its configuration and what CloudWatch saw it do."""

    account: str | None
    region: str
    name: str
    arn: str
    memory_mb: int
    arch: str
    timeout_s: int
    ephemeral_mb: int | None
    invocations: Decimal | None
    monthly_invocations: Decimal | None
    invocations_per_period: SeriesStats | None
    avg_duration_ms: Decimal | None
    max_concurrency: Decimal | None
    datapoints: int
    # invocations by hour of the week, as 168 factors of their mean (None: not every hour seen)
    hourly_shape: tuple[Decimal, ...] | None = None


@dataclass(frozen=True, slots=True)
class FargateServiceUsage:
    """One ECS service on Fargate: its task size, task counts and utilisation."""

    account: str | None
    region: str
    cluster: str
    service_name: str
    service_arn: str
    task_definition_arn: str
    vcpu: Decimal | None
    memory_mb: int | None
    ephemeral_gb: int | None
    arch: str | None
    os: str | None
    desired_count: int
    running_count: int
    cpu_percent: SeriesStats | None
    memory_percent: SeriesStats | None
    target_group_arns: tuple[str, ...]
    alb_requests: Decimal | None
    monthly_alb_requests: Decimal | None
    alb_avg_response_time_ms: Decimal | None
    datapoints: int
    # ALB requests by hour of the week, as 168 factors of their mean (None: not every hour seen)
    hourly_shape: tuple[Decimal, ...] | None = None


@dataclass(frozen=True, slots=True)
class Ec2InstanceGroup:
    """Running EC2 instances of one type that share the tags that name a workload."""

    account: str | None
    region: str
    instance_type: str
    arch: str | None
    platform: str | None
    lifecycle: str
    tags: tuple[tuple[str, str], ...]
    instance_ids: tuple[str, ...]
    cpu_percent: SeriesStats | None
    cpu_max_percent: Decimal | None
    datapoints: int

    @property
    def count(self) -> int:
        """How many instances are in the group."""
        return len(self.instance_ids)


@dataclass(frozen=True, slots=True)
class CostExplorerSpend:
    """Unblended spend by AWS service from Cost Explorer, `start` inclusive to `end` exclusive."""

    account: str | None
    start: date
    end: date
    by_service_usd: tuple[tuple[str, Decimal], ...]
    estimated: bool

    @property
    def total_usd(self) -> Decimal:
        """All services together."""
        return sum((usd for _, usd in self.by_service_usd), Decimal(0))

    def usd(self, service: str) -> Decimal | None:
        """One service's spend, as Cost Explorer names it; None if it had no line."""
        return dict(self.by_service_usd).get(service)


@dataclass(frozen=True, slots=True)
class ReadError:
    """One AWS call that failed; the rest of the report is still good. Holds no secrets."""

    account: str | None
    region: str
    service: str
    operation: str
    error_code: str
    message: str


@dataclass(frozen=True, slots=True)
class AccountUsage:
    """Everything read from one account, across its regions."""

    account: str | None
    regions: tuple[str, ...]
    lambda_functions: tuple[LambdaFunctionUsage, ...]
    fargate_services: tuple[FargateServiceUsage, ...]
    ec2_groups: tuple[Ec2InstanceGroup, ...]
    spend: CostExplorerSpend | None
    errors: tuple[ReadError, ...]


@dataclass(frozen=True, slots=True)
class UsageReport:
    """What the reader saw in one or more accounts over one look-back window."""

    window: LookbackWindow
    accounts: tuple[AccountUsage, ...]

    @property
    def errors(self) -> tuple[ReadError, ...]:
        """Every failed call, in every account."""
        return tuple(error for account in self.accounts for error in account.errors)


def merge_reports(reports: Iterable[UsageReport]) -> UsageReport:
    """One report from several (one per account), which must share a look-back window."""
    merged = tuple(reports)
    if not merged:
        raise InvalidInput("reports", "none", "at least one usage report")
    window = merged[0].window
    if any(report.window != window for report in merged):
        raise InvalidInput("reports", "different windows", "reports over the same window")
    return UsageReport(window, tuple(acc for report in merged for acc in report.accounts))


def week_shape(points: Iterable[tuple[datetime, Decimal]]) -> tuple[Decimal, ...] | None:
    """A series by hour of the week (Monday 00:00 UTC first), each hour the mean of its values, as
    factors of the week's mean; None unless every hour of the week has a value."""
    slots: list[list[Decimal]] = [[] for _ in range(int(HOURS_PER_WEEK))]
    for moment, value in points:
        slots[moment.weekday() * 24 + moment.hour].append(value)
    if any(not values for values in slots):
        return None
    return factors_of([sum(values, Decimal(0)) / len(values) for values in slots])
