"""The price catalog: unit prices by service, region and architecture, each with its source.

Built from snapshot data handed to it (see scripts/build_snapshot.py for the format); it does no
loading of its own. Prices are parsed from their exact decimal strings on first use of a region.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from core.errors import InvalidInput, UnknownName, closest_names

ARCHES = ("x86_64", "arm64")
UNDATED = frozenset({"ebs"})  # a list price unchanged since launch, not a dated table


@dataclass(frozen=True, slots=True)
class Source:
    """Where a set of prices came from, and the date they are as of."""

    id: str
    title: str
    origin: str
    published: str


@dataclass(frozen=True, slots=True)
class Rate:
    """A unit price in USD, with the id of its source."""

    usd: Decimal
    unit: str
    source: str


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
class InstanceType:
    """An EC2 instance type and its On-Demand Linux price in one region."""

    name: str
    vcpu: int
    memory_gib: Decimal
    arch: str
    gpus: int
    hourly: Rate

    @property
    def burstable(self) -> bool:
        """T-family types: their vCPUs run at a baseline share, bursting on credits."""
        return self.name.startswith("t") and self.name[1:2].isdigit()

    @property
    def previous_generation(self) -> bool:
        """A family AWS lists as previous generation: still priced, but not what to build on."""
        return self.name.split(".", 1)[0] in PREVIOUS_GENERATION_FAMILIES


# AWS's "Previous Generation Instances" page (aws.amazon.com/ec2/previous-generation/): still sold in
# some regions, not offered to new accounts in others, and beaten on price-performance by their
# successors. A fit search never picks them; naming one (type=m3.large) still prices it.
PREVIOUS_GENERATION_FAMILIES = frozenset(
    {"c1", "c3", "cc2", "cr1", "g2", "hi1", "hs1", "i2", "m1", "m2", "m3", "r3", "t1"}
)


class ServiceNotOffered(InvalidInput):
    """The service has no price in that region (a Local Zone, say, or no Windows on Fargate)."""


class PriceCatalog:
    """Unit prices from a snapshot; every rate names its source."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = data
        self._ec2_cache: dict[str, dict[str, InstanceType]] = {}
        self._ec2_sorted: dict[str, tuple[InstanceType, ...]] = {}
        self._rates: dict[tuple[str, ...], LambdaRates | FargateRates] = {}

    @cached_property
    def sources(self) -> dict[str, Source]:
        """Every price source in the snapshot, by id."""
        return {
            key: Source(key, str(s["title"]), str(s["origin"]), str(s["published"]))
            for key, s in self._data["sources"].items()
        }

    def regions(self) -> list[str]:
        """All region and zone codes with any price."""
        return sorted(self._data["regions"])

    def region_name(self, region: str) -> str:
        """AWS's name for a region: `US East (N. Virginia)`."""
        return str(self._data["regions"][self.check_region(region)])

    def check_region(self, region: str) -> str:
        """The region code, or UnknownName with the closest codes."""
        if region not in self._data["regions"]:
            raise UnknownName("region", region, self._data["regions"])
        return region

    def prices_as_of(self, source_ids: frozenset[str] | set[str]) -> str:
        """The oldest date among the compute price sources used: every compute price is at least
        that fresh. Fixed list prices (EBS gp3) carry their own note instead of a date."""
        dates = [self.sources[s].published for s in source_ids if s in self.sources and s not in UNDATED]
        return min(dates) if dates else ""

    def _offered(self, service: str, region: str) -> Mapping[str, Any]:
        table: Mapping[str, Mapping[str, Any]] = self._data[service]
        self.check_region(region)
        if region not in table:
            near = ", ".join(closest_names(region, table)) or ", ".join(sorted(table)[:3])
            raise ServiceNotOffered(
                "region", region, f"{service} has no price there; regions with {service}: {near}…"
            )
        return table[region]

    def lambda_rates(self, region: str, arch: str) -> LambdaRates:
        """Lambda request, duration-tier, storage and provisioned prices."""
        found = self._rates.get(("lambda", region, arch))
        if found is None:
            found = self._rates[("lambda", region, arch)] = self._lambda_rates(region, arch)
        assert isinstance(found, LambdaRates)
        return found

    def _lambda_rates(self, region: str, arch: str) -> LambdaRates:
        rates = self._offered("lambda", region)

        def rate(key: str, unit: str) -> Rate:
            return Rate(Decimal(rates[f"{arch}.{key}"]), unit, "lambda")

        tiers = tuple(rate(f"duration_tier{n}", "GB-second") for n in (1, 2, 3))
        return LambdaRates(
            requests=rate("requests", "request"),
            duration_tiers=(tiers[0], tiers[1], tiers[2]),
            storage=rate("storage", "GB-second"),
            provisioned_concurrency=rate("provisioned_concurrency", "GB-second"),
            provisioned_duration=rate("provisioned_duration", "GB-second"),
        )

    def fargate_rates(self, region: str, arch: str, os: str = "linux", spot: bool = False) -> FargateRates:
        """Fargate vCPU, memory, storage and (Windows) licence prices."""
        key = ("fargate", region, arch, os, str(spot))
        found = self._rates.get(key)
        if found is None:
            found = self._rates[key] = self._fargate_rates(region, arch, os, spot)
        assert isinstance(found, FargateRates)
        return found

    def _fargate_rates(self, region: str, arch: str, os: str, spot: bool) -> FargateRates:
        rates = self._offered("fargate", region)
        storage = Rate(Decimal(rates["storage_gb_hour"]), "GB-hour", "fargate")
        if os == "windows":
            if "windows.vcpu_hour" not in rates:
                raise ServiceNotOffered("os", os, f"Fargate has no Windows price in {region}; use linux")
            return FargateRates(
                Rate(Decimal(rates["windows.vcpu_hour"]), "vCPU-hour", "fargate"),
                Rate(Decimal(rates["windows.gb_hour"]), "GB-hour", "fargate"),
                storage,
                Rate(Decimal(rates["windows.license_vcpu_hour"]), "vCPU-hour", "fargate"),
            )
        if spot:
            spot_rates = self._data["fargate_spot"].get(region)
            if spot_rates is None:
                known = ", ".join(sorted(self._data["fargate_spot"]))
                raise ServiceNotOffered("spot", "yes", f"Fargate Spot prices are known for {known} only")
            rates, source = spot_rates, "fargate_spot"
        else:
            source = "fargate"
        return FargateRates(
            Rate(Decimal(rates[f"{arch}.vcpu_hour"]), "vCPU-hour", source),
            Rate(Decimal(rates[f"{arch}.gb_hour"]), "GB-hour", source),
            storage,
        )

    def fargate_spot_regions(self) -> list[str]:
        """Regions whose Fargate Spot price is in the snapshot."""
        return sorted(self._data["fargate_spot"])

    def ec2_types(self, region: str) -> dict[str, InstanceType]:
        """Every priced instance type with specs in a region, by name."""
        cached = self._ec2_cache.get(region)
        if cached is None:
            cached = self._ec2_cache[region] = self._build_ec2(region)
        return cached

    def ec2_by_price(self, region: str) -> tuple[InstanceType, ...]:
        """A region's instance types, cheapest first (ties by name): a fit search stops early."""
        ordered = self._ec2_sorted.get(region)
        if ordered is None:
            types = self.ec2_types(region).values()
            ordered = self._ec2_sorted[region] = tuple(sorted(types, key=lambda t: (t.hourly.usd, t.name)))
        return ordered

    def _build_ec2(self, region: str) -> dict[str, InstanceType]:
        entry = self._offered("ec2", region)
        specs: Mapping[str, list[Any]] = self._data["ec2_specs"]
        by_type: Mapping[str, str] = entry["source_by_type"]
        out: dict[str, InstanceType] = {}
        for name, price in entry["prices"].items():
            vcpu, memory, arch, gpus = specs[name]
            source = by_type.get(name, entry["source"])
            rate = Rate(Decimal(price), "instance-hour", source)
            out[name] = InstanceType(name, int(vcpu), Decimal(memory), str(arch), int(gpus), rate)
        return out

    def ec2_type(self, region: str, name: str) -> InstanceType:
        """One instance type, or UnknownName with the closest names in that region."""
        types = self.ec2_types(region)
        found = types.get(name.strip().lower())
        if found is None:
            raise UnknownName("type", name, types)
        return found

    def ebs_gp3(self, region: str) -> tuple[Rate, str | None]:
        """The gp3 GB-month price, and an assumption when the region's own price isn't known."""
        self.check_region(region)
        table: Mapping[str, str] = self._data["ebs_gp3_gb_month"]
        if region in table:
            return Rate(Decimal(table[region]), "GB-month", "ebs"), None
        note = f"EBS gp3 price for {region} is not in the snapshot: the us-east-1 price is used"
        return Rate(Decimal(table["us-east-1"]), "GB-month", "ebs"), note
