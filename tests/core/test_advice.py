"""Advice over a table of workloads: each kind, each hard limit, arm64, several regions, break-even."""

import json
from decimal import Decimal as D

import pytest

from bot.jsonout import dumps
from core.advice import advise
from core.advice.breakeven import cost_curves
from core.report import advice_dict
from core.workload import Kind, Workload, parse_workload
from tests.golden import assert_golden

TABLE = {
    "request_lambda_wins": "3M requests/month, 120ms avg, 1.5GB",
    "request_arm64_eu_west_1": "50 req/s peak, 200 ms, 512MB arm64 in eu-west-1",
    "job_nightly_over_15_minutes": "nightly job, 40 minutes, 4 vCPU 16GB",
    "service_always_on": "always-on API 2 vCPU 4GB x3",
    "service_with_rate": "always-on API 2 vCPU 4GB x3 rps=20 duration=50ms",
    "request_steady_containers_win": "1000 req/s, 20ms, 128MB, peak_factor=1",
    "request_free_tier": "2M requests/month, 100ms, 512MB, free tier",
    "request_latency_sensitive": "20 req/s, 80ms, 1GB, latency sensitive",
    "request_over_lambda_memory": "1M requests/month, 100ms, 12GB",
    "job_over_lambda_vcpu": "hourly job, 5 minutes, 8 vCPU 16GB",
    "job_short_lambda_wins": "every 15 minutes job, 30s, 1 vCPU 2GB",
    "service_over_fargate_size": "always-on service 32 vCPU 256GB x2",
    "service_gpu": "always-on service 4 vCPU 16GB 1 gpu",
    "service_windows": "always-on service 2 vCPU 8GB windows x2",
    "request_sao_paulo": "10M requests/month, 250ms, 1GB in sa-east-1",
    "request_mumbai_arm64": "5 req/s, 300ms, 2GB arm64 in ap-south-1",
    "request_local_zone": "100 req/s peak, 50ms, 256MB in us-east-1-bos-1",
}


@pytest.mark.parametrize("name", sorted(TABLE))
def test_advice_matches_its_golden_file(catalog, name):
    advice = advise(parse_workload(TABLE[name]), catalog)
    assert_golden(f"advice/{name}.json", dumps(advice_dict(advice)) + "\n")


@pytest.mark.parametrize("name", sorted(TABLE))
def test_every_option_is_listed_with_a_cost_or_a_reason(catalog, name):
    advice = advise(parse_workload(TABLE[name]), catalog)
    assert [o.service for o in advice.options] == ["lambda", "fargate", "ec2"]
    for option in advice.options:
        assert option.reason
        assert (option.estimate is not None) == option.feasible


@pytest.mark.parametrize(
    ("name", "service", "reason"),
    [
        ("job_nightly_over_15_minutes", "lambda", "Lambda stops at 15 minutes"),
        ("request_over_lambda_memory", "lambda", "Lambda gives at most 10,240MB"),
        ("job_over_lambda_vcpu", "lambda", "Lambda gives at most 6"),
        ("service_over_fargate_size", "fargate", "16 vCPU / 120GB"),
        ("service_gpu", "lambda", "no GPUs"),
        ("service_gpu", "fargate", "no GPUs"),
        ("service_windows", "lambda", "Linux only"),
        ("request_local_zone", "lambda", "no price there"),
        ("request_local_zone", "fargate", "no price there"),
        ("service_always_on", "lambda", "give rps= and duration="),
    ],
)
def test_hard_limits_make_an_option_infeasible_with_its_reason(catalog, name, service, reason):
    option = advise(parse_workload(TABLE[name]), catalog).option(service)
    assert not option.feasible
    assert reason in option.reason


def test_the_recommendation_is_the_cheapest_feasible_option(catalog):
    for text in TABLE.values():
        advice = advise(parse_workload(text), catalog)
        feasible = [o for o in advice.options if o.feasible]
        assert advice.recommendation is not None
        cheapest = min(feasible, key=lambda o: o.estimate.exact_usd)
        assert advice.recommendation.service == cheapest.service
        others = sorted(o.monthly_usd for o in feasible if o is not cheapest)
        assert advice.recommendation.monthly_savings_usd == (
            others[0] - cheapest.monthly_usd if others else 0
        )


