"""The bundled snapshot with the prices a Price List refresh stored laid over it, table by table and
region by region: anything never refreshed keeps the snapshot's price and source.

Each stored table and region gets its own source (`pricelist.<table>.<region>`), dated by the
publication date of the price list it came from, so an answer's "prices as of" names the Price
List API and that date exactly where it used those prices. A table the API listed nothing for in
a region is recorded (its source exists) but prices nothing: the snapshot's price, if any, stays.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from core.prices.pricelist.tables import TABLES_BY_NAME
from core.prices.rates import PRICE_LIST_API

PRICE_LIST_ORIGIN = "AWS Price List Query API (pricing:GetProducts)"
SAVINGS_PLANS_API = "Savings Plans API"
SAVINGS_PLANS_ORIGIN = "AWS Savings Plans API (savingsplans:DescribeSavingsPlansOfferingRates)"
SAVINGS_PLANS = "savings_plans"


class LazyEntry(Mapping[str, Any]):
    """A stored entry parsed on first use: an answer reads one region's prices, so a cold command
    doesn't decode every region's (all of EC2's types, say) to answer about one."""

    def __init__(self, build: Callable[[], Mapping[str, Any]]) -> None:
        self._build = build
        self._built: Mapping[str, Any] | None = None

    @classmethod
    def of_json(cls, text: str) -> LazyEntry:
        """An entry stored as JSON text."""
        return cls(lambda: json.loads(text))

    def _entry(self) -> Mapping[str, Any]:
        if self._built is None:
            self._built = self._build()
        return self._built

    def __getitem__(self, key: str) -> Any:
        return self._entry()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entry())

    def __len__(self) -> int:
        return len(self._entry())


@dataclass(frozen=True, slots=True)
class StoredTable:
    """One table's prices for one region, as a refresh stored them (entry None: listed nothing)."""

    table: str
    region: str
    published: str
    entry: Mapping[str, Any] | None

    @classmethod
    def from_row(cls, table: str, region: str, published: str, entry_json: str | None) -> StoredTable:
        """A stored row (its entry as JSON text, NULL for listed-nothing) as the overlay takes it."""
        return cls(table, region, published, None if entry_json is None else LazyEntry.of_json(entry_json))


def source_id(table: str, region: str) -> str:
    """The source id of a refreshed table in a region."""
    return f"pricelist.{table}.{region}"


def overlay(snapshot: Mapping[str, Any], stored: Sequence[StoredTable]) -> dict[str, Any]:
    """A copy of `snapshot` with every stored table laid over it; `snapshot` is not changed."""
    # Each table is copied once, here; merging then sets regions in the copies (never in the
    # snapshot's own dicts, whose values are replaced, not changed).
    data = {key: copy.copy(value) if isinstance(value, dict) else value for key, value in snapshot.items()}
    data["burstable"] = {
        **snapshot["burstable"],
        "surplus_vcpu_hour": dict(snapshot["burstable"]["surplus_vcpu_hour"]),
    }
    data["region_sources"] = {}
    data["listed_empty"] = {}
    for table in stored:
        sid = source_id(table.table, table.region)
        data["sources"][sid] = _source(table)
        if table.entry is None:
            data["listed_empty"].setdefault(table.table, {})[table.region] = sid
            continue
        data["regions"].setdefault(table.region, table.region)  # a region newer than the snapshot
        _MERGE.get(table.table, _merge_plain)(data, table, sid)
    return data


def _source(table: StoredTable) -> dict[str, str]:
    if table.table == SAVINGS_PLANS:
        title, origin, kind = "Compute Savings Plans rates", SAVINGS_PLANS_ORIGIN, SAVINGS_PLANS_API
    else:
        spec = TABLES_BY_NAME.get(table.table)
        title, origin, kind = (spec.title if spec else table.table), PRICE_LIST_ORIGIN, PRICE_LIST_API
    return {"title": f"{title}, {table.region}", "origin": origin, "published": table.published, "kind": kind}


def _merge_plain(data: dict[str, Any], table: StoredTable, sid: str) -> None:
    """Tables keyed by region whose entry is the snapshot's entry (lambda, fargate, elb, ...)."""
    data.setdefault(table.table, {})[table.region] = _entry(table)
    data["region_sources"].setdefault(table.table, {})[table.region] = sid


def _merge_ec2(data: dict[str, Any], table: StoredTable, sid: str) -> None:
    """The region's EC2 entry, still lazy: its own specs come with it (the catalog keeps the
    snapshot's specs for the types the snapshot knows)."""
    entry = _entry(table)
    data["ec2"][table.region] = LazyEntry(lambda: {**entry, "source": sid, "source_by_type": {}})


def _merge_credits(data: dict[str, Any], table: StoredTable, sid: str) -> None:
    data["burstable"]["surplus_vcpu_hour"][table.region] = _entry(table)
    data["region_sources"].setdefault("burstable", {})[table.region] = sid


def _merge_ebs(data: dict[str, Any], table: StoredTable, sid: str) -> None:
    data["ebs_gp3_gb_month"][table.region] = _entry(table)["gb_month"]
    data["region_sources"].setdefault("ebs", {})[table.region] = sid


def _entry(table: StoredTable) -> Mapping[str, Any]:
    # `is None`, not truthiness: asking a lazy entry whether it is empty would parse it
    return {} if table.entry is None else table.entry


_MERGE = {"ec2": _merge_ec2, "burstable": _merge_credits, "ebs": _merge_ebs}
