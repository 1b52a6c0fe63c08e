"""The shortcuts that keep advice fast give the answers a full search would (hypothesis)."""

from dataclasses import replace
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.prices import bundled_catalog
from core.advice import advise
from core.advice.sizing import (
    Need,
    ec2_fleet,
    ec2_frontier,
    fargate_fleet,
    fargate_sizes,
    fargate_task_pricer,
)
from core.costs.aws_lambda import LambdaDeployment, lambda_cost, on_demand_usd
from core.workload import Kind, Workload

CATALOG = bundled_catalog()
REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2", "sa-east-1"]

needs = st.builds(
    Need,
    vcpu=st.decimals("0.001", 400, places=3),
    memory_gb=st.decimals("0.001", 3000, places=3),
    min_count=st.integers(1, 4),
    notes=st.just(()),
    unit_memory_gb=st.sampled_from([D(0), D("0.125"), D("1.5"), D(10), D(64), D(200)]),
)
workloads = st.builds(
    Workload,
    kind=st.just(Kind.SERVICE),
    region=st.sampled_from(REGIONS),
    arch=st.sampled_from(["x86_64", "arm64"]),
    os=st.sampled_from(["linux", "linux", "windows"]),
    vcpu=st.just(D(1)),
    hours=st.sampled_from([None, D(200), D("0.5")]),
)


def _cheapest(fleets: list[tuple[D, int]]) -> tuple[D, int]:
    return min(fleets)


@settings(max_examples=300, deadline=None)
@given(w=workloads, need=needs)
def test_the_fargate_fleet_costs_what_a_search_of_every_task_size_finds(w, need):
    price = fargate_task_pricer(CATALOG, w)
    every = [
        (max(need.min_count, _ceil(need.vcpu / v), _ceil(need.memory_gb / m)), price(v, m))
        for v, m in fargate_sizes(w.os)
        if m >= need.unit_memory_gb
    ]
    fleet = fargate_fleet(CATALOG, w, need)
    if not every:  # no task holds one request
        assert fleet is None
        return
    assert fleet is not None and fleet.memory_gb >= need.unit_memory_gb
    least = _cheapest([(count * usd, count) for count, usd in every])
    assert (fleet.count * fleet.task_usd, fleet.count) == least
    assert fleet.count * fleet.vcpu >= need.vcpu and fleet.count * fleet.memory_gb >= need.memory_gb


@settings(max_examples=300, deadline=None)
@given(w=workloads, need=needs, gpus=st.sampled_from([0, 0, 0, 1, 4]))
def test_the_ec2_fleet_costs_what_a_search_of_every_instance_type_finds(w, need, gpus):
    types = [t for t in ec2_frontier(CATALOG, w.region, w.arch, gpus) if t.memory_gib >= need.unit_memory_gb]
    every = [
        (max(need.min_count, _ceil(need.vcpu / t.vcpu), _ceil(need.memory_gb / t.memory_gib)), t.hourly.usd)
        for t in types
    ]
    fleet = ec2_fleet(CATALOG, w, need, gpus)
    if not types:
        assert fleet is None
        return
    assert fleet is not None
    least = _cheapest([(count * usd, count) for count, usd in every])
    assert (fleet.count * fleet.instance.hourly.usd, fleet.count) == least


def _ceil(value: D) -> int:
    whole = int(value)
    return whole + 1 if value > whole else whole


@settings(max_examples=300, deadline=None)
@given(
    usage=st.builds(
        LambdaDeployment,
        monthly_requests=st.integers(0, 5 * 10**10).map(D),
        duration_ms=st.decimals("0.1", 900_000, places=1),
        memory_mb=st.integers(128, 10_240).map(D),
        region=st.sampled_from(REGIONS),
        arch=st.sampled_from(["x86_64", "arm64"]),
        storage_mb=st.integers(512, 10_240).map(D),
        free_tier=st.booleans(),
    ),
    volume=st.decimals(0, 10**11, places=3),
)
def test_the_lambda_cost_curve_matches_the_line_items_to_the_last_digit(usage, volume):
    rates = CATALOG.lambda_rates(usage.region, usage.arch)
    itemised = lambda_cost(replace(usage, monthly_requests=volume), CATALOG).exact_usd
    assert on_demand_usd(usage, rates, volume) == itemised


@pytest.mark.parametrize("kind_text", ["request", "service"])
def test_spot_where_fargate_spot_is_not_sold_still_advises_and_says_why(kind_text):
    base = {
        "request": Workload(
            Kind.REQUEST, monthly_requests=D(3_000_000), duration_ms=D(120), memory_mb=D(512)
        ),
        "service": Workload(Kind.SERVICE, vcpu=D(2), memory_mb=D(4096), count=3),
    }[kind_text]
    advice = advise(replace(base, region="sa-east-1", spot=True), CATALOG)
    fargate = next(o for o in advice.options if o.service == "fargate")
    assert not fargate.feasible and "Fargate Spot" in (fargate.reason or "")
    assert advice.recommendation is not None and advice.recommendation.service != "fargate"
    assert all("fargate" not in (b.below, b.above) for b in advice.break_even)
    assert bool(advice.break_even) is (kind_text == "request")  # Lambda against EC2 still has one


@pytest.mark.parametrize("memory_mb", [128, 1536, 3008, 10_240, 20_000, 200_000])
def test_no_task_or_instance_is_smaller_than_one_request(memory_mb):
    w = Workload(Kind.REQUEST, monthly_requests=D(3_000_000), duration_ms=D(120), memory_mb=D(memory_mb))
    options = {o.service: o for o in advise(w, CATALOG).options}
    fargate, ec2 = options["fargate"], options["ec2"]
    if memory_mb > 120 * 1024:
        assert not fargate.feasible and "Fargate tasks stop at 120GB" in fargate.reason
    else:
        assert fargate.estimate is not None
        task_gb = D(fargate.estimate.choice.split("/ ")[1].split(" GB")[0])
        assert task_gb * 1024 >= memory_mb
    assert ec2.estimate is not None
    instance = CATALOG.ec2_types("us-east-1")[ec2.estimate.choice]
    assert instance.memory_gib * 1024 >= memory_mb
