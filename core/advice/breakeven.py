"""Break-even: the volume at which the cheapest option changes, solved exactly on the cost curves.

Traffic is scaled as a whole (volume and peak together), holding everything else the workload says.
Lambda's curve is exact piecewise linear (corners at the free tier and the duration tiers); a fleet's
curve is the cheapest of its one-size step curves, so the first volume at which Lambda reaches any
of them is where containers start to win.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import ROUND_CEILING, Decimal

from core.advice import defaults as d
from core.advice.curves import Line, Steps, first_meeting, line_meets_steps, lines_cross, undominated
from core.advice.model import BreakEven, Option
from core.advice.options import ec2_job_modes, lambda_memory, service_size
from core.advice.sizing import ec2_fleet_frontier, fargate_frontier, request_need, traffic
from core.advice.warm import warm_concurrency
from core.constants import HOURS_PER_MONTH, MB_PER_GB, SECONDS_PER_MONTH
from core.costs.aws_lambda import (
    FREE_GB_SECONDS,
    FREE_REQUESTS,
    TIER_LIMITS_GB_S,
    LambdaDeployment,
    billed_ms,
    check_lambda,
    on_demand_usd,
)
from core.costs.estimate import Estimate
from core.costs.fargate import FargateDeployment, fargate_cost, smallest_task_size
from core.prices.catalog import PriceCatalog
from core.services import display_name
from core.units import format_duration_ms, format_size_mb
from core.workload import Kind, Workload


def lambda_line(w: Workload, catalog: PriceCatalog, per_unit: Decimal = Decimal(1)) -> Line:
    """Lambda's monthly cost against volume (requests, or runs x `per_unit` invocations)."""
    memory, _ = lambda_memory(w)
    assert w.duration_ms is not None
    storage = min(max(w.storage_mb or Decimal(512), Decimal(512)), Decimal(10_240))
    base = LambdaDeployment(Decimal(0), w.duration_ms, memory, w.region, w.arch, storage, w.free_tier)

    check_lambda(base)
    rates = catalog.lambda_rates(w.region, w.arch)

    def cost(volume: Decimal) -> Decimal:
        return on_demand_usd(base, rates, volume * per_unit)

    gb_s = billed_ms(w.duration_ms) / 1000 * memory / MB_PER_GB
    free_gb_s = FREE_GB_SECONDS if w.free_tier else Decimal(0)
    corners = [(free_gb_s + limit) / gb_s / per_unit for limit in TIER_LIMITS_GB_S[w.arch]]
    if w.free_tier:
        corners += [FREE_REQUESTS / per_unit, FREE_GB_SECONDS / gb_s / per_unit]
    return Line.sample(cost, corners)


def _request_fleets(w: Workload, catalog: PriceCatalog, services: set[str]) -> dict[str, list[Steps]]:
    """Every one-size fleet curve for those of Fargate and EC2 in `services`, per monthly request."""
    flow = traffic(w)
    memory, _ = lambda_memory(w)
    if flow.monthly_requests > 0:
        peak_per_request = flow.peak_rps / flow.monthly_requests
    else:
        peak_per_request = (w.peak_factor or d.PEAK_FACTOR) / SECONDS_PER_MONTH
    need = request_need(w, peak_per_request, memory)  # the need of one request a month
    fleets: dict[str, list[Steps]] = {}
    if "fargate" in services:  # priced only when offered: Fargate Spot is not in every region
        fleets["fargate"] = [
            Steps(usd, max(need.vcpu / v, need.memory_gb / m), need.min_count)
            for v, m, usd in fargate_frontier(catalog, w, need)
        ]
    if "ec2" in services:
        hours = w.hours or HOURS_PER_MONTH
        fleets["ec2"] = [
            Steps(
                t.hourly.usd * hours, max(need.vcpu / t.vcpu, need.memory_gb / t.memory_gib), need.min_count
            )
            for t in ec2_fleet_frontier(catalog, w, need, w.gpus or 0)
        ]
    return fleets


def _volume_text(value: Decimal, variable: str) -> str:
    whole = f"{int(value):,}"
    if variable == "monthly_runs":
        return f"{whole} runs a month"
    rate = value / SECONDS_PER_MONTH
    shown = rate.quantize(Decimal("0.01")) if rate < 100 else rate.quantize(Decimal(1))
    return f"{whole} requests a month (~{shown} req/s on average)"


