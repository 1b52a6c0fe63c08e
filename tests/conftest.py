"""Fixtures shared by the whole suite."""

from __future__ import annotations

import pytest

from bot.prices import bundled_catalog
from core.prices.catalog import PriceCatalog


@pytest.fixture(scope="session")
def catalog() -> PriceCatalog:
    """The price catalog of the bundled snapshot."""
    return bundled_catalog()
