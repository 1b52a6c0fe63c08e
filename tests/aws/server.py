"""moto's real server on 127.0.0.1, one per test process (so one per xdist worker), seeded once.

The OS picks the port (the server binds port 0), so parallel workers never collide. boto3 finds
the server through AWS_ENDPOINT_URL, with fake credentials and no shared config; that
environment is set only while a test that uses it (or the seeding) runs, never for other tests.
moto keeps its state in this process, so it is reset when the server starts and stops. These
fixtures are registered once, in tests/conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from tests.aws.conftest import pointed_at
from tests.aws.seed import ACCOUNT, OTHER_ACCOUNT, World, post_json, seed_spend, seed_world


@pytest.fixture(scope="session")
def seeded_server() -> Iterator[tuple[str, World]]:
    """The server's URL and the seeded account, with one queued Cost Explorer answer per account."""
    from moto.server import ThreadedMotoServer  # heavy: only for the tests that use the server

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