def _between(w: Workload, variable: str, value: Decimal, below: str, above: str) -> BreakEven:
    assert w.duration_ms is not None
    shape = f"{format_duration_ms(w.duration_ms)}"
    if w.memory_mb is not None and w.kind is not Kind.SERVICE:
        shape += f", {format_size_mb(w.memory_mb)}"
    value = value.to_integral_value(rounding=ROUND_CEILING)  # whole requests or runs
    text = (
        f"{display_name(below)} is cheaper than {display_name(above)} below {_volume_text(value, variable)} "
        f"at {shape}; above that, {display_name(above)} is cheaper"
    )
    return BreakEven(variable, value, below, above, text)


def request_break_even(w: Workload, catalog: PriceCatalog, feasible: set[str]) -> list[BreakEven]:
    """Lambda against each container service, in requests a month."""
    if "lambda" not in feasible or w.provisioned or warm_concurrency(w):
        return []  # kept warm, Lambda's cost grows with its peak, not along its line
    line = lambda_line(w, catalog)
    fleets = _request_fleets(w, catalog, feasible)
    out = []
    for service, steps in fleets.items():
        value = first_meeting(line, steps)
        if value is not None:
            out.append(_between(w, "monthly_requests", value, "lambda", service))
        else:
            out.append(_never(w, "monthly_requests", "lambda", service))
    return out


def _never(w: Workload, variable: str, cheaper: str, dearer: str) -> BreakEven:
    utilization = (w.target_utilization or d.TARGET_UTILIZATION) * 100
    factor = w.peak_factor or d.PEAK_FACTOR
    text = (
        f"No break-even: {display_name(cheaper)} stays cheaper than {display_name(dearer)} at any volume, "
        "because "
        f"a fleet sized for a peak {factor.normalize():f}x the average "
        f"at {utilization.normalize():f}% utilisation "
        "costs more per request; at a steadier load (peak_factor=1, utilization=80%) it may not"
    )
    return BreakEven(variable, None, cheaper, dearer, text)


def service_break_even(w: Workload, catalog: PriceCatalog, options: dict[str, Option]) -> list[BreakEven]:
    """Lambda against the service's fleet as it stands, in requests a month (needs a rate)."""
    if "lambda" not in options or w.rps is None or w.duration_ms is None or warm_concurrency(w):
        return []
    line = lambda_line(replace(w, memory_mb=None), catalog)
    out = []
    for service in ("fargate", "ec2"):
        estimate = options[service].estimate if service in options else None
        if estimate is not None:
            value = line.reach(estimate.exact_usd)
            if value is not None:
                out.append(_between(w, "monthly_requests", value, "lambda", service))
    return out


def job_break_even(w: Workload, catalog: PriceCatalog, options: dict[str, Option]) -> list[BreakEven]:
    """Per-run options against each other and against an always-on instance, in runs a month."""
    assert w.duration_ms is not None
    lines: dict[str, Line] = {}
    count = Decimal(w.count or 1)
    if "lambda" in options:
        lines["lambda"] = lambda_line(w, catalog, per_unit=count)
    if "fargate" in options:
        lines["fargate"] = _fargate_job_line(w, catalog, count)
    if "ec2" in options:
        per_run, always_on, _ = ec2_job_modes(replace(w, monthly_runs=Decimal(1)), catalog)
        lines["ec2"] = Line.sample(lambda r: per_run.exact_usd * r, [])
    out: list[BreakEven] = []
    names = sorted(lines)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            crossing = lines_cross(lines[first], lines[second])
            if crossing is not None:
                half = crossing / 2
                below, above = (
                    (first, second) if lines[first].at(half) <= lines[second].at(half) else (second, first)
                )
                out.append(_between(w, "monthly_runs", crossing, below, above))
    if "ec2" in options and lines:
        steps = _always_on_steps(w, always_on, count)
        best = min(lines, key=lambda s: (lines[s].at(w.monthly_runs or Decimal(1)), s))
        value = line_meets_steps(lines[best], steps)
        if value is not None:
            value = value.to_integral_value(rounding=ROUND_CEILING)
            per_run_name = "launching EC2 per run" if best == "ec2" else f"{display_name(best)} per run"
            volume = _volume_text(value, "monthly_runs")
            text = f"Above {volume}, an always-on EC2 instance is cheaper than {per_run_name}"
            out.append(BreakEven("monthly_runs", value, best, "ec2", text))
    return out


