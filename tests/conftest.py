"""Fixtures shared by the whole suite."""

from __future__ import annotations

import pytest

from bot.prices import bundled_catalog
from core.prices.catalog import PriceCatalog
from tests.aws.server import seeded_server, session, world

# moto's seeded server, shared by tests/aws and tests/bot: one per worker (see tests/aws/server.py).
__all__ = ["seeded_server", "session", "world"]


@pytest.fixture(scope="session")
def catalog() -> PriceCatalog:
    """The price catalog of the bundled snapshot."""
    return bundled_catalog()
