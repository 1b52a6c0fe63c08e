"""Plain-data views of core results, for JSON output and storage. Decimals stay Decimals."""

from __future__ import annotations

from dataclasses import fields

from core.advice.model import Advice, Option
from core.costs.estimate import Estimate, LineItem
from core.workload import Workload

WORKLOAD_FIELDS = [f.name for f in fields(Workload)]


def line_item_dict(item: LineItem) -> dict[str, object]:
    """One line item as the JSON output names it."""
    return {
        "name": item.name,
        "quantity": item.quantity,
        "unit": item.unit,
        "unit_usd": item.unit_usd,
        "monthly_usd": item.monthly_usd,
    }


def estimate_dict(estimate: Estimate) -> dict[str, object]:
    """`{"service", "region", "monthly_usd", "line_items", "assumptions", "prices_as_of"}`."""
    return {
        "service": estimate.service,
        "region": estimate.region,
        "monthly_usd": estimate.monthly_usd,
        "line_items": [line_item_dict(item) for item in estimate.line_items],
        "assumptions": list(estimate.assumptions),
        "prices_as_of": estimate.prices_as_of,
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
        if value is not None and value is not False and name != "kind":
            out[name] = list(value) if isinstance(value, tuple) else value
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
        else {
            "service": rec.service,
            "monthly_usd": rec.monthly_usd,
            "monthly_savings_usd": rec.monthly_savings_usd,
            "why": rec.why,
        },
        "break_even": [
            {"variable": b.variable, "value": b.value, "below": b.below, "above": b.above, "text": b.text}
            for b in advice.break_even
        ],
        "caveats": list(advice.caveats),
        "alternatives": list(advice.alternatives),
        "prices_as_of": advice.prices_as_of,
    }
