"""Benchmark a full price update, and answers on the prices it stored.

    python bench/bench_prices.py

1. `prices update --savings-plans` for every region of the snapshot against the local Price List
   and Savings Plans stand-in (tests/aws/pricelist_stub.py), serving every table of the bundled
   snapshot as PriceList items (and illustrative Savings Plans rates for each of them): the calls
   and the time it takes, and what a real update would take at the API's pace.
2. Cold `compute-advisor estimate` with those prices in a SQLite DATABASE_URL, against the
   snapshot alone (target < 0.3 s).
3. Advice p99 on a catalog with the stored prices laid over the snapshot, against the snapshot
   alone (target < 2 ms).

Prints figures and ratios measured in this one run; it passes or fails nothing.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.aws (the stand-in)

from bench_advise import P99_TARGET_MS, REGIONS, advise_times_ms, generated_workloads
from bench_estimate import COLD_TARGET_S, timed

from bot.price_updates import update_prices
from bot.prices import bundled_catalog, catalog_from, snapshot_data, stored_tables
from bot.storage import make_engine
from bot.storage.schema import migrate
from core.aws import make_session
from tests.aws.pricelist_items import items_from_snapshot
from tests.aws.pricelist_stub import PriceListStub, pointed_at_stub, serving

WORKLOADS = 5_000
SP_FRACTIONS_OFF = {1: Decimal("0.28"), 3: Decimal("0.50")}  # illustrative, one payment option


def savings_plans_rates(snapshot: Any) -> list[dict[str, Any]]:
    """An EC2 Linux rate per type, region and term (no upfront): the volume of a real answer."""
    rates = []
    for region, entry in snapshot["ec2"].items():
        for name, price in entry["prices"].items():
            for years, off in SP_FRACTIONS_OFF.items():
                rates.append(
                    {
                        "savingsPlanOffering": {
                            "paymentOption": "No Upfront",
                            "planType": "Compute",
                            "durationSeconds": 31_536_000 * years,
                            "currency": "USD",
                        },
                        "rate": str(Decimal(price) * (1 - off)),
                        "productType": "EC2",
                        "serviceCode": "AmazonEC2",
                        "usageType": f"BoxUsage:{name}",
                        "operation": "RunInstances",
                        "properties": [
                            {"name": "region", "value": region},
                            {"name": "instanceType", "value": name},
                            {"name": "tenancy", "value": "shared"},
                        ],
                    }
                )
    return rates


def full_update(database: Path) -> None:
    snapshot = snapshot_data()
    stub = PriceListStub(items=items_from_snapshot(snapshot), rates=savings_plans_rates(snapshot))
    regions = bundled_catalog().regions()
    engine = make_engine(f"sqlite:///{database}")
    migrate(engine)
    with serving(stub) as endpoint, pointed_at_stub(endpoint):
        outcome = update_prices(make_session(None, None), engine, regions, savings_plans=True)
    engine.dispose()
    refresh = outcome.refresh
    products = sum(len(v) for v in stub.items.values())
    rates = len(stub.rates)
    print(
        f"full update, {len(regions)} regions, {products:,} PriceList items, {rates:,} Savings Plans rates:"
    )
    rate = refresh.calls / outcome.seconds
    print(f"  {refresh.calls:,} calls in {outcome.seconds:.1f} s ({rate:,.0f} calls/s)")
    print(f"  {len(refresh.priced)} tables read (priced or listed empty), {len(refresh.failed)} failed")
    print(f"  stored: {outcome.stored}")
    print(
        f"  at 10 calls/s (a cautious pace for the real API) it would take {refresh.calls / 10 / 60:.1f} min"
    )
    print(f"  database: {database.stat().st_size / 1e6:.1f} MB")


def cold_estimates(database: Path) -> None:
    args = [
        sys.executable,
        "-m",
        "bot",
        "estimate",
        "lambda",
        "requests=3M",
        "duration=120ms",
        "memory=1536MB",
    ]
    urls = {"snapshot only": "sqlite:////nonexistent/none.db", "stored prices": f"sqlite:///{database}"}
    for label, url in urls.items():
        env = {**os.environ, "DATABASE_URL": url}

        def estimate(env: dict[str, str] = env) -> None:
            subprocess.run(args, check=True, capture_output=True, env=env)

        cold = statistics.median(timed(estimate, 15))
        ratio = cold / COLD_TARGET_S
        print(f"cold `estimate`, {label}: median {cold * 1e3:.0f} ms; ratio to target {ratio:.2f}")


def advice_p99(database: Path) -> None:
    workloads = generated_workloads(WORKLOADS)
    for label, catalog in (
        ("snapshot only", bundled_catalog()),
        ("stored prices", catalog_from(stored_tables(f"sqlite:///{database}"))),
    ):
        for region in REGIONS:
            catalog.ec2_types(region)
        advise_times_ms(workloads[:200], catalog)
        best = min(statistics.quantiles(advise_times_ms(workloads, catalog), n=100)[98] for _ in range(2))
        print(f"advice, {label}: best p99 {best:.3f} ms; ratio to target {best / P99_TARGET_MS:.2f}")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "prices.db"
        full_update(database)
        cold_estimates(database)
        advice_p99(database)


if __name__ == "__main__":
    main()
