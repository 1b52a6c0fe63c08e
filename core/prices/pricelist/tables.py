"""What a refresh asks the Price List API for each table of the snapshot, and how a region's items
become that table's entry for the region (the same shape scripts/build_snapshot.py writes).

Usage types are AWS's, without their region prefix; each table names the ones it reads, so a new
product AWS adds under the same service is ignored rather than mistaken for a price we use.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from core.prices.pricelist.items import PriceItem, PriceListError
from core.prices.pricelist.picking import by_usage, one_price, required, text, tiered_price
from core.prices.pricelist.usage import Query

Entry = dict[str, Any]

LAMBDA_USAGE = {
    "requests": "Request",
    "storage": "Lambda-Storage-GB-Second",
    "provisioned_concurrency": "Lambda-Provisioned-Concurrency",
    "provisioned_duration": "Lambda-Provisioned-GB-Second",
}
LAMBDA_DURATION = "Lambda-GB-Second"
# The duration tiers core/costs/aws_lambda.py bills at, in GB-seconds a month (Lambda pricing page).
LAMBDA_TIER_ENDS = {
    "x86_64": [str(6 * 10**9), str(15 * 10**9), None],
    "arm64": [str(75 * 10**8), str(1875 * 10**7), None],
}
FARGATE_USAGE = {
    "x86_64.vcpu_hour": "Fargate-vCPU-Hours:perCPU",
    "x86_64.gb_hour": "Fargate-GB-Hours",
    "arm64.vcpu_hour": "Fargate-ARM-vCPU-Hours:perCPU",
    "arm64.gb_hour": "Fargate-ARM-GB-Hours",
    "storage_gb_hour": "Fargate-EphemeralStorage-GB-Hours",
}
FARGATE_WINDOWS_USAGE = {
    "windows.vcpu_hour": "Fargate-Windows-vCPU-Hours:perCPU",
    "windows.license_vcpu_hour": "Fargate-Windows-OS-Hours:perCPU",
    "windows.gb_hour": "Fargate-Windows-GB-Hours",
}
ELB_USAGE = {"hour": "LoadBalancerUsage", "capacity_unit_hour": "LCUUsage"}
ELB_FAMILIES = {"alb": "Load Balancer-Application", "nlb": "Load Balancer-Network"}
EC2_OPERATIONS = {"linux": "RunInstances", "windows": "RunInstances:0002"}  # Windows, licence included
EC2_SHARED = (("tenancy", "Shared"), ("capacitystatus", "Used"), ("preInstalledSw", "NA"))


@dataclass(frozen=True, slots=True)
class TableSpec:
    """One table of the snapshot, as the Price List API fills it for a region."""

    name: str
    title: str  # what a person calls it: "AWSLambda", "AmazonEC2 NAT gateway"
    queries: tuple[Query, ...]
    pick: Callable[[Sequence[PriceItem]], Entry | None]  # None: nothing we price is listed there

    def entry(self, region: str, items: Sequence[PriceItem]) -> Entry | None:
        """The region's entry, or None; PriceListError names the table and region."""
        try:
            return self.pick(items)
        except PriceListError as err:
            raise PriceListError(f"{self.title} in {region}: {err}") from err


def pick_lambda(items: Sequence[PriceItem]) -> Entry | None:
    """Lambda requests, duration tiers, storage and provisioned prices, both architectures."""
    found = by_usage(items)
    entry: Entry = {}
    for arch, suffix in (("x86_64", ""), ("arm64", "-ARM")):
        for key, usage in LAMBDA_USAGE.items():
            entry[f"{arch}.{key}"] = one_price(found, usage + suffix)
        tiers = tiered_price(found, LAMBDA_DURATION + suffix)
        if tiers is None:
            return None
        ends = [end for end, _ in tiers]
        if ends != LAMBDA_TIER_ENDS[arch]:
            raise PriceListError(
                f"{arch} duration tiers end at {ends}; the cost model bills at {LAMBDA_TIER_ENDS[arch]}"
            )
        for n, (_, price) in enumerate(tiers, start=1):
            entry[f"{arch}.duration_tier{n}"] = price
    return entry if required(entry, entry) else None


def pick_fargate(items: Sequence[PriceItem]) -> Entry | None:
    """Fargate vCPU and GB prices (x86, Arm), storage, and Windows where it is sold."""
    found = by_usage(items)
    entry = {key: one_price(found, usage) for key, usage in FARGATE_USAGE.items()}
    if not required(entry, FARGATE_USAGE):
        return None
    windows = {key: one_price(found, usage) for key, usage in FARGATE_WINDOWS_USAGE.items()}
    return entry | windows if required(windows, windows) else entry


def pick_ec2(items: Sequence[PriceItem]) -> Entry | None:
    """On-Demand hourly prices of every instance type, Linux and (licence-included) Windows, with
    the specs the API lists for each type (the catalog keeps its own for types it knows)."""
    prices: dict[str, dict[str, str]] = {"linux": {}, "windows": {}}
    specs: dict[str, list[Any]] = {}
    for item in items:
        os = _ec2_os(item)
        if os is None:
            continue
        name = item.attribute("instanceType")
        if len(item.dimensions) != 1:
            raise PriceListError(f"{name} ({os}) has {len(item.dimensions)} hourly prices; expected one")
        if item.dimensions[0].usd == 0:
            continue  # listed, but not sold On-Demand there
        price = text(item.dimensions[0].usd)
        if prices[os].setdefault(name, price) != price:
            raise PriceListError(f"{name} ({os}) has two prices: {prices[os][name]} and {price}")
        specs[name] = _ec2_spec(item)
    if not prices["linux"]:
        return None
    return {"prices": prices["linux"], "windows": prices["windows"], "specs": specs, "source_by_type": {}}


