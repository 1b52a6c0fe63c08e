"""Costing one workload on each of Lambda, Fargate and EC2, or saying why a service can't run it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import ROUND_CEILING, Decimal

from core.advice import defaults as d
from core.advice.model import Option
from core.advice.sizing import Need, ceil, ec2_fleet, fargate_fleet, request_need, traffic
from core.advice.warm import warm_concurrency, warm_note
from core.constants import HOURS_PER_MONTH, MB_PER_GB
from core.costs.aws_lambda import MEMORY_MAX_MB, MEMORY_MIN_MB, TIMEOUT_MAX_MS, LambdaDeployment, lambda_cost
from core.costs.ec2 import Ec2Deployment, Ec2Need, cheapest_fit, ec2_cost
from core.costs.estimate import Estimate
from core.costs.fargate import FargateDeployment, fargate_cost, smallest_task_size
from core.errors import InvalidInput
from core.prices.catalog import PriceCatalog
from core.units import format_duration_ms, format_size_mb, plain
from core.workload import Kind, Workload

Costing = Callable[[Workload, PriceCatalog], Option]
Run = tuple[Decimal | None, Decimal | None, Decimal | None]  # hours, or runs and the ms of each


def costed(service: str, estimate: Estimate, notes: tuple[str, ...] = ()) -> Option:
    """A feasible option, with the advice's own notes ahead of the estimate's assumptions."""
    merged = replace(estimate, assumptions=notes + estimate.assumptions)
    return Option(service, True, estimate.choice, merged)


def infeasible(service: str, reason: str) -> Option:
    """An option that can't run the workload, and why."""
    return Option(service, False, reason)


def lambda_limits(
    w: Workload, memory_mb: Decimal | None = None, duration_ms: Decimal | None = None
) -> str | None:
    """Why Lambda can't run this, or None."""
    if w.gpus:
        return "Lambda has no GPUs"
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
    """Lambda: the workload's requests (or runs) x duration x memory."""
    try:
        return _lambda_option(w, catalog)
    except InvalidInput as err:  # not offered in the region, and the like
        return infeasible("lambda", f"{err.field}: {err.accepted}")


def _lambda_option(w: Workload, catalog: PriceCatalog) -> Option:
    reason = lambda_limits(w)
    if reason:
        return infeasible("lambda", reason)
    memory, notes = lambda_memory(w)
    if w.kind is Kind.JOB:
        assert w.monthly_runs is not None and w.duration_ms is not None
        requests = w.monthly_runs * (w.count or 1)
    elif w.kind is Kind.SERVICE and (w.rps is None or w.duration_ms is None):
        return infeasible("lambda", "no request rate and duration: give rps= and duration= to cost it")
    else:
        flow = traffic(w)
        requests, notes = flow.monthly_requests, notes + flow.volume_notes
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
        notes += (warm_note(warm, lambda_cost(deployment, catalog).monthly_usd),)
        deployment = replace(deployment, provisioned=warm)
    return costed("lambda", lambda_cost(deployment, catalog), notes)


def service_size(w: Workload) -> tuple[Decimal, Decimal, tuple[str, ...]]:
    """vCPU and GB of one task or instance of a service or job, filling a missing half."""
    vcpu, memory_mb = w.vcpu, w.memory_mb
    if vcpu is None and memory_mb is None:
        vcpu = d.JOB_VCPU
    if memory_mb is None:
        assert vcpu is not None
        gb = vcpu * d.GB_PER_VCPU
        return vcpu, gb, (f"memory not given: {plain(gb)}GB ({plain(d.GB_PER_VCPU)}GB per vCPU) assumed",)
    gb = memory_mb / MB_PER_GB
    if vcpu is None:
        vcpu = max(gb / d.GB_PER_VCPU, Decimal("0.25"))
        return vcpu, gb, (f"vCPU not given: {plain(vcpu)} ({plain(d.GB_PER_VCPU)}GB per vCPU) assumed",)
    return vcpu, gb, ()


