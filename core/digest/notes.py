"""One observed workload costed today and on its cheapest home, and the note that makes, if any."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from core.advice import WHY
from core.advice.defaults import ROOT_EBS_GB
from core.advice.model import Option
from core.advice.options import all_options
from core.advice.setup import around
from core.advice.sized import service_volume
from core.advice.sizing import traffic
from core.costs.aws_lambda import LambdaDeployment, lambda_cost
from core.costs.ec2 import Ec2Deployment, ec2_cost
from core.costs.estimate import Estimate
from core.costs.fargate import fargate_cost
from core.digest.model import Note, Thresholds
from core.money import usd_text
from core.observed import ObservedWorkload
from core.prices.catalog import PriceCatalog
from core.services import display_name
from core.workload import Kind

MOVE_CAVEATS = {
    "lambda": "on Lambda: at most 15 minutes and 10GB per invocation, and cold starts; "
    "a long-running process has to become event handlers",
    "fargate": "on Fargate: tasks of at most 16 vCPU / 120GB, no instances to patch, a premium per vCPU",
    "ec2": "on EC2: AMIs, patching and an Auto Scaling group to run, work the bill doesn't show",
}
WINDOWS_EC2 = "EC2 not compared: the snapshot prices EC2 Linux only, and this workload runs Windows"


@dataclass(frozen=True, slots=True)
class Costed:
    """A workload's bill today at list price, and every service's option for it."""

    observed: ObservedWorkload
    current: Estimate
    options: tuple[Option, ...]

    @property
    def best(self) -> Option | None:
        """The cheapest option that can run it and that the snapshot can price (by unrounded cost)."""
        return min(
            (o for o in self.options if _priceable(self, o)),
            key=lambda o: (o.estimate.exact_usd if o.estimate else Decimal(0), o.service),
            default=None,
        )


def _priceable(costed: Costed, option: Option) -> bool:
    windows_on_ec2 = option.service == "ec2" and costed.observed.workload.os == "windows"
    return option.feasible and option.estimate is not None and not windows_on_ec2


def current_estimate(observed: ObservedWorkload, catalog: PriceCatalog) -> Estimate:
    """What the resource costs a month today, at list price, as it is configured, with what every
    option of the same workload pays around its compute (the root volumes and logs its options
    are costed with), so that today and the options compare like with like."""
    deployment = observed.current
    w = observed.workload
    if isinstance(deployment, LambdaDeployment):
        today, service = lambda_cost(deployment, catalog), "lambda"
    elif isinstance(deployment, Ec2Deployment):
        today = ec2_cost(replace(deployment, ebs_gb=deployment.ebs_gb or ROOT_EBS_GB), catalog)
        service = "ec2"
    else:
        today, service = fargate_cost(deployment, catalog), "fargate"
    volume = traffic(w).monthly_requests if w.kind is Kind.REQUEST else service_volume(w)
    outside = around(w, service, catalog, volume)
    items = (*today.line_items, *outside.items)
    return replace(
        today,
        line_items=items,
        assumptions=(*today.assumptions, *outside.notes),
        prices_as_of=catalog.prices_as_of({i.source for i in items}),
    )


def cost_workload(observed: ObservedWorkload, catalog: PriceCatalog) -> Costed:
    """Today's bill and the advice core's options (Lambda, Fargate, EC2) for one workload."""
    return Costed(observed, current_estimate(observed, catalog), all_options(observed.workload, catalog))


def note_for(costed: Costed, thresholds: Thresholds) -> Note | None:
    """A note when another service can run the workload for less, by both thresholds; else None."""
    best = costed.best
    here = costed.observed.resource
    if best is None or best.estimate is None or best.service == here.service:
        return None
    current_usd, best_usd = costed.current.monthly_usd, best.estimate.monthly_usd
    if not thresholds.passed(current_usd, current_usd - best_usd):
        return None
    observed = costed.observed
    confidence, reasons = observed.assessed(best.service)
    return Note(
        resource=here.label,
        name=here.name,
        account=here.account,
        region=here.region,
        service=here.service,
        current_monthly_usd=current_usd,
        best_service=best.service,
        best_monthly_usd=best_usd,
        monthly_savings_usd=current_usd - best_usd,
        confidence=confidence,
        why=why_text(costed, best),
        confidence_reasons=reasons,
        caveats=tuple(_caveats(costed, best)),
        assumptions=(
            *observed.workload.notes,
            *(f"today: {text}" for text in costed.current.assumptions),
            *(f"on {display_name(best.service)}: {text}" for text in best.estimate.assumptions),
        ),
        current_line_items=costed.current.line_items,
        best_line_items=best.estimate.line_items,
        workload=observed.workload,
    )


def why_text(costed: Costed, best: Option) -> str:
    """`EC2 would cost $150.00 a month against $1,156.00 on Lambda today: <the reason>`."""
    assert best.estimate is not None
    here = costed.observed.resource.service
    text = (
        f"{display_name(best.service)} would cost {usd_text(best.estimate.monthly_usd)} a month against "
        f"{usd_text(costed.current.monthly_usd)} on {display_name(here)} today: "
        f"{WHY[(best.service, costed.observed.workload.kind)]}"
    )
    resized = next((o for o in costed.options if o.service == here and o.estimate), None)
    if resized and resized.estimate and resized.estimate.exact_usd < costed.current.exact_usd:
        text += (
            f" (resized on {display_name(here)} it would cost {usd_text(resized.estimate.monthly_usd)}, "
            "still more)"
        )
    return text


def _caveats(costed: Costed, best: Option) -> Iterable[str]:
    yield from costed.observed.caveats
    yield MOVE_CAVEATS[best.service]
    if costed.observed.workload.os == "windows":
        yield WINDOWS_EC2
