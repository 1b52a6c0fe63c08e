"""What a workload costs today by its CUR lines: the list price line by line, and what the
account really pays, with the commitments that cover it. Pure.

What is paid (the issue's effective cost rules): Usage lines at their unblended cost,
SavingsPlanCoveredUsage at the Savings Plan's effective cost, DiscountedUsage at the
reservation's effective cost; the negation lines are never read. The list lines are the usage
at the public On-Demand rate the CUR states; each commitment's discount is its own negative
line (what it paid minus the list price of what it covered), and so is the difference plain
usage was billed at (free tier, tiered rates).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum

from core.costs.estimate import Estimate, LineItem
from core.cur.model import ChargeRow, CurWindow
from core.money import ZERO

CUR_SOURCE = "cur"
QUANTITY_STEP = Decimal("0.001")
MONEY_STEP = Decimal("0.000001")  # a month's figure before rounding to the cent
# What each measure of each service is called on a bill, and its unit.
MEASURES = {
    ("lambda", "units"): ("Requests", "request"),
    ("lambda", "size"): ("Duration", "GB-second"),
    ("lambda", "provisioned"): ("Provisioned concurrency", "unit"),
    ("fargate", "units"): ("vCPU", "vCPU-hour"),
    ("fargate", "size"): ("Memory", "GB-hour"),
    ("fargate", "storage"): ("Ephemeral storage", "GB-hour"),
    ("ec2", "units"): ("Instance", "instance-hour"),
}


class CommitmentKind(StrEnum):
    """What kind of commitment covered usage, as a note names it."""

    COMPUTE_SP = "Compute Savings Plan"
    EC2_INSTANCE_SP = "EC2 Instance Savings Plan"
    SAVINGS_PLAN = "Savings Plan"  # its type was not in the export
    RESERVED_INSTANCE = "Reserved Instance"

    def follows(self, service: str) -> bool:
        """Whether it would go on discounting the workload on `service` (a Compute Savings Plan
        covers EC2, Fargate and Lambda alike; the others stay with the instance family)."""
        return self is CommitmentKind.COMPUTE_SP and service in ("lambda", "fargate", "ec2")


PLAN_TYPES = {
    "ComputeSavingsPlans": CommitmentKind.COMPUTE_SP,
    "EC2InstanceSavingsPlans": CommitmentKind.EC2_INSTANCE_SP,
}


@dataclass(frozen=True, slots=True)
class Commitment:
    """A Savings Plan or Reserved Instance covering part of a workload, a month at this rate."""

    kind: CommitmentKind
    arn: str
    covered_list_monthly_usd: Decimal
    paid_monthly_usd: Decimal
    ends: str

    @property
    def short_id(self) -> str:
        """The last part of the ARN: enough to find it in the console."""
        return self.arn.rsplit("/", 1)[-1]

    @property
    def discount_monthly_usd(self) -> Decimal:
        """What it saves a month against the list price (positive)."""
        return self.covered_list_monthly_usd - self.paid_monthly_usd


@dataclass(frozen=True, slots=True)
class Billed:
    """A workload's month at this window's rate: list and paid, line by line."""

    estimate: Estimate  # the list lines, then the commitments' and billing's adjustments
    list_monthly_usd: Decimal  # the list lines, each rounded to the cent
    commitments: tuple[Commitment, ...]

    @property
    def paid_monthly_usd(self) -> Decimal:
        """What the account pays a month, as the bill rounds it."""
        return self.estimate.monthly_usd


def commitment_kind(row: ChargeRow, plan_types: dict[str, str]) -> CommitmentKind | None:
    """The commitment behind a line, if any. A plan that covers Lambda or Fargate is a Compute
    Savings Plan whatever the export says: no other kind covers them."""
    if row.reservation_arn:
        return CommitmentKind.RESERVED_INSTANCE
    if not row.plan_arn:
        return None
    named = PLAN_TYPES.get(plan_types.get(row.plan_arn) or row.plan_type)
    if named is not None:
        return named
    return CommitmentKind.COMPUTE_SP if row.service in ("lambda", "fargate") else CommitmentKind.SAVINGS_PLAN


def billed(
    service: str, region: str, rows: Sequence[ChargeRow], window: CurWindow, plan_types: dict[str, str]
) -> Billed:
    """Today's month of one workload from its charge rows."""
    lines: dict[tuple[str, str, Decimal], Decimal] = defaultdict(Decimal)
    by_commitment: dict[tuple[CommitmentKind, str], list[ChargeRow]] = defaultdict(list)
    plain_paid, plain_list = ZERO, ZERO
    for row in rows:
        rate = row.public_rate if row.public_rate is not None else _rate(row)
        lines[row.measure, row.usage_type, rate] += row.amount
        kind = commitment_kind(row, plan_types)
        if kind is None:
            plain_paid += window.monthly(row.paid)
            plain_list += window.monthly(row.amount) * rate
        else:
            by_commitment[kind, row.reservation_arn or row.plan_arn].append(row)
    items = [_list_line(service, key, amount, window) for key, amount in sorted(lines.items())]
    listed = sum((item.monthly_usd for item in items), ZERO)
    commitments = tuple(_commitment(kind, arn, group, window) for (kind, arn), group in by_commitment.items())
    items += [_discount_line(c) for c in commitments]
    below = (plain_paid - plain_list).quantize(MONEY_STEP)
    if below:
        items.append(
            LineItem("Billed below list (free tier, tiered rates)", Decimal(1), "month", below, CUR_SOURCE)
        )
    return Billed(Estimate(service, region, tuple(items), choice="as billed"), listed, commitments)


def _rate(row: ChargeRow) -> Decimal:
    """The list rate when the CUR gives none: its public cost over its usage."""
    return row.listed / row.amount if row.amount else ZERO


def _list_line(service: str, key: tuple[str, str, Decimal], amount: Decimal, window: CurWindow) -> LineItem:
    measure, usage_type, rate = key
    name, unit = MEASURES.get((service, measure), (measure, "unit"))
    quantity = window.monthly(amount)
    step = Decimal(1) if unit == "request" else QUANTITY_STEP
    return LineItem(
        f"{name} ({usage_type})", quantity.quantize(step, rounding=ROUND_CEILING), unit, rate, CUR_SOURCE
    )


def _commitment(kind: CommitmentKind, arn: str, rows: Sequence[ChargeRow], window: CurWindow) -> Commitment:
    rate_list = sum((window.monthly(r.amount) * (r.public_rate or _rate(r)) for r in rows), ZERO)
    paid = sum((window.monthly(r.paid) for r in rows), ZERO)
    rate_list, paid = rate_list.quantize(MONEY_STEP), paid.quantize(MONEY_STEP)
    ends = max((r.reservation_end or r.plan_end for r in rows), default="")
    return Commitment(kind, arn, rate_list, paid, ends[:10])


def _discount_line(commitment: Commitment) -> LineItem:
    return LineItem(
        f"{commitment.kind.value} {commitment.short_id}",
        Decimal(1),
        "month",
        -commitment.discount_monthly_usd,
        CUR_SOURCE,
    )