def _fargate_request(w: Workload, catalog: PriceCatalog) -> Option:
    memory, _ = lambda_memory(w)
    flow = traffic(w)
    need = request_need(w, flow.peak_rps, memory)
    fleet = fargate_fleet(catalog, w, need)
    if fleet is None:
        return infeasible(
            "fargate", f"one request holds {format_size_mb(memory)}; Fargate tasks stop at 120GB"
        )
    cent = Decimal("0.01")
    total = f"needs {plain(need.vcpu.quantize(cent))} vCPU and {plain(need.memory_gb.quantize(cent))}GB"
    notes = (
        *flow.notes,
        *need.notes,
        f"{total}: {fleet.count} tasks of {plain(fleet.vcpu)} vCPU / {plain(fleet.memory_gb)}GB "
        "(the cheapest valid Fargate size that covers it)",
    )
    deployment = _fargate_deployment(w, fleet.count, (fleet.vcpu, fleet.memory_gb), (w.hours, None, None))
    return costed("fargate", fargate_cost(deployment, catalog), notes)


def _fargate_deployment(
    w: Workload, tasks: int, size: tuple[Decimal, Decimal], run: Run
) -> FargateDeployment:
    storage = max((w.storage_mb or Decimal(0)) / MB_PER_GB, Decimal(20))
    spot = w.spot and w.os == "linux"
    return FargateDeployment(
        tasks, size[0], size[1], w.region, w.arch, w.os, spot, min(storage, Decimal(200)), *run
    )


def _fargate_sized(w: Workload, catalog: PriceCatalog, run: Run) -> Option:
    vcpu, gb, notes = service_size(w)
    size = smallest_task_size(vcpu, gb, w.os)
    if size is None:
        return infeasible(
            "fargate", f"needs {plain(vcpu)} vCPU / {plain(gb)}GB; Fargate tasks stop at 16 vCPU / 120GB"
        )
    if size != (vcpu, gb):
        notes += (
            f"{plain(vcpu)} vCPU / {plain(gb)}GB maps up to {plain(size[0])} vCPU / {plain(size[1])}GB, "
            "the smallest valid Fargate task size that covers it",
        )
    if w.kind is Kind.JOB:
        count = w.count or 1
    else:
        count, count_notes = service_count(w, "tasks")
        notes += count_notes
    return costed("fargate", fargate_cost(_fargate_deployment(w, count, size, run), catalog), notes)


def service_count(w: Workload, units: str) -> tuple[int, tuple[str, ...]]:
    """How many tasks or instances an always-on service runs: as given, never below min_tasks."""
    floor = w.min_tasks or 0
    if w.count is None:
        count = d.MIN_TASKS if w.min_tasks is None else max(w.min_tasks, 1)
        return count, (f"count not given: {count} {units}, for availability",)
    if w.count < floor:
        return floor, (f"{w.count} {units} raised to {floor}, the minimum asked for (min_tasks)",)
    return w.count, ()


def fargate_option(w: Workload, catalog: PriceCatalog) -> Option:
    """Fargate: sized for the peak (requests), as given (service), or billed per run (job)."""
    if w.gpus:
        return infeasible("fargate", "Fargate has no GPUs")
    try:
        if w.kind is Kind.REQUEST:
            return _fargate_request(w, catalog)
        if w.kind is Kind.JOB:
            return _fargate_sized(w, catalog, (None, w.monthly_runs, w.duration_ms))
        return _fargate_sized(w, catalog, (w.hours, None, None))
    except InvalidInput as err:  # not offered in the region, Windows on Arm, and the like
        return infeasible("fargate", f"{err.field}: {err.accepted}")


def ec2_option(w: Workload, catalog: PriceCatalog) -> Option:
    """EC2: a fleet sized for the peak, the instances asked for, or per-run vs always-on for jobs."""
    if w.os == "windows":  # Windows On-Demand adds a licence per instance-hour that varies by type
        return infeasible(
            "ec2", "Windows instance prices are not in the snapshot (it has On-Demand Linux only)"
        )
    try:
        if w.kind is Kind.REQUEST:
            return _ec2_request(w, catalog)
        if w.kind is Kind.JOB:
            return _ec2_job(w, catalog)
        return _ec2_service(w, catalog)
    except InvalidInput as err:
        return infeasible("ec2", f"{err.field}: {err.accepted}")


