"""A CUR workload as an observed workload the advice can cost, each figure saying where it came
from: the CUR (requests, GB-seconds, task and instance hours, the busiest hour) or CloudWatch
(time per request, peak concurrency, CPU), read afterwards for the candidates only. Pure.

The CUR bills a Lambda function's memory x time as GB-seconds, never the two apart. For a
candidate, the memory it is configured with (the Lambda API's ListFunctions, in its account)
splits them; else CloudWatch's average duration does; else a typical 1024MB is assumed, stated
as such, at low confidence.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from core.constants import HOURS_PER_MONTH, MB_PER_GB, MS_PER_SECOND, SECONDS_PER_HOUR
from core.costs.aws_lambda import LambdaDeployment
from core.costs.ec2 import Ec2Deployment
from core.costs.fargate import STORAGE_FREE_GB, FargateDeployment
from core.cur.model import CurWindow, Refinement, WorkloadRow
from core.errors import InvalidInput
from core.observed import (
    BusyCpuTraffic,
    Confidence,
    Finding,
    InsufficientData,
    ObservedWorkload,
    Resource,
    busy_cpu_traffic,
    coverage_finding,
)
from core.observed.busy_cpu import CPU_NOT_READ, OBSERVED_FUNCTION, busy_cpu_service
from core.observed.ec2 import instance_service, instance_size
from core.observed.model import RATE_STEP, kept, round_near, round_up, stats_text
from core.prices.catalog import InstanceType, PriceCatalog
from core.units import format_count, plain
from core.workload import Kind, Workload

LAMBDA_MIN_MEMORY_MB = Decimal(128)
LAMBDA_MAX_MEMORY_MB = Decimal(10240)
# Assumed when nothing says a function's memory: 8 times the smallest, closer to what functions
# are given (the smallest would make every request 8 times longer than at 1GB).
TYPICAL_MEMORY_MB = Decimal(1024)
ASSUMED_MEMORY = (
    Confidence.LOW,
    f"memory assumed {TYPICAL_MEMORY_MB}MB (neither the Lambda API nor CloudWatch read): the time per "
    "request, and so the concurrency, follow from it",
)
DURATION_STEP_MS = Decimal("0.01")
SIZE_STEP = Decimal("0.001")
HOURS_STEP = Decimal("0.01")
LINUX_OPERATION = "RunInstances"  # Linux/UNIX; RunInstances:0002 is Windows, others licensed OSes
HOURLY_PEAK = (
    Confidence.MEDIUM,
    "peak from the busiest hour's average rate (the CUR is hourly): bursts within an hour are not seen",
)
Observed = ObservedWorkload | InsufficientData


def observe_row(
    row: WorkloadRow,
    window: CurWindow,
    catalog: PriceCatalog,
    refinement: Refinement | None = None,
    shape: tuple[Decimal, ...] | None = None,
) -> Observed:
    """The workload of one CUR row, refined by CloudWatch where it was read. `shape`, its units by
    hour of the week (factors of mean 1), is a function's request rate, so it becomes the
    workload's hourly shape; a service's units are the capacity that ran, not its load, so a
    service's shape is only shown in its note."""
    resource = cur_resource(row)
    if row.region not in catalog.regions():
        return InsufficientData(resource, (f"{row.region} is not in the price snapshot",))
    if row.service == "lambda":
        return _lambda(row, resource, window, refinement, shape)
    if row.service == "fargate":
        return _fargate(row, resource, window, refinement)
    return _ec2(row, resource, window, catalog, refinement)


def cur_resource(row: WorkloadRow) -> Resource:
    """Where the workload runs, and what it is called."""
    if row.service == "lambda":
        return Resource("lambda", row.workload.rsplit(":", 1)[-1], row.workload, row.account, row.region)
    if row.service == "fargate":
        kind, _, name = row.workload.partition("/")
        label = name if kind == "service" else f"{name} (tasks without a service tag)"
        arn = f"arn:aws:ecs:{row.region}:{row.account}:service/{name}" if kind == "service" else None
        return Resource("fargate", label, arn, row.account, row.region)
    tags = dict(row.tags)
    named = tags.get("aws_autoscaling_group_name") or tags.get("user_name") or "untagged"
    return Resource(
        "ec2", f"{named} ({row.peak_members} x {row.instance_type})", None, row.account, row.region
    )


def _monthly(total: Decimal, window: CurWindow) -> Decimal:
    return total * HOURS_PER_MONTH / window.hours


