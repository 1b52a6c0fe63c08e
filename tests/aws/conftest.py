"""moto's real server on 127.0.0.1, one per test process (so one per xdist worker), seeded once.

The OS picks the port (the server binds port 0), so parallel workers never collide. boto3 finds
the server through AWS_ENDPOINT_URL, with fake credentials and no shared config; that
environment is set only while a test here (or the seeding) runs, never for other tests. moto
keeps its state in this process, so it is reset when the server starts and stops.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from tests.aws.seed import ACCOUNT, OTHER_ACCOUNT, World, post_json, seed_spend, seed_world

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


@pytest.fixture(scope="session")
def seeded_server() -> Iterator[tuple[str, World]]:
    """The server's URL and the seeded account, with one queued Cost Explorer answer per account."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    try:
        post_json(endpoint, "/moto-api/reset", {})
        with pointed_at(endpoint):
            world = seed_world(endpoint)
            seed_spend(endpoint, ACCOUNT)
            seed_spend(endpoint, OTHER_ACCOUNT, amount="1.50")
        yield endpoint, world
    finally:
        post_json(endpoint, "/moto-api/reset", {})
        server.stop()


@pytest.fixture
def world(seeded_server: tuple[str, World]) -> Iterator[World]:
    """The seeded account, with the environment aimed at its server for this test."""
    endpoint, seeded = seeded_server
    with pointed_at(endpoint):
        yield seeded


@pytest.fixture
def session(world: World) -> Any:
    """A fresh session per test, so event hooks never leak between tests."""
    return boto3.session.Session(region_name="eu-west-1")
