"""Usage values for the digest's pure tests: a resource as the reader would report it, with defaults
that make a complete, well-measured one, and keyword overrides for each case."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from core.usage import (
    AccountUsage,
    CostExplorerSpend,
    Ec2InstanceGroup,
    FargateServiceUsage,
    LambdaFunctionUsage,
    LookbackWindow,
    ReadError,
    SeriesStats,
    UsageReport,
    monthly,
)

END = datetime(2025, 11, 3, tzinfo=UTC)
WINDOW = LookbackWindow(END - timedelta(days=14), END, 3600)
PERIODS = WINDOW.periods  # 336
ACCOUNT = "111122223333"
REGION = "us-east-1"


def stats(average: str, maximum: str | None = None, datapoints: int = PERIODS) -> SeriesStats:
    peak = Decimal(maximum or average)
    return SeriesStats(datapoints, Decimal(average), peak, peak)


def function(name: str = "api", *, per_hour: str | None = "3600", **changes: Any) -> LambdaFunctionUsage:
    """A function invoked `per_hour` times an hour through the window (None: no datapoints)."""
    total = None if per_hour is None else Decimal(per_hour) * PERIODS
    usage = LambdaFunctionUsage(
        account=ACCOUNT,
        region=REGION,
        name=name,
        arn=f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}",
        memory_mb=1024,
        arch="x86_64",
        timeout_s=30,
        ephemeral_mb=512,
        invocations=total,
        monthly_invocations=monthly(total, WINDOW),
        invocations_per_period=None if per_hour is None else stats(per_hour),
        avg_duration_ms=None if per_hour is None else Decimal(100),
        max_concurrency=None if per_hour is None else Decimal(4),
        datapoints=0 if per_hour is None else PERIODS,
    )
    return replace(usage, **changes)


def service(name: str = "web", *, requests: str | None = None, **changes: Any) -> FargateServiceUsage:
    """A Fargate service of 2 tasks of 1 vCPU / 2GB at 10% CPU; `requests`: ALB requests in the window."""
    total = None if requests is None else Decimal(requests)
    usage = FargateServiceUsage(
        account=ACCOUNT,
        region=REGION,
        cluster="shop",
        service_name=name,
        service_arn=f"arn:aws:ecs:{REGION}:{ACCOUNT}:service/shop/{name}",
        task_definition_arn=f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/{name}:1",
        vcpu=Decimal(1),
        memory_mb=2048,
        ephemeral_gb=None,
        arch="x86_64",
        os="linux",
        desired_count=2,
        running_count=2,
        cpu_percent=stats("10", "30"),
        memory_percent=stats("40", "50"),
        target_group_arns=() if requests is None else (f"arn:aws:elasticloadbalancing:{REGION}:tg/{name}",),
        alb_requests=total,
        monthly_alb_requests=monthly(total, WINDOW),
        alb_avg_response_time_ms=None if requests is None else Decimal(80),
        datapoints=PERIODS,
    )
    return replace(usage, **changes)


def group(
    name: str = "reports", instance_type: str = "m5.xlarge", count: int = 2, **changes: Any
) -> Ec2InstanceGroup:
    """`count` running Linux On-Demand instances at 2.5% CPU on average, 10% at peak."""
    usage = Ec2InstanceGroup(
        account=ACCOUNT,
        region=REGION,
        instance_type=instance_type,
        arch="x86_64",
        platform="Linux/UNIX",
        lifecycle="on-demand",
        tags=(("Name", name),),
        instance_ids=tuple(f"i-{name}{k:04d}" for k in range(count)),
        cpu_percent=stats("2.5", "10", PERIODS * count),
        cpu_max_percent=Decimal(10),
        datapoints=PERIODS * count,
    )
    return replace(usage, **changes)


def spend(**weekly_usd: str) -> CostExplorerSpend:
    """Last week's Cost Explorer spend, by Cost Explorer's service names."""
    return CostExplorerSpend(
        ACCOUNT,
        date(2025, 10, 27),
        date(2025, 11, 3),
        tuple(sorted((name, Decimal(usd)) for name, usd in weekly_usd.items())),
        False,
    )


def account(
    functions: tuple[LambdaFunctionUsage, ...] = (),
    services: tuple[FargateServiceUsage, ...] = (),
    groups: tuple[Ec2InstanceGroup, ...] = (),
    *,
    cost: CostExplorerSpend | None = None,
    errors: tuple[ReadError, ...] = (),
    account_id: str = ACCOUNT,
) -> AccountUsage:
    return AccountUsage(account_id, (REGION,), functions, services, groups, cost, errors)


def report(*accounts: AccountUsage) -> UsageReport:
    return UsageReport(WINDOW, accounts)
