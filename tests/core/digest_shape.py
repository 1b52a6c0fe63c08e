"""The digest's documented JSON shape: `digest_dict` and `compute-advisor digest --json` both keep it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

DIGEST_KEYS = ["period", "notes", "checked", "insufficient_data", "errors"]
NOTE_KEYS = [
    "resource",
    "region",
    "service",
    "current_monthly_usd",
    "best_service",
    "best_monthly_usd",
    "monthly_savings_usd",
    "confidence",
    "why",
]


def assert_documented_shape(data: Mapping[str, Any]) -> None:
    """The digest's keys, and its first note's, start with the documented ones, in order."""
    assert list(data)[: len(DIGEST_KEYS)] == DIGEST_KEYS
    assert list(data["notes"][0])[: len(NOTE_KEYS)] == NOTE_KEYS
