"""Compute Savings Plans: the plans a commitment names, and AWS's own rates for them.

A Compute Savings Plan is a 1- or 3-year commitment, paid with no, partial or all upfront. It
covers EC2 instance usage, Fargate vCPU and memory, and Lambda duration and provisioned
concurrency, each at its own rate (DescribeSavingsPlansOfferingRates); it never covers load
balancers, IPv4, logs, or Lambda requests. A region's rates are stored as one table entry:

    {"ec2": {"linux": {"m5.large": {"1y.no": "0.068", ...}}, "windows": {...}},
     "fargate": {"x86_64.vcpu_hour": {"1y.no": ...}, ...},
     "lambda": {"x86_64.duration": {"3y.all": ...}, "arm64.provisioned_concurrency": {...}, ...}}
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from core.errors import InvalidInput
from core.prices.pricelist.items import PriceListError
from core.prices.pricelist.picking import text
from core.prices.pricelist.usage import usage_name

SECONDS_PER_YEAR = 31_536_000  # AWS's durationSeconds: 365 days
PAYMENTS = {"no": "No Upfront", "partial": "Partial Upfront", "all": "All Upfront"}
COMMITMENT = re.compile(r"^compute-([13])y(?:-(no|partial|all)-upfront)?$")
ACCEPTED = "compute-1y or compute-3y, optionally -no-upfront, -partial-upfront or -all-upfront"
FARGATE_USAGE = {
    "Fargate-vCPU-Hours:perCPU": "x86_64.vcpu_hour",
    "Fargate-GB-Hours": "x86_64.gb_hour",
    "Fargate-ARM-vCPU-Hours:perCPU": "arm64.vcpu_hour",
    "Fargate-ARM-GB-Hours": "arm64.gb_hour",
    "Fargate-Windows-vCPU-Hours:perCPU": "windows.vcpu_hour",
    "Fargate-Windows-GB-Hours": "windows.gb_hour",
}
LAMBDA_USAGE = {
    "Lambda-GB-Second": "x86_64.duration",
    "Lambda-GB-Second-ARM": "arm64.duration",
    "Lambda-Provisioned-GB-Second": "x86_64.provisioned_duration",
    "Lambda-Provisioned-GB-Second-ARM": "arm64.provisioned_duration",
    "Lambda-Provisioned-Concurrency": "x86_64.provisioned_concurrency",
    "Lambda-Provisioned-Concurrency-ARM": "arm64.provisioned_concurrency",
}
EC2_OPERATIONS = {"RunInstances": "linux", "RunInstances:0002": "windows"}


@dataclass(frozen=True, slots=True)
class SavingsPlan:
    """A Compute Savings Plan: its term in years and how it is paid (no, partial, all upfront)."""

    years: int
    payment: str

    @property
    def key(self) -> str:
        """How a stored table names the plan: `1y.no`."""
        return f"{self.years}y.{self.payment}"

    @property
    def name(self) -> str:
        """What an answer calls it: `compute-1y-no-upfront`."""
        return f"compute-{self.years}y-{self.payment}-upfront"

    @property
    def label(self) -> str:
        """`Compute Savings Plan, 1 year, No Upfront`."""
        years = f"{self.years} year" + ("s" if self.years > 1 else "")
        return f"Compute Savings Plan, {years}, {PAYMENTS[self.payment]}"


def parse_commitment(value: str) -> SavingsPlan:
    """`compute-1y` (no upfront), `compute-3y-all-upfront`, ...; InvalidInput says what is accepted."""
    match = COMMITMENT.match(value.strip().lower())
    if match is None:
        raise InvalidInput("commitment", value, ACCEPTED)
    return SavingsPlan(int(match[1]), match[2] or "no")


@dataclass(frozen=True, slots=True)
class OfferingRate:
    """One rate DescribeSavingsPlansOfferingRates returned, as the core reads it."""

    product: str  # EC2, Fargate, Lambda
    usage_type: str
    operation: str
    rate: Decimal
    duration_seconds: int
    payment: str  # AWS's words: "No Upfront"
    properties: Mapping[str, str]


def plan_of(rate: OfferingRate) -> SavingsPlan:
    """The plan an offering rate belongs to; PriceListError for a term or payment not sold."""
    years, remainder = divmod(rate.duration_seconds, SECONDS_PER_YEAR)
    payment = {words: short for short, words in PAYMENTS.items()}.get(rate.payment)
    if remainder or years not in (1, 3) or payment is None:
        raise PriceListError(
            f"a Savings Plan of {rate.duration_seconds} seconds, {rate.payment!r}: not a Compute plan"
        )
    return SavingsPlan(years, payment)


def savings_plans_entry(rates: Iterable[OfferingRate]) -> dict[str, Any] | None:
    """A region's rates as one stored entry; None when the API listed none there."""
    entry: dict[str, Any] = {"ec2": {"linux": {}, "windows": {}}, "fargate": {}, "lambda": {}}
    found = False
    for rate in rates:
        where = _place(entry, rate)
        if where is None:
            continue
        key = plan_of(rate).key
        price = text(rate.rate)
        if where.setdefault(key, price) != price:
            raise PriceListError(
                f"{rate.usage_type} {key} has two Savings Plans rates: {where[key]} and {price}"
            )
        found = True
    return entry if found else None


def _place(entry: dict[str, Any], rate: OfferingRate) -> dict[str, str] | None:
    """Where in the entry a rate goes, or None for usage the cost model doesn't price."""
    usage = usage_name(rate.usage_type)
    if rate.product == "EC2":
        os = EC2_OPERATIONS.get(rate.operation)
        name = rate.properties.get("instanceType", "")
        if os is None or not name or rate.properties.get("tenancy", "shared").lower() != "shared":
            return None
        plans: dict[str, str] = entry["ec2"][os].setdefault(name, {})
        return plans
    table = {"Fargate": ("fargate", FARGATE_USAGE), "Lambda": ("lambda", LAMBDA_USAGE)}.get(rate.product)
    if table is None or usage not in table[1]:
        return None
    found: dict[str, str] = entry[table[0]].setdefault(table[1][usage], {})
    return found