def test_a_gpu_service_gets_a_gpu_instance(catalog):
    advice = advise(parse_workload(TABLE["service_gpu"]), catalog)
    chosen = catalog.ec2_type("us-east-1", advice.option("ec2").estimate.choice)
    assert chosen.gpus >= 1


def test_fargate_needs_map_up_to_the_smallest_valid_size_and_say_so(catalog):
    advice = advise(parse_workload("always-on service 3 vCPU 5GB x2"), catalog)
    fargate = advice.option("fargate").estimate
    assert fargate.choice == "4 vCPU / 8 GB task"
    assert any("maps up to 4 vCPU / 8GB" in a for a in fargate.assumptions)


def test_request_sizing_states_the_shape_cpu_memory_utilisation_and_the_minimum(catalog):
    advice = advise(parse_workload("100 req/s peak, 200ms, 1769MB"), catalog)
    notes = " ".join(advice.option("fargate").estimate.assumptions)
    assert "daily curve peaking at 3x the average at 14:00, trough 0.089x at 02:00" in notes
    assert "CPU time per request 40ms, 20% of its 200ms" in notes
    assert "each task or instance holds 1769MB" in notes and "32MB per request in flight" in notes
    assert "target tracking at 60% CPU" in notes and "at least 2 tasks or instances" in notes
    assert "each hour sized for the larger of its rate and the next hour's" in notes
    assert "tasks running through the day: 2 for " in notes


def test_sizing_defaults_can_be_overridden_by_key(catalog):
    base = advise(parse_workload("100 req/s peak, 200ms, 1769MB"), catalog).option("fargate").estimate
    busy = (
        advise(parse_workload("100 req/s peak, 200ms, 1769MB utilization=90%"), catalog)
        .option("fargate")
        .estimate
    )
    more = advise(parse_workload("1 req/s peak, 200ms, 1769MB min_tasks=5"), catalog).option("ec2").estimate
    assert busy.exact_usd < base.exact_usd
    assert more.line_items[0].quantity == 5 * 730


def test_the_free_tier_is_off_unless_asked_for(catalog):
    paid = advise(parse_workload("2M requests/month, 100ms, 512MB"), catalog).option("lambda").estimate
    free = advise(parse_workload(TABLE["request_free_tier"]), catalog).option("lambda").estimate
    assert paid.monthly_usd > 0
    assert free.monthly_usd < paid.monthly_usd


@pytest.mark.parametrize("name", ["request_steady_containers_win", "service_with_rate"])
def test_the_break_even_is_exactly_where_the_cheaper_option_changes(catalog, name):
    workload = parse_workload(TABLE[name])
    advice = advise(workload, catalog)
    found = [b for b in advice.break_even if b.value is not None]
    assert found
    for point in found:
        at, below = (scaled(workload, point.value, d) for d in (D(0), D(-1)))
        assert at[point.below] >= at[point.above]
        assert below[point.below] < below[point.above]


def scaled(workload, requests, delta):
    """Exact option costs with the traffic scaled to `requests` + delta a month."""
    from dataclasses import replace

    volume = requests + delta
    if workload.kind is Kind.SERVICE:
        changed = replace(workload, rps=volume / (730 * 3600))
    else:
        changed = replace(
            workload,
            monthly_requests=volume,
            rps=None,
            peak_rps=volume / (730 * 3600) * (workload.peak_factor or 3),
        )
    advice = advise(changed, bundled())
    return {o.service: o.estimate.exact_usd for o in advice.options if o.feasible}


def bundled():
    from bot.prices import bundled_catalog

    return bundled_catalog()


def test_no_break_even_is_said_only_when_lambda_costs_less_at_every_volume(catalog):
    # a fleet priced for a 40x peak all month: each request costs it more than Lambda, at any volume
    never = advise(parse_workload("5M requests/month, 100ms, 512MB, peak_factor=40 autoscale=no"), catalog)
    assert never.break_even
    assert all(b.value is None and "No break-even" in b.text for b in never.break_even)
    # the same traffic on a fleet that follows it: containers win above a volume, said exactly
    follows = advise(parse_workload("5M requests/month, 100ms, 512MB"), catalog)
    assert all(b.value is not None and "below" in b.text for b in follows.break_even)


