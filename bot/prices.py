"""Loading the bundled price snapshot (package data of `core`) into a PriceCatalog."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from core.prices.catalog import PriceCatalog

SNAPSHOT = "data/prices.json"


@cache
def bundled_catalog() -> PriceCatalog:
    """The catalog of the snapshot shipped inside the package, loaded once per process."""
    text = resources.files("core").joinpath(SNAPSHOT).read_text(encoding="utf-8")
    return PriceCatalog(json.loads(text))
