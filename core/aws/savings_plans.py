"""Reading Compute Savings Plans rates through boto3's `savingsplans` client
(DescribeSavingsPlansOfferingRates): for each region, EC2 (shared tenancy, Linux and Windows),
Fargate and Lambda, every term and payment option, 1,000 rates a page.

The API carries no publication date, so a region's rates are dated the day they were read.
Failures are named per region (a `Failed`), never raised, as in core/aws/pricelist.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal, InvalidOperation
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from core.aws.pricelist import WORKERS, reason
from core.aws.session import make_client
from core.prices.pricelist.items import PriceListError
from core.prices.pricelist.result import Failed, Priced, Refresh
from core.prices.savings import PAYMENTS, OfferingRate, savings_plans_entry

SAVINGS_PLANS_REGION = "us-east-1"  # the API's one endpoint, savingsplans.amazonaws.com
PRODUCTS = ("EC2", "Fargate", "Lambda")
PAGE_SIZE = 1000  # maxResults' limit
TABLE = "savings_plans"


def savings_plans_client(session: Any) -> Any:
    """A `savingsplans` client, with the reader's retry policy."""
    return make_client(session, "savingsplans", SAVINGS_PLANS_REGION)


def refresh_savings_plans(
    client: Any, regions: Sequence[str], read_on: str, workers: int = WORKERS
) -> Refresh:
    """Compute Savings Plans rates for every region, dated `read_on` (an ISO date)."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        done = list(pool.map(lambda region: _read_region(client, region, read_on), regions))
    priced = tuple(p for p, _, _ in done if p is not None)
    failed = tuple(f for _, f, _ in done if f is not None)
    return Refresh(priced, failed, sum(n for _, _, n in done))


def _read_region(client: Any, region: str, read_on: str) -> tuple[Priced | None, Failed | None, int]:
    calls = 0
    rates: list[OfferingRate] = []
    try:
        for product in PRODUCTS:
            found, pages = offering_rates(client, region, product)
            rates += found
            calls += pages
        entry = savings_plans_entry(rates)
    except (ClientError, BotoCoreError, PriceListError) as err:
        return None, Failed(TABLE, region, reason(err)), calls
    return Priced(TABLE, region, entry, read_on), None, calls


def offering_rates(client: Any, region: str, product: str) -> tuple[list[OfferingRate], int]:
    """Every Compute Savings Plans rate of a product in a region, and the number of pages read."""
    filters = [{"name": "region", "values": [region]}]
    if product == "EC2":
        filters += [
            {"name": "tenancy", "values": ["shared"]},
            {"name": "productDescription", "values": ["Linux/UNIX", "Windows"]},
        ]
    request = {
        "savingsPlanTypes": ["Compute"],
        "products": [product],
        "savingsPlanPaymentOptions": list(PAYMENTS.values()),
        "filters": filters,
        "maxResults": PAGE_SIZE,
    }
    rates: list[OfferingRate] = []
    pages = 0
    token: str | None = None
    while True:
        page = client.describe_savings_plans_offering_rates(
            **request, **({"nextToken": token} if token else {})
        )
        pages += 1
        rates += [offering_rate(item) for item in page.get("searchResults", ())]
        token = page.get("nextToken") or None
        if token is None:
            return rates, pages


def offering_rate(item: Mapping[str, Any]) -> OfferingRate:
    """One search result as the core reads it; PriceListError for one it can't."""
    offering = item.get("savingsPlanOffering", {})
    try:
        rate = Decimal(str(item["rate"]))
        duration = int(offering["durationSeconds"])
    except (KeyError, InvalidOperation, ValueError, TypeError) as err:
        raise PriceListError(
            f"a Savings Plans rate without a usable rate or term: {dict(item)!r}"[:300]
        ) from err
    if not rate.is_finite() or rate < 0 or offering.get("currency", "USD") != "USD":
        raise PriceListError(
            f"a Savings Plans rate of {item.get('rate')!r} {offering.get('currency')}: not a USD price"
        )
    return OfferingRate(
        product=str(item.get("productType", "")),
        usage_type=str(item.get("usageType", "")),
        operation=str(item.get("operation", "")),
        rate=rate,
        duration_seconds=duration,
        payment=str(offering.get("paymentOption", "")),
        properties={str(p.get("name")): str(p.get("value")) for p in item.get("properties", ())},
    )
