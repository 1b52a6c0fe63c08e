"""What price alone doesn't say: cold starts, lock-in, operations work, Fargate's premium, and the
cheaper variants (arm64, Spot) with their catches."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from core.advice import defaults as d
from core.advice.model import Option
from core.advice.setup import door
from core.advice.variants import door_variants, variant_option, variant_usd
from core.advice.warm import cold_start_text, warm_concurrency
from core.costs.commitments import SOURCE as COMMITMENT_SOURCE
from core.costs.commitments import covered_usd
from core.money import usd_text
from core.prices.catalog import PriceCatalog
from core.services import display_name
from core.workload import Kind, Workload


def _by_service(options: tuple[Option, ...]) -> dict[str, Option]:
    return {o.service: o for o in options if o.feasible and o.estimate is not None}


def cold_start_caveat(w: Workload) -> str:
    """Cold starts, and how the workload's latency needs are met (core/advice/warm.py)."""
    return cold_start_text(w, warm_concurrency(w))


BEANSTALK = (
    "Elastic Beanstalk is the managed path onto EC2: no charge of its own (the instance, load balancer "
    "and volume lines above are its bill), and it sets up the Auto Scaling group, load balancer, health "
    "checks and deployments"
)


def caveats(w: Workload, options: tuple[Option, ...]) -> tuple[str, ...]:
    """Short trade-offs beyond price for the options that can run the workload."""
    feasible = _by_service(options)
    out: list[str] = []
    if "lambda" in feasible and w.kind is not Kind.JOB:  # a batch run doesn't notice a cold start
        out.append(cold_start_caveat(w))
        out.append(
            "Lock-in: Lambda ties code to its handler and event format; Fargate and EC2 run the same "
            "container image anywhere"
        )
    if "ec2" in feasible:
        operations = (
            "Operations: EC2 needs AMIs, patching, an Auto Scaling group and capacity planning, "
            "work the bill doesn't show"
        )
        if w.kind is Kind.REQUEST or door(w, "ec2").balancer is not None:
            operations += f"; {BEANSTALK}"
        out.append(operations)
    if "fargate" in feasible and "ec2" in feasible:
        out.append(_premium(feasible["fargate"], feasible["ec2"]))
    if w.kind is Kind.REQUEST and ("fargate" in feasible or "ec2" in feasible):
        least = 2 if w.min_tasks is None else w.min_tasks
        out.append(
            f"Fargate and EC2 follow the traffic hour by hour, but never below {least} tasks or instances "
            "(min_tasks): quiet hours still cost that much"
        )
    elif w.kind is Kind.SERVICE and ("fargate" in feasible or "ec2" in feasible):
        out.append("Fargate and EC2 bill for capacity all month: idle capacity costs money")
    note = savings_plan_note(options)
    if note:
        out.append(note)
    return tuple(out)


def _list_and_covered(option: Option) -> tuple[Decimal, Decimal]:
    """An option's cost at list (before any discount of its own) and the part a plan covers."""
    assert option.estimate is not None
    items = option.estimate.line_items
    listed = sum((i.exact_usd for i in items if i.source != COMMITMENT_SOURCE), Decimal(0))
    return listed, covered_usd(items)


def savings_plan_note(options: tuple[Option, ...]) -> str | None:
    """What a typical 1- or 3-year Compute Savings Plan does to each option, and to the answer."""
    feasible = _by_service(options)
    if not feasible:
        return None
    figures = {term: {} for term in d.SAVINGS_PLAN_TYPICAL}  # type: dict[str, dict[str, Decimal]]
    gains: dict[str, Decimal] = {}
    for service, option in feasible.items():
        listed, covered = _list_and_covered(option)
        for term, rates in d.SAVINGS_PLAN_TYPICAL.items():
            figures[term][service] = listed - covered * rates[service]
        gains[service] = covered * d.SAVINGS_PLAN_TYPICAL["1-year"][service]
    one = figures["1-year"]
    shown = ", ".join(f"{display_name(s)} {usd_text(one[s])}" for s in feasible)
    rates = d.SAVINGS_PLAN_TYPICAL["1-year"]
    three = d.SAVINGS_PLAN_TYPICAL["3-year"]
    text = (
        "Savings Plans: a 1-year Compute Savings Plan typically takes "
        f"{_pct(rates['ec2'])} off EC2, {_pct(rates['fargate'])} off Fargate and {_pct(rates['lambda'])} "
        f"off Lambda compute (3-year, all upfront: up to {_pct(three['ec2'])}, {_pct(three['fargate'])} "
        f"and {_pct(three['lambda'])}); at 1-year rates: {shown}"
    )
    if len(feasible) > 1:
        most = max(gains, key=lambda s: (gains[s], s))
        text += f"; {display_name(most)} saves most, {usd_text(gains[most])} a month"
        text += _cheapest_under(figures, feasible)
    return text + "; requests, front door, addresses, volumes and logs stay at list"


