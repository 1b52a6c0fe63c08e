"""Lambda costs against AWS's published examples (us-east-1) and its billing rules' edges."""

from decimal import Decimal as D

import pytest

from core.costs.aws_lambda import LambdaDeployment, billed_ms, lambda_cost
from core.errors import InvalidInput


def lines(estimate):
    return {item.name: item.monthly_usd for item in estimate.line_items}


# AWS Lambda pricing page examples that use today's rates ($0.20/M requests, $0.0000166667/GB-s).
AWS_EXAMPLES = [
    # mobile backend: 3M requests, 120 ms, 1536 MB, free tier -> $2.33 + $0.40
    (LambdaDeployment(D(3_000_000), D(120), D(1536), free_tier=True), "2.33", "0.40", "2.73"),
    # 512 MB, 3M requests, 1 s each, free tier -> $18.33 + $0.40
    (LambdaDeployment(D(3_000_000), D(1000), D(512), free_tier=True), "18.33", "0.40", "18.73"),
    # 128 MB, 30M requests, 200 ms each, free tier -> $5.83 + $5.80
    (LambdaDeployment(D(30_000_000), D(200), D(128), free_tier=True), "5.83", "5.80", "11.63"),
]


@pytest.mark.parametrize(("deployment", "compute", "requests", "total"), AWS_EXAMPLES)
def test_aws_published_lambda_examples_to_the_cent(catalog, deployment, compute, requests, total):
    estimate = lambda_cost(deployment, catalog)
    assert lines(estimate)["Duration"] == D(compute)
    assert lines(estimate)["Requests"] == D(requests)
    assert estimate.monthly_usd == D(total)


def test_aws_provisioned_concurrency_example_to_the_cent(catalog):
    # 1024 MB, provisioned concurrency 1,000 for 2 hours, 1.2M invocations of 1 s:
    # $30.00 provisioned + $11.67 duration + $0.24 requests = $41.91
    deployment = LambdaDeployment(D(1_200_000), D(1000), D(1024), provisioned=1000, provisioned_hours=D(2))
    estimate = lambda_cost(deployment, catalog)
    assert lines(estimate) == {
        "Provisioned concurrency": D("30.00"),
        "Requests": D("0.24"),
        "Duration on provisioned concurrency": D("11.67"),
    }
    assert estimate.monthly_usd == D("41.91")


def test_provisioned_and_on_demand_traffic_in_one_estimate_to_the_cent(catalog):
    # Worked by hand from the pricing page's rates, in the manner of its provisioned example:
    # 1024 MB, provisioned concurrency 1 all month (730h = 2,628,000 s), 5,256,000 invocations of
    # 1 s: twice what one environment can run, so half the execution spills over to on-demand.
    #   provisioned  2,628,000 GB-s x $0.0000041667 = $10.9500876
    #   on it        2,628,000 GB-s x $0.0000097222 = $25.5499416
    #   above it     2,628,000 GB-s x $0.0000166667 = $43.8000876
    #   requests     5.256M x $0.20/M               =  $1.0512
    deployment = LambdaDeployment(D(5_256_000), D(1000), D(1024), provisioned=1)
    estimate = lambda_cost(deployment, catalog)
    assert lines(estimate) == {
        "Provisioned concurrency": D("10.95"),
        "Requests": D("1.05"),
        "Duration on provisioned concurrency": D("25.55"),
        "Duration above provisioned": D("43.80"),
    }
    assert estimate.exact_usd == D("81.3513168")
    assert estimate.monthly_usd == D("81.35")
    assert "50.0% of execution time exceeds the provisioned concurrency: on-demand" in estimate.assumptions


def test_the_free_tier_is_off_unless_asked_for(catalog):
    estimate = lambda_cost(LambdaDeployment(D(3_000_000), D(120), D(1536)), catalog)
    assert lines(estimate)["Requests"] == D("0.60")
    assert lines(estimate)["Duration"] == D("9.00")  # 540,000 GB-s x $0.0000166667
    assert any("free tier not applied" in a for a in estimate.assumptions)


