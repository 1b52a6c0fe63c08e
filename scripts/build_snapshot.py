"""Build the bundled price snapshot (core/data/prices.json) from the shared AWS price data.

    python scripts/build_snapshot.py --prices ../shared/prices --out core/data/prices.json

Lambda and Fargate come from AWS's own pricing-page price maps (raw/), read with the project's
price-map parser, and are checked rate by rate against the per-region tables beside them. EC2 comes
from the 2025-11 table for every region, except us-east-1, where the newer 2026-07-20 Price List
table wins; its `.metal` prices are dedicated tenancy, so `.metal` keeps the 2025-11 shared-tenancy
price. Instance types without specs are left out. Prices are written as exact decimal strings.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from core.prices.pricemap import location_codes, parse_price_map

LAMBDA_LABELS = {
    "requests": "Lambda Requests",
    "duration_tier1": "Lambda Duration",
    "duration_tier2": "Lambda Duration Tier2",
    "duration_tier3": "Lambda Duration Tier3",
    "storage": "Lambda Storage-Duration",
    "provisioned_concurrency": "Lambda Provisioned-Concurrency",
    "provisioned_duration": "Lambda Duration-Provisioned",
}
FARGATE_LABELS = {
    "x86_64.vcpu_hour": "perCPU per hour",
    "x86_64.gb_hour": "perGB per hour",
    "arm64.vcpu_hour": "ARM perCPU per hour",
    "arm64.gb_hour": "ARM perGB per hour",
    "windows.vcpu_hour": "perCPU per hour Windows",
    "windows.license_vcpu_hour": "perCPU OS License Fee per hour Windows",
    "windows.gb_hour": "perGB per hour Windows",
    "storage_gb_hour": "Storage per GB-Hours",
}
# From ../shared/prices/README.md: Fargate Spot samples of 2026-09-28, USD per vCPU-hour / GB-hour.
FARGATE_SPOT_SAMPLES = {
    "us-east-1": {
        "x86_64.vcpu_hour": "0.01288871",
        "x86_64.gb_hour": "0.00141527",
        "arm64.vcpu_hour": "0.01030969",
        "arm64.gb_hour": "0.00113349",
    },
    "eu-west-1": {
        "x86_64.vcpu_hour": "0.01224056",
        "x86_64.gb_hour": "0.0013441",
        "arm64.vcpu_hour": "0.00979124",
        "arm64.gb_hour": "0.00107649",
    },
}
# EBS gp3 storage, USD per GB-month (AWS EBS pricing page; unchanged since gp3's launch in 2020).
EBS_GP3_GB_MONTH = {"us-east-1": "0.08", "us-east-2": "0.08", "us-west-2": "0.08"}
ARCH_NAMES = {"amd64": "x86_64", "arm64": "arm64"}
NEWEST_EC2_REGION = "us-east-1"


def _load(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle, parse_float=Decimal)


def _text(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _arch_labels(labels: Mapping[str, str]) -> dict[str, str]:
    """Lambda labels for both architectures: the Arm label inserts '-ARM' after the dimension."""
    out = {f"x86_64.{k}": v for k, v in labels.items()}
    for key, label in labels.items():
        head, _, tier = label.partition(" Tier")
        out[f"arm64.{key}"] = f"{head}-ARM" + (f" Tier{tier}" if tier else "")
    return out


def _pick(prices: Mapping[str, Decimal], labels: Mapping[str, str]) -> dict[str, str] | None:
    if not all(label in prices for label in labels.values()):
        return None
    return {key: _text(prices[label]) for key, label in labels.items()}


def _check_against_table(name: str, parsed: Mapping[str, Mapping[str, Decimal]], table: Any) -> None:
    """Every rate in the per-region table must equal the price map's, or the build stops."""
    for region, rates in table["regions"].items():
        for label, price in rates.items():
            got = parsed.get(region, {}).get(label)
            if got != price:
                sys.exit(f"{name}: {region} {label!r}: table says {price}, price map says {got}")


def build_service(
    raw: Path, table: Path, labels: Mapping[str, str], locs: Mapping[str, str]
) -> tuple[dict[str, dict[str, str]], str]:
    """Rates by region for one service, and the price map's publication date."""
    price_map = parse_price_map(_load(raw), locs)
    _check_against_table(raw.name, price_map.prices, _load(table))
    by_region = {
        region: picked
        for region, prices in sorted(price_map.prices.items())
        if (picked := _pick(prices, labels)) is not None
    }
    return by_region, price_map.published


def _optional_windows(prices: Mapping[str, Decimal]) -> dict[str, str]:
    keys = [k for k in FARGATE_LABELS if not k.startswith("windows.")]
    picked = _pick(prices, {k: FARGATE_LABELS[k] for k in keys}) or {}
    windows = _pick(prices, {k: v for k, v in FARGATE_LABELS.items() if k.startswith("windows.")})
    return picked | (windows or {})


