"""The team's commitments as the advice applies them: one discount per service, off list, on the
compute lines a Savings Plan or Reserved Instance covers (core/costs/commitments.py)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.costs.commitments import Commitment
from core.units import plain
from core.workload import Workload

DISCOUNT_FIELDS = {"ec2": "ec2_discount", "fargate": "fargate_discount", "lambda": "lambda_discount"}


def commitment(w: Workload, service: str) -> Commitment | None:
    """The discount a workload states for `service`, or None."""
    name = DISCOUNT_FIELDS[service]
    fraction = {"ec2": w.ec2_discount, "fargate": w.fargate_discount, "lambda": w.lambda_discount}[service]
    if not fraction:
        return None
    return Commitment(fraction, f"{name}={plain((fraction * 100).normalize())}%")


def net_fraction(w: Workload, service: str) -> Decimal:
    """What is left of a covered list price after the discount: 0.8 for 20% off."""
    found = commitment(w, service)
    return 1 - found.fraction if found else Decimal(1)


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
