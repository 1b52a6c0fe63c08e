"""What price alone doesn't say: cold starts, lock-in, operations work, Fargate's premium, and the
cheaper variants (arm64, Spot) with their catches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

from core.advice.model import Option
from core.advice.sizing import ceil, traffic
from core.costs.aws_lambda import LambdaDeployment, lambda_cost
from core.money import usd_text
from core.prices.catalog import PriceCatalog
from core.services import display_name
from core.workload import Kind, Workload

OptionsOf = Callable[[Workload, PriceCatalog], tuple[Option, ...]]


def _by_service(options: tuple[Option, ...]) -> dict[str, Option]:
    return {o.service: o for o in options if o.feasible and o.estimate is not None}


def cold_start_caveat(w: Workload, catalog: PriceCatalog, lam: Option) -> str:
    """Cold starts, and what provisioned concurrency would cost to avoid them if latency matters."""
    text = (
        "Lambda cold starts: a new execution environment adds roughly 100ms to over 1s to its first request"
    )
    if w.latency != "sensitive" or w.kind is Kind.JOB or lam.estimate is None or w.provisioned:
        return text + ("" if w.latency == "tolerant" else "; say latency=sensitive to price keeping it warm")
    assert w.duration_ms is not None
    peak = traffic(w).peak_rps
    warm = max(1, ceil(peak * w.duration_ms / 1000))
    base = lam.estimate
    memory = Decimal(base.choice.split("MB")[0])
    deployment = LambdaDeployment(
        base.line_items[0].quantity if base.line_items else Decimal(0),
        w.duration_ms,
        memory,
        w.region,
        w.arch,
        provisioned=warm,
    )
    requests = next((i.quantity for i in base.line_items if i.name.startswith("Requests")), Decimal(0))
    warm_cost = lambda_cost(replace(deployment, monthly_requests=requests), catalog)
    extra = warm_cost.monthly_usd - base.monthly_usd  # bill figures, as the options table shows them
    return (
        f"{text}. Latency matters here: provisioned concurrency of {warm} (the peak in flight) "
        f"keeps them warm for {usd_text(warm_cost.monthly_usd)} a month in all ({usd_text(extra)} more)"
    )


def caveats(w: Workload, catalog: PriceCatalog, options: tuple[Option, ...]) -> tuple[str, ...]:
    """Short trade-offs beyond price for the options that can run the workload."""
    feasible = _by_service(options)
    out: list[str] = []
    if "lambda" in feasible:
        out.append(cold_start_caveat(w, catalog, feasible["lambda"]))
        out.append(
            "Lock-in: Lambda ties code to its handler and event format; Fargate and EC2 run the same "
            "container image anywhere"
        )
    if "ec2" in feasible:
        out.append(
            "Operations: EC2 needs AMIs, patching, an Auto Scaling group and capacity planning, "
            "work the bill doesn't show"
        )
    if "fargate" in feasible and "ec2" in feasible:
        out.append(_premium(feasible["fargate"], feasible["ec2"]))
    if w.kind is not Kind.JOB and ("fargate" in feasible or "ec2" in feasible):
        out.append("Fargate and EC2 bill for capacity all month: idle capacity costs money")
    return tuple(out)


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


def alternatives(
    w: Workload, catalog: PriceCatalog, options: tuple[Option, ...], options_of: OptionsOf
) -> tuple[str, ...]:
    """Cheaper variants of the same workload: arm64 and Spot, with their catches."""
    best = _cheapest(options)
    if best is None or best.estimate is None:
        return ()
    out: list[str] = []
    if w.arch == "x86_64" and w.os == "linux" and not w.instance_type:
        arm = _cheapest(options_of(replace(w, arch="arm64"), catalog))
        if arm is not None and arm.estimate is not None and arm.estimate.exact_usd < best.estimate.exact_usd:
            saved = best.estimate.monthly_usd - arm.estimate.monthly_usd
            out.append(
                f"arm64 (Graviton): {display_name(arm.service)} at "
                f"{usd_text(arm.estimate.monthly_usd)} a month, "
                f"{usd_text(saved)} less; your code and its dependencies need arm64 builds"
            )
    if not w.spot and w.os == "linux" and w.region in catalog.fargate_spot_regions():
        spot = _by_service(options_of(replace(w, spot=True), catalog)).get("fargate")
        if (
            spot is not None
            and spot.estimate is not None
            and spot.estimate.exact_usd < best.estimate.exact_usd
        ):
            saved = best.estimate.monthly_usd - spot.estimate.monthly_usd
            out.append(
                f"Fargate Spot: {usd_text(spot.estimate.monthly_usd)} a month, {usd_text(saved)} less; "
                "tasks can be stopped with 2 minutes' notice, so only for interruption-tolerant work"
            )
    if best.service == "ec2":
        out.append(
            "EC2 Spot can cost up to 90% less, with 2 minutes' notice of interruption; its price floats "
            "and is not in the snapshot"
        )
    return tuple(out)
