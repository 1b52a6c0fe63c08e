"""Exact money: Decimal dollars, rounded to the cent only where a bill would round."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal(0)


def cents(usd: Decimal) -> Decimal:
    """Round to the cent, half up, as AWS rounds each line of a bill."""
    return usd.quantize(CENT, rounding=ROUND_HALF_UP)


def usd_text(usd: Decimal) -> str:
    """`$1,234.57`: a figure for people, rounded to the cent."""
    rounded = cents(usd)
    sign = "-" if rounded < 0 else ""
    return f"{sign}${abs(rounded):,.2f}"


def rate_text(usd: Decimal) -> str:
    """A unit price with all its digits: `$0.0000166667`."""
    text = format(usd.normalize(), "f")
    if "." in text:
        whole, frac = text.split(".")
        frac = frac.ljust(2, "0")
        return f"${int(whole):,}.{frac}"
    return f"${int(text):,}.00"
