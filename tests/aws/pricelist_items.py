"""PriceList items (GetProducts' format) for every region of a snapshot: the stand-in serves them
for a full update of all regions (bench/bench_prices.py) and for a round trip that reads every
table back exactly. Usage types carry a region prefix, as AWS's do; us-east-1's EC2, Lambda and
ELB types have none, as on AWS. EC2 Windows is not in the snapshot, so no Windows item is made.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from typing import Any

from core.prices.pricelist.tables import (
    EC2_OPERATIONS,
    EC2_SHARED,
    FARGATE_USAGE,
    FARGATE_WINDOWS_USAGE,
    LAMBDA_USAGE,
)

PUBLISHED = "2026-11-20T00:00:00Z"
LAMBDA_TIER_ENDS = {"x86_64": ("6000000000", "15000000000"), "arm64": ("7500000000", "18750000000")}
UNPREFIXED = {"AmazonEC2", "AWSLambda", "AWSELB"}  # us-east-1 usage types without a prefix there


def prefix(code: str, region: str) -> str:
    """A usage-type prefix for a region, AWS's way: `USE1-`, `APS1-`, a zone's `USE1-BOS1-`."""
    if region == "us-east-1" and code in UNPREFIXED:
        return ""
    area, direction, number, *zone = region.split("-")
    segments: list[str] = []
    for token in zone:  # bos-1 is one segment, BOS1; wl1-den1 two, WL1-DEN1
        if token.isdigit() and segments:
            segments[-1] += token
        else:
            segments.append(token)
    return "-".join([f"{area[:2]}{direction[0]}{number}", *segments]).upper() + "-"


def item(
    code: str, region: str, family: str, attributes: Mapping[str, str], dims: list[tuple[str, str, str]]
) -> dict[str, Any]:
    """One PriceList item with On-Demand price dimensions `(begin, end, price)`."""
    sku = hashlib.sha1(f"{code}|{region}|{sorted(attributes.items())}".encode()).hexdigest()[:16].upper()
    dimensions = {
        f"{sku}.JRTCKXETXF.{n}": {
            "beginRange": b,
            "endRange": e,
            "unit": "u",
            "pricePerUnit": {"USD": p},
            "description": "",
        }
        for n, (b, e, p) in enumerate(dims)
    }
    return {
        "product": {
            "productFamily": family,
            "attributes": {"regionCode": region, "servicecode": code, **attributes},
            "sku": sku,
        },
        "serviceCode": code,
        "terms": {
            "OnDemand": {f"{sku}.JRTCKXETXF": {"priceDimensions": dimensions, "offerTermCode": "JRTCKXETXF"}}
        },
        "publicationDate": PUBLISHED,
    }


def one(price: str) -> list[tuple[str, str, str]]:
    return [("0", "Inf", price)]


def tiers(levels: list[list[str | None]]) -> list[tuple[str, str, str]]:
    out, begin = [], "0"
    for end, price in levels:
        out.append((begin, end or "Inf", str(price)))
        begin = end or "Inf"
    return out


def items_from_snapshot(snapshot: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Every table of the snapshot, for every region it has, as the Price List API would list it."""
    found: dict[str, list[dict[str, Any]]] = {}
    for code, made in _all(snapshot):
        found.setdefault(code, []).append(made)
    return found