def _ec2_request(w: Workload, catalog: PriceCatalog) -> Option:
    memory, _ = lambda_memory(w)
    flow = traffic(w)
    need = request_need(w, flow.peak_rps, memory)
    fleet = ec2_fleet(catalog, w, need, w.gpus or 0)
    if fleet is None:
        return infeasible(
            "ec2", f"no {w.arch} instance type in {w.region} holds one request's {format_size_mb(memory)}"
        )
    notes = (
        *flow.notes,
        *need.notes,
        f"{fleet.count} x {fleet.instance.name}: the cheapest fleet of one type that covers it",
    )
    deployment = Ec2Deployment(
        w.region, fleet.instance.name, None, fleet.count, w.hours or HOURS_PER_MONTH, w.ebs_gb
    )
    return costed("ec2", ec2_cost(deployment, catalog), notes)


def _ec2_type(w: Workload, catalog: PriceCatalog) -> tuple[str, tuple[str, ...]]:
    if w.instance_type:
        return w.instance_type, ()
    vcpu, gb, notes = service_size(w)
    need = Ec2Need(vcpu, gb, w.arch, w.gpus or 0)
    return cheapest_fit(catalog, w.region, need).name, notes


def _ec2_service(w: Workload, catalog: PriceCatalog) -> Option:
    name, notes = _ec2_type(w, catalog)
    count, count_notes = service_count(w, "instances")
    notes += count_notes
    deployment = Ec2Deployment(w.region, name, None, count, w.hours or HOURS_PER_MONTH, w.ebs_gb)
    return costed("ec2", ec2_cost(deployment, catalog), notes)


def ec2_job_modes(w: Workload, catalog: PriceCatalog) -> tuple[Estimate, Estimate, tuple[str, ...]]:
    """A job on EC2 two ways: an instance launched per run, and instances always on."""
    assert w.monthly_runs is not None and w.duration_ms is not None
    name, notes = _ec2_type(w, catalog)
    count = w.count or 1
    run_s = max((w.duration_ms / 1000).to_integral_value(rounding=ROUND_CEILING), Decimal(60)) + d.EC2_BOOT_S
    run_hours = w.monthly_runs * run_s / 3600
    busy = w.monthly_runs * w.duration_ms / 3_600_000
    always = count * max(1, ceil(busy / HOURS_PER_MONTH))
    per_run = Ec2Deployment(w.region, name, None, count, Decimal(0), None)
    per_run_estimate = ec2_cost(per_run, catalog)
    item = per_run_estimate.line_items[0]
    per_run_estimate = replace(
        per_run_estimate,
        line_items=(replace(item, quantity=count * run_hours),),
        assumptions=(
            f"launched per run: {plain(w.monthly_runs)} runs x {plain(run_s)}s "
            f"(the run, billed per second with a 60s minimum, plus {plain(d.EC2_BOOT_S)}s to boot)",
        ),
    )
    on = ec2_cost(Ec2Deployment(w.region, name, None, always, HOURS_PER_MONTH, w.ebs_gb), catalog)
    return per_run_estimate, on, notes


def _ec2_job(w: Workload, catalog: PriceCatalog) -> Option:
    per_run, on, notes = ec2_job_modes(w, catalog)
    cheaper, other, how = (
        (per_run, on, "per run") if per_run.exact_usd <= on.exact_usd else (on, per_run, "always on")
    )
    notes += (
        f"{how} is cheaper than {'always on' if how == 'per run' else 'per run'} "
        f"(${other.monthly_usd:,.2f} a month)",
    )
    return costed("ec2", cheaper, notes)


def all_options(w: Workload, catalog: PriceCatalog) -> tuple[Option, ...]:
    """Lambda, Fargate and EC2 for one workload, in that order."""
    return tuple(cost(w, catalog) for cost in (lambda_option, fargate_option, ec2_option))


__all__ = ["Need", "all_options", "ec2_job_modes", "lambda_memory", "service_size"]
