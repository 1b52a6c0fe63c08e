"""The AWS environment of the tests that talk to moto's server: fake credentials, no shared config.

The server itself and its fixtures (`seeded_server`, `world`, `session`) live in
`tests/aws/server.py` and are registered once, in `tests/conftest.py`, so that tests/aws and
tests/bot share one seeded server per worker (moto's state is per process: a second server
would reset it under the first).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

FAKE_ENV = {
    "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "AWS_SESSION_TOKEN": "FwoGZXIvYXdzEXAMPLEsessionTOKENthatMUSTneverLEAKintoREPORTS",
    "AWS_DEFAULT_REGION": "eu-west-1",
    "AWS_CONFIG_FILE": "/nonexistent/aws-config",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/aws-credentials",
    "AWS_EC2_METADATA_DISABLED": "true",
    "MOTO_EC2_LOAD_DEFAULT_AMIS": "false",  # the server runs in this process and reads this
}
UNSET_ENV = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE")


@contextmanager
def pointed_at(endpoint: str) -> Iterator[None]:
    """This process's AWS environment aimed at the local server, for the span of the block."""
    with pytest.MonkeyPatch.context() as env:
        for name in UNSET_ENV:
            env.delenv(name, raising=False)
        for name, value in FAKE_ENV.items():
            env.setenv(name, value)
        env.setenv("AWS_ENDPOINT_URL", endpoint)
        yield
