import json
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from core.errors import UnknownName
from core.prices.catalog import PriceCatalog, ServiceNotOffered
from core.prices.pricemap import PriceMapError, location_codes, parse_price_map

DATA = Path(__file__).parent.parent / "data"


def load(name):
    return json.loads((DATA / name).read_text())


def test_the_price_map_parser_reads_labelled_rates_by_region_code():
    locations = location_codes(load("locations_excerpt.json"))
    parsed = parse_price_map(load("pricemap_lambda_excerpt.json"), locations)
    assert parsed.service == "lambda"
    assert parsed.published == "2025-10-30"
    assert set(parsed.prices) == {"us-east-1", "eu-west-1", "Any"}
    assert parsed.prices["us-east-1"]["Lambda Duration"] == D("0.0000166667")
    assert parsed.prices["us-east-1"]["Lambda Requests-ARM"] == D("0.0000002")


def test_the_price_map_parser_skips_the_hashed_duplicates():
    parsed = parse_price_map(
        load("pricemap_ecs_excerpt.json"), location_codes(load("locations_excerpt.json"))
    )
    labels = set(parsed.prices["eu-west-1"])
    assert all(" " in label for label in labels)
    assert parsed.prices["us-east-1"]["perCPU per hour"] == D("0.04048")
    assert parsed.prices["us-east-1"]["perCPU OS License Fee per hour Windows"] == D("0.046")


def test_the_price_map_prices_are_exact_decimals_not_floats():
    parsed = parse_price_map(load("pricemap_lambda_excerpt.json"), {})
    value = parsed.prices["US East (N. Virginia)"]["Lambda Duration-ARM Tier2"]
    assert value == D("0.0000120001")
    assert isinstance(value, D)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({}, "needs 'manifest' and 'regions'"),
        ({"manifest": {}, "regions": {}}, "hawkFilePublicationDate"),
        (
            {
                "manifest": {"hawkFilePublicationDate": "2025-10-30T18:28:01Z"},
                "regions": {"X": {"a": {}}},
            },
            "no price",
        ),
        (
            {
                "manifest": {"hawkFilePublicationDate": "2025-10-30"},
                "regions": {"X": {"a": {"price": "-1"}}},
            },
            "bad price",
        ),
    ],
)
def test_malformed_price_maps_are_refused_with_a_reason(document, message):
    with pytest.raises(PriceMapError, match=message):
        parse_price_map(document, {})


def test_the_snapshot_covers_every_region_with_each_source_dated(catalog):
    assert len(catalog.regions()) == 103
    assert {s.id: s.published for s in catalog.sources.values()} == {
        "lambda": "2025-10-30",
        "fargate": "2025-10-27",
        "fargate_spot": "2026-09-28",
        "ec2_regional": "2025-11-03",
        "ec2_us_east_1": "2026-07-20",
        "ec2_specs": "2026-07-11",
        "ebs": "2020-12-01",
        "apigateway": "2025-10-20",
        "vpc": "2025-11-04",
        "natgateway": "2025-10-28",
        "cloudwatch": "2025-09-23",
        "elb": "2026-11-29",
        "burstable_baseline": "2026-11-29",
        "burstable": "2026-11-29",
    }
    assert catalog.region_name("eu-west-1") == "EU (Ireland)"


def test_unknown_regions_name_the_closest_regions(catalog):
    with pytest.raises(UnknownName) as caught:
        catalog.lambda_rates("us-est-1", "x86_64")
    assert "us-east-1" in caught.value.closest
    assert caught.value.field == "region"


def test_local_zones_have_ec2_but_not_lambda(catalog):
    assert catalog.ec2_types("us-east-1-bos-1")
    with pytest.raises(ServiceNotOffered, match="lambda has no price there"):
        catalog.lambda_rates("us-east-1-bos-1", "x86_64")


def test_instance_types_without_specs_are_left_out(catalog):
    with pytest.raises(UnknownName):
        catalog.ec2_type("us-east-1", "p3.2xlarge")  # priced, but no specs in the spec source


def test_instance_types_carry_their_specs(catalog):
    gpu = catalog.ec2_type("us-east-1", "g5.xlarge")
    assert (gpu.vcpu, gpu.memory_gib, gpu.arch, gpu.gpus) == (4, D(16), "x86_64", 1)


def test_the_catalog_does_no_loading_of_its_own():
    tiny = {
        "sources": {"lambda": {"title": "t", "origin": "o", "published": "2000-01-01"}},
        "regions": {"xx-test-1": "Test"},
        "lambda": {
            "xx-test-1": {
                f"x86_64.{k}": "1"
                for k in (
                    "requests",
                    "duration_tier1",
                    "duration_tier2",
                    "duration_tier3",
                    "storage",
                    "provisioned_concurrency",
                    "provisioned_duration",
                )
            }
        },
    }
    catalog = PriceCatalog(tiny)
    assert catalog.lambda_rates("xx-test-1", "x86_64").requests.usd == 1
    assert catalog.prices_as_of({"lambda"}) == "2000-01-01 (bundled snapshot)"


def dated(today=None):
    sources = {
        "old": {"title": "t", "origin": "o", "published": "2026-01-01"},
        "new": {"title": "t", "origin": "o", "published": "2026-11-01", "kind": "Price List API"},
    }
    return PriceCatalog({"sources": sources, "regions": {}}, today=today)


@pytest.mark.parametrize(
    ("ids", "today", "expected"),
    [
        ({"old"}, None, "2026-01-01 (bundled snapshot)"),
        ({"new"}, None, "2026-11-01 (Price List API)"),
        ({"old", "new"}, None, "2026-01-01 (Price List API and bundled snapshot)"),
        ({"new"}, date(2027, 1, 30), "2026-11-01 (Price List API)"),  # 90 days: not yet
        ({"new"}, date(2027, 1, 31), "2026-11-01 (Price List API; over 90 days old)"),
        ({"unknown"}, None, ""),
    ],
)
def test_prices_as_of_names_the_oldest_date_the_kinds_of_source_and_staleness(ids, today, expected):
    assert dated(today).prices_as_of(ids) == expected