def _cheapest_under(figures: dict[str, dict[str, Decimal]], feasible: dict[str, Option]) -> str:
    """Whether a plan changes which option is cheapest."""
    now = min(feasible, key=lambda s: (_list_and_covered(feasible[s])[0], s))
    best = {term: min(costs, key=lambda s: (costs[s], s)) for term, costs in figures.items()}
    if all(service == now for service in best.values()):
        return f"; the cheapest stays {display_name(now)} under either plan"
    changes = [f"{display_name(service)} at {term} rates" for term, service in best.items() if service != now]
    return f"; the cheapest becomes {' and '.join(changes)}"


def _pct(fraction: Decimal) -> str:
    return f"{(fraction * 100).normalize():f}%"


def _premium(fargate: Option, ec2: Option) -> str:
    assert fargate.estimate is not None and ec2.estimate is not None
    f, e = fargate.estimate.exact_usd, ec2.estimate.exact_usd
    shown = f"({usd_text(fargate.estimate.monthly_usd)} against {usd_text(ec2.estimate.monthly_usd)})"
    if e == 0 or f <= e:
        return f"Fargate costs no more than EC2 here {shown}"
    premium = (f - e) / e * 100
    return (
        f"Fargate's premium: {premium:.0f}% more than EC2 here {shown}, "
        "the price of no servers or cluster to manage"
    )


def _cheapest(options: tuple[Option, ...]) -> Option | None:
    feasible = [o for o in options if o.feasible and o.estimate is not None]
    return min(feasible, key=lambda o: o.estimate.exact_usd if o.estimate else Decimal(0), default=None)


def alternatives(w: Workload, catalog: PriceCatalog, options: tuple[Option, ...]) -> tuple[str, ...]:
    """Cheaper variants of the same workload: arm64, Spot and Lambda's other front doors, with
    their catches."""
    best = _cheapest(options)
    if best is None or best.estimate is None:
        return ()
    feasible = {o.service: o.feasible for o in options}
    out: list[str] = []
    if w.arch == "x86_64" and w.os == "linux" and not w.instance_type:
        arm_w = replace(w, arch="arm64")
        costs = {s: variant_usd(arm_w, catalog, s, ok) for s, ok in feasible.items()}
        arm = _cheaper_variant(arm_w, catalog, costs, best.estimate.exact_usd)
        if arm is not None and arm.estimate is not None:
            saved = best.estimate.monthly_usd - arm.estimate.monthly_usd
            out.append(
                f"arm64 (Graviton): {display_name(arm.service)} at "
                f"{usd_text(arm.estimate.monthly_usd)} a month, "
                f"{usd_text(saved)} less; your code and its dependencies need arm64 builds"
            )
    if not w.spot and w.os == "linux" and w.region in catalog.fargate_spot_regions():
        spot_w = replace(w, spot=True)
        costs = {"fargate": variant_usd(spot_w, catalog, "fargate", feasible.get("fargate", False))}
        spot = _cheaper_variant(spot_w, catalog, costs, best.estimate.exact_usd)
        if spot is not None and spot.estimate is not None:
            saved = best.estimate.monthly_usd - spot.estimate.monthly_usd
            out.append(
                f"Fargate Spot: {usd_text(spot.estimate.monthly_usd)} a month, {usd_text(saved)} less; "
                "tasks can be stopped with 2 minutes' notice, so only for interruption-tolerant work"
            )
    out += _cheaper_doors(w, catalog, options)
    if best.service == "ec2":
        out.append(
            "EC2 Spot can cost up to 90% less, with 2 minutes' notice of interruption; its price floats "
            "and is not in the snapshot"
        )
    return tuple(out)


def _cheaper_variant(
    w: Workload, catalog: PriceCatalog, costs: dict[str, Decimal | None], than: Decimal
) -> Option | None:
    """The cheapest option of a variant, built in full, if it costs less than `than`."""
    priced = {s: usd for s, usd in costs.items() if usd is not None}
    if not priced:
        return None
    service = min(priced, key=lambda s: (priced[s], s))
    if priced[service] >= than:
        return None
    option = variant_option(w, catalog, service)
    return option if option.estimate is not None and option.estimate.exact_usd < than else None


DOOR_VARIANTS = {
    "function-url": "a function URL (no charge; no throttling, API keys or custom authorisers of its own)",
    "alb": "an ALB with Lambda targets (hours and LCUs instead of a price per request)",
}


def _cheaper_doors(w: Workload, catalog: PriceCatalog, options: tuple[Option, ...]) -> list[str]:
    """Lambda behind a function URL or an ALB, when that costs less than its default front door."""
    lam = _by_service(options).get("lambda")
    if lam is None or lam.estimate is None or w.front_door is not None or door(w, "lambda").api is None:
        return []
    out = []
    priced = door_variants(w, catalog, lam.estimate, DOOR_VARIANTS)
    for kind, what in DOOR_VARIANTS.items():
        exact, monthly = priced[kind]
        if exact < lam.estimate.exact_usd:
            saved = lam.estimate.monthly_usd - monthly
            out.append(
                f"Lambda behind {what}: {usd_text(monthly)} a month, "
                f"{usd_text(saved)} less than through API Gateway (front_door={kind})"
            )
    return out
