"""The two-account CUR 2.0 export the tests read: a Compute Savings Plan, a Reserved Instance,
negation lines, Fargate services known by their ECS tags and tasks known only by their cluster.

The export runs from 2024-04-25 00:00 to 2024-05-10 15:00 UTC: the last day is partial, so the
digest's window is the 14 full days from 2024-04-26 to 2024-05-10 (336 hours), across two
billing periods.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tests.cur.export import Charge, Fee, Resource, write_export

START = datetime(2024, 4, 25, tzinfo=UTC)
HOURS = 15 * 24 + 15
WINDOW_START = datetime(2024, 4, 26, tzinfo=UTC)
WINDOW_END = datetime(2024, 5, 10, tzinfo=UTC)
NOW = datetime(2024, 5, 13, 9, tzinfo=UTC)  # a Monday, when the digest runs

PROD, PROD_NAME = "111122223333", "prod"
DATA, DATA_NAME = "444455556666", "analytics"
COMPUTE_PLAN = f"arn:aws:savingsplans::{PROD}:savingsplan/3c1f6e2a-0d47-4b1e-9d7c-2f6a1e0b9c11"
RESERVATION = f"arn:aws:ec2:us-east-1:{PROD}:reserved-instances/4f1a2b3c-5d6e-7f80-91a2-b3c4d5e6f708"
# Lambda's published on-demand rates (x86, first tier) and a Compute Savings Plan's (about 12% off).
REQUEST_RATE, GB_SECOND_RATE, SP_GB_SECOND_RATE = "0.0000002", "0.0000166667", "0.0000146667"
VCPU_RATE, GB_HOUR_RATE = "0.04048", "0.004445"
HOT_API = f"arn:aws:lambda:us-east-1:{PROD}:function:checkout-api"
INGEST = f"arn:aws:lambda:eu-west-1:{DATA}:function:events-ingest"
SMALL = f"arn:aws:lambda:us-east-1:{PROD}:function:thumbnailer"


def lambda_function(
    account: str,
    name: str,
    arn: str,
    region_prefix: str,
    *,
    requests_per_hour: float,
    gb_seconds: float,
    covered: bool = False,
) -> Resource:
    """A function: requests always at list, its duration under the Compute Savings Plan if `covered`."""
    duration = Charge(f"{region_prefix}Lambda-GB-Second", gb_seconds, GB_SECOND_RATE)
    if covered:
        duration = Charge(
            f"{region_prefix}Lambda-GB-Second",
            gb_seconds,
            GB_SECOND_RATE,
            "SavingsPlanCoveredUsage",
            SP_GB_SECOND_RATE,
            COMPUTE_PLAN,
        )
    return Resource(
        account,
        name,
        "AWSLambda",
        arn.split(":")[3],
        arn,
        (Charge(f"{region_prefix}Request", requests_per_hour, REQUEST_RATE), duration),
        peak=1.5,
    )


def fargate_task(task: str, cluster: str, service: str | None, vcpu: float, gb: float) -> Resource:
    """One Fargate task running the whole export; `service` None: no ECS-managed tags."""
    tags = {"aws_ecs_cluster_name": cluster, "aws_ecs_service_name": service} if service else {}
    return Resource(
        PROD,
        PROD_NAME,
        "AmazonECS",
        "us-east-1",
        f"arn:aws:ecs:us-east-1:{PROD}:task/{cluster}/{task}",
        (
            Charge("USE1-Fargate-vCPU-Hours:perCPU", vcpu, VCPU_RATE),
            Charge("USE1-Fargate-GB-Hours", gb, GB_HOUR_RATE),
        ),
        tags=tags,
    )


def resources() -> list[Resource]:
    """Every resource of the export."""
    reports = [
        Resource(
            PROD,
            PROD_NAME,
            "AmazonEC2",
            "us-east-1",
            instance,
            (Charge("BoxUsage:m5.xlarge", 1.0, "0.192", "DiscountedUsage", "0.121", "", RESERVATION),),
            tags={"user_name": "reports"},
            instance_type="m5.xlarge",
            operation="RunInstances",
        )
        for instance in ("i-0a1b2c3d4e5f60001", "i-0a1b2c3d4e5f60002")
    ]
    return [
        # 1,000 requests a second at 20ms and 128MB: 9,000 GB-seconds an hour.
        lambda_function(
            PROD, PROD_NAME, HOT_API, "", requests_per_hour=3_600_000, gb_seconds=9_000, covered=True
        ),
        lambda_function(PROD, PROD_NAME, SMALL, "", requests_per_hour=1_000, gb_seconds=50),
        lambda_function(DATA, DATA_NAME, INGEST, "EUW1-", requests_per_hour=3_600_000, gb_seconds=8_100),
        fargate_task("a1", "shop", "web", 1, 2),
        fargate_task("a2", "shop", "web", 1, 2),
        fargate_task("b1", "batch", None, 4, 16),
        *reports,
        Resource(
            PROD,
            PROD_NAME,
            "AmazonEC2",
            "us-east-1",
            "i-0f0e0d0c0b0a09001",
            (Charge("SpotUsage:c5.large", 1.0, "0.085"),),
            tags={"user_name": "ci"},
            instance_type="c5.large",
            operation="RunInstances:SV001",
        ),
        # Not compute: left out.
        Resource(
            PROD,
            PROD_NAME,
            "AmazonS3",
            "us-east-1",
            "my-bucket",
            (Charge("TimedStorage-ByteHrs", 10, "0.023"),),
        ),
    ]


def fees() -> list[Fee]:
    """The plan's and the reservation's fees, and a tax line: none of them a workload's cost."""
    return [
        Fee(
            PROD, "ComputeSavingsPlans", "SavingsPlanRecurringFee", 120.0, COMPUTE_PLAN, "ComputeSavingsPlans"
        ),
        Fee(PROD, "AmazonEC2", "RIFee", 80.0),
        Fee(DATA, "AWSLambda", "Tax", 12.5, region="eu-west-1"),
    ]


def write_world(root: Path) -> Path:
    """The export under `root`; its folder (the URI the digest is given)."""
    return write_export(root, resources(), start=START, hours=HOURS, fees=fees())
