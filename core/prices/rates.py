"""The values a price catalog answers with: unit prices (with their source), grouped by service."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

BUNDLED_SNAPSHOT = "bundled snapshot"
PRICE_LIST_API = "Price List API"


@dataclass(frozen=True, slots=True)
class Source:
    """Where a set of prices came from, the date they are as of, and which kind of source it is:
    the bundled snapshot, or the Price List API through a refresh."""

    id: str
    title: str
    origin: str
    published: str
    kind: str = BUNDLED_SNAPSHOT


@dataclass(frozen=True, slots=True)
class Rate:
    """A unit price in USD, with the id of its source."""

    usd: Decimal
    unit: str
    source: str


@dataclass(frozen=True, slots=True)
class Tier:
    """One step of a tiered price: `rate` applies to the monthly quantity up to `upper_bound`
    (counted from zero, not from the previous bound); the last tier has no bound."""

    upper_bound: Decimal | None
    rate: Rate


@dataclass(frozen=True, slots=True)
class TieredRate:
    """A price that falls as monthly volume grows (API Gateway requests, vended logs)."""

    tiers: tuple[Tier, ...]

    def split(self, quantity: Decimal) -> tuple[tuple[Decimal, Rate], ...]:
        """The part of a monthly `quantity` billed in each tier, lowest tier first; tiers the
        quantity doesn't reach are left out. The parts add up to `quantity` exactly."""
        parts: list[tuple[Decimal, Rate]] = []
        floor = Decimal(0)
        for tier in self.tiers:
            top = quantity if tier.upper_bound is None else min(quantity, tier.upper_bound)
            if top > floor:
                parts.append((top - floor, tier.rate))
            if tier.upper_bound is None or quantity <= tier.upper_bound:
                break
            floor = tier.upper_bound
        return tuple(parts)

    def cost_usd(self, quantity: Decimal) -> Decimal:
        """The exact monthly cost of `quantity` across the tiers."""
        return sum((part * rate.usd for part, rate in self.split(quantity)), Decimal(0))


@dataclass(frozen=True, slots=True)
class LambdaRates:
    """Lambda prices for one region and architecture."""

    requests: Rate
    duration_tiers: tuple[Rate, Rate, Rate]
    storage: Rate
    provisioned_concurrency: Rate
    provisioned_duration: Rate


@dataclass(frozen=True, slots=True)
class FargateRates:
    """Fargate prices for one region, architecture, OS and purchase option."""

    vcpu_hour: Rate
    gb_hour: Rate
    storage_gb_hour: Rate
    license_vcpu_hour: Rate | None = None


@dataclass(frozen=True, slots=True)
class LoadBalancerRates:
    """An ALB's or NLB's hourly price and its capacity-unit (LCU or NLCU) hourly price."""

    hour: Rate
    capacity_unit_hour: Rate


@dataclass(frozen=True, slots=True)
class NatGatewayRates:
    """A NAT gateway's hourly price and its price per GB processed."""

    hour: Rate
    gb: Rate


@dataclass(frozen=True, slots=True)
class LogIngestionRates:
    """CloudWatch Logs ingestion: the standard rate per GB, and the tiered Vended Logs rate per GB
    a month that Lambda's logs are billed at."""

    standard_gb: Rate
    vended_gb: TieredRate


@dataclass(frozen=True, slots=True)
class BurstableCredits:
    """A burstable (T) type's baseline share of each vCPU, and what unlimited mode charges per
    vCPU-hour of surplus above it (24-hour average CPU over the baseline)."""

    baseline_per_vcpu: Decimal
    baseline_source: str
    surplus_vcpu_hour: Rate


@dataclass(frozen=True, slots=True)
class InstanceType:
    """An EC2 instance type and its On-Demand Linux price in one region."""

    name: str
    vcpu: int
    memory_gib: Decimal
    arch: str
    gpus: int
    hourly: Rate

    @property
    def family(self) -> str:
        """`t4g` for `t4g.medium`."""
        return self.name.split(".", 1)[0]

    @property
    def burstable(self) -> bool:
        """T-family types: their vCPUs run at a baseline share, bursting on credits."""
        return self.name.startswith("t") and self.name[1:2].isdigit()

    @property
    def previous_generation(self) -> bool:
        """A family AWS lists as previous generation: still priced, but not what to build on."""
        return self.family in PREVIOUS_GENERATION_FAMILIES


# AWS's "Previous Generation Instances" page (aws.amazon.com/ec2/previous-generation/): still sold in
# some regions, not offered to new accounts in others, and beaten on price-performance by their
# successors. A fit search never picks them; naming one (type=m3.large) still prices it.
PREVIOUS_GENERATION_FAMILIES = frozenset(
    {"c1", "c3", "cc2", "cr1", "g2", "hi1", "hs1", "i2", "m1", "m2", "m3", "r3", "t1"}
)
