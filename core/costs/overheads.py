"""What a workload pays around its compute, as line items: the front door (API Gateway, a load
balancer), public IPv4 addresses, root volumes, log ingestion and NAT processing.

Billing rules (AWS pricing pages): API Gateway bills requests in monthly tiers (an HTTP API request
is metered in 512 KB increments); a load balancer bills its hours and its capacity units per hour
(ALB: LCU, NLB: NLCU); each in-use public IPv4 address bills by the hour; CloudWatch Logs bills
ingestion per GB (Lambda's logs at the tiered Vended Logs rate); a NAT gateway bills per GB it
processes. Quantities are worked out by the caller; here they become priced lines.
"""

from __future__ import annotations

from decimal import Decimal

from core.costs.estimate import LineItem
from core.prices.catalog import Rate
from core.prices.rates import TieredRate
from core.units import format_count

ZERO = Decimal(0)


def tiered_items(name: str, quantity: Decimal, tiered: TieredRate) -> list[LineItem]:
    """One line per tier the quantity reaches: `name`, then `name, over 300M` and so on; the first
    line is always there, so a zero quantity still explains itself."""
    parts = tiered.split(quantity) or ((ZERO, tiered.tiers[0].rate),)
    items = []
    floor = ZERO
    for index, (amount, rate) in enumerate(parts):
        label = name if index == 0 else f"{name}, over {format_count(floor)}"
        items.append(LineItem(label, amount, rate.unit, rate.usd, rate.source))
        floor += amount
    return items


def tiered_usd(quantity: Decimal, tiered: TieredRate) -> Decimal:
    """The exact cost of `quantity` across the tiers, summed as `tiered_items` lines are."""
    return sum((amount * rate.usd for amount, rate in tiered.split(quantity)), ZERO)


def line(name: str, quantity: Decimal, rate: Rate, unit: str | None = None) -> LineItem:
    """One priced line."""
    return LineItem(name, quantity, unit or rate.unit, rate.usd, rate.source)
