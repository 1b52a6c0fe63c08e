"""Savings Plans and Reserved Instances, as a discount on the compute lines they cover.

A Compute Savings Plan covers EC2 instance-hours, Fargate vCPU and memory, and Lambda duration and
provisioned concurrency; never requests, load balancers, API Gateway, IPv4 addresses, volumes,
logs or NAT. The discount is its own negative line, so the list prices stay visible above it:
quantity = the list USD of the covered lines, unit price = minus the fraction off.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from core.costs.estimate import Estimate, LineItem
from core.costs.plan_rates import PlanCommitment
from core.units import plain

SOURCE = "commitment"
UNIT = "USD covered"


@dataclass(frozen=True, slots=True)
class Commitment:
    """A team's discount off list on the compute a commitment covers, and where it came from."""

    fraction: Decimal  # 0.2 is 20% off
    label: str  # what set it: "fargate_discount=20%", "team default (COMPUTE_EC2_DISCOUNT)"

    @property
    def percent_text(self) -> str:
        """`20%`."""
        return f"{plain((self.fraction * 100).normalize())}%"


def covered_usd(items: Iterable[LineItem]) -> Decimal:
    """The list USD of the lines a commitment covers."""
    return sum((i.exact_usd for i in items if i.committable), Decimal(0))


def commitment_item(items: Iterable[LineItem], commitment: Commitment) -> LineItem | None:
    """The discount line for these items, or None when nothing they bill is covered."""
    covered = covered_usd(items)
    if not covered or not commitment.fraction:
        return None
    return LineItem(
        f"Savings Plan discount ({commitment.label})", covered, UNIT, -commitment.fraction, SOURCE
    )


def with_commitment(estimate: Estimate, commitment: Commitment | PlanCommitment | None) -> Estimate:
    """The estimate with its commitment discount as a last line (or, for a named plan, a line per
    covered line at AWS's rates for it), and an assumption saying so."""
    if commitment is None:
        return estimate
    if isinstance(commitment, PlanCommitment):
        return commitment.applied(estimate)
    item = commitment_item(estimate.line_items, commitment)
    if item is None:
        return estimate
    note = (
        f"{commitment.percent_text} off list on the compute a Savings Plan covers ({commitment.label}); "
        "requests, front door, addresses, volumes, logs and NAT stay at list"
    )
    return replace(
        estimate, line_items=(*estimate.line_items, item), assumptions=(*estimate.assumptions, note)
    )
