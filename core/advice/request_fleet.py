"""A request-driven workload on Fargate or EC2: the fleet that follows its traffic hour by hour,
costed line by line (compute, credits, addresses, volumes, front door, logs, discount).

`plan` gathers what doesn't depend on the volume (the load, the candidate sizes), so the option,
the break-even and the chart all cost the same fleet the same way.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from core.advice import defaults as d
from core.advice.capacity import Candidates, Fleet, Load, Size, candidates, cheapest_fleet
from core.advice.discounts import commitment, net_fraction
from core.advice.fleets import ec2_sizes, fargate_size_for, fargate_sizes, instance_size
from core.advice.load import request_load
from core.advice.setup import around, ipv4_rate, is_public
from core.constants import HOURS_PER_MONTH, MB_PER_GB
from core.costs.commitments import with_commitment
from core.costs.ec2 import Ec2Deployment, ec2_cost
from core.costs.estimate import Estimate, LineItem
from core.costs.fargate import STORAGE_FREE_GB, STORAGE_MAX_GB, FargateDeployment, fargate_cost
from core.costs.overheads import line
from core.costs.plan_rates import PlanCommitment
from core.prices.catalog import PriceCatalog
from core.units import format_size_mb, plain
from core.workload import Workload


@dataclass(frozen=True, slots=True, eq=False)  # one per workload (`plan` is cached): by identity
class FleetPlan:
    """A service's fleet for a request-driven workload, but for its volume."""

    service: str  # "fargate" or "ec2"
    load: Load
    found: Candidates
    notes: tuple[str, ...]
    public: bool
    root_gb: Decimal  # EC2: each instance's root volume


def _extra_hour_usd(
    w: Workload, catalog: PriceCatalog, service: str, public: bool, root_gb: Decimal
) -> Decimal:
    """What each task or instance adds by the hour besides its compute: a public IPv4 address, and
    an instance's root volume (gp3 by the GB-month, prorated by the hour)."""
    extra = ipv4_rate(catalog, w.region).usd if public else Decimal(0)
    if service == "ec2":
        gp3, _ = catalog.ebs_gp3(w.region)
        extra += root_gb * gp3.usd / HOURS_PER_MONTH
    return extra


@dataclass(frozen=True, slots=True)
class SizeKey:
    """Everything the priced sizes of one service depend on."""

    service: str
    region: str
    arch: str
    os: str
    spot: bool
    instance_type: str | None
    gpus: int
    vendor: str
    cpu_bound: bool
    net: Decimal  # what is left of the compute price after the team's discount
    extra: Decimal  # what each task or instance adds by the hour


@lru_cache(maxsize=1024)
def priced_sizes(catalog: PriceCatalog, key: SizeKey) -> tuple[Size, ...]:
    """The sizes a service's fleet may be built of, each priced by the task- or instance-hour."""
    if key.service == "fargate":
        sizes = fargate_sizes(catalog, key.region, key.arch, key.os, spot=key.spot, extra_hour_usd=Decimal(0))
        if key.instance_type:
            named = catalog.ec2_type(key.region, key.instance_type)
            fit = fargate_size_for(Decimal(named.vcpu), named.memory_gib, key.os)
            sizes = tuple(s for s in sizes if fit is not None and (s.vcpu, s.memory_gb) == fit)
    elif key.instance_type:
        named = catalog.ec2_type(key.region, key.instance_type, key.os)
        sizes = (instance_size(catalog, key.region, named, Decimal(0)),)
    else:
        found = ec2_sizes(
            catalog,
            key.region,
            key.arch,
            gpus=key.gpus,
            vendor=key.vendor,
            extra_hour_usd=Decimal(0),
            os=key.os,
        )
        # busy all day: burstable types are built for a low average
        sizes = tuple(s for s in found if not (key.cpu_bound and s.baseline_vcpu is not None))
    priced = (replace(s, hour_usd=s.hour_usd * key.net + key.extra) for s in sizes)
    return tuple(sorted(priced, key=lambda s: (s.hour_usd, s.vcpu, s.name)))  # cheapest hour first


# A few answers' worth: one answer's options, break-even, variants and chart ask again. Kept small
# so that what it holds dies young: with 1,024 plans cached, the garbage collector's young passes
# walked thousands of cached candidates, pausing 1-20 ms in 1-2% of answers (bench_advise's p99).
@lru_cache(maxsize=64)
def plan(w: Workload, catalog: PriceCatalog, service: str, lambda_memory_mb: Decimal) -> FleetPlan:
    """The load and candidate sizes of `service`'s fleet for this workload (the options, the
    break-even and the chart all ask for the same one)."""
    shaped = request_load(w, lambda_memory_mb)
    public = is_public(w)
    root_gb = w.ebs_gb or d.ROOT_EBS_GB
    key = SizeKey(
        service,
        w.region,
        w.arch,
        w.os,
        w.spot and w.os == "linux",
        w.instance_type,
        w.gpus or 0,
        w.gpu or "nvidia",
        w.cpu_bound,
        net_fraction(w, service, catalog),
        _extra_hour_usd(w, catalog, service, public, root_gb),
    )
    deal = commitment(w, service, catalog)
    # under a named plan the sizes compete at its rates, which is what the team would pay
    sizes = priced_sizes(deal.committed if isinstance(deal, PlanCommitment) else catalog, key)
    return FleetPlan(service, shaped.load, candidates(sizes, shaped.load), shaped.notes, public, root_gb)


@lru_cache(maxsize=64)  # the option, its variants and the chart ask again (small: see `plan`)
def fleet_at(fleet_plan: FleetPlan, monthly_requests: Decimal) -> Fleet | None:
    """The cheapest fleet at a volume, or None when no size holds one request."""
    return cheapest_fleet(fleet_plan.found, fleet_plan.load, monthly_requests)


