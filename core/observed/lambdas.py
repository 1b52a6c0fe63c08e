"""A Lambda function as a request-driven workload. Pure."""

from __future__ import annotations

from decimal import Decimal

from core.advice.sizing import rate_text
from core.constants import MS_PER_SECOND, SECONDS_PER_MONTH
from core.costs.aws_lambda import STORAGE_FREE_MB, LambdaDeployment
from core.observed.busy_cpu import CPU_NOT_READ, OBSERVED_FUNCTION
from core.observed.model import (
    DURATION_STEP_MS,
    RATE_STEP,
    Confidence,
    InsufficientData,
    ObservedWorkload,
    Resource,
    coverage_finding,
    kept,
    round_near,
    round_up,
)
from core.units import format_count, plain
from core.usage import LambdaFunctionUsage, LookbackWindow
from core.workload import Kind, Workload


def observe_lambda(f: LambdaFunctionUsage, window: LookbackWindow) -> ObservedWorkload | InsufficientData:
    """A function as a request-driven workload: its invocations, average duration and memory."""
    resource = Resource("lambda", f.name, f.arn, f.account, f.region)
    missing = _lambda_gaps(f)
    if missing:
        return InsufficientData(resource, missing)
    assert f.monthly_invocations is not None and f.avg_duration_ms is not None  # no gaps
    requests = round_up(f.monthly_invocations, Decimal(1))
    duration = round_near(f.avg_duration_ms, DURATION_STEP_MS)
    findings = [coverage_finding("Invocations", f.datapoints, window)]
    peak, peak_notes = _lambda_peak(f, requests, duration)
    if peak is None:
        findings.append((Confidence.MEDIUM, "no ConcurrentExecutions datapoints: the peak is assumed"))
    storage = Decimal(f.ephemeral_mb) if f.ephemeral_mb and f.ephemeral_mb > STORAGE_FREE_MB else None
    notes = (
        f"observed: {format_count(requests)} invocations a month "
        f"({format_count(f.invocations or Decimal(0))} in {plain(window.hours)}h), "
        f"{plain(duration)}ms on average, {f.memory_mb}MB",
        *peak_notes,
    )
    workload = Workload(
        kind=Kind.REQUEST,
        region=f.region,
        arch=f.arch,
        monthly_requests=requests,
        duration_ms=duration,
        memory_mb=Decimal(f.memory_mb),
        storage_mb=storage,
        peak_rps=peak,
        hourly_shape=f.hourly_shape,
        notes=(*notes, CPU_NOT_READ),
        **OBSERVED_FUNCTION,
    )
    current = LambdaDeployment(
        requests, duration, Decimal(f.memory_mb), f.region, f.arch, storage or Decimal(STORAGE_FREE_MB)
    )
    caveats = ("provisioned concurrency is not read: the Lambda figure is on demand",)
    return ObservedWorkload(resource, workload, current, kept(findings), (), caveats)


def _lambda_gaps(f: LambdaFunctionUsage) -> tuple[str, ...]:
    if f.monthly_invocations is None:
        return ("no Invocations datapoints in the window: never invoked, or its metrics were unreadable",)
    if f.monthly_invocations == 0:
        return ("0 invocations in the window: nothing runs to compare",)
    if f.avg_duration_ms is None or f.avg_duration_ms <= 0:
        return ("no Duration datapoints: the time per invocation is unknown",)
    return ()


def _lambda_peak(
    f: LambdaFunctionUsage, requests: Decimal, duration_ms: Decimal
) -> tuple[Decimal | None, tuple[str, ...]]:
    """The peak rate by Little's law from the peak concurrency: rate = concurrency / duration."""
    if f.max_concurrency is None:
        return None, ()
    average = requests / SECONDS_PER_MONTH
    peak = round_up(max(f.max_concurrency * MS_PER_SECOND / duration_ms, average), RATE_STEP)
    return peak, (
        f"observed: peak concurrency {plain(f.max_concurrency)}, so a peak of {rate_text(peak)} "
        f"at {plain(duration_ms)}ms each (Little's law)",
    )
