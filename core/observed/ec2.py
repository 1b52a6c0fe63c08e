"""An EC2 instance group as an always-on service of its type's size, Lambda on busy CPU. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from core.constants import MB_PER_GB
from core.costs.ec2 import Ec2Deployment
from core.errors import InvalidInput
from core.observed.busy_cpu import BusyCpuTraffic, busy_cpu_service, busy_cpu_traffic
from core.observed.model import (
    Confidence,
    InsufficientData,
    ObservedWorkload,
    Resource,
    coverage_finding,
    kept,
    stats_text,
)
from core.prices.catalog import InstanceType, PriceCatalog
from core.units import plain
from core.usage import Ec2InstanceGroup, LookbackWindow
from core.workload import Workload

LINUX_PLATFORMS = ("Linux/UNIX",)
ON_DEMAND = "on-demand"


def ec2_group_name(group: Ec2InstanceGroup) -> str:
    """A group's name: its Auto Scaling group or Name tag, else its instance ids."""
    tags = dict(group.tags)
    for key in ("aws:autoscaling:groupName", "Name"):
        if tags.get(key):
            return tags[key]
    return ",".join(group.instance_ids[:3]) + ("…" if group.count > 3 else "")


def observe_ec2(
    group: Ec2InstanceGroup, window: LookbackWindow, catalog: PriceCatalog
) -> ObservedWorkload | InsufficientData:
    """An instance group as an always-on service of its type's vCPU and memory, Lambda on busy CPU."""
    name = f"{ec2_group_name(group)} ({group.count} x {group.instance_type})"
    resource = Resource("ec2", name, None, group.account, group.region)
    instance = _ec2_type(group, catalog)
    if isinstance(instance, tuple):
        return InsufficientData(resource, instance)
    lambda_findings = kept(
        [
            (Confidence.LOW, "no request metric for EC2: Lambda costed on busy CPU time"),
            coverage_finding("CPUUtilization", group.datapoints, window, group.count),
        ]
    )
    workload = _ec2_workload(group, instance)
    current = Ec2Deployment(group.region, instance.name, None, group.count)
    caveats = (
        "EBS volumes and memory use are not read: the EC2 figure is instances only",
        f"{group.count} instance(s) as read: scaling within the window is not seen",
        *(() if group.platform else ("platform not reported: Linux assumed",)),
    )
    return ObservedWorkload(resource, workload, current, (), lambda_findings, caveats)


def _ec2_workload(group: Ec2InstanceGroup, instance: InstanceType) -> Workload:
    """The group as a service of its type's size and count, with its busy CPU as Lambda traffic."""
    traffic = busy_cpu_traffic(group.count, Decimal(instance.vcpu), group.cpu_percent, group.cpu_max_percent)
    notes = [f"observed: {group.count} x {instance.name} ({instance_size(instance)})"]
    if group.cpu_percent is not None:
        notes.append(stats_text("CPU", group.cpu_percent))
    return instance_service(traffic, notes, instance, region=group.region, count=group.count)


def instance_size(instance: InstanceType) -> str:
    """`4 vCPU, 16 GiB`."""
    return f"{instance.vcpu} vCPU, {plain(instance.memory_gib)} GiB"


def instance_service(
    traffic: BusyCpuTraffic | None,
    notes: Iterable[str],
    instance: InstanceType,
    *,
    region: str,
    count: int,
    hours: Decimal | None = None,
) -> Workload:
    """`count` instances of `instance`'s size as an always-on service (each running `hours` a
    month, all month when None), its busy CPU offered to Lambda."""
    return busy_cpu_service(
        traffic,
        notes,
        region=region,
        arch=instance.arch,
        vcpu=Decimal(instance.vcpu),
        memory_mb=instance.memory_gib * MB_PER_GB,
        instance_type=instance.name,
        count=count,
        hours=hours,
        gpus=instance.gpus or None,
        gpu="any" if instance.gpus else None,
    )


def _ec2_type(group: Ec2InstanceGroup, catalog: PriceCatalog) -> InstanceType | tuple[str, ...]:
    if group.lifecycle != ON_DEMAND:
        return (f"{group.lifecycle} instances: their price is not a list price in the snapshot",)
    if group.platform is not None and group.platform not in LINUX_PLATFORMS:
        return (f"platform {group.platform}: the snapshot prices Linux On-Demand only",)
    if group.region not in catalog.regions():
        return (f"{group.region} is not in the price snapshot",)
    try:
        return catalog.ec2_type(group.region, group.instance_type)
    except InvalidInput:
        return (f"{group.instance_type} is not in the price snapshot for {group.region}",)
