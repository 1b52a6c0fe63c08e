"""ECS services on Fargate: their task sizes and the load balancer target groups they sit behind.

Services are found with ListServices' `launchType=FARGATE` filter, so services that run on Fargate
through a capacity provider strategy are not among them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

from core.aws.failures import RegionScope, attempt
from core.constants import MB_PER_GB
from core.usage import ReadError

LIST_PAGE = 100  # ListClusters and ListServices return at most 100 ARNs a page
DESCRIBE_SERVICES_BATCH = 10  # DescribeServices takes at most 10 services
DESCRIBE_TARGET_GROUPS_BATCH = 20  # the reader's batch of target group ARNs per call
CPU_UNITS_PER_VCPU = Decimal(1024)
# Fargate runs a task definition without runtimePlatform as Linux on x86_64.
DEFAULT_ARCH = "x86_64"
DEFAULT_OS = "linux"
ARCH_NAMES = {"X86_64": "x86_64", "ARM64": "arm64"}


@dataclass(frozen=True, slots=True)
class TaskSize:
    """A Fargate task definition's billed shape."""

    vcpu: Decimal | None
    memory_mb: int | None
    ephemeral_gb: int | None
    arch: str
    os: str


@dataclass(frozen=True, slots=True)
class AlbTarget:
    """A target group behind an Application Load Balancer, as CloudWatch names them."""

    target_group_arn: str
    target_group_dimension: str
    load_balancer_dimension: str


@dataclass(frozen=True, slots=True)
class FargateServiceConfig:
    """One Fargate service, its task size and its ALB target groups, as far as they were read."""

    cluster: str
    name: str
    arn: str
    task_definition_arn: str
    desired_count: int
    running_count: int
    target_group_arns: tuple[str, ...]
    task: TaskSize | None
    alb_targets: tuple[AlbTarget, ...]


@dataclass(frozen=True, slots=True)
class FargateListing:
    """The services found in one region and the calls that failed on the way."""

    services: tuple[FargateServiceConfig, ...]
    errors: tuple[ReadError, ...]


def list_fargate_services(ecs: Any, elbv2: Any, scope: RegionScope) -> FargateListing:
    """Every Fargate service in the region, with task sizes and ALB targets filled in."""
    raw = attempt(lambda: _describe_all_services(ecs), scope.site("ecs", "ListServices"))
    if isinstance(raw, ReadError):
        return FargateListing((), (raw,))
    errors: list[ReadError] = []
    sizes = _task_sizes(ecs, {str(s["taskDefinition"]) for s in raw}, scope, errors)
    targets = _alb_targets(elbv2, _target_group_arns(raw), scope, errors)
    services = tuple(_service_config(s, sizes, targets) for s in raw)
    return FargateListing(services, tuple(errors))


