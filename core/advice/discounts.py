"""The team's commitments as the advice applies them, on the compute lines a Savings Plan or
Reserved Instance covers: a stated discount per service, off list (core/costs/commitments.py); or a
named Compute Savings Plan (`commitment=compute-1y`) at AWS's own rates for it, where they are
stored (core/costs/plan_rates.py), else at its typical discount, and the answer says which.
A stated percentage for a service wins over a named plan: the team knows its effective discount."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.advice import defaults as d
from core.costs.commitments import Commitment
from core.costs.plan_rates import PlanCommitment
from core.prices.catalog import PriceCatalog
from core.prices.committed import NoSavingsPlanRates
from core.prices.savings import parse_commitment
from core.units import plain
from core.workload import Workload

DISCOUNT_FIELDS = {"ec2": "ec2_discount", "fargate": "fargate_discount", "lambda": "lambda_discount"}


def commitment(w: Workload, service: str, catalog: PriceCatalog) -> Commitment | PlanCommitment | None:
    """What a workload's commitment does to `service`'s covered compute, or None."""
    name = DISCOUNT_FIELDS[service]
    fraction = {"ec2": w.ec2_discount, "fargate": w.fargate_discount, "lambda": w.lambda_discount}[service]
    if fraction is not None or w.commitment is None:
        return Commitment(fraction, f"{name}={plain((fraction * 100).normalize())}%") if fraction else None
    plan = parse_commitment(w.commitment)
    deal = PlanCommitment(plan, catalog, w.region, w.arch, w.os)
    try:
        deal.committed.plan_rates(w.region)
    except NoSavingsPlanRates:
        typical = d.SAVINGS_PLAN_TYPICAL["1-year" if plan.years == 1 else "3-year"][service]
        shown = plain((typical * 100).normalize())
        label = (
            f"commitment={plan.name} at a typical {shown}%: no AWS rates for it are stored for {w.region} "
            "(`compute-advisor prices update --savings-plans` reads them)"
        )
        return Commitment(typical, label)
    return deal


def net_fraction(w: Workload, service: str, catalog: PriceCatalog) -> Decimal:
    """What is left of a covered list price after a stated discount: 0.8 for 20% off; 1 when the
    discount is a plan's own rates (the fleet search then prices sizes at them)."""
    found = commitment(w, service, catalog)
    return 1 - found.fraction if isinstance(found, Commitment) else Decimal(1)


@dataclass(frozen=True, slots=True)
class TeamDiscounts:
    """A deployment's own discounts (its Savings Plans or Reserved Instances), fractions off list,
    set once in settings and applied to every workload that doesn't give its own."""

    ec2: Decimal | None = None
    fargate: Decimal | None = None
    lambda_: Decimal | None = None


def with_team_discounts(w: Workload, team: TeamDiscounts) -> Workload:
    """The workload with the team's discount for each service it doesn't set itself, and a note
    saying where each came from."""
    if w.commitment is not None:  # a plan named for this workload outranks the team's defaults
        return w
    given = {"ec2": team.ec2, "fargate": team.fargate, "lambda": team.lambda_}
    changes: dict[str, Decimal] = {}
    notes: list[str] = []
    for service, fraction in given.items():
        name = DISCOUNT_FIELDS[service]
        if fraction is not None and getattr(w, name) is None:
            changes[name] = fraction
            notes.append(f"{name}={plain((fraction * 100).normalize())}%: the team's default (settings)")
    if not changes:
        return w
    return w.changed(notes=(*w.notes, *notes), **changes)
