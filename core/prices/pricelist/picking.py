"""Picking prices out of a region's PriceList items, by usage type: one price, or a tiered price."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal

from core.prices.pricelist.items import Dimension, PriceItem, PriceListError
from core.prices.pricelist.usage import usage_name

Tiers = list[list[str | None]]  # the snapshot's [[upper bound or None, price], ...]


def text(value: Decimal) -> str:
    """A price as the snapshot writes it: the exact decimal, without trailing zeros."""
    return format(value.normalize(), "f")


def by_usage(
    items: Iterable[PriceItem], keep: Callable[[PriceItem], bool] = lambda _: True
) -> dict[str, list[PriceItem]]:
    """Items with On-Demand prices, by usage type without its region prefix."""
    found: dict[str, list[PriceItem]] = defaultdict(list)
    for item in items:
        if item.dimensions and keep(item):
            found[usage_name(item.attribute("usagetype"))].append(item)
    return found


def one_price(found: Mapping[str, Sequence[PriceItem]], usage: str) -> str | None:
    """The single price of a usage type, or None when it isn't listed. Two different prices for
    one usage type can't both be right, so that is an error rather than a guess."""
    prices = {d.usd for item in found.get(usage, ()) for d in item.dimensions}
    if len(prices) > 1:
        listed = ", ".join(sorted(text(p) for p in prices))
        raise PriceListError(f"{usage} has several prices ({listed}); expected one")
    return text(prices.pop()) if prices else None


def tiered_price(found: Mapping[str, Sequence[PriceItem]], usage: str) -> Tiers | None:
    """A usage type's tiers, `[[upper bound or None, price], ...]`, or None when it isn't listed.
    The tiers must start at 0 and follow each other with no gap, the last without an end."""
    dimensions = sorted({d for item in found.get(usage, ()) for d in item.dimensions}, key=lambda d: d.begin)
    if not dimensions:
        return None
    _check_contiguous(usage, dimensions)
    return [[None if d.end is None else text(d.end), text(d.usd)] for d in dimensions]


def _check_contiguous(usage: str, dimensions: Sequence[Dimension]) -> None:
    expected = Decimal(0)
    for dimension in dimensions:
        if dimension.begin != expected:
            raise PriceListError(
                f"{usage}: a tier begins at {text(dimension.begin)}, expected {text(expected)}"
            )
        if dimension.end is None:
            if dimension is not dimensions[-1]:
                raise PriceListError(f"{usage}: a tier without an end is followed by another")
            return
        expected = dimension.end
    raise PriceListError(f"{usage}: the last tier ends at {text(expected)}; expected one without an end")


def required(picked: Mapping[str, object], keys: Iterable[str]) -> bool:
    """Whether every key was found (a region missing one is left out, not half-filled)."""
    return all(picked.get(k) is not None for k in keys)
