"""The price catalog: unit prices by service, region and architecture, each with its source.

Built from snapshot data handed to it (see scripts/build_snapshot.py for the format); it does no
loading of its own. Prices are parsed from their exact decimal strings on first use of a region.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from core.errors import InvalidInput, UnknownName
from core.prices.base import ServiceNotOffered
from core.prices.overheads import OverheadPrices
from core.prices.rates import (
    PREVIOUS_GENERATION_FAMILIES,
    BurstableCredits,
    FargateRates,
    InstanceType,
    LambdaRates,
    LoadBalancerRates,
    LogIngestionRates,
    NatGatewayRates,
    Rate,
    Source,
    Tier,
    TieredRate,
)

__all__ = [
    "PREVIOUS_GENERATION_FAMILIES",
    "BurstableCredits",
    "FargateRates",
    "InstanceType",
    "LambdaRates",
    "LoadBalancerRates",
    "LogIngestionRates",
    "NatGatewayRates",
    "PriceCatalog",
    "Rate",
    "ServiceNotOffered",
    "Source",
    "Tier",
    "TieredRate",
]

ARCHES = ("x86_64", "arm64")
EC2_PRICES = {"linux": "prices", "windows": "windows"}  # where an EC2 region entry keeps each OS


class PriceCatalog(OverheadPrices):
    """Unit prices from a snapshot (with any refreshed prices laid over it, see
    core/prices/overlay.py); every rate names its source. `today`, when given, lets "prices as of"
    say when the prices an answer used are over 90 days old."""

    def __init__(self, data: Mapping[str, Any], today: date | None = None) -> None:
        super().__init__(data, today)
        self._ec2_cache: dict[tuple[str, str], dict[str, InstanceType]] = {}
        self._ec2_sorted: dict[tuple[str, str], tuple[InstanceType, ...]] = {}

    def lambda_rates(self, region: str, arch: str) -> LambdaRates:
        """Lambda request, duration-tier, storage and provisioned prices."""
        return self._cached(("lambda", region, arch), lambda: self._lambda_rates(region, arch))

    def _lambda_rates(self, region: str, arch: str) -> LambdaRates:
        rates = self._offered("lambda", region)

        source = self.source_of("lambda", region)

        def rate(key: str, unit: str) -> Rate:
            return Rate(Decimal(rates[f"{arch}.{key}"]), unit, source)

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
        return self._cached(key, lambda: self._fargate_rates(region, arch, os, spot))

    def _fargate_rates(self, region: str, arch: str, os: str, spot: bool) -> FargateRates:
        rates = self._offered("fargate", region)
        source = self.source_of("fargate", region)
        storage = Rate(Decimal(rates["storage_gb_hour"]), "GB-hour", source)
        if os == "windows":
            if "windows.vcpu_hour" not in rates:
                raise ServiceNotOffered("os", os, f"Fargate has no Windows price in {region}; use linux")
            return FargateRates(
                Rate(Decimal(rates["windows.vcpu_hour"]), "vCPU-hour", source),
                Rate(Decimal(rates["windows.gb_hour"]), "GB-hour", source),
                storage,
                Rate(Decimal(rates["windows.license_vcpu_hour"]), "vCPU-hour", source),
            )
        if spot:
            spot_rates = self._data["fargate_spot"].get(region)
            if spot_rates is None:
                known = ", ".join(sorted(self._data["fargate_spot"]))
                raise ServiceNotOffered("spot", "yes", f"Fargate Spot prices are known for {known} only")
            rates, source = spot_rates, "fargate_spot"
        return FargateRates(
            Rate(Decimal(rates[f"{arch}.vcpu_hour"]), "vCPU-hour", source),
            Rate(Decimal(rates[f"{arch}.gb_hour"]), "GB-hour", source),
            storage,
        )

    def fargate_spot_regions(self) -> list[str]:
        """Regions whose Fargate Spot price is in the snapshot."""
        return sorted(self._data["fargate_spot"])

    def ec2_types(self, region: str, os: str = "linux") -> dict[str, InstanceType]:
        """Every priced instance type with specs in a region, by name; `os` "linux" or "windows"
        (On-Demand, licence included: only where a Price List refresh has read Windows prices)."""
        cached = self._ec2_cache.get((region, os))
        if cached is None:
            cached = self._ec2_cache[region, os] = self._build_ec2(region, os)
        return cached

    def ec2_by_price(self, region: str, os: str = "linux") -> tuple[InstanceType, ...]:
        """A region's instance types, cheapest first (ties by name): a fit search stops early."""
        ordered = self._ec2_sorted.get((region, os))
        if ordered is None:
            types = self.ec2_types(region, os).values()
            ordered = self._ec2_sorted[region, os] = tuple(
                sorted(types, key=lambda t: (t.hourly.usd, t.name))
            )
        return ordered

    def _build_ec2(self, region: str, os: str) -> dict[str, InstanceType]:
        entry = self._offered("ec2", region)
        if os not in EC2_PRICES:
            raise InvalidInput("os", os, "linux or windows")
        prices: Mapping[str, str] = entry.get(EC2_PRICES[os], {})
        if not prices:
            raise ServiceNotOffered(
                "os",
                os,
                f"EC2 has no {os} prices for {region} in the snapshot; `compute-advisor prices "
                "update` reads them from the Price List API",
            )
        specs: Mapping[str, list[Any]] = self._data["ec2_specs"]
        listed_specs: Mapping[str, list[Any]] = entry.get("specs", {})  # a refresh's, for new types
        by_type: Mapping[str, str] = entry["source_by_type"]
        out: dict[str, InstanceType] = {}
        for name, price in prices.items():
            vcpu, memory, arch, gpus = specs.get(name) or listed_specs[name]
            source = by_type.get(name, entry["source"])
            rate = Rate(Decimal(price), "instance-hour", source)
            out[name] = InstanceType(name, int(vcpu), Decimal(memory), str(arch), int(gpus), rate)
        return out

    def ec2_source(self, region: str) -> str:
        """The source of a region's EC2 prices (a few types may name their own)."""
        return str(self._offered("ec2", region)["source"])

    def ec2_type(self, region: str, name: str, os: str = "linux") -> InstanceType:
        """One instance type, or UnknownName with the closest names in that region."""
        types = self.ec2_types(region, os)
        found = types.get(name.strip().lower())
        if found is None:
            raise UnknownName("type", name, types)
        return found