@pytest.mark.parametrize(
    ("requests", "billable_requests"),
    [(999_999, 0), (1_000_000, 0), (1_000_001, 1), (0, 0)],
)
def test_free_tier_request_edges(catalog, requests, billable_requests):
    estimate = lambda_cost(LambdaDeployment(D(requests), D(1), D(128), free_tier=True), catalog)
    billed = next(i for i in estimate.line_items if i.name == "Requests")
    assert billed.quantity == billable_requests


@pytest.mark.parametrize(
    ("requests", "billable_gb_s"),
    # 1024 MB x 1 s = 1 GB-s per request; the free tier covers 400,000 GB-s
    [(399_999, 0), (400_000, 0), (400_001, 1), (1_400_000, 1_000_000)],
)
def test_free_tier_duration_edges(catalog, requests, billable_gb_s):
    estimate = lambda_cost(LambdaDeployment(D(requests), D(1000), D(1024), free_tier=True), catalog)
    billed = next(i for i in estimate.line_items if i.name == "Duration")
    assert billed.quantity == billable_gb_s


@pytest.mark.parametrize(
    ("arch", "gb_seconds", "tiers"),
    [
        ("x86_64", 6 * 10**9, {"Duration": 6 * 10**9}),
        ("x86_64", 6 * 10**9 + 1, {"Duration": 6 * 10**9, "Duration, tier 2": 1}),
        ("x86_64", 15 * 10**9, {"Duration": 6 * 10**9, "Duration, tier 2": 9 * 10**9}),
        (
            "x86_64",
            15 * 10**9 + 5,
            {"Duration": 6 * 10**9, "Duration, tier 2": 9 * 10**9, "Duration, tier 3": 5},
        ),
        ("arm64", D("7.5") * 10**9, {"Duration": D("7.5") * 10**9}),
        ("arm64", D("7.5") * 10**9 + 1, {"Duration": D("7.5") * 10**9, "Duration, tier 2": 1}),
        (
            "arm64",
            D("18.75") * 10**9 + 2,
            {
                "Duration": D("7.5") * 10**9,
                "Duration, tier 2": D("11.25") * 10**9,
                "Duration, tier 3": 2,
            },
        ),
    ],
)
def test_duration_tier_boundaries(catalog, arch, gb_seconds, tiers):
    # 1024 MB for 1 s is exactly 1 GB-s per request
    estimate = lambda_cost(LambdaDeployment(D(gb_seconds), D(1000), D(1024), arch=arch), catalog)
    got = {i.name: i.quantity for i in estimate.line_items if i.name.startswith("Duration")}
    assert got == {name: D(value) for name, value in tiers.items()}


def test_tier_prices_fall_from_tier_to_tier(catalog):
    for arch in ("x86_64", "arm64"):
        first, second, third = catalog.lambda_rates("us-east-1", arch).duration_tiers
        assert first.usd > second.usd > third.usd


@pytest.mark.parametrize(
    ("duration_ms", "billed"),
    [("120", 120), ("120.0001", 121), ("0.2", 1), ("0", 1), ("899999.5", 900000)],
)
def test_each_invocation_is_billed_in_whole_milliseconds_rounded_up(duration_ms, billed):
    assert billed_ms(D(duration_ms)) == billed


@pytest.mark.parametrize(
    ("requests", "unit", "cents"),
    # one request costs $0.0000002: 25,000 requests cost exactly half a cent, rounded up
    [(24_999, "requests", "0.00"), (25_000, "requests", "0.01"), (75_000, "requests", "0.02")],
)
def test_lines_round_half_up_to_the_cent(catalog, requests, unit, cents):
    estimate = lambda_cost(LambdaDeployment(D(requests), D(0), D(128)), catalog)
    assert lines(estimate)["Requests"] == D(cents)


def test_arm64_uses_the_arm_rates_and_is_cheaper(catalog):
    x86 = lambda_cost(LambdaDeployment(D(10**7), D(300), D(2048)), catalog)
    arm = lambda_cost(LambdaDeployment(D(10**7), D(300), D(2048), arch="arm64"), catalog)
    assert lines(arm)["Duration"] == D("80.00")  # 6,000,000 GB-s x $0.0000133334 = $80.0004
    assert lines(x86)["Duration"] == D("100.00")  # 6,000,000 GB-s x $0.0000166667 = $100.0002
    assert arm.monthly_usd < x86.monthly_usd


