"""A Fargate service as request-driven (behind an ALB with traffic) or as an always-on service. Pure."""

from __future__ import annotations

from decimal import Decimal

from core.advice import defaults as d
from core.constants import MB_PER_GB, MS_PER_SECOND, SECONDS_PER_MONTH
from core.costs.fargate import STORAGE_FREE_GB, FargateDeployment, check_fargate
from core.errors import InvalidInput
from core.observed.busy_cpu import busy_cpu_service, busy_cpu_traffic
from core.observed.model import (
    DURATION_STEP_MS,
    PERCENT,
    VCPU_STEP,
    Confidence,
    Finding,
    InsufficientData,
    ObservedWorkload,
    Resource,
    coverage_finding,
    kept,
    round_near,
    round_up,
    stats_text,
)
from core.units import format_count, plain
from core.usage import FargateServiceUsage, LookbackWindow
from core.workload import Kind, Workload

MIN_BASE_MB = 128  # a service process holds at least this much


def observe_fargate(s: FargateServiceUsage, window: LookbackWindow) -> ObservedWorkload | InsufficientData:
    """A Fargate service as request-driven (behind an ALB with traffic) or as an always-on service."""
    resource = Resource("fargate", f"{s.cluster}/{s.service_name}", s.service_arn, s.account, s.region)
    current = _fargate_current(s)
    if isinstance(current, tuple):
        return InsufficientData(resource, current)
    size = f"{current.tasks} task(s) of {plain(current.vcpu)} vCPU / {plain(current.memory_gb)}GB"
    notes = [f"observed: {size}, {current.os}/{current.arch}", *_utilisation_notes(s)]
    caveats = (f"{current.tasks} task(s) as read: scaling within the window is not seen",)
    per_request = _vcpu_per_request(s, current)
    if _has_requests(s) and (per_request is None or per_request <= d.LAMBDA_MAX_VCPU):
        workload = _fargate_requests(s, current, per_request, notes)
        findings = kept([_count_finding(s), _cpu_per_request_finding(s, window)])
        return ObservedWorkload(resource, workload, current, findings, (), caveats)
    # No requests to go by: the same tasks on EC2 are costed as they are, Lambda on busy CPU time.
    workload = _fargate_service(s, current, notes)
    cpu_coverage = coverage_finding("CPUUtilization", s.datapoints, window)
    lambda_findings = kept([_no_request_finding(s, per_request), cpu_coverage])
    return ObservedWorkload(resource, workload, current, kept([_count_finding(s)]), lambda_findings, caveats)


def _cpu_per_request_finding(s: FargateServiceUsage, window: LookbackWindow) -> Finding | None:
    """How well CPU per request is known: it sizes every option of a request-driven service."""
    if s.cpu_percent is None:
        return Confidence.MEDIUM, "no CPUUtilization datapoints: CPU per request assumed to be Lambda's share"
    return coverage_finding("CPUUtilization", s.datapoints, window)


def _count_finding(s: FargateServiceUsage) -> Finding | None:
    if s.running_count:
        return None
    return (
        Confidence.MEDIUM,
        f"0 tasks running when read, {s.desired_count} desired: costed at the desired count",
    )


def _fargate_current(s: FargateServiceUsage) -> FargateDeployment | tuple[str, ...]:
    if s.vcpu is None or s.memory_mb is None:
        return (f"task size unknown: task definition {s.task_definition_arn} could not be read",)
    if s.running_count == 0 and s.desired_count == 0:
        return ("no tasks running or desired when read: nothing runs to compare",)
    deployment = FargateDeployment(
        tasks=s.running_count or s.desired_count,
        vcpu=s.vcpu,
        memory_gb=Decimal(s.memory_mb) / MB_PER_GB,
        region=s.region,
        arch=s.arch or "x86_64",
        os=s.os or "linux",
        storage_gb=max(Decimal(s.ephemeral_gb or 0), STORAGE_FREE_GB),
    )
    try:
        check_fargate(deployment)
    except InvalidInput as error:
        return (f"its task can't be costed on Fargate: {error}",)
    return deployment


def _has_requests(s: FargateServiceUsage) -> bool:
    return bool(s.monthly_alb_requests) and bool(s.alb_avg_response_time_ms)


