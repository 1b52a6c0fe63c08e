"""The prices of the front door and the overheads around compute: EBS gp3, API Gateway, public IPv4,
NAT gateway, CloudWatch Logs ingestion, load balancers, and burstable CPU credits."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from core.errors import InvalidInput, UnknownName
from core.prices.base import FALLBACK_REGION, CatalogBase, ServiceNotOffered
from core.prices.rates import (
    BurstableCredits,
    LoadBalancerRates,
    LogIngestionRates,
    NatGatewayRates,
    Rate,
    Tier,
    TieredRate,
)

API_GATEWAY_KINDS = {"http": "HTTP API", "rest": "REST API"}
LOAD_BALANCER_KINDS = {"alb": ("ALB-hour", "LCU-hour"), "nlb": ("NLB-hour", "NLCU-hour")}


class OverheadPrices(CatalogBase):
    """The catalog's prices of everything around the compute."""

    def ebs_gp3(self, region: str) -> tuple[Rate, str | None]:
        """The gp3 GB-month price, and an assumption when the region's own price isn't known."""
        self.check_region(region)
        table: Mapping[str, str] = self._data["ebs_gp3_gb_month"]
        if region in table:
            return Rate(Decimal(table[region]), "GB-month", self.source_of("ebs", region)), None
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
        return _tiered(rates[api], "request", self.source_of("apigateway", region))

    def public_ipv4(self, region: str) -> Rate:
        """The hourly price of one in-use public IPv4 address."""
        rates = self._offered("vpc", region)
        return Rate(Decimal(rates["public_ipv4_hour"]), "address-hour", self.source_of("vpc", region))

    def nat_gateway(self, region: str) -> NatGatewayRates:
        """A NAT gateway's hourly price and its price per GB processed."""
        rates, source = self._offered("natgateway", region), self.source_of("natgateway", region)
        return NatGatewayRates(
            Rate(Decimal(rates["hour"]), "NAT gateway-hour", source),
            Rate(Decimal(rates["gb"]), "GB", source),
        )

    def log_ingestion(self, region: str) -> LogIngestionRates:
        """CloudWatch Logs ingestion per GB: standard, and the tiered Vended Logs rate."""
        return self._cached(("cloudwatch", region), lambda: self._log_ingestion(region))

    def _log_ingestion(self, region: str) -> LogIngestionRates:
        rates, source = self._offered("cloudwatch_logs", region), self.source_of("cloudwatch_logs", region)
        standard = Rate(Decimal(rates["ingestion_gb"]), "GB", source)
        return LogIngestionRates(standard, _tiered(rates["vended_gb"], "GB", source))

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
        source = self.source_of("elb", region if note is None else FALLBACK_REGION)
        return LoadBalancerRates(
            Rate(Decimal(rates[f"{kind}.hour"]), hour_unit, source),
            Rate(Decimal(rates[f"{kind}.capacity_unit_hour"]), unit_unit, source),
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
        surplus = Rate(
            Decimal(price),
            "vCPU-hour",
            self.source_of("burstable", region if note is None else FALLBACK_REGION),
        )
        return BurstableCredits(Decimal(baselines[name]), "burstable_baseline", surplus), note


def _tiered(tiers: list[list[str | None]], unit: str, source: str) -> TieredRate:
    """Snapshot tiers `[[upper bound or null, price], ...]` as a TieredRate."""
    return TieredRate(
        tuple(
            Tier(None if bound is None else Decimal(bound), Rate(Decimal(str(price)), unit, source))
            for bound, price in tiers
        )
    )
