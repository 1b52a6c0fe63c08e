"""The front door and overhead prices: API Gateway tiers, public IPv4, NAT, log ingestion, ELB,
burstable credits; and tiered volumes priced exactly."""

from decimal import Decimal as D

import pytest

from core.errors import InvalidInput, UnknownName
from core.prices.catalog import PriceCatalog, ServiceNotOffered
from core.prices.rates import Rate, Tier, TieredRate

M = D(1_000_000)


def test_api_gateway_http_api_has_two_tiers_split_at_300_million(catalog):
    http = catalog.api_gateway("us-east-1", "http")
    assert [(t.upper_bound, t.rate.usd) for t in http.tiers] == [
        (300 * M, D("0.000001")),
        (None, D("0.0000009")),
    ]
    assert {t.rate.unit for t in http.tiers} == {"request"}
    assert {t.rate.source for t in http.tiers} == {"apigateway"}


def test_api_gateway_rest_api_tiers_end_at_333_million_1_billion_and_20_billion(catalog):
    rest = catalog.api_gateway("us-east-1", "rest")
    assert [(t.upper_bound, t.rate.usd) for t in rest.tiers] == [
        (333 * M, D("0.0000035")),
        (1000 * M, D("0.0000028")),
        (20_000 * M, D("0.00000238")),
        (None, D("0.00000151")),
    ]


def test_api_gateway_prices_differ_by_region(catalog):
    assert catalog.api_gateway("eu-west-1", "rest").tiers[0].rate.usd == D("0.0000035")
    assert catalog.api_gateway("ap-east-2", "rest").tiers[0].rate.usd == D("0.000003825")


def test_a_region_without_http_api_says_so_and_keeps_rest_api(catalog):
    with pytest.raises(ServiceNotOffered, match="HTTP API has no price in ap-east-2"):
        catalog.api_gateway("ap-east-2", "http")
    assert catalog.api_gateway("ap-east-2", "rest").tiers


def test_an_unknown_api_kind_names_the_accepted_ones(catalog):
    with pytest.raises(InvalidInput, match=r"http .* or rest"):
        catalog.api_gateway("us-east-1", "websocket")


@pytest.mark.parametrize(
    ("requests", "expected_usd"),
    [
        (D(0), D(0)),
        (M, D("1")),
        (300 * M, D("300")),
        (300 * M + 1, D("300.0000009")),
        (400 * M, D("390")),
    ],
)
def test_http_api_volumes_are_priced_exactly_across_the_tier_edge(catalog, requests, expected_usd):
    assert catalog.api_gateway("us-east-1", "http").cost_usd(requests) == expected_usd


@pytest.mark.parametrize(
    ("requests", "expected_usd"),
    [
        (333 * M, D("1165.5")),
        (1000 * M, D("1165.5") + D("1867.6")),
        (21_000 * M, D("1165.5") + D("1867.6") + D("45220") + D("1510")),
    ],
)
def test_rest_api_volumes_are_priced_exactly_in_every_tier(catalog, requests, expected_usd):
    assert catalog.api_gateway("us-east-1", "rest").cost_usd(requests) == expected_usd


def test_a_tiered_split_gives_each_tier_its_part_and_adds_up():
    rate = TieredRate(
        (
            Tier(D(10), Rate(D(3), "GB", "t")),
            Tier(D(30), Rate(D(2), "GB", "t")),
            Tier(None, Rate(D(1), "GB", "t")),
        )
    )
    assert [(q, r.usd) for q, r in rate.split(D(35))] == [(D(10), D(3)), (D(20), D(2)), (D(5), D(1))]
    assert [(q, r.usd) for q, r in rate.split(D(10))] == [(D(10), D(3))]
    assert rate.split(D(0)) == ()
    assert sum(q for q, _ in rate.split(D("12.5"))) == D("12.5")


def test_public_ipv4_is_half_a_cent_an_address_hour(catalog):
    rate = catalog.public_ipv4("eu-west-1")
    assert (rate.usd, rate.unit, rate.source) == (D("0.005"), "address-hour", "vpc")
    assert rate.usd * 730 == D("3.65")  # the issue's $3.65 a month per address


def test_a_wavelength_zone_has_no_public_ipv4_price(catalog):
    with pytest.raises(ServiceNotOffered, match="vpc has no price there"):
        catalog.public_ipv4("us-east-1-wl1")


def test_nat_gateway_hour_and_gb_processed(catalog):
    nat = catalog.nat_gateway("sa-east-1")
    assert (nat.hour.usd, nat.gb.usd) == (D("0.093"), D("0.093"))
    assert (nat.hour.unit, nat.gb.unit, nat.gb.source) == ("NAT gateway-hour", "GB", "natgateway")


def test_log_ingestion_standard_and_vended_tiers(catalog):
    logs = catalog.log_ingestion("us-east-1")
    assert (logs.standard_gb.usd, logs.standard_gb.source) == (D("0.5"), "cloudwatch")
    assert [(t.upper_bound, t.rate.usd) for t in logs.vended_gb.tiers] == [
        (D(10_240), D("0.5")),
        (D(30_720), D("0.25")),
        (D(51_200), D("0.1")),
        (None, D("0.05")),
    ]
    assert catalog.log_ingestion("eu-west-1").standard_gb.usd == D("0.57")


