"""Costing one workload on each of Lambda, Fargate and EC2, or saying why a service can't run it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import ROUND_CEILING, Decimal

from core.advice import defaults as d
from core.advice.discounts import commitment
from core.advice.model import Option, costed, infeasible
from core.advice.request_fleet import fleet_at, fleet_estimate, plan
from core.advice.setup import Around, around
from core.advice.sized import ec2_job, ec2_job_modes, ec2_service, fargate_sized, service_size
from core.advice.sizing import traffic
from core.advice.warm import warm_concurrency, warm_note
from core.constants import MB_PER_GB
from core.costs.aws_lambda import MEMORY_MAX_MB, MEMORY_MIN_MB, TIMEOUT_MAX_MS, LambdaDeployment, lambda_cost
from core.costs.commitments import with_commitment
from core.costs.estimate import Estimate
from core.errors import InvalidInput
from core.prices.catalog import PriceCatalog
from core.units import format_duration_ms, format_size_mb, plain
from core.workload import Kind, Workload

Costing = Callable[[Workload, PriceCatalog], Option]
WEBSOCKET_LAMBDA = (
    "WebSocket connections are long-lived, and Lambda can't hold one: only an API Gateway WebSocket API "
    "can, billed per message and per connection-minute, prices the snapshot doesn't have"
)


def lambda_limits(
    w: Workload, memory_mb: Decimal | None = None, duration_ms: Decimal | None = None
) -> str | None:
    """Why Lambda can't run this, or None."""
    if w.gpus:
        return "Lambda has no GPUs"
    if w.websocket:
        return WEBSOCKET_LAMBDA
    if w.os == "windows":
        return "Lambda runs Linux only"
    if w.vcpu is not None and w.kind is not Kind.SERVICE and w.vcpu > d.LAMBDA_MAX_VCPU:
        return f"needs {plain(w.vcpu)} vCPU; Lambda gives at most 6"
    if duration_ms is not None and duration_ms > TIMEOUT_MAX_MS:
        return f"each run takes {format_duration_ms(duration_ms)}; Lambda stops at 15 minutes"
    if memory_mb is not None and memory_mb > MEMORY_MAX_MB:
        return f"needs {format_size_mb(memory_mb)}; Lambda gives at most 10,240MB"
    return None


def lambda_memory(w: Workload) -> tuple[Decimal, tuple[str, ...]]:
    """The memory setting Lambda needs: what was asked, raised to buy the vCPU asked for."""
    notes: list[str] = []
    memory = w.memory_mb if w.kind is not Kind.SERVICE else None
    if memory is None:
        memory = d.LAMBDA_MEMORY_MB
        notes.append(f"memory per invocation not given: {format_size_mb(memory)} assumed")
    if w.vcpu is not None and w.kind is not Kind.SERVICE and w.vcpu * d.MB_PER_VCPU > memory:
        memory = w.vcpu * d.MB_PER_VCPU
        notes.append(f"{plain(w.vcpu)} vCPU needs {plain(memory)}MB on Lambda (1 vCPU per 1,769MB)")
    whole = max(memory.to_integral_value(rounding=ROUND_CEILING), Decimal(MEMORY_MIN_MB))
    if whole != memory:
        notes.append(f"memory rounded up to {plain(whole)}MB: Lambda sets memory in whole MB from 128MB")
    return whole, tuple(notes)


def lambda_option(w: Workload, catalog: PriceCatalog) -> Option:
    """Lambda: the workload's requests (or runs) x duration x memory, its front door and logs."""
    try:
        return _lambda_option(w, catalog)
    except InvalidInput as err:  # not offered in the region, and the like
        return infeasible("lambda", f"{err.field}: {err.accepted}")


def _lambda_option(w: Workload, catalog: PriceCatalog) -> Option:
    reason = lambda_limits(w)
    if reason:
        return infeasible("lambda", reason)
    memory, notes = lambda_memory(w)
    volume: Decimal | None = None
    if w.kind is Kind.JOB:
        assert w.monthly_runs is not None and w.duration_ms is not None
        requests = w.monthly_runs * (w.count or 1)
        notes += (f"Lambda costed at {plain(memory)}MB: {_job_memory_reason(w)}",)
    elif w.kind is Kind.SERVICE and (w.rps is None or w.duration_ms is None):
        return infeasible("lambda", "no request rate and duration: give rps= and duration= to cost it")
    else:
        flow = traffic(w)
        requests, notes = flow.monthly_requests, notes + flow.volume_notes
        volume = requests
    assert w.duration_ms is not None
    reason = lambda_limits(w, memory, w.duration_ms)
    if reason:
        return infeasible("lambda", reason)
    storage = max(w.storage_mb or Decimal(512), Decimal(512))
    deployment = LambdaDeployment(
        monthly_requests=requests.to_integral_value(rounding=ROUND_CEILING),
        duration_ms=w.duration_ms,
        memory_mb=memory,
        region=w.region,
        arch=w.arch,
        storage_mb=min(storage.to_integral_value(rounding=ROUND_CEILING), Decimal(10_240)),
        free_tier=w.free_tier,
        provisioned=w.provisioned or 0,
    )
    warm = warm_concurrency(w)
    if warm is not None:  # latency=sensitive: Lambda is only usable kept warm (core/advice/warm.py)
        cold = _priced(w, catalog, deployment, volume)
        notes += (warm_note(warm, cold.monthly_usd),)
        deployment = replace(deployment, provisioned=warm)
    return costed("lambda", _priced(w, catalog, deployment, volume), notes)


