"""Break-even: the volume at which the cheapest option changes, solved exactly on the cost curves.

Traffic is scaled as a whole (volume and peak together), holding everything else the workload says.
Lambda's curve is exact piecewise linear (corners at the free tier and the duration tiers); a fleet's
curve is the cheapest of its one-size step curves, so the first volume at which Lambda reaches any
of them is where containers start to win.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, Decimal

from core.advice.capacity import floor_task_hours
from core.advice.curves import Line, Steps, combined, line_meets_steps, lines_cross
from core.advice.discounts import commitment
from core.advice.meeting import Meeting, Search, bounding_lines, first_above, meets
from core.advice.model import BreakEven, Option
from core.advice.options import lambda_memory
from core.advice.request_fleet import FleetPlan, fleet_at, plan
from core.advice.setup import around_line
from core.advice.sized import ec2_job_modes, service_size, service_volume
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
from core.costs.commitments import with_commitment
from core.costs.estimate import Estimate
from core.costs.fargate import FargateDeployment, fargate_cost, smallest_task_size
from core.costs.plan_rates import PlanCommitment
from core.prices.catalog import PriceCatalog
from core.services import display_name
from core.units import format_duration_ms, format_size_mb
from core.workload import Kind, Workload


def lambda_compute(
    w: Workload, catalog: PriceCatalog, per_unit: Decimal = Decimal(1)
) -> Callable[[Decimal], Decimal]:
    """Lambda's requests, duration and storage against volume (requests, or runs x `per_unit`
    invocations), discount applied: what its line items add up to."""
    memory, _ = lambda_memory(w)
    assert w.duration_ms is not None
    storage = min(max(w.storage_mb or Decimal(512), Decimal(512)), Decimal(10_240))
    base = LambdaDeployment(Decimal(0), w.duration_ms, memory, w.region, w.arch, storage, w.free_tier)
    check_lambda(base)
    deal = commitment(w, "lambda", catalog)
    if isinstance(deal, PlanCommitment):  # the plan's own rates; requests stay at list in them
        rates, off = deal.committed.lambda_rates(w.region, w.arch), Decimal(0)
    else:
        rates, off = catalog.lambda_rates(w.region, w.arch), deal.fraction if deal else Decimal(0)
    return lambda volume: on_demand_usd(base, rates, volume * per_unit, off)


def lambda_line(w: Workload, catalog: PriceCatalog, per_unit: Decimal = Decimal(1)) -> Line:
    """Lambda's monthly cost against volume (requests, or runs x `per_unit` invocations)."""
    memory, _ = lambda_memory(w)
    assert w.duration_ms is not None
    gb_s = billed_ms(w.duration_ms) / 1000 * memory / MB_PER_GB
    free_gb_s = FREE_GB_SECONDS if w.free_tier else Decimal(0)
    corners = [(free_gb_s + limit) / gb_s / per_unit for limit in TIER_LIMITS_GB_S[w.arch]]
    if w.free_tier:
        corners += [FREE_REQUESTS / per_unit, FREE_GB_SECONDS / gb_s / per_unit]
    return Line.sample(lambda_compute(w, catalog, per_unit), corners)


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


def lambda_total(w: Workload, catalog: PriceCatalog) -> Line:
    """Lambda's whole bill against monthly requests: compute, front door and logs."""
    compute = lambda_line(w, catalog)
    if w.kind is Kind.JOB:
        return compute
    return combined(compute, around_line(w, "lambda", catalog))


@dataclass(frozen=True, slots=True)
class FleetCurve:
    """A fleet's bill against monthly requests: the cheapest size's compute (and everything billed
    per task-hour) plus `rest`, the lines that follow the volume or don't change with it."""

    fleet_plan: FleetPlan
    rest: Line

    def at(self, volume: Decimal) -> Decimal:
        """The fleet's whole monthly cost at `volume`."""
        fleet = fleet_at(self.fleet_plan, volume)
        return self.rest.at(volume) + (fleet.usd if fleet else Decimal(0))


def fleet_curve(w: Workload, catalog: PriceCatalog, service: str) -> FleetCurve:
    """The cost curve of `service`'s fleet for a request-driven workload."""
    memory, _ = lambda_memory(w)
    return FleetCurve(plan(w, catalog, service, memory), around_line(w, service, catalog))