def _describe_all_services(ecs: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for cluster in _paginate(ecs, "list_clusters", "clusterArns"):
        arns = _paginate(ecs, "list_services", "serviceArns", cluster=cluster, launchType="FARGATE")
        for batch in batched(arns, DESCRIBE_SERVICES_BATCH):
            found += ecs.describe_services(cluster=cluster, services=batch)["services"]
    return found


def _paginate(client: Any, operation: str, key: str, **params: str) -> list[str]:
    pages = client.get_paginator(operation).paginate(**params, PaginationConfig={"PageSize": LIST_PAGE})
    return [str(arn) for page in pages for arn in page.get(key, [])]


def _task_sizes(ecs: Any, arns: set[str], scope: RegionScope, errors: list[ReadError]) -> dict[str, TaskSize]:
    sizes: dict[str, TaskSize] = {}
    for arn in sorted(arns):
        raw = attempt(
            partial(_describe_task_definition, ecs, arn),
            scope.site("ecs", "DescribeTaskDefinition"),
        )
        if isinstance(raw, ReadError):
            errors.append(raw)
        else:
            sizes[arn] = task_size(raw)
    return sizes


def _describe_task_definition(ecs: Any, arn: str) -> dict[str, Any]:
    return dict(ecs.describe_task_definition(taskDefinition=arn)["taskDefinition"])


def _describe_target_groups(elbv2: Any, arns: list[str]) -> list[dict[str, Any]]:
    return list(elbv2.describe_target_groups(TargetGroupArns=arns).get("TargetGroups", []))


def task_size(raw: dict[str, Any]) -> TaskSize:
    """The billed shape of a task definition from DescribeTaskDefinition."""
    platform = raw.get("runtimePlatform") or {}
    family = str(platform.get("operatingSystemFamily") or "LINUX")
    storage = (raw.get("ephemeralStorage") or {}).get("sizeInGiB")
    return TaskSize(
        vcpu=parse_vcpu(raw.get("cpu")),
        memory_mb=parse_memory_mb(raw.get("memory")),
        ephemeral_gb=int(storage) if storage is not None else None,
        arch=ARCH_NAMES.get(str(platform.get("cpuArchitecture") or ""), DEFAULT_ARCH),
        os="windows" if family.startswith("WINDOWS") else DEFAULT_OS,
    )


def parse_vcpu(text: object) -> Decimal | None:
    """Task CPU as vCPUs from `"512"` (CPU units) or `"0.5 vCPU"`; None if absent."""
    if text is None:
        return None
    words = str(text).split()
    if len(words) > 1 and words[1].lower() == "vcpu":
        return Decimal(words[0])
    return Decimal(words[0]) / CPU_UNITS_PER_VCPU


def parse_memory_mb(text: object) -> int | None:
    """Task memory in MB from `"1024"` (MB) or `"1 GB"`; None if absent."""
    if text is None:
        return None
    words = str(text).split()
    if len(words) > 1 and words[1].upper() == "GB":
        return int(Decimal(words[0]) * MB_PER_GB)
    return int(words[0])


def _target_group_arns(services: Iterable[dict[str, Any]]) -> list[str]:
    arns = {
        str(lb["targetGroupArn"])
        for service in services
        for lb in service.get("loadBalancers", [])
        if lb.get("targetGroupArn")
    }
    return sorted(arns)


def _alb_targets(
    elbv2: Any, arns: list[str], scope: RegionScope, errors: list[ReadError]
) -> dict[str, AlbTarget]:
    targets: dict[str, AlbTarget] = {}
    for batch in batched(arns, DESCRIBE_TARGET_GROUPS_BATCH):
        raw = attempt(
            partial(_describe_target_groups, elbv2, batch),
            scope.site("elbv2", "DescribeTargetGroups"),
        )
        if isinstance(raw, ReadError):
            errors.append(raw)
            continue
        for group in raw:
            target = alb_target(group)
            if target is not None:
                targets[target.target_group_arn] = target
    return targets


def alb_target(group: dict[str, Any]) -> AlbTarget | None:
    """CloudWatch's names for a target group and its ALB; None if it has no ALB.

    Elastic Load Balancing allows one load balancer per target group, so the first is the one.
    Network load balancers report to another namespace without request counts: left out.
    """
    balancers = group.get("LoadBalancerArns") or []
    if not balancers:
        return None
    balancer = str(balancers[0]).split(":loadbalancer/", 1)[-1]
    if not balancer.startswith("app/"):
        return None
    arn = str(group["TargetGroupArn"])
    return AlbTarget(arn, arn.rsplit(":", 1)[-1], balancer)


def _service_config(
    raw: dict[str, Any], sizes: dict[str, TaskSize], targets: dict[str, AlbTarget]
) -> FargateServiceConfig:
    group_arns = tuple(
        str(lb["targetGroupArn"]) for lb in raw.get("loadBalancers", []) if lb.get("targetGroupArn")
    )
    task_arn = str(raw["taskDefinition"])
    return FargateServiceConfig(
        cluster=str(raw["clusterArn"]).rsplit("/", 1)[-1],
        name=str(raw["serviceName"]),
        arn=str(raw["serviceArn"]),
        task_definition_arn=task_arn,
        desired_count=int(raw.get("desiredCount", 0)),
        running_count=int(raw.get("runningCount", 0)),
        target_group_arns=group_arns,
        task=sizes.get(task_arn),
        alb_targets=tuple(targets[arn] for arn in group_arns if arn in targets),
    )


def batched(items: Sequence[str], size: int) -> list[list[str]]:
    """`items` in consecutive lists of at most `size`."""
    return [list(items[i : i + size]) for i in range(0, len(items), size)]
