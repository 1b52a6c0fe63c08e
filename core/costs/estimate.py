"""A cost estimate: named line items of quantity x unit price, and the assumptions behind them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from core.money import ZERO, cents


@dataclass(frozen=True, slots=True)
class LineItem:
    """One line of a bill: `quantity` `unit`s at `unit_usd` each, priced from `source`."""

    name: str
    quantity: Decimal
    unit: str
    unit_usd: Decimal
    source: str
    # compute usage a Compute Savings Plan covers (instance-hours, Fargate vCPU and memory, Lambda
    # duration and provisioned concurrency): the lines a commitment discount applies to
    committable: bool = False

    @property
    def exact_usd(self) -> Decimal:
        """quantity x unit price, unrounded."""
        return self.quantity * self.unit_usd

    @property
    def monthly_usd(self) -> Decimal:
        """The line as a bill shows it: rounded to the cent."""
        return cents(self.exact_usd)


@dataclass(frozen=True, slots=True)
class Estimate:
    """The monthly cost of one deployment on one service, line by line."""

    service: str
    region: str
    line_items: tuple[LineItem, ...]
    assumptions: tuple[str, ...] = ()
    prices_as_of: str = ""
    choice: str = ""  # what was sized or picked: "m7g.large", "0.5 vCPU / 1 GB task"

    @property
    def monthly_usd(self) -> Decimal:
        """The total as a bill shows it: the sum of the lines, each rounded to the cent."""
        return sum((item.monthly_usd for item in self.line_items), ZERO)

    @property
    def exact_usd(self) -> Decimal:
        """The unrounded total, for comparisons and break-even."""
        return sum((item.exact_usd for item in self.line_items), ZERO)

    @property
    def sources(self) -> frozenset[str]:
        """The ids of the price sources this estimate used."""
        return frozenset(item.source for item in self.line_items)


def total_usd(items: Iterable[LineItem]) -> Decimal:
    """The bill total of some line items."""
    return sum((item.monthly_usd for item in items), ZERO)
