"""A catalog with Compute Savings Plans rates stored for us-east-1 and eu-west-1 (from the real
offering rates in tests/data), laid over the bundled snapshot, for the tests of commitments."""

import json
from datetime import date
from importlib import resources
from pathlib import Path

from core.aws.savings_plans import offering_rate
from core.prices.catalog import PriceCatalog
from core.prices.overlay import StoredTable, overlay
from core.prices.savings import savings_plans_entry

SNAPSHOT = json.loads(resources.files("core").joinpath("data/prices.json").read_text())
RATES = json.loads((Path(__file__).parent.parent / "data" / "savings_plans_rates.json").read_text())[
    "searchResults"
]
STORED_ON = "2026-11-29"


def stored(region: str) -> StoredTable:
    """The rates of one region, as `prices update --savings-plans` stores them."""
    mine = [offering_rate(r) for r in RATES if {"name": "region", "value": region} in r["properties"]]
    return StoredTable("savings_plans", region, STORED_ON, savings_plans_entry(mine))


def plan_catalog() -> PriceCatalog:
    """The snapshot with rates stored for us-east-1 and eu-west-1 only."""
    return PriceCatalog(
        overlay(SNAPSHOT, [stored("us-east-1"), stored("eu-west-1")]), today=date(2026, 11, 29)
    )