def _fargate_job_line(w: Workload, catalog: PriceCatalog, count: Decimal) -> Line:
    vcpu, gb, _ = service_size(w)
    size = smallest_task_size(vcpu, gb, w.os)
    assert size is not None and w.duration_ms is not None
    spot = w.spot and w.os == "linux"
    deployment = FargateDeployment(
        int(count), *size, w.region, w.arch, w.os, spot, runs=Decimal(0), run_ms=w.duration_ms
    )
    return Line.sample(lambda r: fargate_cost(replace(deployment, runs=r), catalog).exact_usd, [])


def _always_on_steps(w: Workload, always_on: Estimate, count: Decimal) -> Steps:
    """Always-on instances for a job: one more (per task) each time the runs fill another month."""
    assert w.duration_ms is not None
    busy_h = w.duration_ms / 3_600_000
    per_instance = always_on.exact_usd / always_on.line_items[0].quantity * HOURS_PER_MONTH
    return Steps(per_instance * count, busy_h / HOURS_PER_MONTH, 1)


def break_even(w: Workload, catalog: PriceCatalog, options: tuple[Option, ...]) -> tuple[BreakEven, ...]:
    """Every break-even that applies to the workload's kind."""
    feasible = {o.service: o for o in options if o.feasible}
    if w.duration_ms is None:
        return ()
    if w.kind is Kind.REQUEST:
        return tuple(request_break_even(w, catalog, set(feasible)))
    if w.kind is Kind.SERVICE:
        return tuple(service_break_even(w, catalog, feasible))
    return tuple(job_break_even(w, catalog, feasible))


CostAt = Callable[[Decimal], Decimal]


def cost_curves(
    w: Workload, catalog: PriceCatalog, options: tuple[Option, ...]
) -> tuple[str, dict[str, CostAt]]:
    """Each feasible option's monthly cost as a function of volume, and the volume's name: the
    curves the break-evens are solved on, for drawing."""
    feasible = {o.service: o for o in options if o.feasible and o.estimate is not None}
    curves: dict[str, CostAt] = {}
    if w.duration_ms is None:
        return "monthly_requests", curves
    if w.kind is Kind.JOB:
        return "monthly_runs", _job_curves(w, catalog, feasible)
    if "lambda" in feasible:
        curves["lambda"] = lambda_line(
            w if w.kind is Kind.REQUEST else replace(w, memory_mb=None), catalog
        ).at
    if w.kind is Kind.REQUEST:
        for service, steps in _request_fleets(w, catalog, set(feasible)).items():
            kept = undominated(steps)
            curves[service] = lambda x, kept=kept: min(s.at(x) for s in kept)  # type: ignore[misc]
    else:
        for service in ("fargate", "ec2"):
            estimate = feasible[service].estimate if service in feasible else None
            if estimate is not None:
                fixed = estimate.exact_usd
                curves[service] = lambda _x, fixed=fixed: fixed  # type: ignore[misc]
    return "monthly_requests", curves


def _job_curves(w: Workload, catalog: PriceCatalog, feasible: dict[str, Option]) -> dict[str, CostAt]:
    count = Decimal(w.count or 1)
    curves: dict[str, CostAt] = {}
    if "lambda" in feasible:
        curves["lambda"] = lambda_line(w, catalog, per_unit=count).at
    if "fargate" in feasible:
        curves["fargate"] = _fargate_job_line(w, catalog, count).at
    if "ec2" in feasible:
        per_run, always_on, _ = ec2_job_modes(replace(w, monthly_runs=Decimal(1)), catalog)
        per_run_usd = per_run.exact_usd
        steps = _always_on_steps(w, always_on, count)
        curves["ec2"] = lambda r: min(per_run_usd * r, steps.at(r))
    return curves
