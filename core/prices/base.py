"""What every part of the price catalog shares: the snapshot data, its sources and regions, dates,
and the lookup of a table's entry for a region (see catalog.py for the prices themselves)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from functools import cached_property
from typing import Any, TypeVar, cast

from core.errors import InvalidInput, UnknownName, closest_names
from core.prices.rates import BUNDLED_SNAPSHOT, PRICE_LIST_API, Source

UNDATED = frozenset({"ebs"})  # a list price unchanged since launch, not a dated table
# Regions whose own price is unknown fall back to this one's (ELB until a Price List refresh, EBS,
# burstable surplus credits), and the answer says so.
FALLBACK_REGION = "us-east-1"
STALE_AFTER_DAYS = 90  # an answer on prices older than this says so
# The snapshot's source of each table, where a refresh hasn't given a region its own.
SNAPSHOT_SOURCES = {
    "lambda": "lambda",
    "fargate": "fargate",
    "apigateway": "apigateway",
    "vpc": "vpc",
    "natgateway": "natgateway",
    "cloudwatch_logs": "cloudwatch",
    "elb": "elb",
    "ebs": "ebs",
    "burstable": "burstable",
}
T = TypeVar("T")


class ServiceNotOffered(InvalidInput):
    """The service has no price in that region (a Local Zone, say, or no Windows on Fargate)."""


class CatalogBase:
    """The snapshot data (with any refreshed prices laid over it), its sources, regions and dates.
    `today`, when given, lets "prices as of" say when prices are over STALE_AFTER_DAYS old."""

    def __init__(self, data: Mapping[str, Any], today: date | None = None) -> None:
        self._data = data
        self._today = today
        self._region_sources: Mapping[str, Mapping[str, str]] = data.get("region_sources", {})
        self._rates: dict[tuple[str, ...], object] = {}

    @property
    def data(self) -> Mapping[str, Any]:
        """The snapshot data the catalog answers from (never changed by it)."""
        return self._data

    @property
    def today(self) -> date | None:
        """The day "over 90 days old" counts from, if the catalog was given one."""
        return self._today

    @cached_property
    def sources(self) -> dict[str, Source]:
        """Every price source in the snapshot, by id."""
        return {
            key: Source(
                key,
                str(s["title"]),
                str(s["origin"]),
                str(s["published"]),
                str(s.get("kind", BUNDLED_SNAPSHOT)),
            )
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
        """The oldest date among the price sources used (every price is at least that fresh) and
        the kinds of source, `2025-10-30 (bundled snapshot)`; with `today`, prices over 90 days
        old say so. Fixed list prices (the snapshot's EBS gp3) carry their own note instead."""
        used = [self.sources[s] for s in source_ids if s in self.sources and s not in UNDATED]
        if not used:
            return ""
        oldest = min(s.published for s in used)
        kinds = " and ".join(sorted({s.kind for s in used}, key=lambda kind: (kind != PRICE_LIST_API, kind)))
        if self.is_stale(oldest):
            kinds += f"; over {STALE_AFTER_DAYS} days old"
        return f"{oldest} ({kinds})"

    def source_of(self, table: str, region: str) -> str:
        """The id of the source a table's prices for a region come from: the region's refresh if
        it has one, else the snapshot's."""
        return self._region_sources.get(table, {}).get(region, SNAPSHOT_SOURCES.get(table, table))

    def is_stale(self, published: str) -> bool:
        """Whether prices published then are over STALE_AFTER_DAYS old today (never, undated)."""
        if self._today is None:
            return False
        return (self._today - date.fromisoformat(published)).days > STALE_AFTER_DAYS

    def has_prices(self, table: str, region: str) -> bool:
        """Whether the region has its own prices in a table (not a fallback to us-east-1's)."""
        if table == "ebs":
            return region in self._data["ebs_gp3_gb_month"]
        if table == "burstable":
            return region in self._data["burstable"]["surplus_vcpu_hour"]
        return region in self._data.get(table, {})

    def listed_empty(self, table: str, region: str) -> str | None:
        """The source id of a refresh that found nothing for the table there, if one did."""
        found: str | None = self._data.get("listed_empty", {}).get(table, {}).get(region)
        return found

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
