"""CloudWatch and the Lambda API for the CUR's candidates, against moto's server: each read in its
own account (the credentials' own, or through its role in DIGEST_ROLE_ARNS) and region."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from core.aws.cur_cloudwatch import account_sessions, read_candidates
from core.cur.model import Candidate, CurWindow
from tests.aws.hooks import CallRecorder
from tests.aws.seed import ACCOUNT, OTHER_ACCOUNT, READER_ROLE, REGION_A, REGION_B, World

# The seeded metrics end at 2024-05-15 12:00: the CUR's window is its last 14 whole days.
WINDOW = CurWindow(datetime(2024, 5, 1, tzinfo=UTC), datetime(2024, 5, 15, tzinfo=UTC))
ROLE = f"arn:aws:iam::{OTHER_ACCOUNT}:role/{READER_ROLE}"
NO_ROLE_ACCOUNT = "999999999999"


def arn(account: str, region: str, name: str) -> str:
    return f"arn:aws:lambda:{region}:{account}:function:{name}"


def function(account: str, region: str, name: str) -> Candidate:
    return Candidate((account, region, "lambda", arn(account, region, name)), function_name=name)


def test_candidates_are_read_in_their_own_account_with_their_configured_memory(
    session: Any, world: World
) -> None:
    reports = "m5.xlarge|RunInstances|on-demand||reports||"
    candidates = [
        function(ACCOUNT, REGION_A, "api"),
        function(OTHER_ACCOUNT, REGION_B, "ingest"),
        Candidate(
            (OTHER_ACCOUNT, REGION_B, "ec2", reports), instance_ids=tuple(world.instance_ids["reports"])
        ),
    ]

    read = read_candidates(account_sessions(session, [ROLE], "digest"), candidates, WINDOW)

    assert read.errors == ()
    api, ingest, instances = (read.refinements[c.key] for c in candidates)
    assert api.memory_mb == Decimal(1024)  # the own account's function
    assert ingest.memory_mb == Decimal(128)  # through the role, in the other account
    assert (ingest.avg_duration_ms, ingest.max_concurrency) == (Decimal(18), Decimal(45))
    assert ingest.datapoints == 14 * 24 - 12  # the seeded hours that fall in the window
    assert instances.cpu_percent is not None
    assert (instances.cpu_percent.average, instances.cpu_percent.maximum) == (Decimal("2.5"), Decimal(3))
    assert instances.memory_mb is None


def test_one_list_functions_per_region_with_a_candidate_function_and_no_other_listing(session: Any) -> None:
    recorder = CallRecorder()
    recorder.attach(session)
    candidates = [function(ACCOUNT, REGION_A, "api"), function(ACCOUNT, REGION_A, "worker")]

    read_candidates(account_sessions(session, [], "digest"), candidates, WINDOW)

    assert dict(recorder.operations) == {
        ("sts", "GetCallerIdentity"): 1,
        ("cloudwatch", "GetMetricData"): 1,
        ("lambda", "ListFunctions"): 1,
    }


def test_an_account_without_a_role_is_an_error_and_the_others_are_still_read(session: Any) -> None:
    candidates = [function(NO_ROLE_ACCOUNT, REGION_A, "gone"), function(ACCOUNT, REGION_A, "worker")]

    read = read_candidates(account_sessions(session, [ROLE], "digest"), candidates, WINDOW)

    (error,) = read.errors
    assert (error.account, error.service, error.operation, error.error_code) == (
        NO_ROLE_ACCOUNT,
        "sts",
        "AssumeRole",
        "NoRole",
    )
    assert set(read.refinements) == {candidates[1].key}
    assert read.refinements[candidates[1].key].memory_mb == Decimal(512)
