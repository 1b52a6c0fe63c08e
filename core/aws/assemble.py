"""How CloudWatch series and configurations become usage values.

Pure: configurations and series in, `core.usage` values out. Lambda's Duration and the ALB's
TargetResponseTime are per-period averages, so their window means are weighted by the period's
invocation or request count (a busy hour counts for more than a quiet one).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from core.aws.ec2 import Ec2Instance, InstanceGroupKey, group_instances
from core.aws.failures import RegionScope
from core.aws.fargate import FargateServiceConfig
from core.aws.inventory import RegionInventory
from core.aws.lambdas import LambdaFunctionConfig
from core.aws.metrics import MetricFetch, Series
from core.aws.queries import (
    ALB_REQUESTS,
    ALB_RESPONSE_TIME,
    EC2_CPU,
    EC2_CPU_MAX,
    ECS_CPU,
    ECS_MEMORY,
    LAMBDA_CONCURRENCY,
    LAMBDA_DURATION,
    LAMBDA_INVOCATIONS,
)
from core.constants import MS_PER_SECOND
from core.usage import (
    Ec2InstanceGroup,
    FargateServiceUsage,
    LambdaFunctionUsage,
    LookbackWindow,
    ReadError,
    monthly,
    summarize,
    week_shape,
)


def lambda_usage(
    function: LambdaFunctionConfig, fetch: MetricFetch, window: LookbackWindow, scope: RegionScope
) -> LambdaFunctionUsage:
    """A function's configuration joined with what CloudWatch saw it do."""
    invocations = fetch.of(function.arn, LAMBDA_INVOCATIONS)
    concurrency = [value for _, value in fetch.of(function.arn, LAMBDA_CONCURRENCY)]
    total = _total(invocations)
    return LambdaFunctionUsage(
        account=scope.account,
        region=scope.region,
        name=function.name,
        arn=function.arn,
        memory_mb=function.memory_mb,
        arch=function.arch,
        timeout_s=function.timeout_s,
        ephemeral_mb=function.ephemeral_mb,
        invocations=total,
        monthly_invocations=monthly(total, window),
        invocations_per_period=summarize([value for _, value in invocations]),
        avg_duration_ms=weighted_mean([(fetch.of(function.arn, LAMBDA_DURATION), invocations)]),
        max_concurrency=max(concurrency) if concurrency else None,
        datapoints=len(invocations),
        hourly_shape=week_shape(invocations),
    )


def fargate_usage(
    service: FargateServiceConfig, fetch: MetricFetch, window: LookbackWindow, scope: RegionScope
) -> FargateServiceUsage:
    """A service's task size and counts joined with its utilisation and ALB traffic."""
    cpu = fetch.of(service.arn, ECS_CPU)
    arns = [target.target_group_arn for target in service.alb_targets]
    requests = tuple(point for arn in arns for point in fetch.of(arn, ALB_REQUESTS))
    mean_s = weighted_mean([(fetch.of(arn, ALB_RESPONSE_TIME), fetch.of(arn, ALB_REQUESTS)) for arn in arns])
    task = service.task
    return FargateServiceUsage(
        account=scope.account,
        region=scope.region,
        cluster=service.cluster,
        service_name=service.name,
        service_arn=service.arn,
        task_definition_arn=service.task_definition_arn,
        vcpu=task.vcpu if task else None,
        memory_mb=task.memory_mb if task else None,
        ephemeral_gb=task.ephemeral_gb if task else None,
        arch=task.arch if task else None,
        os=task.os if task else None,
        desired_count=service.desired_count,
        running_count=service.running_count,
        cpu_percent=summarize([value for _, value in cpu]),
        memory_percent=summarize([value for _, value in fetch.of(service.arn, ECS_MEMORY)]),
        target_group_arns=service.target_group_arns,
        alb_requests=_total(requests),
        monthly_alb_requests=monthly(_total(requests), window),
        alb_avg_response_time_ms=mean_s * MS_PER_SECOND if mean_s is not None else None,
        datapoints=len(cpu),
        hourly_shape=week_shape(_summed(requests)),
    )


