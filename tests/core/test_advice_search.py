"""The shortcuts that keep advice fast give the answers a full search would (hypothesis)."""

from dataclasses import replace
from decimal import Decimal as D

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.prices import bundled_catalog
from core.advice import advise
from core.advice.breakeven import first_meeting, fleet_curve, lambda_total
from core.advice.capacity import cheapest_fleet, fleet_of, holds_one
from core.advice.fleets import candidate_type, fargate_sizes, instance_size
from core.advice.request_fleet import plan
from core.costs.aws_lambda import LambdaDeployment, lambda_cost, on_demand_usd
from core.workload import Kind, Workload

CATALOG = bundled_catalog()
REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2", "sa-east-1"]

request_workloads = st.builds(
    Workload,
    kind=st.just(Kind.REQUEST),
    region=st.sampled_from(REGIONS),
    arch=st.sampled_from(["x86_64", "arm64"]),
    monthly_requests=st.integers(1, 5 * 10**10).map(D),
    duration_ms=st.sampled_from([D(5), D(50), D(120), D(800), D(4000)]),
    memory_mb=st.sampled_from([None, D(128), D(1024), D(4096), D(20_000)]),
    peak_factor=st.sampled_from([None, D(1), D(2), D(8), D(40)]),
    cpu_bound=st.booleans(),
    min_tasks=st.sampled_from([None, 0, 1, 3]),
    autoscale=st.booleans(),
    ec2_discount=st.sampled_from([None, D("0.3")]),
)


def every_size(w, service, extra):
    """Every task size or instance type the fleet may be built of, unpruned."""
    if service == "fargate":
        return list(fargate_sizes(CATALOG, w.region, w.arch, w.os, spot=False, extra_hour_usd=extra))
    net = 1 - (w.ec2_discount or 0)
    sizes = [
        instance_size(CATALOG, w.region, t, D(0))
        for t in CATALOG.ec2_by_price(w.region)
        if candidate_type(t, w.arch, 0, "nvidia") and not (w.cpu_bound and t.burstable)
    ]
    return [replace(s, hour_usd=s.hour_usd * net + extra) for s in sizes]


@settings(max_examples=150, deadline=None)
@given(w=request_workloads, service=st.sampled_from(["fargate", "ec2"]))
def test_the_cheapest_fleet_is_what_a_search_of_every_size_finds(w, service):
    fleet_plan = plan(w, CATALOG, service, D(1024))
    load = fleet_plan.load
    found = cheapest_fleet(fleet_plan.found, load, w.monthly_requests)
    extra = fleet_plan_extra(w, service)
    full = [
        fleet_of(s, load, w.monthly_requests) for s in every_size(w, service, extra) if holds_one(s, load)
    ]
    if not full:
        assert found is None
        return
    best = min(full, key=lambda f: (f.usd, f.task_hours))
    assert found is not None
    assert (found.usd, found.task_hours) == (best.usd, best.task_hours)


def fleet_plan_extra(w, service):
    """What each task or instance adds by the hour: its public address, an instance's root volume."""
    extra = CATALOG.public_ipv4(w.region).usd
    if service == "ec2":
        extra += D(8) * CATALOG.ebs_gp3(w.region)[0].usd / 730
    return extra


@settings(max_examples=60, deadline=None)
@given(w=request_workloads, service=st.sampled_from(["fargate", "ec2"]))
# t4g.micro at the peak all month: Lambda crosses the fleet at ~37.41M, falls back under it at a
# step and crosses again at ~40.98M; the bisection alone found the second
@example(
    w=Workload(
        kind=Kind.REQUEST,
        region="sa-east-1",
        arch="arm64",
        monthly_requests=D(1),
        duration_ms=D(800),
        memory_mb=D(128),
        autoscale=False,
        ec2_discount=D("0.3"),
    ),
    service="ec2",
)
def test_the_break_even_is_the_least_volume_where_lambda_costs_at_least_the_fleet(w, service):
    w = replace(w, memory_mb=w.memory_mb if (w.memory_mb or 0) <= 10_240 else None)
    lam, curve = lambda_total(w, CATALOG), fleet_curve(w, CATALOG, service)
    met = first_meeting(lam, curve)
    if met.value is None:  # then Lambda stays below the fleet wherever we look
        probes = [D(10) ** k for k in range(16)] + [met.searched_to or D(0)]
        assert all(lam.at(v) < curve.at(v) for v in probes if v <= (met.searched_to or v))
        return
    assert lam.at(met.value) >= curve.at(met.value) - D("1e-20")  # 28 digits: a rounding at the last
    # one request below, Lambda is below the fleet: the crossing is found to the whole request
    if met.value >= 1:
        assert lam.at(met.value - 1) < curve.at(met.value - 1)
    # and no earlier volume has Lambda above the fleet by more than a tie: fleets of plain sizes are
    # walked step by step (exact); for burstable ones, whose credits grow between steps, the search
    # bisects to a crossing where the two curves run within a percent of each other for a stretch
    below = [met.value * D(k) / 64 for k in range(64)]
    assert all(lam.at(v) < curve.at(v) * D("1.01") for v in below)


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
        assert not fargate.feasible and "no Fargate task (120GB at most) holds it" in fargate.reason
    else:
        assert fargate.estimate is not None
        task_gb = D(fargate.estimate.choice.split("/ ")[1].split(" GB")[0])
        assert task_gb * 1024 >= memory_mb + 32
    assert ec2.estimate is not None
    instance = CATALOG.ec2_types("us-east-1")[ec2.estimate.choice.split(",")[0]]
    assert instance.memory_gib * 1024 >= memory_mb + 32 + 256