def _ec2_os(item: PriceItem) -> str | None:
    shared = all(item.attribute(k) == v for k, v in EC2_SHARED)
    for os, operation in EC2_OPERATIONS.items():
        if shared and item.attribute("operation") == operation and item.attribute("instanceType"):
            return os
    return None


def _ec2_spec(item: PriceItem) -> list[Any]:
    """[vCPU, GiB, architecture, GPUs] from the product's attributes ("8 GiB", "1,952 GiB")."""
    memory = item.attribute("memory").removesuffix(" GiB").replace(",", "")
    processor = item.attribute("physicalProcessor")
    arch = (
        "arm64"
        if "Graviton" in processor or "arm" in item.attribute("processorArchitecture").lower()
        else "x86_64"
    )
    gpus = item.attribute("gpu")
    return [
        int(item.attribute("vcpu") or 0),
        text(Decimal(memory or 0)),
        arch,
        int(gpus) if gpus.isdigit() else 0,
    ]


def pick_credits(items: Sequence[PriceItem]) -> Entry | None:
    """Unlimited mode's surplus CPU credits per vCPU-hour, Linux, by T family."""
    found = by_usage(items, lambda i: i.attribute("operatingSystem") == "Linux")
    entry = {
        usage.removeprefix("CPUCredits:"): one_price(found, usage)
        for usage in found
        if usage.startswith("CPUCredits:")
    }
    return {k: v for k, v in entry.items() if v is not None} or None


def pick_ebs(items: Sequence[PriceItem]) -> Entry | None:
    """gp3 storage per GB-month."""
    price = one_price(by_usage(items), "EBS:VolumeUsage.gp3")
    return None if price is None else {"gb_month": price}


def pick_nat(items: Sequence[PriceItem]) -> Entry | None:
    """A NAT gateway's hour and its GB processed."""
    found = by_usage(items)
    entry = {"hour": one_price(found, "NatGateway-Hours"), "gb": one_price(found, "NatGateway-Bytes")}
    return entry if required(entry, entry) else None


def pick_elb(items: Sequence[PriceItem]) -> Entry | None:
    """ALB and NLB hours and capacity units (LCU, NLCU); a region needs both kinds."""
    entry: Entry = {}
    for kind, family in ELB_FAMILIES.items():
        found = by_usage([i for i in items if i.family == family])
        for key, usage in ELB_USAGE.items():
            entry[f"{kind}.{key}"] = one_price(found, usage)
    return entry if required(entry, entry) else None


def pick_apigateway(items: Sequence[PriceItem]) -> Entry | None:
    """HTTP API and REST API request tiers; a region without HTTP API keeps its REST tiers."""
    found = by_usage(items)
    entry = {
        "http": tiered_price(found, "ApiGatewayHttpRequest"),
        "rest": tiered_price(found, "ApiGatewayRequest"),
    }
    return {k: v for k, v in entry.items() if v is not None} or None


def pick_vpc(items: Sequence[PriceItem]) -> Entry | None:
    """An in-use public IPv4 address per hour."""
    price = one_price(by_usage(items), "PublicIPv4:InUseAddress")
    return None if price is None else {"public_ipv4_hour": price}


def pick_logs(items: Sequence[PriceItem]) -> Entry | None:
    """CloudWatch Logs ingestion per GB: standard, and the tiered Vended Logs."""
    found = by_usage(items)
    standard, vended = one_price(found, "DataProcessing-Bytes"), tiered_price(found, "VendedLog-Bytes")
    return None if standard is None or vended is None else {"ingestion_gb": standard, "vended_gb": vended}


TABLES = (
    TableSpec("lambda", "AWSLambda", (Query("AWSLambda"),), pick_lambda),
    TableSpec("fargate", "AmazonECS (Fargate)", (Query("AmazonECS"),), pick_fargate),
    TableSpec(
        "ec2",
        "AmazonEC2 instances",
        tuple(Query("AmazonEC2", (*EC2_SHARED, ("operation", op))) for op in EC2_OPERATIONS.values()),
        pick_ec2,
    ),
    TableSpec(
        "burstable",
        "AmazonEC2 CPU credits",
        (Query("AmazonEC2", (("productFamily", "CPU Credits"),)),),
        pick_credits,
    ),
    TableSpec("ebs", "AmazonEC2 EBS gp3", (Query("AmazonEC2", (("volumeApiName", "gp3"),)),), pick_ebs),
    TableSpec(
        "natgateway",
        "AmazonEC2 NAT gateway",
        (Query("AmazonEC2", (("productFamily", "NAT Gateway"),)),),
        pick_nat,
    ),
    TableSpec("elb", "AWSELB", (Query("AWSELB"),), pick_elb),
    TableSpec("apigateway", "AmazonApiGateway", (Query("AmazonApiGateway"),), pick_apigateway),
    TableSpec(
        "vpc",
        "AmazonVPC public IPv4",
        (Query("AmazonVPC", contains=(("usagetype", "PublicIPv4"),)),),
        pick_vpc,
    ),
    TableSpec(
        "cloudwatch_logs",
        "AmazonCloudWatch logs",
        (Query("AmazonCloudWatch", contains=(("usagetype", "Bytes"),)),),
        pick_logs,
    ),
)
TABLES_BY_NAME = {spec.name: spec for spec in TABLES}
SERVICE_CODES = tuple(sorted({q.service_code for spec in TABLES for q in spec.queries}))