def test_ephemeral_storage_above_512mb_is_billed_per_gb_second(catalog):
    # 2.5 GB over the free 512 MB x 1M x 2 s = 5,000,000 GB-s x $0.0000000309 = $0.1545
    deployment = LambdaDeployment(D(1_000_000), D(2000), D(1024), storage_mb=D(3072))
    estimate = lambda_cost(deployment, catalog)
    storage = next(i for i in estimate.line_items if i.name.startswith("Ephemeral"))
    assert storage.quantity == 5_000_000
    assert storage.monthly_usd == D("0.15")


def test_provisioned_functions_get_no_free_tier(catalog):
    deployment = LambdaDeployment(D(1_000_000), D(100), D(1024), provisioned=1, free_tier=True)
    estimate = lambda_cost(deployment, catalog)
    assert not any("free tier" in i.name for i in estimate.line_items)
    assert any("does not cover functions with provisioned" in a for a in estimate.assumptions)


def test_provisioned_time_is_rounded_up_to_five_minutes(catalog):
    deployment = LambdaDeployment(D(0), D(100), D(1024), provisioned=1, provisioned_hours=D(1) / 60)
    estimate = lambda_cost(deployment, catalog)
    provisioned = next(i for i in estimate.line_items if i.name == "Provisioned concurrency")
    assert provisioned.quantity == 300  # 1 x 1 GB x 300 s, not 60 s


def test_execution_beyond_provisioned_concurrency_is_billed_on_demand(catalog):
    # 2 of concurrency needed on average (2 x 730 h of execution), 1 provisioned: half spills over
    seconds = 730 * 3600
    deployment = LambdaDeployment(D(2 * seconds), D(1000), D(1024), provisioned=1)
    estimate = lambda_cost(deployment, catalog)
    got = {i.name: i.quantity for i in estimate.line_items}
    assert got["Duration on provisioned concurrency"] == seconds
    assert got["Duration above provisioned"] == seconds


@pytest.mark.parametrize(
    ("deployment", "field"),
    [
        (LambdaDeployment(D(1), D(1), D(127)), "memory"),
        (LambdaDeployment(D(1), D(1), D(10_241)), "memory"),
        (LambdaDeployment(D(1), D(1), D("1536.5")), "memory"),
        (LambdaDeployment(D(1), D(1), D(128), storage_mb=D(511)), "storage"),
        (LambdaDeployment(D(1), D(1), D(128), storage_mb=D(10_241)), "storage"),
        (LambdaDeployment(D(1), D(900_001), D(128)), "duration"),
        (LambdaDeployment(D(-1), D(1), D(128)), "requests"),
        (LambdaDeployment(D(10) ** 16, D(1), D(128)), "requests"),
    ],
)
def test_lambda_limits_are_errors_that_name_the_field(catalog, deployment, field):
    with pytest.raises(InvalidInput) as caught:
        lambda_cost(deployment, catalog)
    assert caught.value.field == field


def test_the_limits_themselves_are_allowed(catalog):
    deployment = LambdaDeployment(D(1), D(900_000), D(10_240), storage_mb=D(10_240))
    assert lambda_cost(deployment, catalog).monthly_usd > 0


def test_an_estimate_says_when_its_prices_are_from(catalog):
    estimate = lambda_cost(LambdaDeployment(D(1), D(1), D(128)), catalog)
    assert estimate.prices_as_of == "2025-10-30 (bundled snapshot; over 90 days old)"
    assert estimate.sources == {"lambda"}


def test_other_regions_use_their_own_prices(catalog):
    deployment = LambdaDeployment(D(10**8), D(100), D(1024), region="af-south-1")
    estimate = lambda_cost(deployment, catalog)
    rates = catalog.lambda_rates("af-south-1", "x86_64")
    assert (
        next(i for i in estimate.line_items if i.name == "Duration").unit_usd == rates.duration_tiers[0].usd
    )
    assert rates.duration_tiers[0].usd == D("0.0000221")
