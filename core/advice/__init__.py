"""Advice: a workload costed on Lambda, Fargate and EC2, the cheapest that can run it, where the
answer flips, and the trade-offs price doesn't show."""

from __future__ import annotations

from decimal import Decimal

from core.advice.breakeven import break_even
from core.advice.model import Advice, BreakEven, Option, Recommendation
from core.advice.options import all_options
from core.advice.tradeoffs import alternatives, caveats
from core.money import usd_text
from core.prices.catalog import PriceCatalog
from core.services import display_name
from core.workload import Kind, Workload

WHY = {
    ("lambda", Kind.REQUEST): "paying per request costs less than keeping capacity running for this traffic",
    ("lambda", Kind.SERVICE): "paying per request costs less than keeping the service's instances running",
    ("lambda", Kind.JOB): "paying per invocation costs less than a task or an instance for each run",
    ("fargate", Kind.REQUEST): "this much traffic costs less on tasks that follow it than per request",
    ("fargate", Kind.SERVICE): "tasks bill per second with no instances to fill",
    ("fargate", Kind.JOB): "a task billed per second for each run, with no server to keep",
    ("ec2", Kind.REQUEST): "this much traffic costs least on instances that follow it",
    ("ec2", Kind.SERVICE): "an always-on service is cheapest on instances",
    ("ec2", Kind.JOB): "instances give the cheapest capacity for these runs",
}

__all__ = ["Advice", "BreakEven", "Option", "Recommendation", "advise"]


def recommend(w: Workload, options: tuple[Option, ...]) -> Recommendation | None:
    """The cheapest option that can run the workload, by unrounded cost, and why."""
    ranked = sorted(
        (o for o in options if o.feasible and o.estimate is not None),
        key=lambda o: (o.estimate.exact_usd if o.estimate else Decimal(0), o.service),
    )
    if not ranked:
        return None
    best = ranked[0]
    assert best.estimate is not None
    total = best.estimate.monthly_usd
    if len(ranked) == 1:
        return Recommendation(
            best.service,
            total,
            Decimal(0),
            f"{display_name(best.service)} is the only option that can run it",
        )
    runner = ranked[1]
    assert runner.estimate is not None
    savings = runner.estimate.monthly_usd - total
    why = (
        f"{display_name(best.service)} is the cheapest that can run it: {usd_text(total)} a month, "
        f"{usd_text(savings)} less than {display_name(runner.service)}; {WHY[(best.service, w.kind)]}"
    )
    return Recommendation(best.service, total, savings, why)


def advise(w: Workload, catalog: PriceCatalog) -> Advice:
    """Everything compute-advisor says about one workload: a pure function of it and the prices."""
    catalog.check_region(w.region)
    if w.instance_type is not None:  # a misspelt type is a mistake to point out, not an option to drop
        catalog.ec2_type(w.region, w.instance_type)
    options = all_options(w, catalog)
    dates = [o.estimate.prices_as_of for o in options if o.estimate is not None and o.estimate.prices_as_of]
    return Advice(
        workload=w,
        options=options,
        recommendation=recommend(w, options),
        break_even=break_even(w, catalog, options),
        caveats=caveats(w, options),
        alternatives=alternatives(w, catalog, options),
        prices_as_of=min(dates) if dates else "",
    )
