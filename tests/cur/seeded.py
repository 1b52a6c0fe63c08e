"""A CUR 2.0 export of the accounts seeded in moto's server (tests/aws/seed.py), so that the
digest's calls (S3, Athena, Organizations, STS, CloudWatch, Lambda) find real resources.

The seeded metrics end at 2024-05-15 12:00 UTC; the export runs from 2024-05-01 00:00 to that
hour, so the digest's window is the 14 whole days to 2024-05-15. Its candidates:

- `api` in the credentials' own account (eu-west-1, arm64, 1024MB in moto): busy enough that
  containers would run it for less; its seeded metrics fall after the window, so only its
  configured memory is read;
- `ingest` in OTHER_ACCOUNT (us-west-2, 128MB): 1,000 requests a second of 18ms, read through
  the reader role;
- the two `reports` m5.xlarge in OTHER_ACCOUNT at 2-3% CPU.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.aws.seed import ACCOUNT, OTHER_ACCOUNT, REGION_A, REGION_B, World
from tests.cur.export import Charge, Resource, write_export

START = datetime(2024, 5, 1, tzinfo=UTC)
HOURS = 14 * 24 + 12
OWN_NAME, OTHER_NAME = "platform", "data"
API = f"arn:aws:lambda:{REGION_A}:{ACCOUNT}:function:api"
INGEST = f"arn:aws:lambda:{REGION_B}:{OTHER_ACCOUNT}:function:ingest"
REPORTS = "reports (2 x m5.xlarge)"


def function(
    account: str, name: str, arn: str, usage: tuple[str, str], per_hour: tuple[int, int]
) -> Resource:
    """A function's requests and GB-seconds an hour, under their usage types, at list rates."""
    (requests, gb_seconds), (request_type, duration_type) = per_hour, usage
    rate = "0.0000133334" if duration_type.endswith("-ARM") else "0.0000166667"
    charges = (Charge(request_type, requests, "0.0000002"), Charge(duration_type, gb_seconds, rate))
    return Resource(account, name, "AWSLambda", arn.split(":")[3], arn, charges)


def seeded_resources(world: World) -> list[Resource]:
    """The seeded world's busy function in each account and the idle instances, as CUR lines."""
    # 200 requests a second of 50ms at 1024MB; 1,000 requests a second of 18ms at 128MB.
    api = function(
        ACCOUNT, OWN_NAME, API, ("EUW1-Request-ARM", "EUW1-Lambda-GB-Second-ARM"), (720_000, 36_000)
    )
    ingest = function(
        OTHER_ACCOUNT, OTHER_NAME, INGEST, ("USW2-Request", "USW2-Lambda-GB-Second"), (3_600_000, 8_100)
    )
    reports = [
        Resource(
            OTHER_ACCOUNT,
            OTHER_NAME,
            "AmazonEC2",
            REGION_B,
            instance,
            (Charge("USW2-BoxUsage:m5.xlarge", 1.0, "0.192"),),
            tags={"user_name": "reports", "user_environment": "prod"},
            instance_type="m5.xlarge",
            operation="RunInstances",
        )
        for instance in world.instance_ids["reports"]
    ]
    return [api, ingest, *reports]


def write_seeded(root: Path, world: World) -> Path:
    """The export under `root`; its folder."""
    return write_export(root, seeded_resources(world), start=START, hours=HOURS)


@pytest.fixture(scope="session")
def seeded_export(tmp_path_factory: pytest.TempPathFactory, seeded_server: tuple[str, World]) -> Path:
    """The export of the accounts seeded in moto's server, written once per test process."""
    return write_seeded(tmp_path_factory.mktemp("seeded-cur"), seeded_server[1])
