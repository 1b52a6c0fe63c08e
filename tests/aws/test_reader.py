"""The reader against moto's server: what it finds in two regions and two accounts."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import boto3
import pytest

from core.aws import assume_role_session, read_usage
from core.constants import HOURS_PER_MONTH
from core.usage import UsageReport, merge_reports
from tests.aws.conftest import pointed_at
from tests.aws.seed import (
    ACCOUNT,
    NOW,
    OTHER_ACCOUNT,
    READER_ROLE,
    REGION_A,
    REGION_B,
    WINDOW_END,
    World,
)

WINDOW_HOURS = Decimal(14 * 24)


@pytest.fixture(scope="module")
def report(seeded_server: tuple[str, World]) -> UsageReport:
    """One read of both regions, shared by the tests that only look at it."""
    with pointed_at(seeded_server[0]):
        return read_usage(boto3.session.Session(), [REGION_A, REGION_B], now=NOW)


def test_the_window_is_fourteen_days_of_whole_hours_before_now(report: UsageReport) -> None:
    assert report.window.end == WINDOW_END
    assert report.window.start == WINDOW_END - timedelta(days=14)
    assert report.window.period_s == 3600
    assert report.window.periods == 336


def test_the_report_names_the_account_and_regions_and_has_no_errors(report: UsageReport) -> None:
    (account,) = report.accounts
    assert account.account == ACCOUNT
    assert account.regions == (REGION_A, REGION_B)
    assert report.errors == ()


def test_functions_are_found_in_both_regions_with_their_configuration(
    report: UsageReport,
) -> None:
    functions = {(f.region, f.name): f for f in report.accounts[0].lambda_functions}
    assert set(functions) == {
        (REGION_A, "api"),
        (REGION_A, "worker"),
        (REGION_A, "idle"),
        (REGION_B, "etl"),
    }
    api = functions[REGION_A, "api"]
    assert (api.memory_mb, api.arch, api.timeout_s, api.ephemeral_mb) == (1024, "arm64", 30, 1024)
    assert api.arn == f"arn:aws:lambda:{REGION_A}:{ACCOUNT}:function:api"
    assert functions[REGION_A, "worker"].arch == "x86_64"


def test_a_function_s_invocations_duration_and_concurrency_come_from_cloudwatch(
    report: UsageReport,
) -> None:
    api = next(f for f in report.accounts[0].lambda_functions if f.name == "api")
    assert api.invocations == 400
    assert api.monthly_invocations == 400 * HOURS_PER_MONTH / WINDOW_HOURS
    assert api.datapoints == 2
    assert api.invocations_per_period is not None
    assert api.invocations_per_period.maximum == 300
    # Duration weighted by each hour's invocations: (100 x 50 + 300 x 150) / 400.
    assert api.avg_duration_ms == 125
    assert api.max_concurrency == 7


def test_a_function_without_datapoints_has_unknown_usage_not_zero(report: UsageReport) -> None:
    idle = next(f for f in report.accounts[0].lambda_functions if f.name == "idle")
    assert idle.invocations is None
    assert idle.monthly_invocations is None
    assert idle.avg_duration_ms is None
    assert idle.max_concurrency is None
    assert idle.datapoints == 0


def test_only_fargate_services_are_read_with_their_task_sizes(report: UsageReport) -> None:
    services = {(s.cluster, s.service_name): s for s in report.accounts[0].fargate_services}
    assert set(services) == {("shop", "web"), ("shop", "jobs"), ("batch", "crunch")}
    web, jobs, crunch = services["shop", "web"], services["shop", "jobs"], services["batch", "crunch"]
    assert (web.vcpu, web.memory_mb, web.arch, web.os) == (Decimal("0.5"), 1024, "arm64", "linux")
    assert (jobs.vcpu, jobs.memory_mb, jobs.arch, jobs.os) == (Decimal("0.25"), 512, "x86_64", "linux")
    assert (crunch.vcpu, crunch.arch, crunch.os, crunch.region) == (1, "x86_64", "windows", REGION_B)
    assert (web.desired_count, crunch.desired_count) == (2, 3)


def test_a_service_s_utilisation_and_alb_traffic_come_from_cloudwatch(
    report: UsageReport, world: World
) -> None:
    web = next(s for s in report.accounts[0].fargate_services if s.service_name == "web")
    assert web.target_group_arns == (world.target_group_arn,)
    assert web.cpu_percent is not None
    assert (web.cpu_percent.average, web.cpu_percent.maximum) == (40, 60)
    assert web.memory_percent is not None
    assert web.memory_percent.average == 50
    assert web.alb_requests == 4000
    assert web.monthly_alb_requests == 4000 * HOURS_PER_MONTH / WINDOW_HOURS
    # Response time weighted by requests: (1000 x 0.1 s + 3000 x 0.2 s) / 4000 = 0.175 s.
    assert web.alb_avg_response_time_ms == 175
    assert web.datapoints == 3


def test_a_service_without_a_target_group_has_no_alb_figures(report: UsageReport) -> None:
    jobs = next(s for s in report.accounts[0].fargate_services if s.service_name == "jobs")
    assert jobs.target_group_arns == ()
    assert (jobs.alb_requests, jobs.alb_avg_response_time_ms) == (None, None)
    assert jobs.cpu_percent is None


def test_running_instances_are_grouped_by_type_and_workload_tags(report: UsageReport, world: World) -> None:
    groups = {(g.region, g.instance_type, g.tags): g for g in report.accounts[0].ec2_groups}
    api = groups[REGION_A, "m5.large", (("Environment", "prod"), ("Name", "api"))]
    assert api.instance_ids == tuple(sorted(world.instance_ids["api"]))
    assert api.count == 3
    bastion = groups[REGION_A, "t3.micro", (("Name", "bastion"),)]
    assert bastion.count == 1
    assert groups[REGION_B, "c6g.large", (("Name", "batch"),)].count == 2
    assert len(groups) == 3
    stopped = world.instance_ids["stopped"][0]
    assert all(stopped not in g.instance_ids for g in groups.values())


def test_a_group_s_cpu_pools_every_instance_s_hours(report: UsageReport) -> None:
    api = next(g for g in report.accounts[0].ec2_groups if g.instance_type == "m5.large")
    assert api.cpu_percent is not None
    assert api.cpu_percent.datapoints == 4
    assert api.cpu_percent.average == Decimal("37.5")  # (10 + 30 + 20 + 90) / 4
    assert api.cpu_max_percent == 90
    bastion = next(g for g in report.accounts[0].ec2_groups if g.instance_type == "t3.micro")
    assert (bastion.cpu_percent, bastion.cpu_max_percent, bastion.datapoints) == (None, None, 0)


def test_last_full_week_spend_comes_from_cost_explorer(report: UsageReport) -> None:
    spend = report.accounts[0].spend
    assert spend is not None
    assert (spend.start, spend.end) == (date(2024, 5, 6), date(2024, 5, 13))
    assert spend.usd("AWS Lambda") == Decimal("12.3456")
    assert spend.total_usd == Decimal("12.3456") + Decimal("56.78")
    assert spend.account == ACCOUNT


def test_cost_explorer_can_be_left_out(session: Any) -> None:
    report = read_usage(session, [REGION_B], now=NOW, cost_explorer=False)
    assert report.accounts[0].spend is None
    assert report.errors == ()


def test_progress_gets_one_line_per_region(session: Any) -> None:
    lines: list[str] = []
    read_usage(session, [REGION_A, REGION_B], now=NOW, cost_explorer=False, progress=lines.append)
    assert sorted(lines) == [
        f"region {REGION_A}: 3 functions, 2 services, 4 instances",
        f"region {REGION_B}: 1 functions, 1 services, 2 instances",
    ]


def test_a_second_account_is_read_through_an_assumed_role(session: Any) -> None:
    role_arn = f"arn:aws:iam::{OTHER_ACCOUNT}:role/{READER_ROLE}"
    other = assume_role_session(session, role_arn, "weekly-digest")
    reports = [read_usage(s, [REGION_A], now=NOW) for s in (session, other)]
    merged = merge_reports(reports)
    accounts = {usage.account: usage for usage in merged.accounts}
    assert set(accounts) == {ACCOUNT, OTHER_ACCOUNT}
    billing = accounts[OTHER_ACCOUNT]
    assert [(f.account, f.name) for f in billing.lambda_functions] == [(OTHER_ACCOUNT, "billing")]
    assert billing.fargate_services == billing.ec2_groups == ()
    assert billing.spend is not None
    assert billing.spend.usd("AWS Lambda") == Decimal("1.50")
    assert "billing" not in {f.name for f in accounts[ACCOUNT].lambda_functions}
    assert merged.errors == ()