def _lambda(
    row: WorkloadRow,
    resource: Resource,
    window: CurWindow,
    refined: Refinement | None,
    shape: tuple[Decimal, ...] | None,
) -> Observed:
    if row.units <= 0:
        return InsufficientData(resource, ("no requests billed in the window: nothing runs to compare",))
    requests = round_up(_monthly(row.units, window), Decimal(1))
    per_request = row.size / row.units  # GB-seconds
    source = memory_source(refined)
    memory = lambda_memory(per_request, refined)
    duration = round_near(per_request * MB_PER_GB / memory * MS_PER_SECOND, DURATION_STEP_MS)
    if duration <= 0:
        return InsufficientData(resource, ("no GB-seconds billed: the time per request is unknown",))
    arch = "arm64" if row.arm else "x86_64"
    notes = [
        f"CUR: {format_count(requests)} requests a month ({format_count(round_up(row.units, Decimal(1)))} "
        f"in {window.hours}h), {plain(round_near(per_request, Decimal('0.000001')))} GB-seconds each, {arch}",
        *_memory_notes(source, memory, duration, refined),
    ]
    if shape is not None:
        notes.append(
            f"CUR: requests by hour of the week, {plain(min(shape))} to {plain(max(shape))} times the mean"
        )
    peak, peak_finding = _lambda_peak(row, requests, duration, refined, notes)
    assumed = ASSUMED_MEMORY if source is MemorySource.ASSUMED else None
    coverage = coverage_finding("requests", row.active_hours, window.lookback)
    findings = kept([coverage, peak_finding, assumed])
    workload = Workload(
        kind=Kind.REQUEST,
        region=row.region,
        arch=arch,
        monthly_requests=requests,
        duration_ms=duration,
        memory_mb=memory,
        peak_rps=peak,
        hourly_shape=shape,
        notes=(*notes, CPU_NOT_READ),
        **OBSERVED_FUNCTION,
    )
    current = LambdaDeployment(requests, duration, memory, row.region, arch)
    caveats = ("provisioned concurrency is billed in the CUR as its own lines; the options are on demand",)
    return ObservedWorkload(resource, workload, current, findings, (), caveats)


class MemorySource(StrEnum):
    """What says a function's memory."""

    CONFIGURED = "Lambda"  # the Lambda API's ListFunctions, in the function's account
    CLOUDWATCH = "CloudWatch"  # GB-seconds per request over CloudWatch's average time
    ASSUMED = "assumed"


def memory_source(refined: Refinement | None) -> MemorySource:
    """The best source read for a function's memory."""
    if refined is not None and refined.memory_mb is not None:
        return MemorySource.CONFIGURED
    if refined is not None and refined.avg_duration_ms is not None and refined.avg_duration_ms > 0:
        return MemorySource.CLOUDWATCH
    return MemorySource.ASSUMED


def lambda_memory(gb_seconds: Decimal, refined: Refinement | None) -> Decimal:
    """A function's memory: as configured; else GB-seconds per request over CloudWatch's average
    time, within Lambda's limits; else a typical function's."""
    source = memory_source(refined)
    if source is MemorySource.ASSUMED or refined is None:
        return TYPICAL_MEMORY_MB
    if source is MemorySource.CONFIGURED and refined.memory_mb is not None:
        return refined.memory_mb
    assert refined.avg_duration_ms is not None
    memory = (gb_seconds * MB_PER_GB * MS_PER_SECOND / refined.avg_duration_ms).to_integral_value()
    return min(max(memory, LAMBDA_MIN_MEMORY_MB), LAMBDA_MAX_MEMORY_MB)


def _memory_notes(
    source: MemorySource, memory: Decimal, duration: Decimal, refined: Refinement | None
) -> list[str]:
    """Where the memory and the time per request came from."""
    average = refined.avg_duration_ms if refined is not None else None
    cloudwatch = None
    if average:
        cloudwatch = f"CloudWatch: {plain(round_near(average, DURATION_STEP_MS))}ms on average"
    if source is MemorySource.CONFIGURED:
        configured = (
            f"Lambda: {plain(memory)}MB configured (ListFunctions), so {plain(duration)}ms a request "
            "(GB-seconds per request / memory)"
        )
        return [configured, *([cloudwatch] if cloudwatch else [])]
    if source is MemorySource.CLOUDWATCH:
        return [f"{cloudwatch}, so about {plain(memory)}MB (GB-seconds per request / time)"]
    return [
        f"assumed: {plain(memory)}MB, a typical function's, so {plain(duration)}ms a request (the CUR "
        "bills GB-seconds, not memory and time apart; neither the Lambda API nor CloudWatch read)"
    ]


def _lambda_peak(
    row: WorkloadRow, requests: Decimal, duration_ms: Decimal, refined: Refinement | None, notes: list[str]
) -> tuple[Decimal, Finding | None]:
    """The peak rate: from CloudWatch's peak concurrency (Little's law), else the busiest hour."""
    average = requests / (HOURS_PER_MONTH * SECONDS_PER_HOUR)
    hourly = round_up(max(row.peak_units / SECONDS_PER_HOUR, average), RATE_STEP)
    notes.append(
        f"CUR: busiest hour {format_count(round_up(row.peak_units, Decimal(1)))} requests, "
        f"{plain(hourly)} req/s"
    )
    if refined is None or refined.max_concurrency is None:
        return hourly, HOURLY_PEAK
    peak = round_up(max(refined.max_concurrency * MS_PER_SECOND / duration_ms, hourly), RATE_STEP)
    notes.append(
        f"CloudWatch: peak concurrency {plain(refined.max_concurrency)}, so a peak of {plain(peak)} req/s "
        "(Little's law)"
    )
    return peak, None


