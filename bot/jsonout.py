"""JSON with exact numbers: a Decimal is written as the number it is, never through a float."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from decimal import Decimal


def dumps(value: object, indent: int = 2) -> str:
    """Serialise dicts, lists, strings, ints, bools, None and Decimals (as exact JSON numbers)."""
    return _dump(value, indent, 0)


def _number(value: Decimal) -> str:
    if not value.is_finite():
        raise ValueError(f"not a finite number: {value}")
    text = format(value, "f")
    return "0" if text in ("-0", "0") else text


def _dump(value: object, indent: int, depth: int) -> str:
    pad, inner = "\n" + " " * indent * depth, "\n" + " " * indent * (depth + 1)
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        parts = [f"{inner}{json.dumps(str(k))}: {_dump(v, indent, depth + 1)}" for k, v in value.items()]
        return "{" + ",".join(parts) + pad + "}"
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        if not value:
            return "[]"
        return "[" + ",".join(inner + _dump(v, indent, depth + 1) for v in value) + pad + "]"
    return json.dumps(value, ensure_ascii=False)
