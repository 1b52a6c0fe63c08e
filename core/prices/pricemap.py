"""A parser of AWS's pricing-page price maps (`lambda.json`, `ecs.json`).

The format, as AWS publishes it: `{"manifest": {...}, "sets": {}, "regions": {<location name>:
{<key>: {"rateCode", "price", "RegionlessRateCode"}}}}`. Each rate appears twice in a location: once
under its human label ("Lambda Duration", "perCPU per hour") and once under an opaque hash, which is
the entry's own `RegionlessRateCode`. Only the labelled copy says what the price is for, so the
hashed copies are skipped. Location names ("US East (N. Virginia)") map to region codes through
AWS's location table; a location the table doesn't know is kept under its name, so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from core.errors import AdvisorError


class PriceMapError(AdvisorError):
    """The document is not a price map this parser understands."""


@dataclass(frozen=True, slots=True)
class PriceMap:
    """Prices by region code and AWS label, with the map's publication date."""

    service: str
    published: str  # ISO date, from the manifest's hawkFilePublicationDate
    prices: Mapping[str, Mapping[str, Decimal]]


def parse_price_map(document: Mapping[str, Any], locations: Mapping[str, str]) -> PriceMap:
    """Parse a price map; `locations` maps AWS location names to region codes."""
    manifest = document.get("manifest")
    regions = document.get("regions")
    if not isinstance(manifest, Mapping) or not isinstance(regions, Mapping):
        raise PriceMapError("not a price map: it needs 'manifest' and 'regions' objects")
    published = str(manifest.get("hawkFilePublicationDate", ""))[:10]
    if len(published) != 10:
        raise PriceMapError("price map manifest has no hawkFilePublicationDate")
    prices = {locations.get(name, name): _labelled_prices(name, entries) for name, entries in regions.items()}
    return PriceMap(str(manifest.get("serviceId", "")), published, prices)


def _labelled_prices(location: str, entries: object) -> dict[str, Decimal]:
    if not isinstance(entries, Mapping):
        raise PriceMapError(f"location {location!r}: expected an object of rates")
    out: dict[str, Decimal] = {}
    for key, entry in entries.items():
        if not isinstance(entry, Mapping) or "price" not in entry:
            raise PriceMapError(f"location {location!r}, rate {key!r}: no price")
        if entry.get("RegionlessRateCode") == key:
            continue  # the hashed duplicate of a labelled rate
        out[key] = _price(location, key, entry["price"])
    return out


def _price(location: str, key: str, text: object) -> Decimal:
    try:
        value = Decimal(str(text))
    except InvalidOperation as err:
        raise PriceMapError(f"location {location!r}, rate {key!r}: bad price {text!r}") from err
    if not value.is_finite() or value < 0:
        raise PriceMapError(f"location {location!r}, rate {key!r}: bad price {text!r}")
    return value


def location_codes(document: Mapping[str, Any]) -> dict[str, str]:
    """AWS's location table (`locations.json`): location name -> region or zone code."""
    return {
        name: str(entry["code"])
        for name, entry in document.items()
        if isinstance(entry, Mapping) and "code" in entry
    }
