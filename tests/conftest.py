"""Fixtures shared by the whole suite."""

from __future__ import annotations

import pytest

from bot.prices import bundled_catalog
from core.prices.catalog import PriceCatalog
from tests.aws.pricelist_stub import price_list_api
from tests.aws.server import seeded_server, session, world

# moto's seeded server, shared by tests/aws and tests/bot: one per worker (see tests/aws/server.py);
# the Price List and Savings Plans stand-in, one per test (see tests/aws/pricelist_stub.py).
__all__ = ["price_list_api", "seeded_server", "session", "world"]


@pytest.fixture(scope="session")
def catalog() -> PriceCatalog:
    """The price catalog of the bundled snapshot."""
    return bundled_catalog()
