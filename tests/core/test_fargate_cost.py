"""Fargate costs against AWS's published example (us-east-1) and its billing rules' edges."""

from decimal import Decimal as D

import pytest

from core.costs.fargate import TASK_SIZES, FargateDeployment, fargate_cost, smallest_task_size
from core.errors import InvalidInput
from core.prices.catalog import ServiceNotOffered


def lines(estimate):
    return {item.name: item.monthly_usd for item in estimate.line_items}


def test_aws_published_fargate_example_to_the_cent(catalog):
    # 5 tasks running 10 minutes a day for 30 days, 1 vCPU, 2 GB, 30 GB storage:
    # $1.01 vCPU + $0.22 memory + $0.03 storage = $1.26
    deployment = FargateDeployment(5, D(1), D(2), storage_gb=D(30), runs=D(30), run_ms=D(600_000))
    estimate = fargate_cost(deployment, catalog)
    assert lines(estimate) == {
        "vCPU (linux/x86_64)": D("1.01"),
        "Memory (linux/x86_64)": D("0.22"),
        "Ephemeral storage above 20GB": D("0.03"),
    }
    assert estimate.monthly_usd == D("1.26")
    assert estimate.prices_as_of == "2025-10-27 (bundled snapshot; over 90 days old)"


def test_an_always_on_task_runs_730_hours(catalog):
    estimate = fargate_cost(FargateDeployment(1, D("0.25"), D("0.5")), catalog)
    # 730 h x (0.25 x $0.04048 + 0.5 x $0.004445) = $7.3876 + $1.622425
    assert lines(estimate) == {"vCPU (linux/x86_64)": D("7.39"), "Memory (linux/x86_64)": D("1.62")}


@pytest.mark.parametrize(
    ("os", "run_ms", "billed_s"),
    [
        ("linux", 1, 60),
        ("linux", 59_999, 60),
        ("linux", 60_001, 61),  # per second, rounded up
        ("windows", 60_000, 300),
        ("windows", 300_001, 301),
    ],
)
def test_each_run_is_billed_per_second_with_a_minimum(catalog, os, run_ms, billed_s):
    deployment = FargateDeployment(1, D(1), D(2), os=os, runs=D(3600), run_ms=D(run_ms))
    estimate = fargate_cost(deployment, catalog)
    vcpu = estimate.line_items[0]
    assert vcpu.quantity == billed_s  # 3,600 runs x billed_s seconds x 1 vCPU = billed_s vCPU-hours


def test_windows_adds_the_os_licence_per_vcpu(catalog):
    estimate = fargate_cost(FargateDeployment(2, D(2), D(4), os="windows"), catalog)
    assert lines(estimate) == {
        "vCPU (windows/x86_64)": D("135.93"),  # 2,920 vCPU-h x $0.046552
        "Memory (windows/x86_64)": D("29.85"),  # 5,840 GB-h x $0.00511175
        "Windows OS licence": D("134.32"),  # 2,920 vCPU-h x $0.046
    }


def test_arm64_uses_the_arm_rates(catalog):
    estimate = fargate_cost(FargateDeployment(1, D(1), D(2), arch="arm64"), catalog)
    assert [i.unit_usd for i in estimate.line_items] == [D("0.03238"), D("0.00356")]


def test_spot_uses_the_dated_sample_and_says_so(catalog):
    estimate = fargate_cost(FargateDeployment(1, D(1), D(2), spot=True), catalog)
    assert [i.unit_usd for i in estimate.line_items] == [D("0.01288871"), D("0.00141527")]
    assert estimate.prices_as_of.startswith("2026-09-28 (bundled snapshot")  # 90 days old on 2026-12-27
    assert any("floats" in a for a in estimate.assumptions)


def test_spot_where_no_price_is_known_names_the_known_regions(catalog):
    with pytest.raises(ServiceNotOffered, match="eu-west-1, us-east-1"):
        fargate_cost(FargateDeployment(1, D(1), D(2), spot=True, region="ap-south-1"), catalog)


@pytest.mark.parametrize(
    ("vcpu", "memory", "message"),
    [
        (
            "0.25",
            "3",
            "with 0.25 vCPU: 0.5, 1, 2 GB; the smallest valid size that covers it is 0.5 vCPU / 3 GB",
        ),
        ("4", "31", "with 4 vCPU: 8, 9,"),
        ("8", "17", "the smallest valid size that covers it is 8 vCPU / 20 GB"),
        (
            "3",
            "8",
            "one of 0.25, 0.5, 1, 2, 4, 8, 16; the smallest valid size that covers it is 4 vCPU / 8 GB",
        ),
        ("16", "121", "no Fargate task is that large"),
    ],
)
def test_invalid_task_sizes_name_the_valid_sizes_and_the_smallest_cover(catalog, vcpu, memory, message):
    with pytest.raises(InvalidInput) as caught:
        fargate_cost(FargateDeployment(1, D(vcpu), D(memory)), catalog)
    assert message in str(caught.value)


def test_every_listed_task_size_is_accepted(catalog):
    for vcpu, memories in TASK_SIZES.items():
        for memory in memories:
            assert fargate_cost(FargateDeployment(1, vcpu, memory), catalog).monthly_usd > 0


@pytest.mark.parametrize(
    ("need", "size"),
    [
        (("0.1", "0.2"), ("0.25", "0.5")),
        (("0.25", "2.5"), ("0.5", "3")),
        (("1", "8.5"), ("2", "9")),
        (("4", "30.5"), ("8", "32")),
        (("9", "1"), ("16", "32")),
    ],
)
def test_needs_map_up_to_the_smallest_valid_size(need, size):
    assert smallest_task_size(D(need[0]), D(need[1])) == (D(size[0]), D(size[1]))


def test_windows_tasks_need_at_least_one_vcpu():
    assert smallest_task_size(D("0.25"), D("0.5"), "windows") == (D(1), D(2))


@pytest.mark.parametrize(
    ("deployment", "field"),
    [
        (FargateDeployment(1, D(1), D(2), os="windows", arch="arm64"), "arch"),
        (FargateDeployment(1, D(1), D(2), os="windows", spot=True), "spot"),
        (FargateDeployment(1, D("0.5"), D(1), os="windows"), "vcpu"),
        (FargateDeployment(1, D(1), D(2), storage_gb=D(201)), "storage"),
        (FargateDeployment(1, D(1), D(2), storage_gb=D(19)), "storage"),
        (FargateDeployment(1, D(1), D(2), hours=D(731)), "hours"),
        (FargateDeployment(1, D(1), D(2), runs=D(3)), "runs"),
        (FargateDeployment(-1, D(1), D(2)), "tasks"),
    ],
)
def test_what_fargate_cannot_do_is_an_error_naming_the_field(catalog, deployment, field):
    with pytest.raises(InvalidInput) as caught:
        fargate_cost(deployment, catalog)
    assert caught.value.field == field


def test_windows_where_fargate_has_no_windows_price(catalog):
    with pytest.raises(ServiceNotOffered):
        fargate_cost(FargateDeployment(1, D(1), D(2), os="windows", region="ap-east-2"), catalog)