def _utilisation_notes(s: FargateServiceUsage) -> list[str]:
    notes = []
    for label, stats in (("CPU", s.cpu_percent), ("memory", s.memory_percent)):
        if stats is not None:
            notes.append(stats_text(label, stats))
    return notes


def _vcpu_per_request(s: FargateServiceUsage, current: FargateDeployment) -> Decimal | None:
    """Busy vCPUs over requests in flight: the CPU one request really takes."""
    if s.cpu_percent is None or not _has_requests(s):
        return None
    assert s.monthly_alb_requests is not None and s.alb_avg_response_time_ms is not None
    busy = current.tasks * current.vcpu * s.cpu_percent.average / PERCENT
    in_flight = s.monthly_alb_requests / SECONDS_PER_MONTH * s.alb_avg_response_time_ms / MS_PER_SECOND
    return max(round_up(busy / in_flight, VCPU_STEP), VCPU_STEP)


def _fargate_requests(
    s: FargateServiceUsage, current: FargateDeployment, per_request: Decimal | None, notes: list[str]
) -> Workload:
    assert s.monthly_alb_requests is not None and s.alb_avg_response_time_ms is not None
    requests = round_up(s.monthly_alb_requests, Decimal(1))
    duration = round_near(s.alb_avg_response_time_ms, DURATION_STEP_MS)
    notes.append(
        f"observed: {format_count(requests)} ALB requests a month, {plain(duration)}ms average response time"
    )
    if per_request is not None:
        notes.append(
            f"observed: {plain(per_request)} vCPU per request in flight (busy CPU / requests in flight), "
            "so its CPU time per request is the busy CPU over the request rate (cpu_ms)"
        )
    cpu_ms = _cpu_ms(s, current)
    base = _base_memory_mb(s, current)
    if base is not None:
        notes.append(f"observed: {plain(base)}MB of memory in use per task on average (base_memory)")
    return Workload(
        kind=Kind.REQUEST,
        region=s.region,
        arch=current.arch,
        os=current.os,
        monthly_requests=requests,
        duration_ms=duration,
        cpu_ms=cpu_ms,
        base_memory_mb=base,
        hourly_shape=s.hourly_shape,
        front_door="alb",
        public=False,
        log_kb=Decimal(0),  # logs not read: none costed on any option
        notes=tuple(notes),
    )


def _cpu_ms(s: FargateServiceUsage, current: FargateDeployment) -> Decimal | None:
    """CPU time per request: busy vCPUs over requests a second (None without CPU figures)."""
    if s.cpu_percent is None or not s.monthly_alb_requests:
        return None
    busy = current.tasks * current.vcpu * s.cpu_percent.average / PERCENT
    rate = s.monthly_alb_requests / SECONDS_PER_MONTH
    return max(round_near(busy / rate * MS_PER_SECOND, DURATION_STEP_MS), DURATION_STEP_MS)


def _base_memory_mb(s: FargateServiceUsage, current: FargateDeployment) -> Decimal | None:
    """The memory a task holds on average (its size x average memory use), the fleet's base."""
    if s.memory_percent is None:
        return None
    used = current.memory_gb * MB_PER_GB * s.memory_percent.average / PERCENT
    return max(round_up(used, Decimal(1)), Decimal(MIN_BASE_MB))


def _no_request_finding(s: FargateServiceUsage, per_request: Decimal | None) -> Finding:
    if per_request is not None:
        return (
            Confidence.LOW,
            f"its CPU is not explained by its ALB requests ({plain(per_request)} vCPU per request in "
            "flight): costed as a service, Lambda on busy CPU time",
        )
    if s.target_group_arns:
        return Confidence.LOW, "behind an ALB, but no RequestCount datapoints: Lambda costed on busy CPU time"
    return Confidence.LOW, "no request metric behind this service (no ALB): Lambda costed on busy CPU time"


def _fargate_service(s: FargateServiceUsage, current: FargateDeployment, notes: list[str]) -> Workload:
    traffic = busy_cpu_traffic(current.tasks, current.vcpu, s.cpu_percent, None)
    storage = current.storage_gb * MB_PER_GB if current.storage_gb > STORAGE_FREE_GB else None
    return busy_cpu_service(
        traffic,
        notes,
        region=s.region,
        arch=current.arch,
        os=current.os,
        vcpu=current.vcpu,
        memory_mb=current.memory_gb * MB_PER_GB,
        storage_mb=storage,
        count=current.tasks,
    )
