"""The calls the reader makes: as few GetMetricData calls as the limits allow, and none that
deploy/iam-policy.json does not allow."""

from __future__ import annotations

import json
import math
import uuid
from pathlib import Path
from typing import Any

import pytest

from bot.digest.cur import cur_digest
from bot.settings import load_settings
from core.aws import assume_role_session, read_usage
from core.aws.pricelist import pricing_client, refresh_prices
from core.aws.savings_plans import refresh_savings_plans, savings_plans_client
from core.prices.catalog import PriceCatalog
from tests.aws.hooks import CallRecorder
from tests.aws.seed import ACCOUNT, NOW, OTHER_ACCOUNT, READER_ROLE, REGION_A, REGION_B
from tests.cur.athena_results import queue_results
from tests.cur.moto_export import duckdb_answers, glue_table, upload

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "deploy" / "iam-policy.json"
ATHENA_RESULTS_POLICY = ROOT / "deploy" / "iam-policy-athena-results.json"
IAM_PREFIX = {"elbv2": "elasticloadbalancing"}  # botocore's service name -> IAM's, where they differ
# Operations that IAM authorises under another action's name.
IAM_ACTION = {("s3", "ListObjectsV2"): "s3:ListBucket", ("s3", "HeadObject"): "s3:GetObject"}
NEEDS_NO_PERMISSION = {"sts:GetCallerIdentity"}  # AWS answers it whatever the policy says
# What Athena does as the caller while it runs a query on a partitioned table: no SDK call of ours.
ATHENA_AS_CALLER = {"glue:GetPartitions"}
READ_ONLY_VERBS = ("List", "Describe", "Get")
STARTS_A_READ = {"athena:StartQueryExecution"}  # starts the digest's SELECT queries, which only read
CUR_ATHENA_REGION = "ap-northeast-3"  # moto queues Athena's answers per region: this module's own

# GetMetricData's limits, as CloudWatch documents them.
QUERIES_PER_CALL = 500
DATAPOINTS_PER_CALL = 100_800
# Queries per region: 3 per function, 2 per service, 2 per ALB target group, 2 per instance.
QUERIES = {
    REGION_A: 3 * 3 + 2 * 2 + 2 * 1 + 2 * 4,
    REGION_B: 3 * 1 + 2 * 1 + 2 * 2,
}


def policy_actions(*sids: str) -> set[str]:
    """The actions the policy allows, in the statements named (every statement when none is)."""
    statements = json.loads(POLICY.read_text())["Statement"]
    actions: set[str] = set()
    for statement in statements:
        if sids and statement.get("Sid") not in sids:
            continue
        assert statement["Effect"] == "Allow"
        listed = statement["Action"]
        actions |= {listed} if isinstance(listed, str) else set(listed)
    return actions


def iam_actions(recorder: CallRecorder) -> set[str]:
    return {IAM_ACTION.get((s, op), f"{IAM_PREFIX.get(s, s)}:{op}") for s, op in recorder.operations}


def read_accounts_as_the_digest_does(session: Any, recorder: CallRecorder) -> None:
    """Both accounts through CloudWatch and the service APIs, the other through the reader role."""
    role_arn = f"arn:aws:iam::{OTHER_ACCOUNT}:role/{READER_ROLE}"
    other = assume_role_session(session, role_arn, "weekly-digest")
    recorder.attach(other)
    for reader in (session, other):
        read_usage(reader, [REGION_A, REGION_B], now=NOW)


def digest_the_cur_both_ways(
    session: Any, endpoint: str, export: Path, cache: Path, catalog: PriceCatalog
) -> None:
    """The seeded export's digest from S3 through DuckDB, then through Athena; CloudWatch and the
    Lambda API read for the candidates (in the other account through the reader role)."""
    uri = upload(export, f"billing-{uuid.uuid4().hex[:12]}", "cur2")
    role = f"arn:aws:iam::{OTHER_ACCOUNT}:role/{READER_ROLE}"
    common = {"DIGEST_CUR": uri, "DIGEST_CUR_CACHE": str(cache), "DIGEST_ROLE_ARNS": role}
    database = f"cur_{uuid.uuid4().hex[:8]}"
    glue_table(database, "cur2", CUR_ATHENA_REGION)
    queue_results(endpoint, ACCOUNT, CUR_ATHENA_REGION, duckdb_answers(export, catalog).answers)
    athena = {
        "DIGEST_ENGINE": "athena",
        "DIGEST_ATHENA_DATABASE": database,
        "DIGEST_ATHENA_TABLE": "cur2",
        "DIGEST_ATHENA_REGION": CUR_ATHENA_REGION,
    }
    for settings in (load_settings(common), load_settings(common | athena)):
        digest = cur_digest(settings, NOW, week="2024-W20", catalog=catalog, session_source=lambda: session)
        assert digest.notes and not digest.errors


def test_every_call_is_in_the_iam_policy_and_the_policy_allows_nothing_more(
    session: Any, seeded_server: tuple[str, Any], seeded_export: Path, tmp_path: Path, catalog: PriceCatalog
) -> None:
    recorder = CallRecorder()
    recorder.attach(session)
    read_accounts_as_the_digest_does(session, recorder)
    digest_the_cur_both_ways(session, seeded_server[0], seeded_export, tmp_path, catalog)

    called = iam_actions(recorder) - NEEDS_NO_PERMISSION
    assert called | ATHENA_AS_CALLER == policy_actions() - policy_actions("ReadPrices")
    assert {"s3:GetObject", "s3:ListBucket", "athena:GetQueryResults", "glue:GetTable"} <= called
    assert {"organizations:ListAccounts", "sts:AssumeRole", "lambda:ListFunctions"} <= called


def test_every_call_of_a_price_update_is_in_the_policy_and_it_allows_no_more(price_list_api: Any) -> None:
    recorder = CallRecorder()
    recorder.attach(price_list_api.session)
    refresh_prices(pricing_client(price_list_api.session), ["us-east-1"])
    refresh_savings_plans(savings_plans_client(price_list_api.session), ["us-east-1"], "2026-11-29")
    assert iam_actions(recorder) == policy_actions("ReadPrices")


def test_the_policy_only_reads_and_assumes_the_reader_role() -> None:
    for action in policy_actions() - {"sts:AssumeRole"} - STARTS_A_READ:
        assert action.split(":", 1)[1].startswith(READ_ONLY_VERBS), action
    statements = json.loads(POLICY.read_text())["Statement"]
    (assume,) = [s for s in statements if s["Action"] == "sts:AssumeRole"]
    assert assume["Resource"].endswith(f":role/{READER_ROLE}")


def test_athena_s_own_writes_are_a_separate_policy_for_its_results_bucket_only() -> None:
    (statement,) = json.loads(ATHENA_RESULTS_POLICY.read_text())["Statement"]
    assert statement["Effect"] == "Allow"
    assert set(statement["Action"]) == {"s3:GetBucketLocation", "s3:PutObject", "s3:AbortMultipartUpload"}
    assert statement["Resource"] == [
        "arn:aws:s3:::ATHENA-RESULTS-BUCKET",
        "arn:aws:s3:::ATHENA-RESULTS-BUCKET/*",
    ]


def test_the_readme_shows_the_policy_as_it_is() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("### The IAM policy") :]
    shown = section[section.index("```json\n") + len("```json\n") : section.index("```\n", 10)]
    assert json.loads(shown) == json.loads(POLICY.read_text())


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
