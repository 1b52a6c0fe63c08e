"""boto3 sessions and clients for the usage reader.

Clients retry in botocore's adaptive mode: standard retries with exponential back-off, plus a
client-side rate limiter that slows down after throttling, which GetMetricData and the ECS
Describe calls hit first. Endpoints come from boto3's own configuration (`AWS_ENDPOINT_URL` and
friends), so the same code talks to AWS or to a local stand-in.
"""

from __future__ import annotations

from typing import Any

import boto3
from botocore.config import Config

MAX_ATTEMPTS = 10
CLIENT_CONFIG = Config(retries={"mode": "adaptive", "max_attempts": MAX_ATTEMPTS})
GLOBAL_REGION = "us-east-1"  # STS's and Cost Explorer's home when no region is given


def make_session(profile: str | None, region: str | None) -> boto3.session.Session:
    """A session from the usual credential chain, optionally a named profile and default region."""
    return boto3.session.Session(profile_name=profile, region_name=region)


def assume_role_session(
    base_session: boto3.session.Session, role_arn: str, session_name: str
) -> boto3.session.Session:
    """A session in another account through STS AssumeRole.

    The credentials last for AssumeRole's default hour, far longer than one read of usage.
    """
    sts = make_client(base_session, "sts", base_session.region_name or GLOBAL_REGION)
    credentials = sts.assume_role(RoleArn=role_arn, RoleSessionName=session_name)["Credentials"]
    return boto3.session.Session(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
        region_name=base_session.region_name,
    )


def make_client(session: boto3.session.Session, service: str, region: str) -> Any:
    """One service client in one region, with the reader's retry policy."""
    return session.client(service, region_name=region, config=CLIENT_CONFIG)


def caller_account(session: boto3.session.Session) -> str:
    """The account id of the session's credentials (GetCallerIdentity needs no permission)."""
    sts = make_client(session, "sts", session.region_name or GLOBAL_REGION)
    return str(sts.get_caller_identity()["Account"])
