"""Build the bundled price snapshot (core/data/prices.json) from the shared AWS price data.

    python scripts/build_snapshot.py --prices ../shared/prices --out core/data/prices.json

Lambda and Fargate come from AWS's own pricing-page price maps (raw/), read with the project's
price-map parser, and are checked rate by rate against the per-region tables beside them. EC2 comes
from the 2025-11 table for every region, except us-east-1, where the newer 2026-07-20 Price List
table wins; its `.metal` prices are dedicated tenancy, so `.metal` keeps the 2025-11 shared-tenancy
price. Instance types without specs are left out. Prices are written as exact decimal strings.

The front door and overheads (API Gateway, public IPv4, NAT gateway, CloudWatch Logs ingestion)
come from their own price maps in raw/, for the regions that have compute prices. Elastic Load
Balancing (us-east-1 only, until a Price List refresh), and the burstable T types' baselines and
surplus-credit price are facts from AWS's pages, kept below with their sources.

    python scripts/build_snapshot.py --from-api [--regions us-east-1,eu-west-1]

reads the AWS Price List API instead (boto3's usual credentials) and lays every table it read over
the snapshot already at --out, region by region, each with its own dated source; nothing is
written unless every table in every region was read.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from core.aws.pricelist import pricing_client, refresh_prices
from core.aws.session import make_session
from core.prices.overlay import StoredTable, overlay
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
# Tiers as (upper bound, label): a bound counts from the month's first unit, so REST API's "next 667
# million" ends at 1 billion. Vended Logs bounds are GB (AWS's TB here is 1,024 GB, as its
# "IA Vended ingested logs from 0 upto 10240" labels show).
APIGATEWAY_TIERS: dict[str, tuple[tuple[int | None, str], ...]] = {
    "http": (
        (300_000_000, "ApiGatewayHttpApi First 300 million"),
        (None, "ApiGatewayHttpApi more than 300 million"),
    ),
    "rest": (
        (333_000_000, "API Calls Number of up to 333 million"),
        (1_000_000_000, "API Calls Number of Request Next 667 million"),
        (20_000_000_000, "API Calls Number of Request Next 19 billion"),
        (None, "API Calls Number of Request Over 20 billion"),
    ),
}
VENDED_LOG_TIERS_GB: tuple[tuple[int | None, str], ...] = (
    (10_240, "Vended Logs First 10TB"),
    (30_720, "Vended Logs Next 20TB"),
    (51_200, "Vended Logs Next Next 20TB"),
    (None, "Vended Logs over 50TB"),
)
VPC_LABELS = {"public_ipv4_hour": "Hourly charge for In use Public IPv4 Addresses per Hrs"}
NAT_LABELS = {
    "hour": "Hourly charge for NAT Gateways",
    "gb": "Charge for per GB data processed by NatGateways",
}
LOG_LABELS = {"ingestion_gb": "Logs Collected Data Ingestion"}
# Elastic Load Balancing, us-east-1, from ../shared/prices/README.md (AWS ELB pricing page): USD per
# ALB/NLB-hour and per LCU/NLCU-hour. Other regions fall back to these until a Price List refresh.
ELB_US_EAST_1 = {
    "alb.hour": "0.0225",
    "alb.capacity_unit_hour": "0.008",
    "nlb.hour": "0.0225",
    "nlb.capacity_unit_hour": "0.006",
}
# Baseline utilization per vCPU of each burstable type: AWS EC2 User Guide, "Key concepts for
# burstable performance instances", credit table (credits earned per hour / vCPUs / 60).
BURSTABLE_BASELINE = {
    "t2.nano": "0.05",
    "t2.micro": "0.1",
    "t2.small": "0.2",
    "t2.medium": "0.2",
    "t2.large": "0.3",
    "t2.xlarge": "0.225",
    "t2.2xlarge": "0.17",
    **{
        f"{family}.{size}": share
        for family in ("t3", "t3a", "t4g")
        for size, share in (
            ("nano", "0.05"),
            ("micro", "0.1"),
            ("small", "0.2"),
            ("medium", "0.2"),
            ("large", "0.3"),
            ("xlarge", "0.4"),
            ("2xlarge", "0.4"),
        )
    },
}
# Unlimited mode's surplus CPU credits, Linux, USD per vCPU-hour: AWS EC2 On-Demand pricing page,
# "T2/T3/T4g Unlimited Mode Pricing". Other regions fall back to these, and the answer says so.
BURSTABLE_SURPLUS_VCPU_HOUR = {"us-east-1": {"t2": "0.05", "t3": "0.05", "t3a": "0.05", "t4g": "0.04"}}
NOTES_READ = "2026-11-29"  # the day the team's price notes (ELB, burstable facts) were read
PRICE_MAP_ORIGIN = "AWS pricing-page price map, public copy lamngockhuong/aws-price"
ARCH_NAMES = {"amd64": "x86_64", "arm64": "arm64"}
NEWEST_EC2_REGION = "us-east-1"


def _load(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle, parse_float=Decimal)


def _text(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _json_value(value: object) -> object:
    """What JSON can't write as it is: a Decimal as its exact text, a read-on-use Mapping as a dict."""
    return dict(value) if isinstance(value, Mapping) else _text(Decimal(str(value)))


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