def build_fargate(raw: Path, table: Path, locs: Mapping[str, str]) -> tuple[dict[str, dict[str, str]], str]:
    """Fargate rates by region; Windows rates only where AWS offers Windows on Fargate."""
    price_map = parse_price_map(_load(raw), locs)
    _check_against_table(raw.name, price_map.prices, _load(table))
    return {
        region: rates
        for region, prices in sorted(price_map.prices.items())
        if "x86_64.vcpu_hour" in (rates := _optional_windows(prices))
    }, price_map.published


def build_ec2(prices_dir: Path) -> tuple[dict[str, Any], dict[str, list[Any]], dict[str, Any]]:
    """EC2 prices by region (with the source of each), specs by type, and the sources."""
    specs_doc = _load(prices_dir / "ec2_instance_specs.json")
    regional = _load(prices_dir / "ec2_ondemand_linux_by_region_2025-11.json")
    newest = _load(prices_dir / "ec2_us-east-1_ondemand_karpenter_2026-07-20.json")
    specs = {
        name: [
            int(s["vcpu"]),
            _text(Decimal(s["memory_gib"])),
            ARCH_NAMES[s["arch"]],
            int(s["gpu_count"]),
        ]
        for name, s in sorted(specs_doc["types"].items())
    }
    ec2: dict[str, Any] = {}
    for region, prices in sorted(regional["regions"].items()):
        kept = {t: _text(p) for t, p in sorted(prices.items()) if t in specs}
        ec2[region] = {"source": "ec2_regional", "prices": kept, "source_by_type": {}}
    base = ec2[NEWEST_EC2_REGION]
    for name, entry in sorted(newest["instances"].items()):
        if name in specs and not name.endswith(".metal"):
            base["prices"][name] = _text(entry["price_usd_per_hour"])
    base["source"] = "ec2_us_east_1"
    base["source_by_type"] = {t: "ec2_regional" for t in base["prices"] if t.endswith(".metal")}
    base["prices"] = dict(sorted(base["prices"].items()))
    sources = {
        "ec2_regional": {
            "title": "EC2 On-Demand Linux, shared tenancy, by region",
            "origin": str(regional["source"]),
            "published": "2025-11-03",
        },
        "ec2_us_east_1": {
            "title": "EC2 On-Demand Linux, us-east-1 (AWS Price List API via Karpenter)",
            "origin": str(newest["source"]),
            "published": str(newest["generated_at"])[:10],
        },
        "ec2_specs": {
            "title": "EC2 instance specs: vCPU, memory, architecture, GPUs",
            "origin": str(specs_doc["source"]),
            "published": "2026-07-11",
        },
    }
    return ec2, specs, sources


def build(prices_dir: Path) -> dict[str, Any]:
    """The whole snapshot, as a JSON-ready dict."""
    raw = prices_dir / "raw"
    locations = _load(raw / "aws-price_locations.json")
    locs = location_codes(locations)
    lambda_rates, lambda_date = build_service(
        raw / "aws-price_lambda.json",
        prices_dir / "lambda_by_region_2025-10-30.json",
        _arch_labels(LAMBDA_LABELS),
        locs,
    )
    fargate_rates, fargate_date = build_fargate(
        raw / "aws-price_ecs.json", prices_dir / "fargate_by_region_2025-10-27.json", locs
    )
    ec2, specs, ec2_sources = build_ec2(prices_dir)
    names = {str(e["code"]): str(e["name"]) for e in locations.values()}
    regions = sorted(set(lambda_rates) | set(fargate_rates) | set(ec2))
    return {
        "schema": 1,
        "sources": {
            "lambda": {
                "title": "AWS Lambda price map (lambda.json)",
                "origin": "AWS pricing-page price map, public copy lamngockhuong/aws-price",
                "published": lambda_date,
            },
            "fargate": {
                "title": "AWS Fargate price map (ecs.json)",
                "origin": "AWS pricing-page price map, public copy lamngockhuong/aws-price",
                "published": fargate_date,
            },
            "fargate_spot": {
                "title": "Fargate Spot price samples (the price floats)",
                "origin": "shared/prices/README.md samples",
                "published": "2026-09-28",
            },
            "ebs": {
                "title": "EBS gp3 storage, USD per GB-month",
                "origin": "AWS EBS pricing page (gp3 list price since launch, 2020-12-01)",
                "published": "2020-12-01",
            },
            **ec2_sources,
        },
        "regions": {code: names.get(code, code) for code in regions},
        "lambda": lambda_rates,
        "fargate": fargate_rates,
        "fargate_spot": FARGATE_SPOT_SAMPLES,
        "ebs_gp3_gb_month": EBS_GP3_GB_MONTH,
        "ec2_specs": specs,
        "ec2": ec2,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prices", type=Path, default=Path("../shared/prices"))
    parser.add_argument("--out", type=Path, default=Path("core/data/prices.json"))
    args = parser.parse_args(argv)
    snapshot = build(args.prices)
    text = json.dumps(snapshot, sort_keys=True, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    counts = {k: len(snapshot[k]) for k in ("regions", "lambda", "fargate", "ec2", "ec2_specs")}
    print(f"wrote {args.out} ({len(text):,} bytes): {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
