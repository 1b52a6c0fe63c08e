"""Plain-data views of core results, for JSON output and storage. Decimals stay Decimals."""

from __future__ import annotations

from core.costs.estimate import Estimate, LineItem


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
