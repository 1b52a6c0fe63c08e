"""The price catalog: unit prices by service, region and architecture, each with its source.

Built from snapshot data handed to it (see scripts/build_snapshot.py for the format); it does no
loading of its own. Prices are parsed from their exact decimal strings on first use of a region.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import cached_property
from typing import Any, TypeVar, cast

from core.errors import InvalidInput, UnknownName, closest_names
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
UNDATED = frozenset({"ebs"})  # a list price unchanged since launch, not a dated table
API_GATEWAY_KINDS = {"http": "HTTP API", "rest": "REST API"}
LOAD_BALANCER_KINDS = {"alb": ("ALB-hour", "LCU-hour"), "nlb": ("NLB-hour", "NLCU-hour")}
# Regions whose own price is unknown fall back to this one's (ELB until a Price List refresh, EBS,
# burstable surplus credits), and the answer says so.
FALLBACK_REGION = "us-east-1"
T = TypeVar("T")


class ServiceNotOffered(InvalidInput):
    """The service has no price in that region (a Local Zone, say, or no Windows on Fargate)."""


class PriceCatalog:
    """Unit prices from a snapshot; every rate names its source."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = data
        self._ec2_cache: dict[str, dict[str, InstanceType]] = {}
        self._ec2_sorted: dict[str, tuple[InstanceType, ...]] = {}
        self._rates: dict[tuple[str, ...], object] = {}

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

    def _cached(self, key: tuple[str, ...], build: Callable[[], T]) -> T:
        found = self._rates.get(key)
        if found is None:
            found = self._rates[key] = build()
        return cast(T, found)

    def lambda_rates(self, region: str, arch: str) -> LambdaRates:
        """Lambda request, duration-tier, storage and provisioned prices."""
        return self._cached(("lambda", region, arch), lambda: self._lambda_rates(region, arch))

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
        return self._cached(key, lambda: self._fargate_rates(region, arch, os, spot))

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
        return Rate(Decimal(table[FALLBACK_REGION]), "GB-month", "ebs"), note

    def api_gateway(self, region: str, api: str) -> TieredRate:
        """API Gateway's price per request, in monthly tiers: `api` is "http" or "rest"."""
        if api not in API_GATEWAY_KINDS:
            raise InvalidInput("api", api, "http (HTTP API) or rest (REST API)")
        return self._cached(("apigateway", region, api), lambda: self._api_gateway(region, api))

    def _api_gateway(self, region: str, api: str) -> TieredRate:
        rates = self._offered("apigateway", region)
        if api not in rates:
            name = API_GATEWAY_KINDS[api]
            raise ServiceNotOffered("region", region, f"API Gateway {name} has no price in {region}")
        return _tiered(rates[api], "request", "apigateway")

    def public_ipv4(self, region: str) -> Rate:
        """The hourly price of one in-use public IPv4 address."""
        rates = self._offered("vpc", region)
        return Rate(Decimal(rates["public_ipv4_hour"]), "address-hour", "vpc")

    def nat_gateway(self, region: str) -> NatGatewayRates:
        """A NAT gateway's hourly price and its price per GB processed."""
        rates = self._offered("natgateway", region)
        return NatGatewayRates(
            Rate(Decimal(rates["hour"]), "NAT gateway-hour", "natgateway"),
            Rate(Decimal(rates["gb"]), "GB", "natgateway"),
        )

    def log_ingestion(self, region: str) -> LogIngestionRates:
        """CloudWatch Logs ingestion per GB: standard, and the tiered Vended Logs rate."""
        return self._cached(("cloudwatch", region), lambda: self._log_ingestion(region))

    def _log_ingestion(self, region: str) -> LogIngestionRates:
        rates = self._offered("cloudwatch_logs", region)
        standard = Rate(Decimal(rates["ingestion_gb"]), "GB", "cloudwatch")
        return LogIngestionRates(standard, _tiered(rates["vended_gb"], "GB", "cloudwatch"))

    def load_balancer(self, region: str, kind: str) -> tuple[LoadBalancerRates, str | None]:
        """An ALB's or NLB's hour and capacity-unit-hour prices (`kind`: "alb" or "nlb"), and an
        assumption when the region's own prices aren't known (the us-east-1 prices are used)."""
        if kind not in LOAD_BALANCER_KINDS:
            raise InvalidInput("load_balancer", kind, "alb or nlb")
        self.check_region(region)
        table: Mapping[str, Mapping[str, str]] = self._data["elb"]
        note = None
        if region not in table:
            note = (
                f"{kind.upper()} prices for {region} are not in the snapshot: the us-east-1 prices are "
                "used until `compute-advisor prices update` reads them from the Price List API"
            )
        rates, (hour_unit, unit_unit) = table.get(region, table[FALLBACK_REGION]), LOAD_BALANCER_KINDS[kind]
        return LoadBalancerRates(
            Rate(Decimal(rates[f"{kind}.hour"]), hour_unit, "elb"),
            Rate(Decimal(rates[f"{kind}.capacity_unit_hour"]), unit_unit, "elb"),
        ), note

    def burstable_credits(self, region: str, instance_type: str) -> tuple[BurstableCredits, str | None]:
        """A T type's baseline share per vCPU and its unlimited-mode surplus price per vCPU-hour
        (Linux), and an assumption when the region's own surplus price isn't known."""
        self.check_region(region)
        data: Mapping[str, Any] = self._data["burstable"]
        name = instance_type.strip().lower()
        baselines: Mapping[str, str] = data["baseline_per_vcpu"]
        if name not in baselines:
            raise UnknownName("type", instance_type, baselines)
        prices: Mapping[str, Mapping[str, str]] = data["surplus_vcpu_hour"]
        note = None
        if region not in prices:
            note = f"surplus CPU credit price for {region} not in the snapshot: the us-east-1 price is used"
        family = name.split(".", 1)[0]
        price = prices.get(region, prices[FALLBACK_REGION])[family]
        surplus = Rate(Decimal(price), "vCPU-hour", "burstable")
        return BurstableCredits(Decimal(baselines[name]), "burstable_baseline", surplus), note


def _tiered(tiers: list[list[str | None]], unit: str, source: str) -> TieredRate:
    """Snapshot tiers `[[upper bound or null, price], ...]` as a TieredRate."""
    return TieredRate(
        tuple(
            Tier(None if bound is None else Decimal(bound), Rate(Decimal(str(price)), unit, source))
            for bound, price in tiers
        )
    )