def test_a_job_says_when_an_always_on_instance_becomes_cheaper(catalog):
    advice = advise(parse_workload(TABLE["job_nightly_over_15_minutes"]), catalog)
    (point,) = [b for b in advice.break_even if b.above == "ec2"]
    # 40 min runs, +60 s boot per launch: 730 h / 41 min = 1,068.3 runs
    assert point.value == 1069
    assert "always-on EC2 instance" in point.text


@pytest.mark.parametrize(
    "name", ["request_lambda_wins", "request_steady_containers_win", "request_arm64_eu_west_1"]
)
def test_the_cost_curves_pass_through_the_options_costs(catalog, name):
    workload = parse_workload(TABLE[name])
    advice = advise(workload, catalog)
    _, curves = cost_curves(workload, catalog, advice.options)
    volume = advice.option("lambda").estimate.line_items[0].quantity
    for option in advice.options:
        assert curves[option.service](volume) == option.estimate.exact_usd


def test_arm64_and_spot_variants_are_offered_with_their_catches(catalog):
    advice = advise(parse_workload("always-on service 2 vCPU 4GB x3"), catalog)
    text = " ".join(advice.alternatives)
    assert "arm64 (Graviton)" in text and "arm64 builds" in text
    assert "Fargate Spot" in text and "2 minutes' notice" in text
    assert "EC2 Spot can cost up to 90% less" in text  # EC2 wins: its Spot catch is named too


def test_latency_sensitive_workloads_are_told_the_price_of_no_cold_starts(catalog):
    advice = advise(parse_workload(TABLE["request_latency_sensitive"]), catalog)
    assert any("provisioned concurrency of" in c for c in advice.caveats)


def test_an_unknown_region_names_the_closest(catalog):
    from core.errors import UnknownName

    with pytest.raises(UnknownName, match="closest: eu-west-1"):
        advise(Workload(Kind.REQUEST, region="eu-wst-1", monthly_requests=D(1), duration_ms=D(1)), catalog)


def test_the_json_has_the_documented_shape(catalog):
    body = json.loads(dumps(advice_dict(advise(parse_workload(TABLE["request_arm64_eu_west_1"]), catalog))))
    assert {"workload", "options", "recommendation", "break_even", "caveats", "prices_as_of"} <= set(body)
    assert body["workload"]["region"] == "eu-west-1"
    assert body["workload"]["arch"] == "arm64"
    assert {"service", "feasible", "reason", "monthly_usd", "line_items", "assumptions"} == set(
        body["options"][0]
    )
    assert set(body["recommendation"]) == {"service", "monthly_usd", "monthly_savings_usd", "why"}


@pytest.mark.parametrize(
    ("count", "min_tasks", "expected", "note"),
    [
        (3, None, 3, None),
        (3, 6, 6, "3 tasks raised to 6, the minimum asked for (min_tasks)"),
        (None, 4, 4, "count not given: 4 tasks, for availability"),
        (None, None, 2, "count not given: 2 tasks, for availability"),
        (8, 6, 8, None),
    ],
)
def test_a_service_runs_its_count_but_never_fewer_than_its_minimum(catalog, count, min_tasks, expected, note):
    w = Workload(Kind.SERVICE, vcpu=D(2), memory_mb=D(4096), count=count, min_tasks=min_tasks)
    options = {o.service: o for o in advise(w, catalog).options}
    fargate, ec2 = options["fargate"].estimate, options["ec2"].estimate
    assert fargate is not None and ec2 is not None
    assert fargate.line_items[0].quantity == expected * 2 * 730  # vCPU-hours of 2-vCPU tasks
    assert ec2.line_items[0].quantity == expected * 730
    if note:
        assert note in fargate.assumptions
        assert note.replace(" tasks", " instances") in ec2.assumptions


def test_caveats_quote_the_same_dollar_figures_as_the_options_table(catalog):
    import re

    from core.money import usd_text

    quoted = 0
    for text in TABLE.values():
        advice = advise(parse_workload(text), catalog)
        options = {o.service: o for o in advice.options}
        for caveat in advice.caveats:
            if pair := re.search(r"\((\$[\d,.]+) against (\$[\d,.]+)\)", caveat):
                assert pair.group(1) == usd_text(options["fargate"].monthly_usd)
                assert pair.group(2) == usd_text(options["ec2"].monthly_usd)
                quoted += 1
    assert quoted >= 5
