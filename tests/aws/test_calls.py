"""The calls the reader makes: as few GetMetricData calls as the limits allow, and none that
deploy/iam-policy.json does not allow."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from core.aws import assume_role_session, read_usage
from tests.aws.hooks import CallRecorder
from tests.aws.seed import NOW, OTHER_ACCOUNT, READER_ROLE, REGION_A, REGION_B

POLICY = Path(__file__).resolve().parents[2] / "deploy" / "iam-policy.json"
IAM_PREFIX = {"elbv2": "elasticloadbalancing"}  # botocore's service name -> IAM's, where they differ
NEEDS_NO_PERMISSION = {"sts:GetCallerIdentity"}  # AWS answers it whatever the policy says
READ_ONLY_VERBS = ("List", "Describe", "Get")

# GetMetricData's limits, as CloudWatch documents them.
QUERIES_PER_CALL = 500
DATAPOINTS_PER_CALL = 100_800
# Queries per region: 3 per function, 2 per service, 2 per ALB target group, 2 per instance.
QUERIES = {
    REGION_A: 3 * 3 + 2 * 2 + 2 * 1 + 2 * 4,
    REGION_B: 3 * 1 + 2 * 1 + 2 * 2,
}


def policy_actions() -> set[str]:
    statements = json.loads(POLICY.read_text())["Statement"]
    actions: set[str] = set()
    for statement in statements:
        assert statement["Effect"] == "Allow"
        listed = statement["Action"]
        actions |= {listed} if isinstance(listed, str) else set(listed)
    return actions


def iam_actions(recorder: CallRecorder) -> set[str]:
    return {f"{IAM_PREFIX.get(s, s)}:{operation}" for s, operation in recorder.operations}


def test_every_call_is_in_the_iam_policy_and_the_policy_allows_nothing_more(session: Any) -> None:
    recorder = CallRecorder()
    recorder.attach(session)
    role_arn = f"arn:aws:iam::{OTHER_ACCOUNT}:role/{READER_ROLE}"
    other = assume_role_session(session, role_arn, "weekly-digest")
    recorder.attach(other)
    for reader in (session, other):
        read_usage(reader, [REGION_A, REGION_B], now=NOW)
    called = iam_actions(recorder) - NEEDS_NO_PERMISSION
    assert called == policy_actions()


def test_the_policy_only_reads_and_assumes_the_reader_role() -> None:
    for action in policy_actions() - {"sts:AssumeRole"}:
        assert action.split(":", 1)[1].startswith(READ_ONLY_VERBS), action
    statements = json.loads(POLICY.read_text())["Statement"]
    (assume,) = [s for s in statements if s["Action"] == "sts:AssumeRole"]
    assert assume["Resource"].endswith(f":role/{READER_ROLE}")


@pytest.mark.parametrize(("lookback_days", "period_s"), [(14, 3600), (4, 60)])
def test_metric_calls_are_the_fewest_the_limits_allow(
    session: Any, lookback_days: int, period_s: int
) -> None:
    recorder = CallRecorder()
    recorder.attach(session)
    read_usage(
        session,
        [REGION_A, REGION_B],
        lookback_days=lookback_days,
        period_s=period_s,
        now=NOW,
        cost_explorer=False,
    )
    points = lookback_days * 86_400 // period_s
    per_call = min(QUERIES_PER_CALL, DATAPOINTS_PER_CALL // points)
    for region, queries in QUERIES.items():
        calls = recorder.by_region[region, "cloudwatch", "GetMetricData"]
        assert calls == math.ceil(queries / per_call), region
        sizes = sorted((size for r, size in recorder.metric_batches if r == region), reverse=True)
        assert sum(sizes) == queries
        assert all(size == per_call for size in sizes[1:-1])
        assert sizes[0] * points <= DATAPOINTS_PER_CALL


def test_fourteen_days_of_hourly_points_fit_three_hundred_queries_a_call() -> None:
    assert min(QUERIES_PER_CALL, DATAPOINTS_PER_CALL // (14 * 24)) == 300


def test_cost_explorer_is_asked_once_in_us_east_1(session: Any) -> None:
    recorder = CallRecorder()
    recorder.attach(session)
    read_usage(session, [REGION_A, REGION_B], now=NOW)
    assert recorder.by_region["us-east-1", "ce", "GetCostAndUsage"] == 1
    assert recorder.operations["ce", "GetCostAndUsage"] == 1


def test_listing_uses_the_largest_pages_and_batches(session: Any) -> None:
    recorder = CallRecorder()
    recorder.attach(session)
    read_usage(session, [REGION_A], now=NOW, cost_explorer=False)
    calls = {op: n for (region, _, op), n in recorder.by_region.items() if region == REGION_A}
    assert calls == {
        "GetCallerIdentity": 1,  # the session's region
        "ListFunctions": 1,
        "ListClusters": 1,
        "ListServices": 1,
        "DescribeServices": 1,
        "DescribeTaskDefinition": 2,
        "DescribeTargetGroups": 1,
        "DescribeInstances": 1,
        "GetMetricData": 1,
    }
