"""A Compute Savings Plan priced at AWS's own rates: the covered compute at the plan's rate,
everything else at list, and a clear answer where no rates are stored."""

from decimal import Decimal as D

import pytest

from core.costs.aws_lambda import LambdaDeployment, lambda_cost
from core.costs.ec2 import Ec2Deployment, ec2_cost
from core.costs.fargate import FargateDeployment, fargate_cost
from core.prices.committed import NoSavingsPlanRates, with_commitment
from core.prices.savings import parse_commitment
from tests.core.plan_rates import plan_catalog


@pytest.fixture(scope="module")
def catalog():
    return plan_catalog()


def test_ec2_instance_hours_are_at_the_plan_rate_and_named_so(catalog):
    plan = with_commitment(catalog, parse_commitment("compute-1y"))
    listed = ec2_cost(Ec2Deployment(instance_type="m5.large", count=2), catalog)
    committed = ec2_cost(Ec2Deployment(instance_type="m5.large", count=2), plan)
    (hours,) = [i for i in committed.line_items if i.unit == "instance-hour"]
    assert hours.unit_usd == D("0.06912")
    assert hours.source == "pricelist.savings_plans.us-east-1"
    assert committed.monthly_usd < listed.monthly_usd
    assert "Savings Plans API" in committed.prices_as_of


def test_three_years_all_upfront_is_cheaper_than_one_year(catalog):
    one = with_commitment(catalog, parse_commitment("compute-1y")).ec2_type("eu-west-1", "m5.large")
    three = with_commitment(catalog, parse_commitment("compute-3y-all-upfront")).ec2_type(
        "eu-west-1", "m5.large"
    )
    assert three.hourly.usd < one.hourly.usd < catalog.ec2_type("eu-west-1", "m5.large").hourly.usd


def test_lambda_duration_and_provisioned_are_covered_requests_and_storage_are_not(catalog):
    plan = with_commitment(catalog, parse_commitment("compute-3y-all-upfront"))
    listed, committed = catalog.lambda_rates("us-east-1", "arm64"), plan.lambda_rates("us-east-1", "arm64")
    assert committed.requests == listed.requests
    assert committed.storage == listed.storage
    assert committed.duration_tiers[0].usd == D("0.0000110667")  # 0.0000133334 less 17%
    assert committed.duration_tiers[2] == listed.duration_tiers[2]  # tier 3 is already below the plan rate
    assert committed.provisioned_concurrency.usd < listed.provisioned_concurrency.usd
    estimate = lambda_cost(LambdaDeployment(D(3_000_000), D(120), D(1536), arch="arm64"), plan)
    assert (
        estimate.monthly_usd
        < lambda_cost(LambdaDeployment(D(3_000_000), D(120), D(1536), arch="arm64"), catalog).monthly_usd
    )


def test_fargate_vcpu_and_memory_are_covered_storage_and_spot_are_not(catalog):
    plan = with_commitment(catalog, parse_commitment("compute-1y-partial-upfront"))
    committed = plan.fargate_rates("eu-west-1", "x86_64")
    assert committed.vcpu_hour.usd == D("0.0315744")  # 0.04048 less 22%
    assert committed.storage_gb_hour == catalog.fargate_rates("eu-west-1", "x86_64").storage_gb_hour
    assert plan.fargate_rates("us-east-1", "x86_64", spot=True) == catalog.fargate_rates(
        "us-east-1", "x86_64", spot=True
    )
    estimate = fargate_cost(FargateDeployment(2, D(1), D(2), region="eu-west-1"), plan)
    assert all(i.source == "pricelist.savings_plans.eu-west-1" for i in estimate.line_items)


def test_a_type_without_a_plan_rate_stays_at_list_with_its_list_source(catalog):
    plan = with_commitment(catalog, parse_commitment("compute-1y"))
    kind = plan.ec2_type("us-east-1", "c5.large")  # not in the fixture's rates
    assert kind.hourly == catalog.ec2_type("us-east-1", "c5.large").hourly


def test_a_region_without_stored_rates_says_how_to_get_them(catalog):
    plan = with_commitment(catalog, parse_commitment("compute-1y"))
    with pytest.raises(NoSavingsPlanRates, match=r"prices update --savings-plans"):
        plan.lambda_rates("ap-south-1", "x86_64")


def test_a_committed_catalog_is_built_once_per_plan(catalog):
    plan = parse_commitment("compute-1y")
    assert with_commitment(catalog, plan) is with_commitment(
        catalog, parse_commitment("compute-1y-no-upfront")
    )
    assert with_commitment(catalog, plan) is not with_commitment(catalog, parse_commitment("compute-3y"))


def plan_for(catalog, text, region="us-east-1", arch="x86_64", os="linux"):
    from core.costs.plan_rates import PlanCommitment

    return PlanCommitment(parse_commitment(text), catalog, region, arch, os)


def test_a_plan_is_shown_as_exact_negative_lines_under_the_list_prices(catalog):
    plan = plan_for(catalog, "compute-1y")
    deployment = Ec2Deployment(instance_type="m5.large", count=2, ebs_gb=D(8))
    listed = ec2_cost(deployment, catalog)
    committed = ec2_cost(deployment, with_commitment(catalog, plan.plan))
    shown = plan.applied(listed)
    assert shown.line_items[: len(listed.line_items)] == listed.line_items  # list prices stay visible
    (line,) = shown.line_items[len(listed.line_items) :]  # the EBS volume is not covered
    assert line.name.startswith("Compute Savings Plan, 1 year, No Upfront: m5.large")
    assert line.unit_usd == D("0.06912") - D("0.096")
    assert shown.exact_usd == committed.exact_usd  # to the last digit
    assert "Savings Plans API" in shown.prices_as_of
    assert any("compute-1y-no-upfront: AWS's own" in a for a in shown.assumptions)


def test_lambda_requests_stay_at_list_under_a_plan(catalog):
    plan = plan_for(catalog, "compute-3y-all-upfront", region="eu-west-1")
    deployment = LambdaDeployment(D(30_000_000), D(120), D(1536), region="eu-west-1")
    listed = lambda_cost(deployment, catalog)
    shown = plan.applied(listed)
    covered = [i.name for i in shown.line_items if i.unit_usd < 0]
    assert covered
    assert not any("equest" in name for name in covered)
    assert shown.exact_usd == lambda_cost(deployment, with_commitment(catalog, plan.plan)).exact_usd


def test_fargate_vcpu_and_memory_lines_get_their_plan_lines(catalog):
    plan = plan_for(catalog, "compute-1y-all-upfront", region="eu-west-1", arch="arm64")
    deployment = FargateDeployment(2, D(1), D(2), region="eu-west-1", arch="arm64")
    shown = plan.applied(fargate_cost(deployment, catalog))
    assert shown.exact_usd == fargate_cost(deployment, with_commitment(catalog, plan.plan)).exact_usd
    assert sum(1 for i in shown.line_items if i.unit_usd < 0) == 2


def test_spot_is_never_covered(catalog):
    plan = plan_for(catalog, "compute-1y")
    spot = fargate_cost(FargateDeployment(1, D(1), D(2), spot=True), catalog)
    assert plan.applied(spot).line_items == spot.line_items
