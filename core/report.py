"""Plain-data views of core results, for JSON output and storage. Decimals stay Decimals."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from enum import Enum

from core.advice.model import Advice, Option
from core.costs.estimate import Estimate, LineItem
from core.workload import Workload

WORKLOAD_FIELDS = [f.name for f in fields(Workload)]
_DEFAULTS = {f.name: f.default for f in fields(Workload)}
_ALWAYS = frozenset({"region", "arch", "os", "notes"})


def plain_value(value: object) -> object:
    """A value as JSON holds it: tuples as lists, enums as their values; Decimals stay Decimals."""
    if isinstance(value, tuple):
        return list(value)
    return value.value if isinstance(value, Enum) else value


def attrs_dict(value: object, names: Iterable[str]) -> dict[str, object]:
    """The attributes `names` of `value` as plain values, keyed and ordered as named."""
    return {name: plain_value(getattr(value, name)) for name in names}


def line_item_dict(item: LineItem) -> dict[str, object]:
    """One line item as the JSON output names it."""
    return attrs_dict(item, ("name", "quantity", "unit", "unit_usd", "monthly_usd"))


def estimate_dict(estimate: Estimate) -> dict[str, object]:
    """`{"service", "region", "monthly_usd", "line_items", "assumptions", "prices_as_of"}`."""
    return {
        **attrs_dict(estimate, ("service", "region", "monthly_usd")),
        "line_items": [line_item_dict(item) for item in estimate.line_items],
        **attrs_dict(estimate, ("assumptions", "prices_as_of")),
    }


def option_dict(option: Option) -> dict[str, object]:
    """One option as the advice JSON names it."""
    estimate = option.estimate
    return {
        "service": option.service,
        "feasible": option.feasible,
        "reason": option.reason,
        "monthly_usd": estimate.monthly_usd if estimate else None,
        "line_items": [line_item_dict(i) for i in estimate.line_items] if estimate else [],
        "assumptions": list(estimate.assumptions) if estimate else [],
    }


def workload_dict(workload: Workload) -> dict[str, object]:
    """The workload as read: every field given, Decimals as exact numbers."""
    out: dict[str, object] = {"kind": workload.kind.value}
    for name in WORKLOAD_FIELDS:
        value = getattr(workload, name)
        if name != "kind" and (name in _ALWAYS or value != _DEFAULTS[name]):  # what was given
            out[name] = plain_value(value)
    out["region"], out["arch"] = workload.region, workload.arch
    return out


def advice_dict(advice: Advice) -> dict[str, object]:
    """`{"workload", "options", "recommendation", "break_even", "caveats", "prices_as_of"}`."""
    rec = advice.recommendation
    return {
        "workload": workload_dict(advice.workload),
        "options": [option_dict(o) for o in advice.options],
        "recommendation": None
        if rec is None
        else attrs_dict(rec, ("service", "monthly_usd", "monthly_savings_usd", "why")),
        "break_even": [
            attrs_dict(b, ("variable", "value", "below", "above", "text")) for b in advice.break_even
        ],
        **attrs_dict(advice, ("caveats", "alternatives", "prices_as_of")),
    }
