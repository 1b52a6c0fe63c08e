"""One PriceList item, as GetProducts returns it (a JSON string per product):

    {"product": {"productFamily", "attributes": {...}, "sku"}, "serviceCode",
     "terms": {"OnDemand": {<term>: {"priceDimensions": {<rate code>: {"unit", "beginRange",
     "endRange", "pricePerUnit": {"USD"}, "description", ...}}, ...}}, "Reserved": {...}},
     "version", "publicationDate"}

Only On-Demand terms are read. Prices stay the exact decimal strings AWS sends.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from core.errors import AdvisorError

INFINITE_END = "Inf"


class PriceListError(AdvisorError):
    """A Price List answer this parser can't read, or prices that don't fit what the cost model knows."""


@dataclass(frozen=True, slots=True)
class Dimension:
    """One On-Demand price: `usd` per `unit` for the monthly quantity from `begin` up to `end`."""

    begin: Decimal
    end: Decimal | None
    unit: str
    usd: Decimal
    description: str


@dataclass(frozen=True, slots=True)
class PriceItem:
    """A product with its On-Demand prices, and the date its price list was published."""

    sku: str
    service_code: str
    family: str
    attributes: Mapping[str, str]
    dimensions: tuple[Dimension, ...]
    published: str  # ISO date

    def attribute(self, name: str) -> str:
        """An attribute's value, or "" when the product doesn't have it."""
        return self.attributes.get(name, "")


def parse_item(text: str | bytes) -> PriceItem:
    """Parse one PriceList item; PriceListError names the product and what is wrong."""
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise PriceListError(f"a PriceList item is not JSON: {err}") from err
    if not isinstance(document, Mapping):
        raise PriceListError("a PriceList item is not a JSON object")
    product = _mapping(document.get("product"), "?", "product")
    sku = str(product.get("sku", "")) or "?"
    attributes = _mapping(product.get("attributes"), sku, "product.attributes")
    published = str(document.get("publicationDate", ""))[:10]
    if len(published) != 10:
        raise PriceListError(f"PriceList item {sku}: no publicationDate")
    return PriceItem(
        sku=sku,
        service_code=str(document.get("serviceCode", "")),
        family=str(product.get("productFamily", "")),
        attributes={str(k): str(v) for k, v in attributes.items()},
        dimensions=_on_demand(document, sku),
        published=published,
    )


def _mapping(value: object, sku: str, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise PriceListError(f"PriceList item {sku}: {where} is missing or not an object")
    return value


def _on_demand(document: Mapping[str, Any], sku: str) -> tuple[Dimension, ...]:
    terms = _mapping(document.get("terms", {}), sku, "terms")
    on_demand = _mapping(terms.get("OnDemand", {}), sku, "terms.OnDemand")
    dimensions: list[Dimension] = []
    for term_code, term in on_demand.items():
        where = f"terms.OnDemand.{term_code}.priceDimensions"
        for rate_code, dimension in _mapping(
            _mapping(term, sku, where).get("priceDimensions"), sku, where
        ).items():
            dimensions.append(_dimension(_mapping(dimension, sku, rate_code), sku, rate_code))
    return tuple(sorted(dimensions, key=lambda d: d.begin))


def _dimension(dimension: Mapping[str, Any], sku: str, rate_code: str) -> Dimension:
    prices = _mapping(dimension.get("pricePerUnit"), sku, f"{rate_code}.pricePerUnit")
    if "USD" not in prices:
        raise PriceListError(f"PriceList item {sku}, rate {rate_code}: no USD price")
    end = str(dimension.get("endRange", INFINITE_END))
    return Dimension(
        begin=_number(dimension.get("beginRange", "0"), sku, rate_code),
        end=None if end == INFINITE_END else _number(end, sku, rate_code),
        unit=str(dimension.get("unit", "")),
        usd=_number(prices["USD"], sku, rate_code),
        description=str(dimension.get("description", "")),
    )


def _number(text: object, sku: str, rate_code: str) -> Decimal:
    try:
        value = Decimal(str(text))
    except InvalidOperation as err:
        raise PriceListError(f"PriceList item {sku}, rate {rate_code}: {text!r} is not a number") from err
    if not value.is_finite() or value < 0:
        raise PriceListError(f"PriceList item {sku}, rate {rate_code}: {text!r} is not a price or range")
    return value
