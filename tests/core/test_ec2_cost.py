from decimal import Decimal as D

import pytest

from core.costs.ec2 import Ec2Deployment, Ec2Need, cheapest_fit, ec2_cost
from core.errors import InvalidInput, UnknownName
from core.prices.catalog import PREVIOUS_GENERATION_FAMILIES


def test_a_named_type_costs_count_x_hours_x_price(catalog):
    estimate = ec2_cost(Ec2Deployment(instance_type="m5.large", count=2), catalog)
    item = estimate.line_items[0]
    assert (item.quantity, item.unit_usd, item.monthly_usd) == (1460, D("0.096"), D("140.16"))
    assert estimate.prices_as_of == "2026-07-20 (bundled snapshot; over 90 days old)"


def test_ebs_gp3_is_its_own_line_item(catalog):
    estimate = ec2_cost(Ec2Deployment(instance_type="m5.large", count=2, ebs_gb=D(100)), catalog)
    ebs = estimate.line_items[1]
    assert (ebs.name, ebs.quantity, ebs.unit_usd, ebs.monthly_usd) == (
        "EBS gp3 storage",
        200,
        D("0.08"),
        D("16.00"),
    )
    assert estimate.monthly_usd == D("156.16")


def test_ebs_in_a_region_without_its_own_price_says_which_price_it_used(catalog):
    estimate = ec2_cost(Ec2Deployment(instance_type="m5.large", ebs_gb=D(10), region="eu-west-1"), catalog)
    assert any("us-east-1 price is used" in a for a in estimate.assumptions)


def test_ebs_is_prorated_by_the_hour(catalog):
    estimate = ec2_cost(Ec2Deployment(instance_type="m5.large", hours=D(365), ebs_gb=D(100)), catalog)
    assert estimate.line_items[1].quantity == 50


def test_metal_types_in_us_east_1_keep_the_shared_tenancy_price(catalog):
    metal = catalog.ec2_type("us-east-1", "m6g.metal")
    assert metal.hourly.usd == D("2.464")  # not the dedicated-tenancy 2.6112
    assert metal.hourly.source == "ec2_regional"
    assert catalog.ec2_type("us-east-1", "m6g.large").hourly.source == "ec2_us_east_1"


def test_the_cheapest_type_that_fits_is_chosen_and_explained(catalog):
    estimate = ec2_cost(Ec2Deployment(need=Ec2Need(D(2), D(4))), catalog)
    picked = catalog.ec2_type("us-east-1", estimate.choice)
    others = [
        t
        for t in catalog.ec2_types("us-east-1").values()
        if t.arch == "x86_64" and t.vcpu >= 2 and t.memory_gib >= 4 and not t.burstable and not t.gpus
    ]
    assert picked.hourly.usd == min(t.hourly.usd for t in others)
    assert any("cheapest x86_64 type" in a for a in estimate.assumptions)


def test_burstable_types_count_only_when_asked_for(catalog):
    steady = cheapest_fit(catalog, "us-east-1", Ec2Need(D(2), D(4)))
    bursty = cheapest_fit(catalog, "us-east-1", Ec2Need(D(2), D(4), burstable=True))
    assert not steady.burstable
    assert bursty.burstable
    assert bursty.hourly.usd < steady.hourly.usd


@pytest.mark.parametrize("arch", ["x86_64", "arm64"])
def test_the_fit_respects_architecture(catalog, arch):
    assert cheapest_fit(catalog, "eu-west-1", Ec2Need(D(4), D(8), arch)).arch == arch


def test_gpu_needs_pick_gpu_types_and_plain_needs_do_not(catalog):
    gpu = cheapest_fit(catalog, "us-east-1", Ec2Need(D(4), D(16), gpus=1))
    plain = cheapest_fit(catalog, "us-east-1", Ec2Need(D(4), D(16)))
    assert gpu.gpus >= 1
    assert plain.gpus == 0


def test_a_need_nothing_meets_is_a_clear_error(catalog):
    with pytest.raises(InvalidInput, match="instance type in us-east-1"):
        cheapest_fit(catalog, "us-east-1", Ec2Need(D(10_000), D(4)))


def test_an_unknown_type_names_the_closest_types(catalog):
    with pytest.raises(UnknownName) as caught:
        ec2_cost(Ec2Deployment(instance_type="m5.lrge"), catalog)
    assert caught.value.closest[0] == "m5.large"


def test_a_short_run_is_billed_the_60_second_minimum(catalog):
    estimate = ec2_cost(Ec2Deployment(instance_type="m5.large", hours=D(1) / 3600), catalog)
    assert estimate.line_items[0].quantity == D(1) / 60


@pytest.mark.parametrize(
    ("deployment", "field"),
    [
        (Ec2Deployment(instance_type="m5.large", count=-1), "count"),
        (Ec2Deployment(instance_type="m5.large", hours=D(731)), "hours"),
        (Ec2Deployment(instance_type="m5.large", ebs_gb=D(0)), "ebs"),
        (Ec2Deployment(), "type"),
    ],
)
def test_impossible_ec2_usage_is_an_error_naming_the_field(catalog, deployment, field):
    with pytest.raises(InvalidInput) as caught:
        ec2_cost(deployment, catalog)
    assert caught.value.field == field


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-1", "sa-east-1", "ap-southeast-2"])
@pytest.mark.parametrize(("vcpu", "memory"), [("0.5", "0.5"), ("1", "1.5"), ("2", "8"), ("8", "60")])
def test_a_fit_never_picks_a_previous_generation_type(catalog, region, vcpu, memory):
    fit = cheapest_fit(catalog, region, Ec2Need(D(vcpu), D(memory)))
    assert not fit.previous_generation
    assert fit.name.split(".")[0] not in PREVIOUS_GENERATION_FAMILIES


def test_a_previous_generation_type_is_still_priced_when_named(catalog):
    estimate = ec2_cost(Ec2Deployment(instance_type="m3.medium", count=1), catalog)
    assert estimate.choice == "m3.medium" and estimate.monthly_usd > 0
