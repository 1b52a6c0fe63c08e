"""Faults moto cannot make, injected through botocore's events: one region or call goes wrong,
the rest of the report is still there."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.config import Config

from core.aws import read_usage
from core.usage import UsageReport
from tests.aws.conftest import FAKE_ENV
from tests.aws.hooks import Throttle, deny_region
from tests.aws.seed import ACCOUNT, NOW, REGION_A, REGION_B


def by_name(report: UsageReport) -> dict[str, Any]:
    return {f.name: f for f in report.accounts[0].lambda_functions}


def test_throttled_metric_calls_are_retried_and_the_report_is_whole(session: Any) -> None:
    throttle = Throttle(REGION_A, times=1)
    session.events.register("before-send.cloudwatch.GetMetricData", throttle)
    report = read_usage(session, [REGION_A, REGION_B], now=NOW, cost_explorer=False)
    assert throttle.attempts == 2  # throttled once, then through
    assert report.errors == ()
    assert by_name(report)["api"].invocations == 400


def test_throttling_that_outlasts_the_retries_is_reported_and_spares_other_regions(
    session: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Fewer retries than the reader's 10, so back-off keeps this test short.
    patient = Config(retries={"mode": "adaptive", "max_attempts": 2})
    monkeypatch.setattr("core.aws.session.CLIENT_CONFIG", patient)
    throttle = Throttle(REGION_A, times=1_000)
    session.events.register("before-send.cloudwatch.GetMetricData", throttle)
    report = read_usage(session, [REGION_A, REGION_B], now=NOW, cost_explorer=False)
    assert throttle.attempts == 3  # botocore's max_attempts counts retries: 1 + 2
    (error,) = report.errors
    assert (error.account, error.region, error.service) == (ACCOUNT, REGION_A, "cloudwatch")
    assert (error.operation, error.error_code) == ("GetMetricData", "ThrottlingException")
    functions = by_name(report)
    assert functions["api"].memory_mb == 1024  # listed, though its metrics are unknown
    assert functions["api"].invocations is None
    assert functions["etl"].invocations == 20


def test_access_denied_in_one_region_leaves_the_other_region_whole(session: Any) -> None:
    message = (
        f"User: arn:aws:sts::{ACCOUNT}:assumed-role/reader/digest is not authorized "
        f"(key {FAKE_ENV['AWS_ACCESS_KEY_ID']}, token {FAKE_ENV['AWS_SESSION_TOKEN']})"
    )
    session.events.register("before-call", deny_region(REGION_B, message))
    report = read_usage(session, [REGION_A, REGION_B], now=NOW, cost_explorer=False)
    account = report.accounts[0]
    assert {f.region for f in account.lambda_functions} == {REGION_A}
    assert {s.region for s in account.fargate_services} == {REGION_A}
    assert {g.region for g in account.ec2_groups} == {REGION_A}
    assert by_name(report)["api"].invocations == 400
    failed = {(e.region, e.service, e.operation, e.error_code) for e in report.errors}
    assert failed == {
        (REGION_B, "lambda", "ListFunctions", "AccessDeniedException"),
        (REGION_B, "ecs", "ListClusters", "AccessDeniedException"),
        (REGION_B, "ec2", "DescribeInstances", "AccessDeniedException"),
    }


def test_errors_never_carry_credentials(session: Any) -> None:
    message = (
        f"denied for {FAKE_ENV['AWS_ACCESS_KEY_ID']} with {FAKE_ENV['AWS_SECRET_ACCESS_KEY']} "
        f"and {FAKE_ENV['AWS_SESSION_TOKEN']}"
    )
    session.events.register("before-call", deny_region(REGION_B, message))
    report = read_usage(session, [REGION_B], now=NOW, cost_explorer=False)
    assert report.errors
    secrets = [FAKE_ENV[k] for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")]
    secrets.append(FAKE_ENV["AWS_SESSION_TOKEN"])
    for error in report.errors:
        text = repr(error)
        assert not any(secret in text for secret in secrets), text
        assert "[redacted]" in error.message


def test_a_task_definition_that_cannot_be_read_leaves_its_service_with_unknown_size(
    session: Any,
) -> None:
    def deny_task_definitions(context: dict[str, Any], **_: Any) -> Any:
        return deny_region(REGION_A, "not authorized")(context=context)

    session.events.register("before-call.ecs.DescribeTaskDefinition", deny_task_definitions)
    report = read_usage(session, [REGION_A], now=NOW, cost_explorer=False)
    web = next(s for s in report.accounts[0].fargate_services if s.service_name == "web")
    assert (web.vcpu, web.memory_mb, web.arch) == (None, None, None)
    assert web.cpu_percent is not None  # its metrics were still read
    assert {(e.service, e.operation) for e in report.errors} == {("ecs", "DescribeTaskDefinition")}


def test_a_cost_explorer_refusal_is_an_error_not_a_failure(session: Any) -> None:
    session.events.register("before-call.cost-explorer", deny_region("us-east-1", "no ce"))
    report = read_usage(session, [REGION_B], now=NOW)
    assert report.accounts[0].spend is None
    assert [(e.service, e.operation) for e in report.errors] == [("ce", "GetCostAndUsage")]
    assert report.accounts[0].lambda_functions
