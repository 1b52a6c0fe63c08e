"""What a variant of a workload (arm64, Spot, another front door) would cost: the exact monthly
cost of one option, worked out from the same curves the break-even uses, so that trying variants
doesn't build every option's line items. The variant worth showing is then built in full."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from core.advice.breakeven import lambda_compute
from core.advice.model import Option
from core.advice.options import ec2_option, fargate_option, lambda_memory, lambda_option
from core.advice.request_fleet import fleet_at, plan
from core.advice.setup import around, around_cost, door
from core.advice.sizing import traffic
from core.costs.estimate import Estimate, total_usd
from core.errors import InvalidInput
from core.prices.catalog import PriceCatalog
from core.workload import Kind, Workload

OPTIONS = {"lambda": lambda_option, "fargate": fargate_option, "ec2": ec2_option}


def variant_option(w: Workload, catalog: PriceCatalog, service: str) -> Option:
    """One option of a variant, in full."""
    return OPTIONS[service](w, catalog)


def variant_usd(w: Workload, catalog: PriceCatalog, service: str, feasible: bool) -> Decimal | None:
    """The exact monthly cost of `service` for a variant whose base option was (or wasn't)
    feasible, or None when it can't run it."""
    if not feasible:
        return None
    if w.kind is not Kind.REQUEST or w.provisioned:
        option = variant_option(w, catalog, service)
        return option.estimate.exact_usd if option.estimate else None
    volume = traffic(w).monthly_requests
    try:
        outside = around_cost(w, service, catalog)(volume)
        if service == "lambda":
            return lambda_compute(w, catalog)(volume) + outside
        memory, _ = lambda_memory(w)
        fleet = fleet_at(plan(w, catalog, service, memory), volume)
        return None if fleet is None else fleet.usd + outside
    except InvalidInput:  # not offered there (Spot, Arm in a region), and the like
        return None


def door_variants(
    w: Workload, catalog: PriceCatalog, base: Estimate, kinds: Iterable[str]
) -> dict[str, tuple[Decimal, Decimal]]:
    """Lambda behind other front doors: the same compute, another door. For each, its exact cost
    and its bill figure (the lines rounded as the base's are), without building another workload."""
    volume = traffic(w).monthly_requests
    here = around(w, "lambda", catalog, volume).items
    exact_here = sum((i.exact_usd for i in here), Decimal(0))
    billed_here = total_usd(here)
    out = {}
    for kind in kinds:
        there = around(w, "lambda", catalog, volume, door(w, "lambda", kind)).items
        exact = base.exact_usd - exact_here + sum((i.exact_usd for i in there), Decimal(0))
        out[kind] = (exact, base.monthly_usd - billed_here + total_usd(there))
    return out
