"""`commitment=compute-…` in advice: the compute a Compute Savings Plan covers at AWS's own rates
for that plan where they are stored, else at its typical discount, and the answer says which."""

from decimal import Decimal as D

import pytest

from core.advice import advise
from core.advice.discounts import TeamDiscounts, with_team_discounts
from core.workload import parse_workload
from tests.core.plan_rates import plan_catalog


@pytest.fixture(scope="module")
def catalog():
    return plan_catalog()


def option(advice, service):
    return next(o for o in advice.options if o.service == service)


def plan_lines(estimate):
    return [i for i in estimate.line_items if i.name.startswith("Compute Savings Plan")]


def test_a_named_plan_prices_the_covered_compute_at_aws_rates(catalog):
    listed = advise(parse_workload("always-on service type=m5.large count=2"), catalog)
    planned = advise(parse_workload("always-on service type=m5.large count=2 commitment=compute-1y"), catalog)
    ec2 = option(planned, "ec2").estimate
    (line,) = plan_lines(ec2)
    assert line.unit_usd == D("0.06912") - D("0.096")  # AWS's 1-year rate for m5.large, less list
    assert line.source == "pricelist.savings_plans.us-east-1"
    assert ec2.exact_usd < option(listed, "ec2").estimate.exact_usd
    assert any("AWS's own Compute Savings Plan, 1 year, No Upfront rates" in a for a in ec2.assumptions)
    assert "Savings Plans API" in ec2.prices_as_of


def test_lambda_duration_is_covered_and_requests_are_not(catalog):
    w = parse_workload("30M requests/month, 120ms, 1.5GB in eu-west-1 commitment=compute-3y-all-upfront")
    estimate = option(advise(w, catalog), "lambda").estimate
    covered = [i.name for i in plan_lines(estimate)]
    assert covered
    assert all("Duration" in name or "oncurrency" in name for name in covered)


def test_a_stated_percentage_outranks_the_named_plan_for_its_service(catalog):
    w = parse_workload("always-on service type=m5.large count=2 ec2_discount=10% commitment=compute-1y")
    advice = advise(w, catalog)
    ec2 = option(advice, "ec2").estimate
    assert not plan_lines(ec2)
    assert any(i.name == "Savings Plan discount (ec2_discount=10%)" for i in ec2.line_items)
    assert plan_lines(option(advice, "fargate").estimate)  # Fargate still at the plan's rates


def test_where_no_rates_are_stored_the_typical_discount_is_used_and_said(catalog):
    w = parse_workload("always-on service 2 vCPU 8GB x2 in ap-south-1 commitment=compute-1y")
    ec2 = option(advise(w, catalog), "ec2").estimate
    (line,) = [i for i in ec2.line_items if i.unit_usd < 0]
    assert line.unit_usd == D("-0.28")
    assert "no AWS rates for it are stored for ap-south-1" in line.name
    assert "prices update --savings-plans" in line.name


def test_a_named_plan_is_not_overridden_by_the_team_s_default_discounts():
    w = parse_workload("always-on service type=m5.large commitment=compute-1y")
    assert with_team_discounts(w, TeamDiscounts(ec2=D("0.3"))) == w


def test_the_plan_key_round_trips_through_the_stored_workload():
    from core.workload import Workload

    w = parse_workload("always-on service type=m5.large commitment=compute-3y")
    assert w.commitment == "compute-3y-no-upfront"
    assert Workload.from_dict(w.to_dict()).commitment == "compute-3y-no-upfront"


def test_request_driven_fleets_are_sized_and_priced_under_the_plan(catalog):
    w = parse_workload("50 req/s, 200ms, 512MB commitment=compute-1y")
    advice = advise(w, catalog)
    for service in ("fargate", "ec2"):
        estimate = option(advice, service).estimate
        assert plan_lines(estimate), service
        assert estimate.exact_usd == sum((i.exact_usd for i in estimate.line_items), D(0))
    assert advice.recommendation
