"""Reading AWS's Price List Query API through boto3's `pricing` client.

DescribeServices first, once per service code: each attribute the filters use must still be
listed, or the refresh would quietly match nothing. Then GetProducts for every table in every
region, filtered by `regionCode` and the table's attributes, 100 products a page (the API's
largest), in a small pool of threads (boto3 clients are thread-safe). Nothing here stores
anything: the answer is a `Refresh`, and a table in a region that could not be read is a
`Failed`, never a half-read table.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from core.aws.failures import redact
from core.aws.session import make_client
from core.prices.pricelist.items import PriceItem, PriceListError, parse_item
from core.prices.pricelist.result import Failed, Priced, Refresh
from core.prices.pricelist.tables import TABLES, TableSpec
from core.prices.pricelist.usage import Query

# The Price List Query API answers in us-east-1 (also eu-central-1 and ap-south-1), whatever the
# region of the prices asked for.
PRICING_REGION = "us-east-1"
PAGE_SIZE = 100  # GetProducts' MaxResults limit
FORMAT_VERSION = "aws_v1"
WORKERS = 8


def pricing_client(session: Any) -> Any:
    """A `pricing` client in the API's home region, with the reader's retry policy."""
    return make_client(session, "pricing", PRICING_REGION)


def refresh_prices(
    client: Any, regions: Sequence[str], tables: Sequence[TableSpec] = TABLES, workers: int = WORKERS
) -> Refresh:
    """Every table in every region from the Price List API; failures are named, not raised."""
    units = [(spec, region) for region in regions for spec in tables]
    try:
        calls = check_services(client, tables)
    except (ClientError, BotoCoreError, PriceListError) as err:
        why = reason(err)
        return Refresh((), tuple(Failed(s.name, r, why) for s, r in units), 1)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        done = list(pool.map(lambda unit: _read_unit(client, *unit), units))
    priced = tuple(p for p, _, _ in done if p is not None)
    failed = tuple(f for _, f, _ in done if f is not None)
    return Refresh(priced, failed, calls + sum(n for _, _, n in done))


def check_services(client: Any, tables: Sequence[TableSpec]) -> int:
    """DescribeServices for each service code; PriceListError if one no longer lists an attribute
    the filters use. Returns the number of calls made."""
    fields: dict[str, set[str]] = {}
    for spec in tables:
        for query in spec.queries:
            fields.setdefault(query.service_code, set()).update(query.fields)
    for code, needed in sorted(fields.items()):
        services = client.describe_services(ServiceCode=code, FormatVersion=FORMAT_VERSION)["Services"]
        listed = {name for service in services for name in service.get("AttributeNames", ())}
        if not services:
            raise PriceListError(f"the Price List API does not list the service {code}")
        if missing := needed - listed:
            raise PriceListError(f"{code} no longer lists the attribute(s) {', '.join(sorted(missing))}")
    return len(fields)


def _read_unit(client: Any, spec: TableSpec, region: str) -> tuple[Priced | None, Failed | None, int]:
    calls = 0
    items: list[PriceItem] = []
    try:
        for query in spec.queries:
            found, pages = products(client, query, region)
            items += found
            calls += pages
        entry = spec.entry(region, items)
    except (ClientError, BotoCoreError, PriceListError) as err:
        return None, Failed(spec.name, region, reason(err)), calls
    published = max((item.published for item in items), default="")
    return Priced(spec.name, region, entry, published), None, calls


def products(client: Any, query: Query, region: str) -> tuple[list[PriceItem], int]:
    """Every product a query matches in a region, parsed, and the number of pages read."""
    paginator = client.get_paginator("get_products")
    pages = paginator.paginate(
        ServiceCode=query.service_code,
        Filters=query.filters(region),
        FormatVersion=FORMAT_VERSION,
        PaginationConfig={"PageSize": PAGE_SIZE},
    )
    items: list[PriceItem] = []
    count = 0
    for page in pages:
        count += 1
        items += [parse_item(text) for text in page.get("PriceList", ())]
    return items, count


def reason(err: Exception) -> str:
    """The AWS error code and message (redacted), or the parser's own words."""
    if isinstance(err, ClientError):
        details = err.response.get("Error", {})
        code, message = str(details.get("Code") or "Unknown"), str(details.get("Message") or "")
        return redact(f"{code}: {message}" if message else code)
    if isinstance(err, BotoCoreError):
        return redact(f"{type(err).__name__}: {err}")
    return str(err)
