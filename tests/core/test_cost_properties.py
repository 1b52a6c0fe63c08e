"""Properties every estimate keeps, over generated deployment (hypothesis)."""

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.prices import bundled_catalog
from core.costs.aws_lambda import LambdaDeployment, lambda_cost
from core.costs.ec2 import Ec2Deployment, Ec2Need, ec2_cost
from core.costs.fargate import TASK_SIZES, FargateDeployment, fargate_cost

CATALOG = bundled_catalog()
LAMBDA_REGIONS = sorted(CATALOG._data["lambda"])
FARGATE_REGIONS = sorted(CATALOG._data["fargate"])
SIZES = [(vcpu, memory) for vcpu, memories in TASK_SIZES.items() for memory in memories]

requests = st.integers(0, 5 * 10**10).map(D)
durations = st.decimals(0, 900_000, places=1)
memories = st.integers(128, 10_240).map(D)
storages = st.integers(512, 10_240).map(D)
hours = st.decimals(0, 730, places=2)


@st.composite
def lambda_deployments(draw):
    return LambdaDeployment(
        monthly_requests=draw(requests),
        duration_ms=draw(durations),
        memory_mb=draw(memories),
        storage_mb=draw(storages),
        region=draw(st.sampled_from(LAMBDA_REGIONS)),
        arch=draw(st.sampled_from(["x86_64", "arm64"])),
        free_tier=draw(st.booleans()),
        provisioned=draw(st.sampled_from([0, 0, 1, 10, 500])),
        provisioned_hours=draw(hours),
    )


@st.composite
def fargate_usages(draw):
    vcpu, memory = draw(st.sampled_from(SIZES))
    runs = draw(st.none() | st.integers(0, 10_000).map(D))
    return FargateDeployment(
        tasks=draw(st.integers(0, 500)),
        vcpu=vcpu,
        memory_gb=memory,
        region=draw(st.sampled_from(FARGATE_REGIONS)),
        arch=draw(st.sampled_from(["x86_64", "arm64"])),
        storage_gb=draw(st.integers(20, 200).map(D)),
        hours=None if runs is not None else draw(hours),
        runs=runs,
        run_ms=None if runs is None else draw(st.integers(0, 3_600_000).map(D)),
    )


@settings(max_examples=150, deadline=None)
@given(lambda_deployments())
def test_lambda_line_items_sum_to_the_total(deployment):
    estimate = lambda_cost(deployment, CATALOG)
    assert estimate.monthly_usd == sum(i.monthly_usd for i in estimate.line_items)
    assert estimate.exact_usd == sum(i.quantity * i.unit_usd for i in estimate.line_items)
    assert all(i.quantity >= 0 for i in estimate.line_items)


@settings(max_examples=150, deadline=None)
@given(fargate_usages())
def test_fargate_line_items_sum_to_the_total(deployment):
    estimate = fargate_cost(deployment, CATALOG)
    assert estimate.monthly_usd == sum(i.monthly_usd for i in estimate.line_items)


@settings(max_examples=150, deadline=None)
@given(
    lambda_deployments(),
    # deployment, not configuration: more provisioned hours can rightly cost less, by moving execution
    # that spilled over to on-demand onto the cheaper provisioned rate
    st.sampled_from(["monthly_requests", "duration_ms", "memory_mb", "storage_mb"]),
    st.decimals(0, 1000, places=0),
)
def test_lambda_cost_never_falls_when_usage_grows(deployment, field, step):
    from dataclasses import replace

    grown_value = getattr(deployment, field) + step
    limits = {"duration_ms": 900_000, "memory_mb": 10_240, "storage_mb": 10_240}
    grown_value = min(grown_value, D(limits.get(field, 10**15)))
    grown = replace(deployment, **{field: grown_value})
    assert lambda_cost(grown, CATALOG).exact_usd >= lambda_cost(deployment, CATALOG).exact_usd


@settings(max_examples=150, deadline=None)
@given(
    fargate_usages(),
    st.sampled_from(["tasks", "hours", "runs", "run_ms", "storage_gb"]),
    st.integers(0, 100),
)
def test_fargate_cost_never_falls_when_usage_grows(deployment, field, step):
    from dataclasses import replace

    value = getattr(deployment, field)
    if value is None:
        return
    limits = {"hours": 730, "storage_gb": 200}
    grown = replace(deployment, **{field: min(value + step, type(value)(limits.get(field, 10**9)))})
    assert fargate_cost(grown, CATALOG).exact_usd >= fargate_cost(deployment, CATALOG).exact_usd


@settings(max_examples=100, deadline=None)
@given(lambda_deployments())
def test_arm64_lambda_is_never_dearer_than_x86(deployment):
    from dataclasses import replace

    x86 = lambda_cost(replace(deployment, arch="x86_64"), CATALOG)
    arm = lambda_cost(replace(deployment, arch="arm64"), CATALOG)
    assert arm.exact_usd <= x86.exact_usd


@settings(max_examples=100, deadline=None)
@given(fargate_usages())
def test_arm64_fargate_is_never_dearer_than_x86(deployment):
    from dataclasses import replace

    x86 = fargate_cost(replace(deployment, arch="x86_64"), CATALOG)
    arm = fargate_cost(replace(deployment, arch="arm64"), CATALOG)
    assert arm.exact_usd <= x86.exact_usd


@settings(max_examples=100, deadline=None)
@given(
    st.integers(0, 50),
    st.decimals(0, 730, places=1),
    st.integers(1, 64).map(D),
    st.integers(1, 256).map(D),
    st.sampled_from(["x86_64", "arm64"]),
)
def test_ec2_more_instances_or_hours_never_cost_less(count, hours_, vcpu, memory, arch):
    need = Ec2Need(vcpu, memory, arch)
    base = ec2_cost(Ec2Deployment(need=need, count=count, hours=hours_), CATALOG)
    more = ec2_cost(Ec2Deployment(need=need, count=count + 1, hours=hours_), CATALOG)
    assert more.exact_usd >= base.exact_usd
    assert base.monthly_usd == sum(i.monthly_usd for i in base.line_items)
