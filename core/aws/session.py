"""boto3 sessions and clients for the usage reader.

Clients retry in botocore's adaptive mode: standard retries with exponential back-off, plus a
client-side rate limiter that slows down after throttling, which GetMetricData and the ECS
Describe calls hit first. A session tries each call up to 11 times unless boto3's own
configuration says otherwise (`AWS_MAX_ATTEMPTS`, or `max_attempts` in the profile), which it
honours as botocore does. Endpoints come from boto3's own configuration too (`AWS_ENDPOINT_URL`
and friends), so the same code talks to AWS or to a local stand-in.
"""

from __future__ import annotations

from typing import Any

import boto3
import botocore.session
from botocore.config import Config

# Total attempts of a call (the first and 10 retries) when boto3's configuration names none.
TOTAL_ATTEMPTS = 11
# No attempt count here: the session's (see `_with_attempts`) applies, as botocore resolves it.
CLIENT_CONFIG = Config(retries={"mode": "adaptive"})
GLOBAL_REGION = "us-east-1"  # STS's and Cost Explorer's home when no region is given


def make_session(profile: str | None, region: str | None) -> boto3.session.Session:
    """A session from the usual credential chain, optionally a named profile and default region."""
    core = botocore.session.Session()
    if profile is not None:
        core.set_config_variable("profile", profile)
    return boto3.session.Session(botocore_session=_with_attempts(core), region_name=region)


def _with_attempts(core: botocore.session.Session) -> botocore.session.Session:
    """`core`, trying each call TOTAL_ATTEMPTS times unless its configuration says how many."""
    if core.get_config_variable("max_attempts") is None:
        core.set_config_variable("max_attempts", TOTAL_ATTEMPTS)
    return core


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
        botocore_session=_with_attempts(botocore.session.Session()),
    )


def make_client(session: boto3.session.Session, service: str, region: str) -> Any:
    """One service client in one region, with the reader's retry policy."""
    # botocore writes the resolved attempt count into the config's retries dict as it makes a
    # client: each client gets its own copy, or the first session's count would stick to all.
    config = CLIENT_CONFIG.merge(Config(retries=dict(CLIENT_CONFIG.retries or {})))
    return session.client(service, region_name=region, config=config)


def caller_account(session: boto3.session.Session) -> str:
    """The account id of the session's credentials (GetCallerIdentity needs no permission)."""
    sts = make_client(session, "sts", session.region_name or GLOBAL_REGION)
    return str(sts.get_caller_identity()["Account"])


def has_credentials(session: boto3.session.Session) -> bool:
    """Whether the usual chain finds any credentials (it makes no AWS call to find out)."""
    return session.get_credentials() is not None