def first_meeting(lam: Line, curve: FleetCurve) -> Meeting:
    """The least volume at which Lambda costs at least the cheapest fleet: the least over the
    candidate sizes. A size can't be met before Lambda reaches its floor (its fewest tasks) and a
    straight line below its cost, so sizes are tried from the earliest such bound, and the search
    stops at the first bound past a meeting already found."""
    h = combined(lam, curve.rest, sign=-1)
    load = curve.fleet_plan.load
    found = curve.fleet_plan.found
    bounds = []
    least_hours = floor_task_hours(load)
    for candidate in found.every:
        size = candidate.size
        start = h.reach(least_hours * size.hour_usd)
        if start is None:
            continue
        low_slope, low_offset, slope, offset = bounding_lines(size, candidate.kappa, load)
        start = first_above(h, low_slope, low_offset, start)
        if start is not None:
            bounds.append((start, first_above(h, slope, -offset, start), candidate))
    # a fleet is met by the least of the ceilings' crossings: sizes are tried from there, and each
    # next one only for a meeting before the best so far
    best = Meeting(None)
    for start, high, candidate in sorted(bounds, key=lambda b: (b[1] is None, b[1] or b[0], b[0])):
        if best.value is not None and start >= best.value:
            continue
        met = meets(h, candidate, Search(start, high, best.value))
        if met.value is not None and (best.value is None or met.value < best.value):
            best = Meeting(met.value)
        elif met.searched_to is not None and best.value is None:
            best = Meeting(None, max(best.searched_to or Decimal(0), met.searched_to))
    return best


def request_break_even(w: Workload, catalog: PriceCatalog, feasible: set[str]) -> list[BreakEven]:
    """Lambda against each container service's fleet, in requests a month."""
    if "lambda" not in feasible or w.provisioned or warm_concurrency(w):
        return []  # kept warm, Lambda's cost grows with its peak, not along its line
    lam = lambda_total(w, catalog)
    out = []
    for service in ("fargate", "ec2"):
        if service not in feasible:
            continue
        met = first_meeting(lam, fleet_curve(w, catalog, service))
        if met.value is not None:
            out.append(_between(w, "monthly_requests", met.value, "lambda", service))
        else:
            out.append(_never("monthly_requests", "lambda", service, met.searched_to))
    return out


def _never(variable: str, cheaper: str, dearer: str, searched_to: Decimal | None) -> BreakEven:
    low, high = display_name(cheaper), display_name(dearer)
    if searched_to is not None:
        shown = _volume_text(searched_to.to_integral_value(rounding=ROUND_CEILING), variable)
        text = (
            f"No break-even found: {low} stays cheaper than {high} up to at least {shown}, where the "
            "search stopped: their costs grow almost alike"
        )
    else:
        text = (
            f"No break-even: {low} stays cheaper than {high} at any volume under this model: each "
            f"request costs no more on {low}, front door and logs included, than the fleet needs to "
            "carry it"
        )
    return BreakEven(variable, None, cheaper, dearer, text)


def _service_curves(
    w: Workload, catalog: PriceCatalog, options: dict[str, Option]
) -> tuple[Line | None, dict[str, tuple[Line, Decimal]]]:
    """For a service with a rate: Lambda's whole line, and for each fleet as it stands, the lines
    that follow the volume with what the rest of its bill costs (fixed)."""
    volume = service_volume(w)
    if "lambda" not in options or volume is None or w.duration_ms is None:
        return None, {}
    lam = lambda_total(replace(w, memory_mb=None), catalog)
    fleets = {}
    for service in ("fargate", "ec2"):
        estimate = options[service].estimate if service in options else None
        if estimate is not None:
            rest = around_line(w, service, catalog)
            fleets[service] = (rest, estimate.exact_usd - rest.at(volume))
    return lam, fleets


