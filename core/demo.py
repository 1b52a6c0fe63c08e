"""The bundled demo account (`core/data/demo_account.json`) as a `UsageReport`. Pure: the JSON
is handed in; `bot.digest.demo` loads it.

The file holds what the reader would have summarised from a small account, not raw series:
totals and per-period statistics. ARNs are built from the account, region and names, and
monthly figures from the window, exactly as the reader builds them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
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

Data = Mapping[str, Any]


def usage_from_dict(data: Data) -> UsageReport:
    """The report a demo file describes."""
    raw = data["window"]
    window = LookbackWindow(
        datetime.fromisoformat(raw["start"]), datetime.fromisoformat(raw["end"]), int(raw["period_s"])
    )
    return UsageReport(window, tuple(_account(a, window) for a in data["accounts"]))


def _account(data: Data, window: LookbackWindow) -> AccountUsage:
    account = str(data["account"])
    return AccountUsage(
        account=account,
        regions=tuple(data["regions"]),
        lambda_functions=tuple(_function(f, account, window) for f in data["lambda_functions"]),
        fargate_services=tuple(_service(s, account, window) for s in data["fargate_services"]),
        ec2_groups=tuple(_group(g, account) for g in data["ec2_groups"]),
        spend=_spend(data.get("spend"), account),
        errors=tuple(_error(e, account) for e in data.get("errors", [])),
    )


def _number(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _stats(data: Data | None) -> SeriesStats | None:
    if data is None:
        return None
    return SeriesStats(
        int(data["datapoints"]), Decimal(data["average"]), Decimal(data["p95"]), Decimal(data["maximum"])
    )


def _function(data: Data, account: str, window: LookbackWindow) -> LambdaFunctionUsage:
    region, name = str(data["region"]), str(data["name"])
    invocations = _number(data.get("invocations"))
    return LambdaFunctionUsage(
        account=account,
        region=region,
        name=name,
        arn=f"arn:aws:lambda:{region}:{account}:function:{name}",
        memory_mb=int(data["memory_mb"]),
        arch=str(data.get("arch", "x86_64")),
        timeout_s=int(data.get("timeout_s", 3)),
        ephemeral_mb=data.get("ephemeral_mb"),
        invocations=invocations,
        monthly_invocations=monthly(invocations, window),
        invocations_per_period=_stats(data.get("invocations_per_period")),
        avg_duration_ms=_number(data.get("avg_duration_ms")),
        max_concurrency=_number(data.get("max_concurrency")),
        datapoints=int(data.get("datapoints", 0)),
    )


def _service(data: Data, account: str, window: LookbackWindow) -> FargateServiceUsage:
    region, cluster, name = str(data["region"]), str(data["cluster"]), str(data["service_name"])
    prefix = f"arn:aws:ecs:{region}:{account}"
    groups = tuple(
        f"arn:aws:elasticloadbalancing:{region}:{account}:targetgroup/{group}"
        for group in data.get("target_groups", [])
    )
    requests = _number(data.get("alb_requests"))
    return FargateServiceUsage(
        account=account,
        region=region,
        cluster=cluster,
        service_name=name,
        service_arn=f"{prefix}:service/{cluster}/{name}",
        task_definition_arn=f"{prefix}:task-definition/{data['task_definition']}",
        vcpu=_number(data.get("vcpu")),
        memory_mb=data.get("memory_mb"),
        ephemeral_gb=data.get("ephemeral_gb"),
        arch=data.get("arch"),
        os=data.get("os"),
        desired_count=int(data["desired_count"]),
        running_count=int(data["running_count"]),
        cpu_percent=_stats(data.get("cpu_percent")),
        memory_percent=_stats(data.get("memory_percent")),
        target_group_arns=groups,
        alb_requests=requests,
        monthly_alb_requests=monthly(requests, window),
        alb_avg_response_time_ms=_number(data.get("alb_avg_response_time_ms")),
        datapoints=int(data.get("datapoints", 0)),
    )


def _group(data: Data, account: str) -> Ec2InstanceGroup:
    return Ec2InstanceGroup(
        account=account,
        region=str(data["region"]),
        instance_type=str(data["instance_type"]),
        arch=data.get("arch"),
        platform=data.get("platform"),
        lifecycle=str(data.get("lifecycle", "on-demand")),
        tags=tuple(sorted(dict(data.get("tags", {})).items())),
        instance_ids=tuple(data["instance_ids"]),
        cpu_percent=_stats(data.get("cpu_percent")),
        cpu_max_percent=_number(data.get("cpu_max_percent")),
        datapoints=int(data.get("datapoints", 0)),
    )


def _spend(data: Data | None, account: str) -> CostExplorerSpend | None:
    if data is None:
        return None
    return CostExplorerSpend(
        account=account,
        start=date.fromisoformat(data["start"]),
        end=date.fromisoformat(data["end"]),
        by_service_usd=tuple(sorted((k, Decimal(v)) for k, v in data["by_service_usd"].items())),
        estimated=bool(data.get("estimated", False)),
    )


def _error(data: Data, account: str) -> ReadError:
    return ReadError(
        account=account,
        region=str(data["region"]),
        service=str(data["service"]),
        operation=str(data["operation"]),
        error_code=str(data["error_code"]),
        message=str(data["message"]),
    )
