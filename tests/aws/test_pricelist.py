"""The Price List refresh against the local stand-in: real PriceList items over real HTTP, read
through boto3's `pricing` client, with the faults AWS can give."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from botocore.config import Config

from core.aws.pricelist import pricing_client, refresh_prices
from core.prices.pricelist.tables import TABLES, TABLES_BY_NAME
from tests.aws.pricelist_stub import DROP, deny, error, throttle

FULL = ("us-east-1", "eu-west-1")


def tables(refresh: Any) -> dict[tuple[str, str], Any]:
    return {(p.table, p.region): p.entry for p in refresh.priced}


def refresh(api: Any, regions: tuple[str, ...] = FULL, **kwargs: Any) -> Any:
    return refresh_prices(pricing_client(api.session), regions, **kwargs)


def test_a_refresh_reads_every_table_the_snapshot_has_and_agrees_with_it(price_list_api, catalog):
    done = refresh(price_list_api)
    assert done.complete
    got = tables(done)
    snapshot = catalog_data()
    for region in FULL:
        assert got["lambda", region] == snapshot["lambda"][region]
        assert got["fargate", region] == snapshot["fargate"][region]
        assert got["apigateway", region] == snapshot["apigateway"][region]
        assert got["vpc", region] == snapshot["vpc"][region]
        assert got["natgateway", region] == snapshot["natgateway"][region]
        assert got["cloudwatch_logs", region] == snapshot["cloudwatch_logs"][region]
    assert got["elb", "us-east-1"] == snapshot["elb"]["us-east-1"]
    assert got["elb", "eu-west-1"]["alb.hour"] == "0.0252"  # the fallback's own region now
    assert got["burstable", "eu-west-1"] == {"t2": "0.05", "t3": "0.05", "t3a": "0.05", "t4g": "0.04"}
    assert got["ebs", "eu-west-1"] == {"gb_month": "0.088"}


def catalog_data() -> dict[str, Any]:
    from importlib import resources

    return json.loads(resources.files("core").joinpath("data/prices.json").read_text())


def test_ec2_reads_linux_and_windows_with_the_specs_aws_lists(price_list_api):
    ec2 = tables(refresh(price_list_api, ("us-east-1",)))["ec2", "us-east-1"]
    assert ec2["prices"]["m5.large"] == "0.096"
    assert ec2["windows"] == {"m5.large": "0.188", "t3.micro": "0.0196"}
    assert ec2["specs"]["t4g.small"] == [2, "2", "arm64", 0]
    assert ec2["specs"]["g5.xlarge"] == [4, "16", "x86_64", 1]


def test_pages_are_followed_to_the_end(price_list_api):
    whole = tables(refresh(price_list_api))
    price_list_api.stub.page_size = 2
    paged = refresh(price_list_api)
    assert tables(paged) == whole
    tokens = [b for op, b in price_list_api.stub.requests if op == "GetProducts" and b.get("NextToken")]
    assert len(tokens) > 20
    assert all(b["MaxResults"] == 100 for op, b in price_list_api.stub.requests if op == "GetProducts")


def test_tiered_lambda_and_api_gateway_prices_come_through_exactly(price_list_api):
    got = tables(refresh(price_list_api, ("eu-west-1",)))
    lam = got["lambda", "eu-west-1"]
    assert (lam["x86_64.duration_tier1"], lam["x86_64.duration_tier2"], lam["x86_64.duration_tier3"]) == (
        "0.0000166667",
        "0.000015",
        "0.0000133334",
    )
    assert got["apigateway", "eu-west-1"]["rest"] == [
        ["333000000", "0.0000035"],
        ["1000000000", "0.00000319"],
        ["20000000000", "0.00000271"],
        [None, "0.00000172"],
    ]


def test_a_region_where_some_services_are_not_listed_records_them_empty_not_failed(price_list_api):
    done = refresh(price_list_api, ("ap-east-2",))
    assert done.complete
    got = tables(done)
    assert set(got["apigateway", "ap-east-2"]) == {"rest"}
    assert "windows.vcpu_hour" not in got["fargate", "ap-east-2"]
    assert got["lambda", "ap-east-2"]["x86_64.requests"] == "0.00000018"
    empty = {p.table for p in done.empty}
    assert empty == {"ec2", "burstable", "ebs", "natgateway", "elb", "vpc", "cloudwatch_logs"}


def test_a_throttled_call_is_retried_and_the_refresh_completes(price_list_api):
    price_list_api.stub.faults.append(throttle(times=3))
    done = refresh(price_list_api, ("us-east-1",))
    assert done.complete
    assert tables(done)["lambda", "us-east-1"]["x86_64.requests"] == "0.0000002"


def test_throttling_that_outlasts_the_retries_fails_the_tables_it_hit(price_list_api, monkeypatch):
    monkeypatch.setattr(
        "core.aws.session.CLIENT_CONFIG", Config(retries={"mode": "standard", "max_attempts": 2})
    )
    price_list_api.stub.faults.append(throttle(times=10_000))
    done = refresh(price_list_api, ("us-east-1",))
    assert not done.complete
    assert {f.table for f in done.failed} == {spec.name for spec in TABLES}
    assert all(f.reason.startswith("ThrottlingException") for f in done.failed)


def test_access_denied_for_one_region_fails_that_region_only(price_list_api):
    price_list_api.stub.faults.append(
        deny("eu-west-1", "User: arn:aws:iam::123456789012:user/x is not authorized")
    )
    done = refresh(price_list_api)
    assert {f.region for f in done.failed} == {"eu-west-1"}
    assert {f.table for f in done.failed} == {spec.name for spec in TABLES}
    assert all("AccessDeniedException" in str(f) for f in done.failed)
    assert {p.region for p in done.priced} == {"us-east-1"}


def test_access_denied_on_describe_services_fails_everything_with_the_reason(price_list_api):
    price_list_api.stub.faults.append(
        lambda op, _b: error(400, "AccessDeniedException", "no") if op == "DescribeServices" else None
    )
    done = refresh(price_list_api)
    assert not done.priced
    assert len(done.failed) == len(TABLES) * 2
    assert done.failed[0].reason == "AccessDeniedException: no"


def test_a_service_that_no_longer_lists_a_filtered_attribute_is_refused(price_list_api):
    for item in price_list_api.stub.items["AmazonEC2"]:
        item["product"]["attributes"].pop("capacitystatus", None)
    done = refresh(price_list_api, ("us-east-1",))
    assert not done.priced
    assert "AmazonEC2 no longer lists the attribute(s) capacitystatus" in done.failed[0].reason


def corrupt(api: Any, code: str, region: str, change: Any) -> None:
    for index, item in enumerate(api.stub.items[code]):
        if item["product"]["attributes"]["regionCode"] == region:
            api.stub.items[code][index] = change(copy.deepcopy(item))
            return


def test_a_malformed_item_fails_its_table_with_the_product_named(price_list_api):
    def bad_price(item: dict[str, Any]) -> dict[str, Any]:
        (term,) = item["terms"]["OnDemand"].values()
        for dimension in term["priceDimensions"].values():
            dimension["pricePerUnit"]["USD"] = "twelve"
        return item

    corrupt(price_list_api, "AWSLambda", "eu-west-1", bad_price)
    done = refresh(price_list_api)
    (failed,) = done.failed
    assert (failed.table, failed.region) == ("lambda", "eu-west-1")
    assert "'twelve' is not a number" in failed.reason
    assert ("lambda", "us-east-1") in tables(done)


def test_an_item_that_is_not_json_is_refused(price_list_api, monkeypatch):
    real = price_list_api.stub.get_products

    def broken(body: Any) -> Any:
        answer = real(body)
        if body["ServiceCode"] == "AWSELB" and answer["PriceList"]:
            answer["PriceList"][0] = answer["PriceList"][0][:40]
        return answer

    monkeypatch.setattr(price_list_api.stub, "get_products", broken)
    done = refresh(price_list_api, ("us-east-1",))
    (failed,) = done.failed
    assert failed.table == "elb"
    assert "not JSON" in failed.reason


def test_lambda_tiers_that_the_cost_model_does_not_know_are_refused(price_list_api):
    def new_tiers(item: dict[str, Any]) -> dict[str, Any]:
        if item["product"]["attributes"]["group"] == "AWS-Lambda-Duration":
            (term,) = item["terms"]["OnDemand"].values()
            for dimension in term["priceDimensions"].values():
                dimension["endRange"] = {"6000000000": "5000000000"}.get(
                    dimension["endRange"], dimension["endRange"]
                )
                dimension["beginRange"] = {"6000000000": "5000000000"}.get(
                    dimension["beginRange"], dimension["beginRange"]
                )
        return item

    for index, item in enumerate(price_list_api.stub.items["AWSLambda"]):
        price_list_api.stub.items["AWSLambda"][index] = new_tiers(item)
    done = refresh(price_list_api, ("us-east-1",))
    (failed,) = done.failed
    assert "x86_64 duration tiers end at ['5000000000'" in failed.reason
    assert failed.reason.startswith("AWSLambda in us-east-1:")


def test_a_connection_dropped_halfway_fails_what_it_was_reading(price_list_api, monkeypatch):
    monkeypatch.setattr(
        "core.aws.session.CLIENT_CONFIG", Config(retries={"mode": "standard", "max_attempts": 1})
    )
    price_list_api.stub.page_size = 1
    price_list_api.stub.faults.append(
        lambda _op, b: DROP if b.get("ServiceCode") == "AmazonEC2" and b.get("NextToken") else None
    )
    done = refresh(price_list_api, ("us-east-1",))
    # the EC2 queries with a second page
    assert {f.table for f in done.failed} == {"ec2", "burstable", "natgateway"}
    assert ("lambda", "us-east-1") in tables(done)


@pytest.mark.parametrize("spec", TABLES, ids=lambda s: s.name)
def test_every_table_asks_by_region_code(spec):
    for query in spec.queries:
        assert {"Type": "TERM_MATCH", "Field": "regionCode", "Value": "xx-test-1"} in query.filters(
            "xx-test-1"
        )
    assert TABLES_BY_NAME[spec.name] is spec


ROUND_TRIP = ("us-east-1", "eu-west-1", "sa-east-1", "ap-east-2", "us-east-1-bos-1", "us-west-2-wl1")


def test_every_table_of_the_snapshot_reads_back_exactly_from_items_made_of_it(price_list_api, catalog):
    from tests.aws.pricelist_items import items_from_snapshot

    snapshot = catalog.data
    price_list_api.stub.items = items_from_snapshot(snapshot)
    done = refresh(price_list_api, ROUND_TRIP)
    assert done.complete
    got = tables(done)
    for region in ROUND_TRIP:
        for table in ("lambda", "fargate", "apigateway", "vpc", "natgateway", "cloudwatch_logs", "elb"):
            assert got[table, region] == snapshot[table].get(region), (table, region)
        ec2 = got["ec2", region]
        assert (ec2 and ec2["prices"]) == snapshot["ec2"][region]["prices"], region
        assert all(ec2["specs"][t] == snapshot["ec2_specs"][t] for t in ec2["specs"])
        assert got["burstable", region] == snapshot["burstable"]["surplus_vcpu_hour"].get(region)
    assert got["ebs", "us-east-1"] == {"gb_month": "0.08"}
