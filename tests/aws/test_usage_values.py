"""The pure half of the reader: usage values, window arithmetic, and turning AWS answers into them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.aws.assemble import weighted_mean
from core.aws.costs import last_full_week, spend_from_periods
from core.aws.ec2 import ec2_instance, group_instances
from core.aws.failures import redact
from core.aws.fargate import alb_target, parse_memory_mb, parse_vcpu, task_size
from core.aws.lambdas import lambda_config
from core.aws.metrics import minimum_calls, queries_per_call
from core.aws.reader import lookback_window
from core.errors import InvalidInput
from core.usage import (
    AccountUsage,
    LookbackWindow,
    UsageReport,
    merge_reports,
    monthly,
    summarize,
)

T0 = datetime(2024, 5, 1, tzinfo=UTC)


def window(days: int, period_s: int = 3600) -> LookbackWindow:
    return LookbackWindow(T0, T0 + timedelta(days=days), period_s)


def d(*values: object) -> list[Decimal]:
    return [Decimal(str(v)) for v in values]


def test_no_values_summarise_to_unknown() -> None:
    assert summarize([]) is None


def test_a_summary_has_mean_nearest_rank_p95_and_peak() -> None:
    stats = summarize(d(*range(1, 21)))
    assert stats is not None
    assert (stats.datapoints, stats.average, stats.p95, stats.maximum) == (20, Decimal("10.5"), 19, 20)


@given(st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=400))
def test_a_summary_stays_within_its_values(values: list[int]) -> None:
    stats = summarize(d(*values))
    assert stats is not None
    assert min(values) <= stats.average <= stats.maximum == max(values)
    assert min(values) <= stats.p95 <= stats.maximum
    assert stats.datapoints == len(values)


@pytest.mark.parametrize(
    ("total", "days", "expected"),
    [
        (None, 14, None),
        (Decimal(336), 14, Decimal(730)),  # one an hour
        (Decimal(0), 14, Decimal(0)),  # seen, and zero
        (Decimal(12), 1, Decimal(365)),  # 12 in 24 hours
    ],
)
def test_counts_scale_to_a_730_hour_month(total: Decimal | None, days: int, expected: Decimal | None) -> None:
    assert monthly(total, window(days)) == expected


def test_a_window_knows_its_hours_and_periods() -> None:
    assert window(14).hours == 336
    assert window(14).periods == 336
    assert window(4, 60).periods == 5760


@pytest.mark.parametrize(
    ("now", "period_s", "end"),
    [
        (datetime(2024, 5, 15, 12, 34, 56, tzinfo=UTC), 3600, datetime(2024, 5, 15, 12, tzinfo=UTC)),
        (datetime(2024, 5, 15, 12, 0, tzinfo=UTC), 3600, datetime(2024, 5, 15, 12, tzinfo=UTC)),
        (datetime(2024, 5, 15, 12, 34, 56, tzinfo=UTC), 300, datetime(2024, 5, 15, 12, 30, tzinfo=UTC)),
    ],
)
def test_the_window_ends_on_the_last_whole_period(now: datetime, period_s: int, end: datetime) -> None:
    made = lookback_window(now, 14, period_s)
    assert (made.end, made.start, made.period_s) == (end, end - timedelta(days=14), period_s)


@pytest.mark.parametrize(("days", "period_s"), [(0, 3600), (456, 3600), (14, 0), (14, 90), (14, 30)])
def test_impossible_windows_are_refused(days: int, period_s: int) -> None:
    with pytest.raises(InvalidInput):
        lookback_window(T0, days, period_s)


@pytest.mark.parametrize(
    ("days", "period_s", "per_call"),
    [
        (14, 3600, 300),  # 336 points: the datapoint limit binds
        (1, 3600, 500),  # 24 points: the query limit binds
        (4, 60, 17),  # 5,760 points
        (70, 60, 1),  # 100,800 points: one query fills a call
        (80, 60, 1),  # more than a call holds: one query a call, paged by NextToken
    ],
)
def test_a_call_holds_as_many_queries_as_both_limits_allow(days: int, period_s: int, per_call: int) -> None:
    assert queries_per_call(window(days, period_s)) == per_call


def test_the_fewest_calls_round_up() -> None:
    assert minimum_calls(0, window(14)) == 0
    assert minimum_calls(300, window(14)) == 1
    assert minimum_calls(301, window(14)) == 2
    assert minimum_calls(6000, window(14)) == 20


@pytest.mark.parametrize(
    ("now", "start"),
    [
        (datetime(2024, 5, 15, 12, tzinfo=UTC), date(2024, 5, 6)),  # Wednesday
        (datetime(2024, 5, 13, 0, 0, tzinfo=UTC), date(2024, 5, 6)),  # Monday midnight
        (datetime(2024, 5, 12, 23, 59, tzinfo=UTC), date(2024, 4, 29)),  # Sunday, week not over
        (datetime(2024, 1, 3, tzinfo=UTC), date(2023, 12, 25)),  # across a year
    ],
)
def test_last_full_week_is_monday_to_sunday_before_now(now: datetime, start: date) -> None:
    assert last_full_week(now) == (start, start + timedelta(days=7))


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)))
def test_last_full_week_is_always_a_whole_past_week(now: datetime) -> None:
    start, end = last_full_week(now.replace(tzinfo=UTC))
    assert start.isoweekday() == 1
    assert end - start == timedelta(days=7)
    assert end <= now.date() < end + timedelta(days=7)


def test_spend_adds_up_each_service_over_the_periods() -> None:
    def group(service: str, amount: str) -> dict[str, object]:
        return {"Keys": [service], "Metrics": {"UnblendedCost": {"Amount": amount, "Unit": "USD"}}}

    periods = [
        {"Groups": [group("AWS Lambda", "1.10"), group("Amazon ECS", "2")], "Estimated": False},
        {"Groups": [group("AWS Lambda", "0.01")], "Estimated": True},
    ]
    spend = spend_from_periods(periods, date(2024, 4, 29), date(2024, 5, 6), "123456789012")
    assert spend.by_service_usd == (("AWS Lambda", Decimal("1.11")), ("Amazon ECS", Decimal(2)))
    assert spend.total_usd == Decimal("3.11")
    assert spend.estimated
    assert spend.usd("Amazon EC2") is None


@pytest.mark.parametrize(
    ("given_cpu", "vcpu"),
    [("256", Decimal("0.25")), ("1024", Decimal(1)), ("0.5 vCPU", Decimal("0.5")), (None, None)],
)
def test_task_cpu_reads_as_vcpus(given_cpu: str | None, vcpu: Decimal | None) -> None:
    assert parse_vcpu(given_cpu) == vcpu


@pytest.mark.parametrize(("given_memory", "mb"), [("512", 512), ("2 GB", 2048), (None, None)])
def test_task_memory_reads_as_mb(given_memory: str | None, mb: int | None) -> None:
    assert parse_memory_mb(given_memory) == mb


def test_a_task_definition_without_a_platform_is_linux_on_x86() -> None:
    size = task_size({"cpu": "512", "memory": "1024", "ephemeralStorage": {"sizeInGiB": 30}})
    assert (size.vcpu, size.memory_mb, size.ephemeral_gb) == (Decimal("0.5"), 1024, 30)
    assert (size.arch, size.os) == ("x86_64", "linux")


def test_a_target_group_names_its_alb_as_cloudwatch_does() -> None:
    target = alb_target(
        {
            "TargetGroupArn": "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/web/73e2d6bc",
            "LoadBalancerArns": ["arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/shop/50dc6c"],
        }
    )
    assert target is not None
    assert target.target_group_dimension == "targetgroup/web/73e2d6bc"
    assert target.load_balancer_dimension == "app/shop/50dc6c"


@pytest.mark.parametrize(
    "balancers",
    [[], ["arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/net/nlb/123"]],
)
def test_a_target_group_without_an_alb_has_no_alb_metrics(balancers: list[str]) -> None:
    group = {"TargetGroupArn": "arn:x:targetgroup/t/1", "LoadBalancerArns": balancers}
    assert alb_target(group) is None


def test_a_function_without_architectures_or_storage_is_x86_with_unknown_storage() -> None:
    config = lambda_config({"FunctionName": "f", "FunctionArn": "arn:f", "MemorySize": 128, "Timeout": 3})
    assert (config.arch, config.ephemeral_mb) == ("x86_64", None)


def test_instances_group_on_type_and_workload_tags_only() -> None:
    def raw(instance_id: str, kind: str, **tags: str) -> dict[str, object]:
        pairs = [{"Key": k, "Value": v} for k, v in tags.items()]
        return {"InstanceId": instance_id, "InstanceType": kind, "Tags": pairs}

    instances = [
        ec2_instance(raw("i-1", "m5.large", Name="api", Owner="a")),
        ec2_instance(raw("i-2", "m5.large", Name="api", Owner="b")),
        ec2_instance(raw("i-3", "m5.xlarge", Name="api")),
        ec2_instance({**raw("i-4", "m5.large", Name="api"), "InstanceLifecycle": "spot"}),
    ]
    groups = group_instances(instances)
    sizes = sorted(
        (key.instance_type, key.lifecycle, [m.instance_id for m in members])
        for key, members in groups.items()
    )
    assert sizes == [
        ("m5.large", "on-demand", ["i-1", "i-2"]),
        ("m5.large", "spot", ["i-4"]),
        ("m5.xlarge", "on-demand", ["i-3"]),
    ]


def stamp(hours: int) -> datetime:
    return T0 + timedelta(hours=hours)


def test_averages_are_weighted_by_each_period_s_count() -> None:
    durations = ((stamp(0), Decimal(50)), (stamp(1), Decimal(150)))
    invocations = ((stamp(0), Decimal(100)), (stamp(1), Decimal(300)))
    assert weighted_mean([(durations, invocations)]) == 125


def test_averages_without_counts_fall_back_to_the_plain_mean() -> None:
    durations = ((stamp(0), Decimal(50)), (stamp(1), Decimal(150)))
    assert weighted_mean([(durations, ())]) == 100
    assert weighted_mean([((), ())]) is None


def test_several_targets_are_weighted_together() -> None:
    first = (((stamp(0), Decimal("0.1")),), ((stamp(0), Decimal(1000)),))
    second = (((stamp(0), Decimal("0.2")),), ((stamp(0), Decimal(3000)),))
    assert weighted_mean([first, second]) == Decimal("0.175")


@pytest.mark.parametrize(
    "secret",
    [
        "AKIAIOSFODNN7EXAMPLE",
        "ASIAQNZGKIQY56JEXAMP",
        "FwoGZXIvYXdzEJr//////////wEaDNRandomLookingSessionTokenValue1234567890",
    ],
)
def test_messages_lose_anything_shaped_like_a_credential(secret: str) -> None:
    message = f"User: arn:aws:iam::123456789012:user/ci is not authorized ({secret})"
    cleaned = redact(message)
    assert secret not in cleaned
    assert "arn:aws:iam::123456789012:user/ci is not authorized" in cleaned


def test_long_messages_are_cut() -> None:
    assert len(redact("word " * 500)) == 400


def test_reports_over_one_window_merge_and_others_do_not() -> None:
    def report(account: str, days: int = 14) -> UsageReport:
        usage = AccountUsage(account, ("eu-west-1",), (), (), (), None, ())
        return UsageReport(window(days), (usage,))

    merged = merge_reports([report("1"), report("2")])
    assert [usage.account for usage in merged.accounts] == ["1", "2"]
    with pytest.raises(InvalidInput):
        merge_reports([report("1"), report("2", days=7)])
    with pytest.raises(InvalidInput):
        merge_reports([])
