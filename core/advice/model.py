"""The values advice is made of: options, break-evens, a recommendation, caveats."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from core.costs.estimate import Estimate
from core.workload import Workload


@dataclass(frozen=True, slots=True)
class Option:
    """One service's answer: its estimate if it can run the workload, else why it can't."""

    service: str
    feasible: bool
    reason: str
    estimate: Estimate | None = None

    @property
    def monthly_usd(self) -> Decimal | None:
        """The option's bill total, or None when it can't run the workload."""
        return self.estimate.monthly_usd if self.estimate else None


@dataclass(frozen=True, slots=True)
class BreakEven:
    """Where the cheapest option changes: below `value` of `variable`, `below` is cheaper."""

    variable: str  # "monthly_requests" or "monthly_runs"
    value: Decimal | None  # None: the order never changes, whatever the volume
    below: str
    above: str
    text: str


@dataclass(frozen=True, slots=True)
class Recommendation:
    """The cheapest option that can run the workload, and by how much it beats the next."""

    service: str
    monthly_usd: Decimal
    monthly_savings_usd: Decimal
    why: str


@dataclass(frozen=True, slots=True)
class Advice:
    """Everything compute-advisor says about one workload."""

    workload: Workload
    options: tuple[Option, ...]
    recommendation: Recommendation | None
    break_even: tuple[BreakEven, ...]
    caveats: tuple[str, ...]
    alternatives: tuple[str, ...]
    prices_as_of: str

    def option(self, service: str) -> Option:
        """The option for one service."""
        return next(o for o in self.options if o.service == service)


def costed(service: str, estimate: Estimate, notes: tuple[str, ...] = ()) -> Option:
    """A feasible option, with the advice's own notes ahead of the estimate's assumptions."""
    merged = replace(estimate, assumptions=notes + estimate.assumptions)
    return Option(service, True, estimate.choice, merged)


def infeasible(service: str, reason: str) -> Option:
    """An option that can't run the workload, and why."""
    return Option(service, False, reason)
