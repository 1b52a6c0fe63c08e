"""Refreshed prices laid over the snapshot: they win where they exist, with their own dated source;
everything else still answers from the snapshot."""

import json
from datetime import date
from decimal import Decimal as D
from importlib import resources

import pytest

from core.costs.aws_lambda import LambdaDeployment, lambda_cost
from core.prices.catalog import PriceCatalog, ServiceNotOffered
from core.prices.overlay import StoredTable, overlay, source_id

SNAPSHOT = json.loads(resources.files("core").joinpath("data/prices.json").read_text())
TODAY = date(2026, 11, 29)


def lambda_entry(requests="0.00000025"):
    entry = dict(SNAPSHOT["lambda"]["eu-west-1"])
    entry["x86_64.requests"] = requests
    return entry


def catalog_with(*stored):
    return PriceCatalog(overlay(SNAPSHOT, list(stored)), today=TODAY)


def test_a_refreshed_region_answers_with_its_prices_and_names_the_price_list_api():
    catalog = catalog_with(StoredTable("lambda", "eu-west-1", "2026-11-20", lambda_entry()))
    rates = catalog.lambda_rates("eu-west-1", "x86_64")
    assert rates.requests.usd == D("0.00000025")
    assert rates.requests.source == source_id("lambda", "eu-west-1")
    estimate = lambda_cost(LambdaDeployment(D(1_000_000), D(100), D(512), region="eu-west-1"), catalog)
    assert estimate.prices_as_of == "2026-11-20 (Price List API)"
    assert {i.source for i in estimate.line_items} == {source_id("lambda", "eu-west-1")}


def test_regions_never_refreshed_keep_the_snapshot_and_say_so():
    catalog = catalog_with(StoredTable("lambda", "eu-west-1", "2026-11-20", lambda_entry()))
    rates = catalog.lambda_rates("us-east-1", "x86_64")
    assert (rates.requests.usd, rates.requests.source) == (D("0.0000002"), "lambda")
    estimate = lambda_cost(LambdaDeployment(D(1_000_000), D(100), D(512)), catalog)
    assert estimate.prices_as_of == "2025-10-30 (bundled snapshot; over 90 days old)"


def test_the_snapshot_itself_is_not_changed():
    before = json.dumps(SNAPSHOT, sort_keys=True)
    catalog_with(StoredTable("lambda", "eu-west-1", "2026-11-20", lambda_entry()))
    assert json.dumps(SNAPSHOT, sort_keys=True) == before


def test_a_table_listed_empty_keeps_the_snapshot_price_and_is_recorded():
    catalog = catalog_with(StoredTable("natgateway", "eu-west-1", "2026-11-20", None))
    assert catalog.nat_gateway("eu-west-1").hour.source == "natgateway"
    assert catalog.listed_empty("natgateway", "eu-west-1") == source_id("natgateway", "eu-west-1")
    assert catalog.sources[source_id("natgateway", "eu-west-1")].published == "2026-11-20"


def test_refreshed_load_balancer_prices_end_the_us_east_1_fallback():
    entry = {
        "alb.hour": "0.0252",
        "alb.capacity_unit_hour": "0.008",
        "nlb.hour": "0.0252",
        "nlb.capacity_unit_hour": "0.006",
    }
    catalog = catalog_with(StoredTable("elb", "eu-west-1", "2026-11-20", entry))
    alb, note = catalog.load_balancer("eu-west-1", "alb")
    assert (alb.hour.usd, note) == (D("0.0252"), None)
    assert alb.hour.source == source_id("elb", "eu-west-1")
    _, elsewhere = catalog.load_balancer("ap-south-1", "alb")
    assert elsewhere is not None


def test_ec2_gains_windows_prices_and_new_instance_types_with_their_specs():
    entry = {
        "prices": {"m5.large": "0.107", "x9z.large": "0.5"},
        "windows": {"m5.large": "0.199"},
        "specs": {"x9z.large": [2, "16", "x86_64", 0], "m5.large": [99, "1", "arm64", 0]},
        "source_by_type": {},
    }
    catalog = catalog_with(StoredTable("ec2", "eu-west-1", "2026-11-20", entry))
    assert catalog.ec2_type("eu-west-1", "m5.large", os="windows").hourly.usd == D("0.199")
    assert catalog.ec2_type("eu-west-1", "x9z.large").memory_gib == D(16)
    assert catalog.ec2_type("eu-west-1", "m5.large").vcpu == 2  # the snapshot's specs stay
    assert set(catalog.ec2_types("eu-west-1")) == {"m5.large", "x9z.large"}


def test_windows_on_ec2_without_refreshed_prices_says_how_to_get_them():
    with pytest.raises(ServiceNotOffered, match="prices update"):
        catalog_with().ec2_types("us-east-1", os="windows")


def test_ebs_and_surplus_credits_take_the_region_s_own_prices():
    catalog = catalog_with(
        StoredTable("ebs", "eu-west-1", "2026-11-20", {"gb_month": "0.088"}),
        StoredTable("burstable", "eu-west-1", "2026-11-20", {"t3": "0.05", "t4g": "0.04"}),
    )
    ebs, note = catalog.ebs_gp3("eu-west-1")
    assert (ebs.usd, note, ebs.source) == (D("0.088"), None, source_id("ebs", "eu-west-1"))
    credits, note = catalog.burstable_credits("eu-west-1", "t4g.small")
    assert (credits.surplus_vcpu_hour.usd, note) == (D("0.04"), None)


def test_a_region_newer_than_the_snapshot_becomes_known():
    entry = {"public_ipv4_hour": "0.006"}
    catalog = catalog_with(StoredTable("vpc", "xx-new-1", "2026-11-20", entry))
    assert "xx-new-1" in catalog.regions()
    assert catalog.public_ipv4("xx-new-1").usd == D("0.006")