def _tiers(prices: Mapping[str, Decimal], tiers: tuple[tuple[int | None, str], ...]) -> list[Any] | None:
    """`[[upper bound or None, price], ...]` if every tier's label is priced, else None."""
    if not all(label in prices for _, label in tiers):
        return None
    return [[None if bound is None else str(bound), _text(prices[label])] for bound, label in tiers]


def build_price_map(
    raw: Path, locs: Mapping[str, str], pick: Callable[[Mapping[str, Decimal]], dict[str, Any] | None]
) -> tuple[dict[str, dict[str, Any]], str]:
    """What `pick` takes from each region of a price map (regions it returns nothing for are left
    out), and the map's publication date."""
    price_map = parse_price_map(_load(raw), locs)
    by_region = {
        region: picked for region, prices in sorted(price_map.prices.items()) if (picked := pick(prices))
    }
    return by_region, price_map.published


def pick_apigateway(prices: Mapping[str, Decimal]) -> dict[str, Any] | None:
    """HTTP API and REST API request tiers; a region without HTTP API keeps its REST tiers."""
    return {api: t for api, spec in APIGATEWAY_TIERS.items() if (t := _tiers(prices, spec)) is not None}


def pick_logs(prices: Mapping[str, Decimal]) -> dict[str, Any] | None:
    """Standard log ingestion per GB and the tiered Vended Logs rates, where both are priced."""
    standard, vended = _pick(prices, LOG_LABELS), _tiers(prices, VENDED_LOG_TIERS_GB)
    return None if standard is None or vended is None else standard | {"vended_gb": vended}


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


def _price_map_source(title: str, published: str) -> dict[str, str]:
    return {"title": title, "origin": PRICE_MAP_ORIGIN, "published": published}