def test_vended_logs_beyond_10_tb_cost_less_per_gb(catalog):
    vended = catalog.log_ingestion("us-east-1").vended_gb
    assert vended.cost_usd(D(10_240)) == D(5120)
    assert vended.cost_usd(D(10_241)) == D("5120.25")


def test_load_balancers_in_us_east_1_carry_no_assumption(catalog):
    alb, note = catalog.load_balancer("us-east-1", "alb")
    assert note is None
    assert (alb.hour.usd, alb.hour.unit) == (D("0.0225"), "ALB-hour")
    assert (alb.capacity_unit_hour.usd, alb.capacity_unit_hour.unit) == (D("0.008"), "LCU-hour")
    nlb, _ = catalog.load_balancer("us-east-1", "nlb")
    assert (nlb.hour.usd, nlb.capacity_unit_hour.usd, nlb.capacity_unit_hour.unit) == (
        D("0.0225"),
        D("0.006"),
        "NLCU-hour",
    )
    assert catalog.sources["elb"].origin.startswith("AWS ELB pricing page")


def test_load_balancers_elsewhere_fall_back_to_us_east_1_and_say_so(catalog):
    alb, note = catalog.load_balancer("eu-west-1", "alb")
    assert alb.hour.usd == D("0.0225")
    assert note is not None
    assert "eu-west-1" in note
    assert "us-east-1 prices are used" in note


def test_load_balancer_kinds_and_regions_are_checked(catalog):
    with pytest.raises(InvalidInput, match="alb or nlb"):
        catalog.load_balancer("us-east-1", "clb")
    with pytest.raises(UnknownName) as caught:
        catalog.load_balancer("eu-wset-1", "alb")
    assert "eu-west-1" in caught.value.closest


@pytest.mark.parametrize(
    ("instance_type", "baseline", "surplus_usd"),
    [
        ("t3.nano", D("0.05"), D("0.05")),
        ("t3.large", D("0.3"), D("0.05")),
        ("t3a.xlarge", D("0.4"), D("0.05")),
        ("t4g.micro", D("0.1"), D("0.04")),
        ("t4g.2xlarge", D("0.4"), D("0.04")),
        ("t2.xlarge", D("0.225"), D("0.05")),
        ("t2.2xlarge", D("0.17"), D("0.05")),
    ],
)
def test_burstable_baselines_and_surplus_credit_prices(catalog, instance_type, baseline, surplus_usd):
    credits, note = catalog.burstable_credits("us-east-1", instance_type)
    assert note is None
    assert credits.baseline_per_vcpu == baseline
    assert (credits.surplus_vcpu_hour.usd, credits.surplus_vcpu_hour.unit) == (surplus_usd, "vCPU-hour")
    assert credits.baseline_source in catalog.sources
    assert credits.surplus_vcpu_hour.source in catalog.sources


def test_every_burstable_type_priced_in_us_east_1_has_a_baseline(catalog):
    burstable = [t for t in catalog.ec2_types("us-east-1").values() if t.burstable and t.family != "t1"]
    assert burstable
    for kind in burstable:
        credits, _ = catalog.burstable_credits("us-east-1", kind.name)
        assert 0 < credits.baseline_per_vcpu < 1


def test_surplus_credits_elsewhere_fall_back_to_us_east_1_and_say_so(catalog):
    credits, note = catalog.burstable_credits("eu-west-1", "t4g.small")
    assert credits.surplus_vcpu_hour.usd == D("0.04")
    assert note is not None
    assert "eu-west-1" in note


def test_a_non_burstable_type_has_no_baseline(catalog):
    with pytest.raises(UnknownName):
        catalog.burstable_credits("us-east-1", "m5.large")


def test_the_new_sources_are_dated(catalog):
    dates = {s.id: s.published for s in catalog.sources.values()}
    assert dates["apigateway"] == "2025-10-20"
    assert dates["vpc"] == "2025-11-04"
    assert dates["natgateway"] == "2025-10-28"
    assert dates["cloudwatch"] == "2025-09-23"
    assert catalog.prices_as_of({"apigateway", "vpc"}) == "2025-10-20 (bundled snapshot; over 90 days old)"


def test_overhead_prices_parse_from_a_handed_in_snapshot():
    tiny = {
        "sources": {"vpc": {"title": "t", "origin": "o", "published": "2000-01-01"}},
        "regions": {"xx-test-1": "Test"},
        "vpc": {"xx-test-1": {"public_ipv4_hour": "0.007"}},
        "apigateway": {"xx-test-1": {"rest": [[None, "0.000004"]]}},
    }
    catalog = PriceCatalog(tiny)
    assert catalog.public_ipv4("xx-test-1").usd == D("0.007")
    assert catalog.api_gateway("xx-test-1", "rest").cost_usd(M) == D(4)