def service_break_even(w: Workload, catalog: PriceCatalog, options: dict[str, Option]) -> list[BreakEven]:
    """Lambda against the service's fleet as it stands, in requests a month (needs a rate)."""
    if warm_concurrency(w):
        return []  # kept warm, Lambda's cost grows with its peak, not along its line
    lam, fleets = _service_curves(w, catalog, options)
    out = []
    for service, (rest, fixed) in fleets.items():
        assert lam is not None
        value = combined(lam, rest, sign=-1).reach(fixed)
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
        per_run, always_on = _ec2_job_modes(w, catalog)
        lines["ec2"] = Line.sample(lambda r: per_run * r, [])
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
    vcpu, gb, _ = service_size(w, catalog)
    size = smallest_task_size(vcpu, gb, w.os)
    assert size is not None and w.duration_ms is not None
    spot = w.spot and w.os == "linux"
    deployment = FargateDeployment(
        int(count), *size, w.region, w.arch, w.os, spot, runs=Decimal(0), run_ms=w.duration_ms
    )
    deal = commitment(w, "fargate", catalog)
    return Line.sample(
        lambda r: with_commitment(fargate_cost(replace(deployment, runs=r), catalog), deal).exact_usd, []
    )


def _ec2_job_modes(w: Workload, catalog: PriceCatalog) -> tuple[Decimal, Estimate]:
    """EC2 per run (USD of one run, discount applied) and always on (its estimate, discounted)."""
    per_run, always_on, _ = ec2_job_modes(replace(w, monthly_runs=Decimal(1)), catalog)
    deal = commitment(w, "ec2", catalog)
    return with_commitment(per_run, deal).exact_usd, with_commitment(always_on, deal)


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
    if w.kind is not Kind.JOB and "lambda" in feasible and (w.provisioned or warm_concurrency(w)):
        return _none_kept_warm(w, feasible)
    if w.kind is Kind.REQUEST:
        return tuple(request_break_even(w, catalog, set(feasible)))
    if w.kind is Kind.SERVICE:
        return tuple(service_break_even(w, catalog, feasible))
    return tuple(job_break_even(w, catalog, feasible))


def _none_kept_warm(w: Workload, feasible: dict[str, Option]) -> tuple[BreakEven, ...]:
    """No volume where Lambda kept warm meets a fleet, and why: its provisioned concurrency is sized
    for the peak and steps up with it, so its cost follows no single line a fleet's could cross once."""
    fleets = [service for service in ("fargate", "ec2") if service in feasible]
    if not fleets:
        return ()
    cheapest = min(fleets, key=lambda s: feasible[s].monthly_usd or Decimal(0))
    lam = feasible["lambda"].monthly_usd or Decimal(0)
    below, above = (
        ("lambda", cheapest) if lam <= (feasible[cheapest].monthly_usd or 0) else (cheapest, "lambda")
    )
    warm = warm_concurrency(w)
    if warm:
        text = (
            f"No break-even against Lambda kept warm: latency=sensitive keeps {warm} "
            f"environment{'s' if warm != 1 else ''} provisioned for the peak, a cost that steps up with "
            "the peak rather than growing request by request, so there is no one volume where it "
            "crosses a fleet; the table compares them at this traffic"
        )
    else:
        text = (
            f"No break-even solved with provisioned={w.provisioned}: that concurrency is paid for every "
            "hour whatever the traffic, which the per-request break-even doesn't model; the table "
            "compares them at this traffic"
        )
    return (BreakEven("monthly_requests", None, below, above, text),)


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
    if w.kind is Kind.REQUEST:
        if "lambda" in feasible:
            curves["lambda"] = lambda_total(w, catalog).at
        for service in ("fargate", "ec2"):
            if service in feasible:
                curves[service] = fleet_curve(w, catalog, service).at
    else:
        lam, fleets = _service_curves(w, catalog, feasible)
        if lam is not None:
            curves["lambda"] = lam.at
        for service, (rest, fixed) in fleets.items():
            curves[service] = lambda x, rest=rest, fixed=fixed: fixed + rest.at(x)  # type: ignore[misc]
    return "monthly_requests", curves


def _job_curves(w: Workload, catalog: PriceCatalog, feasible: dict[str, Option]) -> dict[str, CostAt]:
    count = Decimal(w.count or 1)
    curves: dict[str, CostAt] = {}
    if "lambda" in feasible:
        curves["lambda"] = lambda_line(w, catalog, per_unit=count).at
    if "fargate" in feasible:
        curves["fargate"] = _fargate_job_line(w, catalog, count).at
    if "ec2" in feasible:
        per_run_usd, always_on = _ec2_job_modes(w, catalog)
        steps = _always_on_steps(w, always_on, count)
        curves["ec2"] = lambda r: min(per_run_usd * r, steps.at(r))
    return curves
