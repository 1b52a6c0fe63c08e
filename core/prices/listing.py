"""The unit prices of one region as text (`prices REGION` in the chat, Slack and the command line),
with where each table of prices comes from: the bundled snapshot or the Price List API, and its date.
"""

from __future__ import annotations

from contextlib import suppress
from decimal import Decimal

from core.errors import InvalidInput
from core.money import rate_text
from core.prices.base import FALLBACK_REGION, UNDATED
from core.prices.catalog import PriceCatalog

MILLION = Decimal(1_000_000)
EC2_EXAMPLES = ("m7g.large", "m7i.large", "c7g.large", "t4g.medium")
# Each table's name in the listing, in the order it is listed.
TABLE_LABELS = {
    "lambda": "Lambda",
    "fargate": "Fargate",
    "ec2": "EC2",
    "apigateway": "API Gateway",
    "elb": "Load balancers",
    "vpc": "Public IPv4",
    "natgateway": "NAT gateway",
    "cloudwatch_logs": "CloudWatch Logs",
    "ebs": "EBS gp3",
    "burstable": "CPU credits",
    "savings_plans": "Compute Savings Plans",
}
FALLS_BACK = ("elb", "ebs", "burstable")  # tables that use us-east-1's prices where a region has none


def prices_text(catalog: PriceCatalog, region: str) -> str:
    """The unit prices of one region, and the source and date of each table of them."""
    region = region.strip().lower()
    lines = [f"Unit prices in {region} ({catalog.region_name(region)}):"]
    for label, section in (
        ("Lambda", _lambda_lines),
        ("Fargate", _fargate_lines),
        ("EC2", _ec2_lines),
        ("Front door", _front_door_lines),
    ):
        try:
            lines += section(catalog, region)
        except InvalidInput:
            lines.append(f"  {label}: not offered here")
    lines.append("Where they come from:")
    lines += [f"  {TABLE_LABELS[table]}: {_source_text(catalog, table, region)}" for table in TABLE_LABELS]
    return "\n".join(lines)


def _lambda_lines(catalog: PriceCatalog, region: str) -> list[str]:
    lines = []
    for arch in ("x86_64", "arm64"):
        rates = catalog.lambda_rates(region, arch)
        lines.append(
            f"  Lambda {arch}: {rate_text(rates.requests.usd * MILLION)} per 1M requests, "
            f"{rate_text(rates.duration_tiers[0].usd)} per GB-second"
        )
    return lines


def _fargate_lines(catalog: PriceCatalog, region: str) -> list[str]:
    lines = []
    for arch in ("x86_64", "arm64"):
        fargate = catalog.fargate_rates(region, arch)
        lines.append(
            f"  Fargate Linux {arch}: {rate_text(fargate.vcpu_hour.usd)} per vCPU-hour, "
            f"{rate_text(fargate.gb_hour.usd)} per GB-hour"
        )
    return lines


def _ec2_lines(catalog: PriceCatalog, region: str) -> list[str]:
    types = catalog.ec2_types(region)
    lines = [
        f"  EC2 {name}: {rate_text(types[name].hourly.usd)} per hour"
        for name in EC2_EXAMPLES
        if name in types
    ]
    try:
        windows = f"; Windows: {len(catalog.ec2_types(region, 'windows'))}"
    except InvalidInput:
        windows = ""
    lines.append(f"  {len(types)} EC2 instance types priced here (Linux{windows}).")
    return lines


def _front_door_lines(catalog: PriceCatalog, region: str) -> list[str]:
    lines = []
    for api, name, first in (("rest", "REST API", "333M"), ("http", "HTTP API", "300M")):
        with suppress(InvalidInput):  # API Gateway, or its HTTP API, isn't sold everywhere
            usd = catalog.api_gateway(region, api).tiers[0].rate.usd
            lines.append(f"  API Gateway {name}: {rate_text(usd * MILLION)} per 1M requests (first {first})")
    alb, note = catalog.load_balancer(region, "alb")
    lines.append(
        f"  ALB: {rate_text(alb.hour.usd)} per hour + {rate_text(alb.capacity_unit_hour.usd)} per LCU-hour"
        + (f" ({FALLBACK_REGION} prices)" if note else "")
    )
    with suppress(InvalidInput):  # not every zone sells public IPv4
        lines.append(f"  Public IPv4: {rate_text(catalog.public_ipv4(region).usd)} per address-hour")
    return lines


def _source_text(catalog: PriceCatalog, table: str, region: str) -> str:
    found = _table_source(catalog, table, region)
    if found is None:
        empty = catalog.listed_empty(table, region)
        if empty is not None:
            source = catalog.sources[empty]
            return f"none here (the {source.kind} listed none on {source.published})"
        if table == "savings_plans":
            return "none stored (`compute-advisor prices update --savings-plans` reads AWS's rates)"
        return "none here"
    source_id, borrowed = found
    source = catalog.sources[source_id]
    if source_id in UNDATED:
        dated = f"list price since {source.published}"
    else:
        dated = source.published + ("; over 90 days old" if catalog.is_stale(source.published) else "")
    borrowed_text = f" ({FALLBACK_REGION}'s prices: none for {region} yet)" if borrowed else ""
    return f"{source.kind}, {dated}: {source.title}{borrowed_text}"


def _table_source(catalog: PriceCatalog, table: str, region: str) -> tuple[str, bool] | None:
    """The source id a table's prices for `region` come from, and whether they are us-east-1's."""
    if table == "ec2":
        return (catalog.ec2_source(region), False) if catalog.has_prices("ec2", region) else None
    if catalog.has_prices(table, region):
        return catalog.source_of(table, region), False
    if table in FALLS_BACK:
        return catalog.source_of(table, FALLBACK_REGION), True
    return None