def reason(fleet: Fleet, service: str) -> str:
    """`0.5 vCPU / 1 GB task, 2–7 tasks (3.4 on average)`; `c7g.medium, 2–5 instances (...)`."""
    noun = "tasks" if service == "fargate" else "instances"
    head = f"{fleet.size.name} task" if service == "fargate" else fleet.size.name
    if fleet.low == fleet.high:
        return f"{head}, {fleet.low} {noun}"
    average = plain(fleet.average.quantize(Decimal("0.1")))
    return f"{head}, {fleet.low}–{fleet.high} {noun} ({average} on average)"


def _hours_text(fleet: Fleet, fleet_plan: FleetPlan) -> str:
    noun = "tasks" if fleet_plan.service == "fargate" else "instances"
    spread = sorted(Counter(fleet.counts).items())
    span = "of the day" if len(fleet.counts) == 24 else "of the week"
    table = ", ".join(f"{n} for {hours}h" for n, hours in spread)
    weight = plain(fleet_plan.load.hour_weight.quantize(Decimal("0.0001")))
    return (
        f"{noun} running through the {span.removeprefix('of the ')}: {table}; "
        f"each hour {span} stands for {weight}h of the month: "
        f"{plain(fleet.task_hours)} {'task' if fleet_plan.service == 'fargate' else 'instance'}-hours "
        "(to 0.01)"
    )


def _credits_text(fleet: Fleet) -> str | None:
    size = fleet.size
    if size.baseline_vcpu is None:
        return None
    head = f"{size.name} is burstable: {plain(size.baseline_vcpu)} vCPU baseline each (unlimited mode)"
    if not fleet.surplus_vcpu_hours:
        return head + "; the fleet's busy CPU stays under its baseline each day: no surplus credits"
    return (
        f"{head}; busy CPU above the fleet's baseline, pooled over each day, is charged as surplus "
        f"credits: {plain(fleet.surplus_vcpu_hours)} vCPU-hours a month"
    )


def fleet_estimate(
    w: Workload, catalog: PriceCatalog, fleet_plan: FleetPlan, fleet: Fleet, requests: Decimal
) -> Estimate:
    """The fleet's bill: compute, credits, addresses, front door, logs, NAT, then the discount."""
    service = fleet_plan.service
    base = (
        _fargate_compute(w, catalog, fleet)
        if service == "fargate"
        else _ec2_compute(w, catalog, fleet, fleet_plan)
    )
    items = list(base.line_items)
    if fleet_plan.public:
        noun = "tasks" if service == "fargate" else "instances"
        items.append(line(f"Public IPv4, {noun}", fleet.task_hours, ipv4_rate(catalog, w.region)))
    outside = around(w, service, catalog, requests)
    items += outside.items
    notes = (
        *fleet_plan.notes,
        _hours_text(fleet, fleet_plan),
        *((_credits_text(fleet),) if _credits_text(fleet) else ()),
        *base.assumptions,
        _public_note(fleet_plan),
        *outside.notes,
    )
    estimate = Estimate(
        service=service,
        region=w.region,
        line_items=tuple(items),
        assumptions=notes,
        prices_as_of=catalog.prices_as_of({i.source for i in items}),
        choice=reason(fleet, service),
    )
    return with_commitment(estimate, commitment(w, service, catalog))


def _public_note(fleet_plan: FleetPlan) -> str:
    noun = "tasks" if fleet_plan.service == "fargate" else "instances"
    if fleet_plan.public:
        return (
            f"{noun} in public subnets, each with a public IPv4 address, so no NAT gateway "
            "(public=no for private subnets)"
        )
    return (
        f"{noun} in private subnets, no public IPv4; a shared NAT gateway's hours are not charged "
        "to this workload"
    )


def _fargate_compute(w: Workload, catalog: PriceCatalog, fleet: Fleet) -> Estimate:
    storage = min(max((w.storage_mb or Decimal(0)) / MB_PER_GB, STORAGE_FREE_GB), STORAGE_MAX_GB)
    deployment = FargateDeployment(
        fleet.high,
        fleet.size.vcpu,
        fleet.size.memory_gb,
        w.region,
        w.arch,
        w.os,
        w.spot and w.os == "linux",
        storage,
        task_hours=fleet.task_hours,
    )
    return fargate_cost(deployment, catalog)


def _ec2_compute(w: Workload, catalog: PriceCatalog, fleet: Fleet, fleet_plan: FleetPlan) -> Estimate:
    deployment = Ec2Deployment(
        w.region,
        fleet.size.name,
        None,
        fleet.high,
        HOURS_PER_MONTH,
        fleet_plan.root_gb,
        instance_hours=fleet.task_hours,
        os=w.os,
    )
    estimate = ec2_cost(deployment, catalog)
    items: list[LineItem] = list(estimate.line_items)
    if fleet.size.baseline_vcpu is not None and fleet.surplus_vcpu_hours:
        credits, _ = catalog.burstable_credits(w.region, fleet.size.name)
        items.insert(
            1,
            line(
                "CPU credits above baseline (unlimited mode)",
                fleet.surplus_vcpu_hours,
                credits.surplus_vcpu_hour,
            ),
        )
    usable = format_size_mb(fleet.size.memory_gb * MB_PER_GB)
    note = (
        f"{plain(d.EC2_OS_MEMORY_MB)}MB of each instance kept for the OS and agents: {usable} for the service"
    )
    return Estimate(
        "ec2", w.region, tuple(items), (*estimate.assumptions, note), estimate.prices_as_of, estimate.choice
    )
