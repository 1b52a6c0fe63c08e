"""Fixtures shared by the whole suite."""

from __future__ import annotations

from datetime import date

import pytest

from bot.prices import snapshot_data
from core.prices.catalog import PriceCatalog
from tests.aws.pricelist_stub import price_list_api
from tests.aws.server import seeded_server, session, world
from tests.cur.seeded import seeded_export

# moto's seeded server, shared by tests/aws and tests/bot: one per worker (see tests/aws/server.py);
# the Price List and Savings Plans stand-in, one per test (see tests/aws/pricelist_stub.py); a CUR
# 2.0 export of the seeded accounts, for tests/cur and tests/aws (see tests/cur/seeded.py).
__all__ = ["price_list_api", "seeded_export", "seeded_server", "session", "world"]


CATALOG_DAY = date(2026, 11, 29)


@pytest.fixture(scope="session")
def catalog() -> PriceCatalog:
    """The price catalog of the bundled snapshot, dated a fixed day so that which prices are over
    90 days old (and so every golden file) doesn't change with the calendar."""
    return PriceCatalog(snapshot_data(), today=CATALOG_DAY)
