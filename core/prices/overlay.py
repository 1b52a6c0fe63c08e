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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from core.prices.pricelist.tables import TABLES_BY_NAME
from core.prices.rates import PRICE_LIST_API

PRICE_LIST_ORIGIN = "AWS Price List Query API (pricing:GetProducts)"


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
        return cls(table, region, published, None if entry_json is None else json.loads(entry_json))


def source_id(table: str, region: str) -> str:
    """The source id of a refreshed table in a region."""
    return f"pricelist.{table}.{region}"


def overlay(snapshot: Mapping[str, Any], stored: Sequence[StoredTable]) -> dict[str, Any]:
    """A copy of `snapshot` with every stored table laid over it; `snapshot` is not changed."""
    data = {key: copy.copy(value) if isinstance(value, dict) else value for key, value in snapshot.items()}
    data["sources"] = dict(snapshot["sources"])
    data["regions"] = dict(snapshot["regions"])
    data["region_sources"] = {}
    data["listed_empty"] = {}
    for table in stored:
        sid = source_id(table.table, table.region)
        title = TABLES_BY_NAME[table.table].title if table.table in TABLES_BY_NAME else table.table
        data["sources"][sid] = {
            "title": f"{title}, {table.region}",
            "origin": PRICE_LIST_ORIGIN,
            "published": table.published,
            "kind": PRICE_LIST_API,
        }
        if table.entry is None:
            data["listed_empty"].setdefault(table.table, {})[table.region] = sid
            continue
        data["regions"].setdefault(table.region, table.region)  # a region newer than the snapshot
        _MERGE.get(table.table, _merge_plain)(data, table, sid)
    return data


def _merge_plain(data: dict[str, Any], table: StoredTable, sid: str) -> None:
    """Tables keyed by region whose entry is the snapshot's entry (lambda, fargate, elb, ...)."""
    data[table.table] = {**data.get(table.table, {}), table.region: dict(table.entry or {})}
    data["region_sources"].setdefault(table.table, {})[table.region] = sid


def _merge_ec2(data: dict[str, Any], table: StoredTable, sid: str) -> None:
    entry = table.entry or {}
    specs = dict(data["ec2_specs"])
    for name, spec in entry.get("specs", {}).items():
        specs.setdefault(name, spec)  # the snapshot's specs stay for the types it knows
    data["ec2_specs"] = specs
    data["ec2"] = {
        **data["ec2"],
        table.region: {
            "prices": dict(entry["prices"]),
            "windows": dict(entry.get("windows", {})),
            "source": sid,
            "source_by_type": {},
        },
    }


def _merge_credits(data: dict[str, Any], table: StoredTable, sid: str) -> None:
    burstable = dict(data["burstable"])
    burstable["surplus_vcpu_hour"] = {**burstable["surplus_vcpu_hour"], table.region: dict(table.entry or {})}
    data["burstable"] = burstable
    data["region_sources"].setdefault("burstable", {})[table.region] = sid


def _merge_ebs(data: dict[str, Any], table: StoredTable, sid: str) -> None:
    data["ebs_gp3_gb_month"] = {**data["ebs_gp3_gb_month"], table.region: (table.entry or {})["gb_month"]}
    data["region_sources"].setdefault("ebs", {})[table.region] = sid


_MERGE = {"ec2": _merge_ec2, "burstable": _merge_credits, "ebs": _merge_ebs}
