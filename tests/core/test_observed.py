"""From usage to observed workloads: what each resource becomes, and how far its data can be trusted."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.costs.aws_lambda import LambdaDeployment
from core.costs.ec2 import Ec2Deployment
from core.costs.fargate import FargateDeployment
from core.observed import (
    BUSY_CPU_DURATION_MS,
    Confidence,
    InsufficientData,
    ObservedWorkload,
    busy_cpu_traffic,
    coverage_finding,
    ec2_group_name,
    grade,
    observe,
    observe_ec2,
    observe_fargate,
    observe_lambda,
)
from core.prices.catalog import PriceCatalog
from core.workload import Kind
from tests.core.usage_factory import (
    PERIODS,
    REGION,
    WINDOW,
    account,
    function,
    group,
    report,
    service,
    stats,
)


def observed(result: ObservedWorkload | InsufficientData) -> ObservedWorkload:
    assert isinstance(result, ObservedWorkload), result
    return result


def insufficient(result: ObservedWorkload | InsufficientData) -> tuple[str, ...]:
    assert isinstance(result, InsufficientData), result
    return result.reasons


# Lambda ---------------------------------------------------------------------------------------


def test_a_function_becomes_a_request_driven_workload_with_its_observed_volumes() -> None:
    result = observed(observe_lambda(function(arch="arm64", memory_mb=512), WINDOW))

    w = result.workload
    assert (w.kind, w.region, w.arch) == (Kind.REQUEST, REGION, "arm64")
    # 3,600 an hour for 336 hours, scaled to 730 hours.
    assert (w.monthly_requests, w.duration_ms, w.memory_mb) == (2_628_000, 100, 512)
    assert result.current == LambdaDeployment(Decimal(2_628_000), Decimal(100), Decimal(512), REGION, "arm64")
    assert result.confidence is Confidence.HIGH
    assert result.resource.label == f"arn:aws:lambda:{REGION}:111122223333:function:api"


def test_a_function_s_peak_rate_is_its_peak_concurrency_over_its_duration() -> None:
    result = observed(observe_lambda(function(max_concurrency=Decimal(4)), WINDOW))

    assert result.workload.peak_rps == 40  # Little's law: 4 in flight / 0.1 s
    assert any("peak concurrency 4" in note for note in result.workload.notes)


def test_a_peak_is_never_below_the_average_rate() -> None:
    result = observed(observe_lambda(function(max_concurrency=Decimal(0)), WINDOW))

    assert result.workload.peak_rps == 1  # 2,628,000 a month is 1 a second on average


def test_a_function_without_concurrency_figures_has_an_assumed_peak_and_medium_confidence() -> None:
    result = observed(observe_lambda(function(max_concurrency=None), WINDOW))

    assert result.workload.peak_rps is None  # the advice's named peak factor applies, and says so
    assert result.confidence is Confidence.MEDIUM
    assert result.assessed("ec2")[1] == ("no ConcurrentExecutions datapoints: the peak is assumed",)


def test_a_function_with_more_ephemeral_storage_is_costed_with_it() -> None:
    result = observed(observe_lambda(function(ephemeral_mb=2048), WINDOW))

    assert result.workload.storage_mb == 2048
    assert isinstance(result.current, LambdaDeployment)
    assert result.current.storage_mb == 2048


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"per_hour": None}, "no Invocations datapoints in the window"),
        ({"per_hour": "0", "avg_duration_ms": None}, "0 invocations in the window"),
        ({"avg_duration_ms": None}, "no Duration datapoints"),
    ],
)
def test_a_function_without_enough_data_is_listed_as_such_with_why(
    changes: dict[str, object], reason: str
) -> None:
    (why,) = insufficient(observe_lambda(function(**changes), WINDOW))

    assert why.startswith(reason)


@pytest.mark.parametrize(
    ("datapoints", "level"),
    [
        (PERIODS, None),
        (303, None),  # 90.2% of the periods
        (302, Confidence.MEDIUM),  # 89.9%
        (168, Confidence.MEDIUM),  # half
        (167, Confidence.LOW),
        (1, Confidence.LOW),
    ],
)
def test_too_few_datapoints_against_the_window_s_periods_lower_confidence(
    datapoints: int, level: Confidence | None
) -> None:
    finding = coverage_finding("Invocations", datapoints, WINDOW)

    assert (finding[0] if finding else None) == level
    if finding:
        assert f"{datapoints} of {PERIODS} hourly periods" in finding[1]
    result = observed(observe_lambda(function(datapoints=datapoints), WINDOW))
    assert result.confidence is (level or Confidence.HIGH)


def test_coverage_of_pooled_series_counts_every_instance_s_periods() -> None:
    assert coverage_finding("CPUUtilization", PERIODS * 3, WINDOW, series=3) is None
    finding = coverage_finding("CPUUtilization", PERIODS, WINDOW, series=3)
    assert finding is not None
    assert finding[0] is Confidence.LOW


@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        ((), Confidence.HIGH),
        ((Confidence.MEDIUM,), Confidence.MEDIUM),
        ((Confidence.MEDIUM, Confidence.LOW, Confidence.MEDIUM), Confidence.LOW),
        ((Confidence.HIGH, Confidence.MEDIUM), Confidence.MEDIUM),
    ],
)
def test_the_lowest_finding_sets_the_confidence(levels: tuple[Confidence, ...], expected: Confidence) -> None:
    findings = [(level, f"reason {n}") for n, level in enumerate(levels)]

    assert grade(findings) == (expected, tuple(f"reason {n}" for n in range(len(levels))))


# Fargate --------------------------------------------------------------------------------------


def test_a_service_behind_an_alb_is_request_driven_with_its_cpu_per_request() -> None:
    # 1,209,600 requests in 336 h = 1 req/s; 2 x 1 vCPU at 10% = 0.2 busy vCPU: 200ms of CPU a
    # request; each of the 2GB tasks uses 40% of its memory on average: 819.2MB, its base.
    result = observed(observe_fargate(service(requests="1209600"), WINDOW))

    w = result.workload
    assert (w.kind, w.monthly_requests, w.duration_ms) == (Kind.REQUEST, 2_628_000, 80)
    assert (w.cpu_ms, w.base_memory_mb) == (Decimal(200), Decimal(820))
    assert (w.front_door, w.public) == ("alb", False)  # found through its target groups
    assert result.current == FargateDeployment(2, Decimal(1), Decimal(2), REGION, "x86_64", "linux")
    assert result.confidence is Confidence.HIGH
    assert result.assessed("lambda") == (Confidence.HIGH, ())


def test_a_service_without_cpu_figures_takes_lambda_s_cpu_share_per_request() -> None:
    result = observed(observe_fargate(service(requests="1209600", cpu_percent=None), WINDOW))

    assert result.workload.kind is Kind.REQUEST
    assert result.workload.cpu_ms is None  # the default share of its duration
    assert result.confidence is Confidence.MEDIUM


def test_a_service_with_no_request_metric_is_an_always_on_service_offered_to_lambda_on_busy_cpu() -> None:
    result = observed(observe_fargate(service(), WINDOW))

    w = result.workload
    assert (w.kind, w.vcpu, w.memory_mb, w.count) == (Kind.SERVICE, 1, 2048, 2)
    assert (w.rps, w.peak_rps, w.duration_ms) == (Decimal("0.2"), Decimal("0.6"), BUSY_CPU_DURATION_MS)
    assert result.assessed("ec2") == (Confidence.HIGH, ())
    level, reasons = result.assessed("lambda")
    assert level is Confidence.LOW
    assert reasons == ("no request metric behind this service (no ALB): Lambda costed on busy CPU time",)


def test_a_service_behind_an_alb_without_request_counts_says_so() -> None:
    target = ("arn:aws:elasticloadbalancing:us-east-1:tg/web",)
    result = observed(observe_fargate(service(target_group_arns=target), WINDOW))

    assert result.workload.kind is Kind.SERVICE
    assert result.assessed("lambda")[1][0].startswith("behind an ALB, but no RequestCount datapoints")


def test_a_service_whose_cpu_its_requests_do_not_explain_is_costed_as_a_service() -> None:
    # 10 requests an hour can't keep 0.2 vCPU busy: the work is something else.
    result = observed(observe_fargate(service(requests="3360"), WINDOW))

    assert result.workload.kind is Kind.SERVICE
    assert result.assessed("lambda")[1][0].startswith("its CPU is not explained by its ALB requests")


def test_a_service_with_no_tasks_running_is_costed_at_its_desired_count_with_medium_confidence() -> None:
    result = observed(observe_fargate(service(running_count=0, desired_count=3), WINDOW))

    assert result.workload.count == 3
    assert result.confidence is Confidence.MEDIUM
    assert result.assessed("ec2")[1] == ("0 tasks running when read, 3 desired: costed at the desired count",)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"vcpu": None, "memory_mb": None}, "task size unknown: task definition"),
        ({"running_count": 0, "desired_count": 0}, "no tasks running or desired"),
        ({"vcpu": Decimal("0.25"), "memory_mb": 4096}, "its task can't be costed on Fargate: memory"),
    ],
)
def test_a_service_without_enough_data_is_listed_as_such_with_why(
    changes: dict[str, object], reason: str
) -> None:
    (why,) = insufficient(observe_fargate(service(**changes), WINDOW))

    assert why.startswith(reason)


def test_a_service_without_cpu_figures_is_not_offered_to_lambda() -> None:
    result = observed(observe_fargate(service(cpu_percent=None), WINDOW))

    assert result.workload.rps is None
    assert "no CPU figures: Lambda not compared" in result.workload.notes


# EC2 ------------------------------------------------------------------------------------------


def test_an_instance_group_is_a_service_of_its_type_s_size_and_count(catalog: PriceCatalog) -> None:
    result = observed(observe_ec2(group(), WINDOW, catalog))

    w = result.workload
    assert (w.kind, w.instance_type, w.vcpu, w.memory_mb, w.count) == (Kind.SERVICE, "m5.xlarge", 4, 16384, 2)
    # 2 x 4 vCPU at 2.5% = 0.2 busy vCPU; at the 10% peak, 0.8.
    assert (w.rps, w.peak_rps) == (Decimal("0.2"), Decimal("0.8"))
    assert result.current == Ec2Deployment(REGION, "m5.xlarge", None, 2)
    assert result.assessed("fargate") == (Confidence.HIGH, ())
    assert result.assessed("lambda")[0] is Confidence.LOW


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"lifecycle": "spot"}, "spot instances: their price is not a list price"),
        ({"platform": "Windows"}, "platform Windows: the snapshot prices Linux On-Demand only"),
        ({"instance_type": "zz9.large"}, "zz9.large is not in the price snapshot for us-east-1"),
        ({"region": "xx-east-9"}, "xx-east-9 is not in the price snapshot"),
    ],
)
def test_a_group_the_snapshot_can_t_price_is_listed_as_insufficient(
    catalog: PriceCatalog, changes: dict[str, object], reason: str
) -> None:
    (why,) = insufficient(observe_ec2(group(**changes), WINDOW, catalog))

    assert why == reason or why.startswith(reason)


def test_a_group_without_cpu_figures_is_not_offered_to_lambda(catalog: PriceCatalog) -> None:
    result = observed(
        observe_ec2(group(cpu_percent=None, cpu_max_percent=None, datapoints=0), WINDOW, catalog)
    )

    assert result.workload.rps is None
    assert "no CPU figures: Lambda not compared" in result.workload.notes


@pytest.mark.parametrize(
    ("tags", "ids", "name"),
    [
        ((("Name", "api"), ("aws:autoscaling:groupName", "api-asg")), ("i-1",), "api-asg"),
        ((("Name", "api"),), ("i-1",), "api"),
        ((), ("i-1", "i-2"), "i-1,i-2"),
        ((), ("i-1", "i-2", "i-3", "i-4"), "i-1,i-2,i-3…"),
    ],
)
def test_a_group_is_named_by_its_auto_scaling_group_or_name_tag_or_instances(
    tags: tuple[tuple[str, str], ...], ids: tuple[str, ...], name: str
) -> None:
    assert ec2_group_name(group(tags=tags, instance_ids=ids)) == name


# Busy CPU and the whole report ------------------------------------------------------------------


def test_busy_cpu_is_one_invocation_a_second_per_busy_vcpu_of_6910_ms() -> None:
    assert Decimal("6910.15625") == BUSY_CPU_DURATION_MS  # 1,000 x 1,769 / 1,024 / 0.25
    traffic = busy_cpu_traffic(3, Decimal(2), stats("10", "50"), None)

    assert traffic is not None
    assert (traffic.rps, traffic.peak_rps) == (Decimal("0.6"), Decimal(3))
    assert busy_cpu_traffic(3, Decimal(2), None, None) is None
    assert busy_cpu_traffic(3, Decimal(2), stats("0"), None) is None


def test_every_resource_of_every_account_is_either_a_workload_or_insufficient(catalog: PriceCatalog) -> None:
    usage = report(
        account((function("a"), function("b", per_hour=None)), (service(),), (group(),)),
        account((function("c", region="xx-east-9", account="222222222222"),), account_id="222222222222"),
    )

    observation = observe(usage, catalog)

    assert [o.resource.name for o in observation.workloads] == ["a", "shop/web", "reports (2 x m5.xlarge)"]
    assert [(i.resource.name, i.resource.account) for i in observation.insufficient] == [
        ("b", "111122223333"),
        ("c", "222222222222"),
    ]
    assert observation.insufficient[1].reasons == ("xx-east-9 is not in the price snapshot",)
