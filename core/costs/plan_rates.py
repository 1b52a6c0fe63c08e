"""A Compute Savings Plan at AWS's own rates, as lines of an estimate.

Each line the plan covers (EC2 instance-hours, Fargate vCPU and GB, Lambda duration and
provisioned concurrency: the lines marked committable) is looked up at the plan's rate for the
same thing (core/prices/committed.py); the difference is a negative line of its own, quantity x
(plan rate - list rate), so the list prices stay visible above it and the money stays exact: the
total is what the plan's rates bill, to the last digit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from core.costs.estimate import Estimate, LineItem
from core.prices.catalog import PriceCatalog, Rate
from core.prices.committed import CommittedCatalog
from core.prices.committed import with_commitment as committed_catalog
from core.prices.savings import SavingsPlan

SPOT_SOURCE = "fargate_spot"


@dataclass(frozen=True)
class PlanCommitment:
    """A named Compute Savings Plan for one option: each line it covers gets a line of its own at
    AWS's rate for the plan (from `prices update --savings-plans`), below the list line."""

    plan: SavingsPlan
    listed: PriceCatalog
    region: str
    arch: str
    os: str

    @property
    def committed(self) -> CommittedCatalog:
        """The catalog at the plan's rates."""
        return committed_catalog(self.listed, self.plan)

    def plan_rate(self, item: LineItem) -> Rate | None:
        """The plan's rate for what a list line bills, or None when the plan doesn't cover it."""
        if not item.committable or item.source == SPOT_SOURCE:  # Savings Plans never cover Spot
            return None
        pairs: list[tuple[Rate, Rate]] = []
        if item.unit == "instance-hour":
            name = item.name.split(" ", 1)[0]
            pairs = [
                (
                    self.listed.ec2_type(self.region, name, self.os).hourly,
                    self.committed.ec2_type(self.region, name, self.os).hourly,
                )
            ]
        elif item.unit in ("vCPU-hour", "GB-hour"):
            listed, plan = (
                c.fargate_rates(self.region, self.arch, self.os) for c in (self.listed, self.committed)
            )
            pairs = [(listed.vcpu_hour, plan.vcpu_hour), (listed.gb_hour, plan.gb_hour)]
        elif item.unit == "GB-second":
            at_list, on_plan = (c.lambda_rates(self.region, self.arch) for c in (self.listed, self.committed))
            pairs = [
                *zip(at_list.duration_tiers, on_plan.duration_tiers, strict=True),
                (at_list.provisioned_concurrency, on_plan.provisioned_concurrency),
                (at_list.provisioned_duration, on_plan.provisioned_duration),
            ]
        # the line's own list price says which of the rates it was billed at
        return next((plan for listed, plan in pairs if listed.usd == item.unit_usd), None)

    def lines(self, items: Sequence[LineItem]) -> tuple[LineItem, ...]:
        """One negative line for each line the plan prices below list."""
        found: list[LineItem] = []
        for item in items:
            rate = self.plan_rate(item)
            if rate is not None and rate.usd < item.unit_usd:
                found.append(
                    LineItem(
                        f"{self.plan.label}: {item.name}",
                        item.quantity,
                        item.unit,
                        rate.usd - item.unit_usd,
                        rate.source,
                    )
                )
        return tuple(found)

    def applied(self, estimate: Estimate) -> Estimate:
        """The estimate with the plan's lines after its own, and an assumption saying so."""
        lines = self.lines(estimate.line_items)
        if not lines:
            note = f"{self.plan.name}: AWS's rates for it cover nothing this option bills below list"
            return replace(estimate, assumptions=(*estimate.assumptions, note))
        items = (*estimate.line_items, *lines)
        covered = ", ".join(line.name.removeprefix(f"{self.plan.label}: ") for line in lines)
        note = (
            f"{self.plan.name}: AWS's own {self.plan.label} rates on {covered}; everything else at "
            "list (a plan never covers requests, the front door, addresses, volumes, logs or NAT)"
        )
        return replace(
            estimate,
            line_items=items,
            assumptions=(*estimate.assumptions, note),
            prices_as_of=self.listed.prices_as_of({item.source for item in items}),
        )
