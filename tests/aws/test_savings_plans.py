"""Compute Savings Plans rates through boto3's savingsplans client (REST-JSON) against the stand-in."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from core.aws.savings_plans import offering_rate, refresh_savings_plans, savings_plans_client
from core.prices.pricelist.items import PriceListError
from core.prices.savings import parse_commitment
from tests.aws.pricelist_stub import deny, error


def refresh(api, regions=("us-east-1", "eu-west-1")):
    return refresh_savings_plans(savings_plans_client(api.session), regions, "2026-11-29")


def entries(done):
    return {p.region: p.entry for p in done.priced}


def test_every_plan_of_ec2_fargate_and_lambda_is_read_per_region(price_list_api):
    done = refresh(price_list_api)
    assert done.complete
    us = entries(done)["us-east-1"]
    assert us["ec2"]["linux"]["m5.large"] == {
        "1y.no": "0.06912",  # 0.096 less 28% (the fixture's illustrative fractions)
        "1y.partial": "0.06624",
        "1y.all": "0.06432",
        "3y.no": "0.048",
        "3y.partial": "0.04416",
        "3y.all": "0.04224",
    }
    assert us["ec2"]["windows"]["m5.large"]["1y.no"] == "0.13536"
    assert us["fargate"]["arm64.gb_hour"]["3y.all"] == "0.00178"
    assert set(us["lambda"]) == {
        f"{arch}.{key}"
        for arch in ("x86_64", "arm64")
        for key in ("duration", "provisioned_duration", "provisioned_concurrency")
    }
    assert all(p.published == "2026-11-29" for p in done.priced)


def test_pages_of_rates_are_followed(price_list_api):
    whole = entries(refresh(price_list_api))
    price_list_api.stub.page_size = 7
    assert entries(refresh(price_list_api)) == whole
    tokens = [
        b
        for op, b in price_list_api.stub.requests
        if op == "DescribeSavingsPlansOfferingRates" and b.get("nextToken")
    ]
    assert len(tokens) > 10


def test_the_requests_ask_for_compute_plans_of_shared_linux_and_windows_ec2(price_list_api):
    refresh(price_list_api, ("eu-west-1",))
    bodies = [b for op, b in price_list_api.stub.requests if op == "DescribeSavingsPlansOfferingRates"]
    ec2 = next(b for b in bodies if b["products"] == ["EC2"])
    assert ec2["savingsPlanTypes"] == ["Compute"]
    assert {"name": "tenancy", "values": ["shared"]} in ec2["filters"]
    assert {"name": "region", "values": ["eu-west-1"]} in ec2["filters"]
    assert {tuple(b["products"]) for b in bodies} == {("EC2",), ("Fargate",), ("Lambda",)}


def test_access_denied_in_one_region_fails_it_alone(price_list_api):
    price_list_api.stub.faults.append(
        deny("eu-west-1", "not authorized to perform: savingsplans:DescribeSavingsPlansOfferingRates")
    )
    done = refresh(price_list_api)
    (failed,) = done.failed
    assert (failed.table, failed.region) == ("savings_plans", "eu-west-1")
    assert failed.reason.startswith("AccessDeniedException: not authorized")
    assert set(entries(done)) == {"us-east-1"}


def test_a_validation_error_is_named(price_list_api):
    price_list_api.stub.faults.append(
        lambda op, _b: error(400, "ValidationException", "bad filter") if op.startswith("Describe") else None
    )
    done = refresh(price_list_api, ("us-east-1",))
    assert done.failed[0].reason == "ValidationException: bad filter"


def test_a_region_without_rates_is_recorded_empty(price_list_api):
    done = refresh(price_list_api, ("ap-south-2",))
    assert done.complete
    assert entries(done) == {"ap-south-2": None}


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ({"rate": "cheap", "savingsPlanOffering": {"durationSeconds": 31536000}}, "without a usable rate"),
        ({"rate": "0.1", "savingsPlanOffering": {}}, "without a usable rate"),
        (
            {"rate": "0.1", "savingsPlanOffering": {"durationSeconds": 31536000, "currency": "CNY"}},
            "not a USD price",
        ),
    ],
)
def test_malformed_rates_are_refused(item, message):
    with pytest.raises(PriceListError, match=message):
        offering_rate(item)


@pytest.mark.parametrize(
    ("text", "key", "label"),
    [
        ("compute-1y", "1y.no", "Compute Savings Plan, 1 year, No Upfront"),
        ("compute-3y-all-upfront", "3y.all", "Compute Savings Plan, 3 years, All Upfront"),
        ("Compute-1y-Partial-Upfront", "1y.partial", "Compute Savings Plan, 1 year, Partial Upfront"),
    ],
)
def test_commitments_name_a_plan(text, key, label):
    plan = parse_commitment(text)
    assert (plan.key, plan.label) == (key, label)


@pytest.mark.parametrize("text", ["compute-2y", "ec2-1y", "compute-1y-some-upfront", ""])
def test_other_commitments_are_refused_with_what_is_accepted(text):
    from core.errors import InvalidInput

    with pytest.raises(InvalidInput, match="compute-1y or compute-3y"):
        parse_commitment(text)


def test_rates_are_exact_decimals():
    rate = offering_rate({"rate": "0.0000150000", "savingsPlanOffering": {"durationSeconds": 94608000}})
    assert rate.rate == D("0.000015")
