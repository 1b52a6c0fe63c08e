"""From a request-driven workload to the load its fleet carries: shape, CPU and memory per request.

Every figure not given is a named default (core/advice/defaults.py), stated back in the answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from core.advice import defaults as d
from core.advice.capacity import Load, sizing_factors
from core.advice.shape import Shape, daily_shape, observed_shape
from core.constants import HOURS_PER_MONTH, MB_PER_GB
from core.units import format_size_mb, plain
from core.workload import Workload

MS_PER_SECOND = Decimal(1000)


@dataclass(frozen=True, slots=True)
class LoadNotes:
    """A load, the memory setting Lambda would have, and the assumptions behind them."""

    load: Load
    notes: tuple[str, ...]


def peak_factor(w: Workload) -> Decimal:
    """The peak rate over the average: from peak_rps and the average when both are known, else
    peak_factor (default 3)."""
    if w.peak_rps is not None and w.rps is not None and w.rps > 0:
        return max(w.peak_rps / w.rps, Decimal(1))
    if w.peak_rps is not None and w.monthly_requests:
        seconds = (w.hours or HOURS_PER_MONTH) * 3600
        return max(w.peak_rps / (w.monthly_requests / seconds), Decimal(1))
    return w.peak_factor or d.PEAK_FACTOR


def traffic_shape(w: Workload) -> Shape:
    """The observed hourly shape when there is one, else the daily curve for the peak factor."""
    if w.hourly_shape is not None:
        return observed_shape(w.hourly_shape)
    return daily_shape(peak_factor(w))


def cpu_seconds(w: Workload, lambda_memory_mb: Decimal) -> tuple[Decimal, str]:
    """CPU time per request in vCPU-seconds, and how it was found."""
    assert w.duration_ms is not None
    duration = w.duration_ms
    if w.cpu_ms is not None:
        return w.cpu_ms / MS_PER_SECOND, f"CPU time per request {plain(w.cpu_ms)}ms (cpu_ms)"
    if w.vcpu_per_request is not None:
        cpu = w.vcpu_per_request * duration
        return cpu / MS_PER_SECOND, (
            f"CPU time per request {plain(cpu.quantize(Decimal('0.01')))}ms: "
            f"{plain(w.vcpu_per_request)} vCPU for each of its {plain(duration)}ms (vcpu_per_request)"
        )
    if w.cpu_bound:
        share = min(lambda_memory_mb / d.MB_PER_VCPU, d.LAMBDA_MAX_VCPU)
        cpu = duration * share
        return cpu / MS_PER_SECOND, (
            f"CPU-bound: each request keeps {plain(share.quantize(Decimal('0.001')))} vCPU busy for its "
            f"{plain(duration)}ms, as Lambda's {format_size_mb(lambda_memory_mb)} would allot "
            "(1 vCPU per 1,769MB)"
        )
    cpu = duration * d.CPU_SHARE_OF_DURATION
    return cpu / MS_PER_SECOND, (
        f"CPU time per request {plain(cpu.normalize())}ms, {plain(d.CPU_SHARE_OF_DURATION * 100)}% "
        f"of its {plain(duration)}ms: an I/O-bound service waits on its database and downstream "
        "calls the rest of the time (cpu_ms= or 'CPU-bound' overrides)"
    )


def memory_gb(w: Workload) -> tuple[Decimal, Decimal, str]:
    """Base memory of a task and working memory per request in flight, in GB, and the note."""
    if w.base_memory_mb is not None:
        base_mb, why = w.base_memory_mb, "base_memory"
    elif w.memory_mb is not None:
        base_mb, why = w.memory_mb, "the Lambda memory given: one environment's runtime, code and request"
    else:
        base_mb, why = d.BASE_MEMORY_MB, "a service process's runtime, framework and caches"
    request_mb = d.REQUEST_MEMORY_MB if w.request_memory_mb is None else w.request_memory_mb
    note = (
        f"memory: each task or instance holds {format_size_mb(base_mb)} ({why}; base_memory= overrides) "
        f"plus {format_size_mb(request_mb)} per request in flight (request_memory= overrides)"
    )
    return base_mb / MB_PER_GB, request_mb / MB_PER_GB, note


LOAD_FIELDS = (
    "kind", "rps", "peak_rps", "monthly_requests", "hours", "peak_factor", "hourly_shape", "autoscale",
    "duration_ms", "cpu_ms", "vcpu_per_request", "cpu_bound", "memory_mb", "base_memory_mb",
    "request_memory_mb", "target_utilization", "min_tasks",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class LoadInputs:
    """A workload as its load sees it: equal (and hashed alike) when the fields in LOAD_FIELDS are."""

    key: tuple[object, ...]
    w: Workload = field(compare=False)


def request_load(w: Workload, lambda_memory_mb: Decimal) -> LoadNotes:
    """The load of a request-driven workload (or a service given a request rate), with its notes."""
    # a variant (arm64, Spot, another door or discount) carries the same load: built once for all
    return _load(LoadInputs(tuple(getattr(w, name) for name in LOAD_FIELDS), w), lambda_memory_mb)


@lru_cache(maxsize=256)
def _load(inputs: LoadInputs, lambda_memory_mb: Decimal) -> LoadNotes:
    """The load itself, from the fields in LOAD_FIELDS only."""
    w = inputs.w
    assert w.duration_ms is not None
    shape = traffic_shape(w)
    autoscale = w.autoscale
    cpu_s, cpu_note = cpu_seconds(w, lambda_memory_mb)
    base_gb, request_gb, memory_note = memory_gb(w)
    utilization = w.target_utilization or d.TARGET_UTILIZATION
    least = d.MIN_TASKS if w.min_tasks is None else w.min_tasks
    hours = w.hours or HOURS_PER_MONTH
    load = Load(
        shape=shape,
        sizing=sizing_factors(shape, autoscale=autoscale),
        cpu_s=cpu_s,
        duration_s=w.duration_ms / MS_PER_SECOND,
        base_gb=base_gb,
        request_gb=request_gb,
        utilization=utilization,
        min_count=least,
        monthly_hours=hours,
        seconds_per_month=hours * 3600,
    )
    scaling = (
        "scales out ahead of the ramp: each hour sized for the larger of its rate and the next hour's "
        "(tasks start in about a minute, instances in several; autoscale=no prices the peak all month)"
        if autoscale
        else "does not scale (autoscale=no): the peak hour's fleet all month"
    )
    notes = (
        f"traffic: {shape.describe()}",
        cpu_note,
        memory_note,
        f"target tracking at {plain(utilization * 100)}% CPU (utilization=), at least {least} tasks or "
        f"instances, in two Availability Zones (min_tasks=); {scaling}",
    )
    return LoadNotes(load, notes)