def build_overheads(raw: Path, locs: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The front-door and overhead tables from their price maps, and their sources."""
    apigateway, apigateway_date = build_price_map(raw / "aws-price_apigateway.json", locs, pick_apigateway)
    vpc, vpc_date = build_price_map(raw / "aws-price_vpc.json", locs, lambda p: _pick(p, VPC_LABELS))
    nat, nat_date = build_price_map(raw / "aws-price_natgateway.json", locs, lambda p: _pick(p, NAT_LABELS))
    logs, logs_date = build_price_map(raw / "aws-price_cloudwatch.json", locs, pick_logs)
    tables = {"apigateway": apigateway, "vpc": vpc, "natgateway": nat, "cloudwatch_logs": logs}
    sources = {
        "apigateway": _price_map_source("Amazon API Gateway price map (apigateway.json)", apigateway_date),
        "vpc": _price_map_source("Amazon VPC price map (vpc.json): public IPv4", vpc_date),
        "natgateway": _price_map_source("NAT gateway price map (natgateway.json)", nat_date),
        "cloudwatch": _price_map_source("Amazon CloudWatch price map (cloudwatch.json): logs", logs_date),
    }
    return tables, sources


FACT_SOURCES = {
    "elb": {
        "title": "Elastic Load Balancing, us-east-1: ALB and NLB hours and capacity units",
        "origin": "AWS ELB pricing page (aws.amazon.com/elasticloadbalancing/pricing/), as quoted in the "
        "team's shared price notes",
        "published": NOTES_READ,
    },
    "burstable_baseline": {
        "title": "Burstable T types: baseline utilization per vCPU",
        "origin": "AWS EC2 User Guide, Key concepts for burstable performance instances (credit table)",
        "published": NOTES_READ,
    },
    "burstable": {
        "title": "Burstable T types: unlimited-mode surplus CPU credits, Linux, per vCPU-hour",
        "origin": "AWS EC2 On-Demand pricing page, T2/T3/T4g Unlimited Mode Pricing",
        "published": NOTES_READ,
    },
}


def _only(regions: set[str], tables: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each table cut to the regions that have compute prices (a price map also lists places the
    snapshot has nothing else for)."""
    return {name: {r: v for r, v in table.items() if r in regions} for name, table in tables.items()}


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
    overheads, overhead_sources = build_overheads(raw, locs)
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
            **overhead_sources,
            **FACT_SOURCES,
        },
        "regions": {code: names.get(code, code) for code in regions},
        "lambda": lambda_rates,
        "fargate": fargate_rates,
        "fargate_spot": FARGATE_SPOT_SAMPLES,
        "ebs_gp3_gb_month": EBS_GP3_GB_MONTH,
        "ec2_specs": specs,
        "ec2": ec2,
        **_only(set(regions), overheads),
        "elb": {"us-east-1": ELB_US_EAST_1},
        "burstable": {
            "baseline_per_vcpu": BURSTABLE_BASELINE,
            "surplus_vcpu_hour": BURSTABLE_SURPLUS_VCPU_HOUR,
        },
    }


def from_api(snapshot: Mapping[str, Any], regions: Sequence[str], session: Any = None) -> dict[str, Any]:
    """`snapshot` with every table the Price List API lists for `regions` laid over it. The new
    sources stay the snapshot's kind (what ships is a snapshot, however it was read); their
    origin says they came from the API. Exits naming what failed if anything did."""
    refresh = refresh_prices(pricing_client(session or make_session(None, None)), regions)
    if not refresh.complete:
        sys.exit(
            "Price List API read failed, nothing written:\n" + "\n".join(f"  {f}" for f in refresh.failed)
        )
    data = overlay(snapshot, [StoredTable(p.table, p.region, p.published, p.entry) for p in refresh.priced])
    for source in data["sources"].values():
        if source.pop("kind", None) is not None:
            source["origin"] += ", read by scripts/build_snapshot.py --from-api"
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prices", type=Path, default=Path("../shared/prices"))
    parser.add_argument("--out", type=Path, default=Path("core/data/prices.json"))
    parser.add_argument("--from-api", action="store_true", help="read the AWS Price List API into --out")
    parser.add_argument("--regions", help="with --from-api: these regions (default: every region in --out)")
    args = parser.parse_args(argv)
    if args.from_api:
        base = _load(args.out)
        regions = args.regions.split(",") if args.regions else sorted(base["regions"])
        snapshot = from_api(base, regions)
    else:
        snapshot = build(args.prices)
    text = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), default=_json_value)
    args.out.write_text(text + "\n", encoding="utf-8")
    tables = ("regions", "lambda", "fargate", "ec2", "ec2_specs", "apigateway", "vpc", "natgateway")
    counts = {k: len(snapshot[k]) for k in (*tables, "cloudwatch_logs")}
    print(f"wrote {args.out} ({len(text):,} bytes): {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