def ec2_group_usage(
    key: InstanceGroupKey, members: Sequence[Ec2Instance], fetch: MetricFetch, scope: RegionScope
) -> Ec2InstanceGroup:
    """A group of like instances with their CPU pooled: every instance's every period."""
    averages = [value for m in members for _, value in fetch.of(m.instance_id, EC2_CPU)]
    peaks = [value for m in members for _, value in fetch.of(m.instance_id, EC2_CPU_MAX)]
    return Ec2InstanceGroup(
        account=scope.account,
        region=scope.region,
        instance_type=key.instance_type,
        arch=key.arch,
        platform=key.platform,
        lifecycle=key.lifecycle,
        tags=key.tags,
        instance_ids=tuple(sorted(m.instance_id for m in members)),
        cpu_percent=summarize(averages),
        cpu_max_percent=max(peaks) if peaks else None,
        datapoints=len(averages),
    )


def weighted_mean(series: Sequence[tuple[Series, Series]]) -> Decimal | None:
    """The mean of per-period averages, each weighted by the same period's count.

    `series` pairs an average series with its count series (one pair per target). Falls back to
    the plain mean of the averages when no period has a positive count.
    """
    averages = [value for values, _ in series for _, value in values]
    if not averages:
        return None
    matched = []
    for values, weights in series:
        counts = dict(weights)
        matched += [(value, counts[stamp]) for stamp, value in values if stamp in counts]
    total_weight = sum((weight for _, weight in matched), Decimal(0))
    if total_weight > 0:
        return sum((value * weight for value, weight in matched), Decimal(0)) / total_weight
    return sum(averages, Decimal(0)) / len(averages)


def _total(series: Series) -> Decimal | None:
    return sum((value for _, value in series), Decimal(0)) if series else None


@dataclass(frozen=True, slots=True)
class RegionUsage:
    """What one region held, and what could not be read there."""

    region: str
    lambda_functions: tuple[LambdaFunctionUsage, ...]
    fargate_services: tuple[FargateServiceUsage, ...]
    ec2_groups: tuple[Ec2InstanceGroup, ...]
    errors: tuple[ReadError, ...]

    def summary(self) -> str:
        """One progress line: `region eu-west-1: 120 functions, 4 services, 7 instances`."""
        instances = sum(group.count for group in self.ec2_groups)
        line = (
            f"region {self.region}: {len(self.lambda_functions)} functions, "
            f"{len(self.fargate_services)} services, {instances} instances"
        )
        return line + (f", {len(self.errors)} errors" if self.errors else "")


def region_usage(
    inventory: RegionInventory,
    fetch: MetricFetch,
    window: LookbackWindow,
    scope: RegionScope,
    tag_keys: Sequence[str],
) -> RegionUsage:
    """A region's resources joined with their series, sorted for stable reports."""
    functions = (lambda_usage(f, fetch, window, scope) for f in inventory.functions)
    services = (fargate_usage(s, fetch, window, scope) for s in inventory.services)
    groups = group_instances(inventory.instances, tag_keys).items()
    return RegionUsage(
        region=scope.region,
        lambda_functions=tuple(sorted(functions, key=lambda u: u.name)),
        fargate_services=tuple(sorted(services, key=lambda u: (u.cluster, u.service_name))),
        ec2_groups=tuple(
            sorted(
                (ec2_group_usage(key, members, fetch, scope) for key, members in groups),
                key=lambda g: (g.instance_type, g.tags, g.instance_ids),
            )
        ),
        errors=(*inventory.errors, *fetch.errors),
    )


def _summed(points: Iterable[tuple[datetime, Decimal]]) -> list[tuple[datetime, Decimal]]:
    """Several target groups' series as one: the values of each moment added up."""
    totals: dict[datetime, Decimal] = {}
    for moment, value in points:
        totals[moment] = totals.get(moment, Decimal(0)) + value
    return sorted(totals.items())
