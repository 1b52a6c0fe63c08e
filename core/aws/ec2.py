"""Running EC2 instances, grouped by what they cost like: type, platform and workload tags."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

DESCRIBE_INSTANCES_PAGE = 1000  # DescribeInstances returns at most 1,000 instances a page
# Tags that name a workload: instances that share them (and a type) are one group.
GROUP_TAG_KEYS = ("aws:autoscaling:groupName", "Name", "Service", "Environment")
ON_DEMAND = "on-demand"


@dataclass(frozen=True, slots=True)
class Ec2Instance:
    """One running instance, as DescribeInstances reports it."""

    instance_id: str
    instance_type: str
    arch: str | None
    platform: str | None
    lifecycle: str
    tags: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class InstanceGroupKey:
    """What the instances of one group share."""

    instance_type: str
    arch: str | None
    platform: str | None
    lifecycle: str
    tags: tuple[tuple[str, str], ...]


def list_running_instances(client: Any) -> tuple[Ec2Instance, ...]:
    """Every running instance in the client's region, all pages."""
    pages = client.get_paginator("describe_instances").paginate(
        Filters=[{"Name": "instance-state-name", "Values": ["running"]}],
        PaginationConfig={"PageSize": DESCRIBE_INSTANCES_PAGE},
    )
    return tuple(
        ec2_instance(raw)
        for page in pages
        for reservation in page.get("Reservations", [])
        for raw in reservation.get("Instances", [])
    )


def ec2_instance(raw: dict[str, Any]) -> Ec2Instance:
    """An instance from its DescribeInstances entry; tags sorted by key."""
    tags = sorted((str(t["Key"]), str(t.get("Value", ""))) for t in raw.get("Tags", []))
    return Ec2Instance(
        instance_id=str(raw["InstanceId"]),
        instance_type=str(raw["InstanceType"]),
        arch=_optional(raw.get("Architecture")),
        platform=_optional(raw.get("PlatformDetails")),
        lifecycle=str(raw.get("InstanceLifecycle") or ON_DEMAND),
        tags=tuple(tags),
    )


def group_instances(
    instances: Iterable[Ec2Instance], tag_keys: Sequence[str] = GROUP_TAG_KEYS
) -> dict[InstanceGroupKey, tuple[Ec2Instance, ...]]:
    """Instances grouped by type, architecture, platform, lifecycle and the workload tags."""
    groups: dict[InstanceGroupKey, list[Ec2Instance]] = {}
    for instance in instances:
        key = InstanceGroupKey(
            instance_type=instance.instance_type,
            arch=instance.arch,
            platform=instance.platform,
            lifecycle=instance.lifecycle,
            tags=tuple((k, v) for k, v in instance.tags if k in tag_keys),
        )
        groups.setdefault(key, []).append(instance)
    return {key: tuple(members) for key, members in groups.items()}


def _optional(value: object) -> str | None:
    return None if value is None else str(value)