def _service_hours(row: WorkloadRow, window: CurWindow, unit_size: Decimal) -> tuple[int, Decimal, Decimal]:
    """The most tasks or instances at once, the hours a month each runs for the same total, and
    the average running."""
    average = row.units / unit_size / window.hours
    peak = max(row.peak_members, 1)
    hours = min(round_near(HOURS_PER_MONTH * average / peak, HOURS_STEP), HOURS_PER_MONTH)
    return peak, max(hours, HOURS_STEP), average


def _fargate(row: WorkloadRow, resource: Resource, window: CurWindow, refined: Refinement | None) -> Observed:
    if not row.units_per_member or not row.size_per_member:
        return InsufficientData(resource, ("no vCPU-hours or GB-hours billed: the task size is unknown",))
    usage_type = row.usage_type or ""
    if "Spot" in usage_type:
        return InsufficientData(resource, ("Fargate Spot: its price floats and is not a list price",))
    vcpu = round_near(row.units_per_member, SIZE_STEP)
    memory_gb = round_near(row.size_per_member, SIZE_STEP)
    peak, hours, average = _service_hours(row, window, vcpu)
    arch = "arm64" if row.arm else "x86_64"
    os = "windows" if "Windows" in usage_type else "linux"
    notes = [
        f"CUR: tasks of {plain(vcpu)} vCPU / {plain(memory_gb)}GB ({os}/{arch}), "
        f"{plain(round_near(average, HOURS_STEP))} running on average, {peak} at most",
    ]
    notes += _utilisation(refined)
    traffic = _busy(refined, average * vcpu)
    storage = row.storage_per_member or Decimal(0)
    workload = busy_cpu_service(
        traffic,
        notes,
        region=row.region,
        arch=arch,
        os=os,
        vcpu=vcpu,
        memory_mb=memory_gb * MB_PER_GB,
        count=peak,
        hours=hours,
        storage_mb=storage * MB_PER_GB if storage > STORAGE_FREE_GB else None,
    )
    current = FargateDeployment(peak, vcpu, memory_gb, row.region, arch, os, hours=hours)
    lambda_findings = kept([_no_requests(refined, "behind this service")])
    caveats: tuple[str, ...] = ("task size from the busiest hour's vCPU- and GB-hours per task",)
    if resource.arn is None:
        caveats += ("tasks without ECS service tags, grouped by their cluster",)
    return ObservedWorkload(resource, workload, current, (), lambda_findings, caveats)


def _ec2(
    row: WorkloadRow, resource: Resource, window: CurWindow, catalog: PriceCatalog, refined: Refinement | None
) -> Observed:
    instance = _instance(row, catalog)
    if isinstance(instance, tuple):
        return InsufficientData(resource, instance)
    peak, hours, average = _service_hours(row, window, Decimal(1))
    notes = [
        f"CUR: {instance.name} ({instance_size(instance)}), {plain(round_near(average, HOURS_STEP))} "
        f"running on average, {peak} at most",
        *_utilisation(refined),
    ]
    traffic = _busy(refined, average * instance.vcpu)
    workload = instance_service(traffic, notes, instance, region=row.region, count=peak, hours=hours)
    current = Ec2Deployment(row.region, instance.name, None, peak, hours)
    findings = kept([_no_requests(refined, "for EC2")])
    caveats = ("EBS volumes are not in the figure: instances only",)
    return ObservedWorkload(resource, workload, current, (), findings, caveats)


def _instance(row: WorkloadRow, catalog: PriceCatalog) -> InstanceType | tuple[str, ...]:
    lifecycle = row.workload.split("|")[2] if row.workload.count("|") >= 2 else "on-demand"
    if lifecycle != "on-demand":
        return (f"{lifecycle} instances: their price is not a list price in the snapshot",)
    if row.operation and row.operation != LINUX_OPERATION:
        return (f"operation {row.operation}: the snapshot prices Linux On-Demand only",)
    try:
        return catalog.ec2_type(row.region, row.instance_type or "")
    except InvalidInput:
        return (f"{row.instance_type} is not in the price snapshot for {row.region}",)


def _utilisation(refined: Refinement | None) -> list[str]:
    notes = []
    if refined is not None and refined.cpu_percent is not None:
        notes.append(stats_text("CPU", refined.cpu_percent).replace("observed:", "CloudWatch:", 1))
    if refined is not None and refined.memory_percent is not None:
        notes.append(stats_text("memory", refined.memory_percent).replace("observed:", "CloudWatch:", 1))
    return notes


def _busy(refined: Refinement | None, vcpu_running: Decimal) -> BusyCpuTraffic | None:
    """Busy CPU as Lambda traffic, once CloudWatch's CPU is read; None before."""
    if refined is None or refined.cpu_percent is None:
        return None
    return busy_cpu_traffic(
        1, round_near(vcpu_running, SIZE_STEP), refined.cpu_percent, refined.cpu_max_percent
    )


def _no_requests(refined: Refinement | None, where: str) -> Finding:
    if refined is None or refined.cpu_percent is None:
        return Confidence.LOW, "no CPU figures (CloudWatch not read): Lambda not compared"
    return Confidence.LOW, f"no request metric {where}: Lambda costed on busy CPU time"