def _priced(
    w: Workload, catalog: PriceCatalog, deployment: LambdaDeployment, volume: Decimal | None
) -> Estimate:
    """Lambda's estimate with its front door and logs (for requests), and its discount."""
    estimate = lambda_cost(deployment, catalog)
    if volume is not None:
        estimate = with_around(estimate, around(w, "lambda", catalog, deployment.monthly_requests), catalog)
    return with_commitment(estimate, commitment(w, "lambda", catalog))


def _job_memory_reason(w: Workload) -> str:
    if w.vcpu is not None and w.vcpu * d.MB_PER_VCPU > (w.memory_mb or 0):
        return f"the memory that buys the job's {plain(w.vcpu)} vCPU (1 vCPU per 1,769MB)"
    if w.memory_mb is not None:
        return "the job's memory"
    return "no memory or vCPU given"


def with_around(estimate: Estimate, outside: Around, catalog: PriceCatalog) -> Estimate:
    """An estimate with the lines around its compute (front door, logs, NAT) and their notes."""
    items = (*estimate.line_items, *outside.items)
    return replace(
        estimate,
        line_items=items,
        assumptions=(*estimate.assumptions, *outside.notes),
        prices_as_of=catalog.prices_as_of({i.source for i in items}),
    )


def _fleet_request(w: Workload, catalog: PriceCatalog, service: str) -> Option:
    memory, _ = lambda_memory(w)
    flow = traffic(w)
    fleet_plan = plan(w, catalog, service, memory)
    fleet = fleet_at(fleet_plan, flow.monthly_requests)
    if fleet is None:
        load = fleet_plan.load
        need = format_size_mb((load.base_gb + load.request_gb) * MB_PER_GB)
        what = (
            "Fargate task (120GB at most)"
            if service == "fargate"
            else f"{w.arch} instance type in {w.region}"
        )
        if w.instance_type:
            what = f"{w.instance_type}" if service == "ec2" else f"Fargate size for {w.instance_type}"
        return infeasible(service, f"each task or instance needs {need} for one request; no {what} holds it")
    estimate = fleet_estimate(w, catalog, fleet_plan, fleet, flow.monthly_requests)
    return costed(service, estimate, flow.volume_notes)


def fargate_option(w: Workload, catalog: PriceCatalog) -> Option:
    """Fargate: a fleet that follows the traffic (requests), as given (service), or per run (job)."""
    if w.gpus:
        return infeasible("fargate", "Fargate has no GPUs")
    try:
        if w.kind is Kind.REQUEST:
            return _fleet_request(w, catalog, "fargate")
        if w.kind is Kind.JOB:
            return fargate_sized(w, catalog, (None, w.monthly_runs, w.duration_ms))
        return fargate_sized(w, catalog, (w.hours, None, None))
    except InvalidInput as err:  # not offered in the region, Windows on Arm, and the like
        return infeasible("fargate", f"{err.field}: {err.accepted}")


def ec2_option(w: Workload, catalog: PriceCatalog) -> Option:
    """EC2: a fleet that follows the traffic, the instances asked for, or per run vs always on."""
    try:
        if w.kind is Kind.REQUEST:
            return _fleet_request(w, catalog, "ec2")
        if w.kind is Kind.JOB:
            return ec2_job(w, catalog)
        return ec2_service(w, catalog)
    except InvalidInput as err:
        return infeasible("ec2", f"{err.field}: {err.accepted}")


def all_options(w: Workload, catalog: PriceCatalog) -> tuple[Option, ...]:
    """Lambda, Fargate and EC2 for one workload, in that order."""
    return tuple(cost(w, catalog) for cost in (lambda_option, fargate_option, ec2_option))


__all__ = ["all_options", "ec2_job_modes", "lambda_memory", "service_size"]
