"""PriceList items parsed exactly, usage types without their region prefix, tiers checked."""

import json
from decimal import Decimal as D
from pathlib import Path

import pytest

from core.prices.pricelist.items import PriceListError, parse_item
from core.prices.pricelist.picking import by_usage, one_price, tiered_price
from core.prices.pricelist.usage import usage_name

ITEMS = json.loads((Path(__file__).parent.parent / "data" / "pricelist_items.json").read_text())["items"]


def find(code, **attributes):
    return next(
        i for i in ITEMS[code] if all(i["product"]["attributes"].get(k) == v for k, v in attributes.items())
    )


def test_an_item_parses_to_exact_prices_with_its_tiers_in_order():
    item = parse_item(json.dumps(find("AWSLambda", regionCode="eu-west-1", usagetype="EU-Lambda-GB-Second")))
    assert item.service_code == "AWSLambda"
    assert item.family == "Serverless"
    assert item.published == "2025-10-30"
    assert [(d.begin, d.end, d.usd) for d in item.dimensions] == [
        (D(0), D(6_000_000_000), D("0.0000166667")),
        (D(6_000_000_000), D(15_000_000_000), D("0.0000150000")),
        (D(15_000_000_000), None, D("0.0000133334")),
    ]


@pytest.mark.parametrize(
    ("usagetype", "name"),
    [
        ("USE1-Fargate-GB-Hours", "Fargate-GB-Hours"),
        ("EU-BoxUsage:m5.large", "BoxUsage:m5.large"),
        ("BoxUsage:m5.large", "BoxUsage:m5.large"),
        ("Lambda-GB-Second-ARM", "Lambda-GB-Second-ARM"),
        ("APE2-Request", "Request"),
        ("USE1-BOS1-BoxUsage:c5.2xlarge", "BoxUsage:c5.2xlarge"),
        ("USW2-WL1-DEN1-BoxUsage:t3.medium", "BoxUsage:t3.medium"),
        ("TS-LoadBalancerUsage", "TS-LoadBalancerUsage"),  # trust-store hours: not a region prefix
        ("CAN1-TS-LoadBalancerUsage", "TS-LoadBalancerUsage"),
    ],
)
def test_usage_types_lose_only_their_region_prefix(usagetype, name):
    assert usage_name(usagetype) == name


def bare(price="0.5", begin="0", end="Inf", **extra):
    item = {
        "product": {"productFamily": "F", "attributes": {"usagetype": "X"}, "sku": "SKU1"},
        "serviceCode": "S",
        "terms": {
            "OnDemand": {
                "SKU1.T": {
                    "priceDimensions": {
                        "SKU1.T.R": {
                            "beginRange": begin,
                            "endRange": end,
                            "unit": "u",
                            "pricePerUnit": {"USD": price},
                        }
                    }
                }
            }
        },
        "publicationDate": "2026-11-01T00:00:00Z",
    }
    item.update(extra)
    return json.dumps(item)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not JSON"),
        ("[]", "not a JSON object"),
        (json.dumps({"publicationDate": "2026-01-01"}), "product is missing"),
        (bare(price="-1"), "SKU1, rate SKU1.T.R: '-1' is not a price"),
        (bare(price="abc"), "'abc' is not a number"),
        (bare(end="lots"), "'lots' is not a number"),
        (bare(publicationDate=""), "SKU1: no publicationDate"),
    ],
)
def test_malformed_items_are_refused_with_the_product_named(text, message):
    with pytest.raises(PriceListError, match=message):
        parse_item(text)


def test_an_item_without_on_demand_terms_has_no_prices():
    document = json.loads(bare())
    document["terms"] = {"Reserved": {}}
    assert parse_item(json.dumps(document)).dimensions == ()


def test_a_usage_type_with_two_prices_is_an_error_not_a_guess():
    items = [parse_item(bare("0.5")), parse_item(bare("0.6"))]
    with pytest.raises(PriceListError, match=r"X has several prices \(0.5, 0.6\)"):
        one_price(by_usage(items), "X")


@pytest.mark.parametrize(
    ("dimensions", "message"),
    [
        ([("10", "Inf")], "a tier begins at 10, expected 0"),
        ([("0", "10"), ("20", "Inf")], "a tier begins at 20, expected 10"),
        ([("0", "10")], "the last tier ends at 10"),
    ],
)
def test_tiers_with_a_gap_or_an_end_are_refused(dimensions, message):
    items = [parse_item(bare("1", begin=b, end=e)) for b, e in dimensions]
    with pytest.raises(PriceListError, match=message):
        tiered_price(by_usage(items), "X")
