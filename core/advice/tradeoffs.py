"""What price alone doesn't say: cold starts, lock-in, operations work, Fargate's premium, and the
cheaper variants (arm64, Spot) with their catches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

from core.advice.model import Option
from core.advice.warm import cold_start_text, warm_concurrency
from core.money import usd_text
from core.prices.catalog import PriceCatalog
from core.services import display_name
from core.workload import Kind, Workload

OptionsOf = Callable[[Workload, PriceCatalog], tuple[Option, ...]]


def _by_service(options: tuple[Option, ...]) -> dict[str, Option]:
    return {o.service: o for o in options if o.feasible and o.estimate is not None}


def cold_start_caveat(w: Workload) -> str:
    """Cold starts, and how the workload's latency needs are met (core/advice/warm.py)."""
    return cold_start_text(w, warm_concurrency(w))


def caveats(w: Workload, options: tuple[Option, ...]) -> tuple[str, ...]:
    """Short trade-offs beyond price for the options that can run the workload."""
    feasible = _by_service(options)
    out: list[str] = []
    if "lambda" in feasible:
        out.append(cold_start_caveat(w))
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