def _all(snapshot: Mapping[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for region, rates in snapshot["lambda"].items():
        yield from _lambda(region, rates)
    for region, rates in snapshot["fargate"].items():
        px = prefix("AmazonECS", region)
        for key, usage in {**FARGATE_USAGE, **FARGATE_WINDOWS_USAGE}.items():
            if key in rates:
                yield (
                    "AmazonECS",
                    item("AmazonECS", region, "Compute", {"usagetype": px + usage}, one(rates[key])),
                )
    for region, entry in snapshot["ec2"].items():
        yield from _ec2(snapshot, region, entry)
    yield from _overheads(snapshot)


def _lambda(region: str, rates: Mapping[str, str]) -> Iterator[tuple[str, dict[str, Any]]]:
    px = prefix("AWSLambda", region)
    for arch, suffix in (("x86_64", ""), ("arm64", "-ARM")):
        for key, usage in LAMBDA_USAGE.items():
            yield (
                "AWSLambda",
                item(
                    "AWSLambda",
                    region,
                    "Serverless",
                    {"usagetype": px + usage + suffix},
                    one(rates[f"{arch}.{key}"]),
                ),
            )
        ends = LAMBDA_TIER_ENDS[arch]
        dims = [
            ("0", ends[0], rates[f"{arch}.duration_tier1"]),
            (ends[0], ends[1], rates[f"{arch}.duration_tier2"]),
            (ends[1], "Inf", rates[f"{arch}.duration_tier3"]),
        ]
        yield (
            "AWSLambda",
            item("AWSLambda", region, "Serverless", {"usagetype": f"{px}Lambda-GB-Second{suffix}"}, dims),
        )


def _ec2(
    snapshot: Mapping[str, Any], region: str, entry: Mapping[str, Any]
) -> Iterator[tuple[str, dict[str, Any]]]:
    px = prefix("AmazonEC2", region)
    for name, price in entry["prices"].items():
        vcpu, memory, arch, gpus = snapshot["ec2_specs"][name]
        attributes = {
            **dict(EC2_SHARED),
            "operation": EC2_OPERATIONS["linux"],
            "operatingSystem": "Linux",
            "instanceType": name,
            "vcpu": str(vcpu),
            "memory": f"{memory} GiB",
            "physicalProcessor": "AWS Graviton" if arch == "arm64" else "Intel Xeon",
            "gpu": str(gpus),
            "usagetype": f"{px}BoxUsage:{name}",
        }
        yield "AmazonEC2", item("AmazonEC2", region, "Compute Instance", attributes, one(price))


def _overheads(snapshot: Mapping[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for region, family_prices in snapshot["burstable"]["surplus_vcpu_hour"].items():
        for family, price in family_prices.items():
            attributes = {
                "operatingSystem": "Linux",
                "usagetype": f"{prefix('AmazonEC2', region)}CPUCredits:{family}",
            }
            yield "AmazonEC2", item("AmazonEC2", region, "CPU Credits", attributes, one(price))
    for region, price in snapshot["ebs_gp3_gb_month"].items():
        attributes = {
            "volumeApiName": "gp3",
            "usagetype": f"{prefix('AmazonEC2', region)}EBS:VolumeUsage.gp3",
        }
        yield "AmazonEC2", item("AmazonEC2", region, "Storage", attributes, one(price))
    for region, rates in snapshot["natgateway"].items():
        px = prefix("AmazonEC2", region)
        for usage, key in (("NatGateway-Hours", "hour"), ("NatGateway-Bytes", "gb")):
            yield (
                "AmazonEC2",
                item("AmazonEC2", region, "NAT Gateway", {"usagetype": px + usage}, one(rates[key])),
            )
    for region, rates in snapshot["elb"].items():
        px = prefix("AWSELB", region)
        for kind, family in (("alb", "Load Balancer-Application"), ("nlb", "Load Balancer-Network")):
            for usage, key in (("LoadBalancerUsage", "hour"), ("LCUUsage", "capacity_unit_hour")):
                yield (
                    "AWSELB",
                    item("AWSELB", region, family, {"usagetype": px + usage}, one(rates[f"{kind}.{key}"])),
                )
    for region, apis in snapshot["apigateway"].items():
        px = prefix("AmazonApiGateway", region)
        for api, usage in (("http", "ApiGatewayHttpRequest"), ("rest", "ApiGatewayRequest")):
            if api in apis:
                yield (
                    "AmazonApiGateway",
                    item(
                        "AmazonApiGateway", region, "API Calls", {"usagetype": px + usage}, tiers(apis[api])
                    ),
                )
    for region, rates in snapshot["vpc"].items():
        usage = f"{prefix('AmazonVPC', region)}PublicIPv4:InUseAddress"
        yield "AmazonVPC", item("AmazonVPC", region, "", {"usagetype": usage}, one(rates["public_ipv4_hour"]))
    for region, rates in snapshot["cloudwatch_logs"].items():
        px = prefix("AmazonCloudWatch", region)
        yield (
            "AmazonCloudWatch",
            item(
                "AmazonCloudWatch",
                region,
                "Data Payload",
                {"usagetype": px + "DataProcessing-Bytes"},
                one(rates["ingestion_gb"]),
            ),
        )
        yield (
            "AmazonCloudWatch",
            item(
                "AmazonCloudWatch",
                region,
                "Data Payload",
                {"usagetype": px + "VendedLog-Bytes"},
                tiers(rates["vended_gb"]),
            ),
        )
