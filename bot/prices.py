"""Loading the bundled price snapshot (package data of `core`) into a PriceCatalog."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cache
from importlib import resources

from core.prices.catalog import PriceCatalog

SNAPSHOT = "data/prices.json"


@cache
def bundled_catalog() -> PriceCatalog:
    """The catalog of the snapshot shipped inside the package, loaded once per process; dated
    today, so answers on prices over 90 days old say so."""
    text = resources.files("core").joinpath(SNAPSHOT).read_text(encoding="utf-8")
    return PriceCatalog(json.loads(text), today=datetime.now(UTC).date())
