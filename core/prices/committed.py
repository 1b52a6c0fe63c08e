"""The catalog as a team with a Compute Savings Plan pays: the compute the plan covers at AWS's own
rates for that plan (from `prices update --savings-plans`), everything else at list price.

The cost functions take it wherever they take a PriceCatalog, so a committed bill is worked out
by the same code as a list one, line by line. Covered: EC2 instance-hours, Fargate vCPU and GB
(not Spot, not ephemeral storage, not the Windows licence), Lambda duration and provisioned
concurrency (not requests, not storage). Lambda's plan rate is one rate for every duration tier,
never more than that tier's list price. An instance type without a stored plan rate stays at
list price, and its rate keeps its list source, so the answer can say so.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from core.prices.base import ServiceNotOffered
from core.prices.catalog import PriceCatalog
from core.prices.rates import FargateRates, InstanceType, LambdaRates, Rate
from core.prices.savings import SavingsPlan

TABLE = "savings_plans"


class NoSavingsPlanRates(ServiceNotOffered):
    """No Compute Savings Plans rates are stored for the region: a refresh reads them."""

    def __init__(self, region: str) -> None:
        super().__init__(
            "commitment",
            region,
            "no Compute Savings Plans rates are stored for this region; "
            "`compute-advisor prices update --savings-plans` reads them from AWS",
        )


def with_commitment(catalog: PriceCatalog, plan: SavingsPlan) -> CommittedCatalog:
    """`catalog` as a team with `plan` pays; built once per catalog and plan (each parses and
    caches its regions as it is used, like the catalog itself)."""
    plans = _committed.setdefault(catalog, {})
    found = plans.get(plan)
    if found is None:
        found = plans[plan] = CommittedCatalog(catalog.data, catalog.today, plan)
    return found


class CommittedCatalog(PriceCatalog):
    """A PriceCatalog whose covered compute rates are a Compute Savings Plan's."""

    def __init__(self, data: Mapping[str, Any], today: date | None, plan: SavingsPlan) -> None:
        super().__init__(data, today)
        self.plan = plan

    def plan_rates(self, region: str) -> Mapping[str, Any]:
        """The region's stored Savings Plans rates, or NoSavingsPlanRates."""
        found: Mapping[str, Any] | None = self._data.get(TABLE, {}).get(region)
        if found is None:
            raise NoSavingsPlanRates(region)
        return found

    def _plan_rate(self, region: str, group: Mapping[str, Any], key: str, unit: str) -> Rate | None:
        price = group.get(key, {}).get(self.plan.key)
        return None if price is None else Rate(Decimal(price), unit, self.source_of(TABLE, region))

    def _lambda_rates(self, region: str, arch: str) -> LambdaRates:
        listed = super()._lambda_rates(region, arch)
        group = self.plan_rates(region)["lambda"]
        duration = self._plan_rate(region, group, f"{arch}.duration", "GB-second")
        concurrency = self._plan_rate(region, group, f"{arch}.provisioned_concurrency", "GB-second")
        provisioned = self._plan_rate(region, group, f"{arch}.provisioned_duration", "GB-second")
        tiers = tuple(_lower(duration, tier) for tier in listed.duration_tiers)
        return replace(
            listed,
            duration_tiers=(tiers[0], tiers[1], tiers[2]),
            provisioned_concurrency=_lower(concurrency, listed.provisioned_concurrency),
            provisioned_duration=_lower(provisioned, listed.provisioned_duration),
        )

    def _fargate_rates(self, region: str, arch: str, os: str, spot: bool) -> FargateRates:
        listed = super()._fargate_rates(region, arch, os, spot)
        if spot:  # Savings Plans don't cover Spot
            return listed
        group = self.plan_rates(region)["fargate"]
        prefix = "windows" if os == "windows" else arch
        return replace(
            listed,
            vcpu_hour=_lower(
                self._plan_rate(region, group, f"{prefix}.vcpu_hour", "vCPU-hour"), listed.vcpu_hour
            ),
            gb_hour=_lower(self._plan_rate(region, group, f"{prefix}.gb_hour", "GB-hour"), listed.gb_hour),
        )

    def _build_ec2(self, region: str, os: str) -> dict[str, InstanceType]:
        listed = super()._build_ec2(region, os)
        group = self.plan_rates(region)["ec2"].get(os, {})
        return {
            name: replace(
                kind, hourly=_lower(self._plan_rate(region, group, name, "instance-hour"), kind.hourly)
            )
            for name, kind in listed.items()
        }


_committed: weakref.WeakKeyDictionary[PriceCatalog, dict[SavingsPlan, CommittedCatalog]] = (
    weakref.WeakKeyDictionary()
)


def _lower(plan: Rate | None, listed: Rate) -> Rate:
    """The plan's rate where there is one and it is below list; else the list rate."""
    return listed if plan is None or plan.usd >= listed.usd else plan
