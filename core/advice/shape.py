"""A workload's traffic over the day: hourly factors of its average rate, with mean exactly 1.

Built from a peak factor P (peak / average) when nothing better is known: a smooth daily curve
w(h) = exp(k cos(2π(h − 14)/24)), normalised to mean 1, with k found by bisection so that its
largest hour is P. P = 1 is a flat line; P = 3 peaks at 14:00 and falls to about 0.1x at 02:00.
Every day is the same (weekends included) unless observed hourly series say otherwise: an
observed shape is 24 factors (a day) or 168 (a week, Monday 00:00 first).

The curve's own arithmetic is in floats (it is a shape, not money); its factors are then quantised
to SHAPE_STEP and nudged, largest remainder first, so that they sum to exactly one per hour.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from core.factors import SHAPE_STEP, to_steps

HOURS_PER_DAY = 24
HOURS_PER_WEEK = 168
PEAK_HOUR = 14  # 14:00: a business-day API's busiest hour, by UTC of its users
TROUGH_HOUR = (PEAK_HOUR + 12) % HOURS_PER_DAY
# 24 hourly values can't peak above 24x their mean (all traffic in one hour); a smooth curve
# tops out well before that. A larger peak factor is a spike inside an hour: the curve peaks at
# this cap and its busiest hour is sized for the full peak (see capacity.py).
MAX_CURVE_PEAK = Decimal(12)


@dataclass(frozen=True, slots=True)
class Shape:
    """Hourly factors of the average rate (mean 1), and how they were found."""

    factors: tuple[Decimal, ...]
    peak_factor: Decimal  # the peak rate over the average the fleet's busiest hour is sized for
    observed: bool

    @property
    def hours(self) -> int:
        """24 for a day's curve, 168 for a week's."""
        return len(self.factors)

    @property
    def trough(self) -> Decimal:
        """The quietest hour's factor."""
        return min(self.factors)

    def describe(self) -> str:
        """`daily curve peaking at 3x the average at 14:00, trough 0.09x at 02:00`."""
        if self.observed:
            span = "a week" if self.hours == HOURS_PER_WEEK else "a day"
            top = max(self.factors)
            return (
                f"observed hourly shape over {span}: busiest hour {_x(top)} the average, "
                f"quietest {_x(self.trough)}"
            )
        if self.peak_factor == 1:
            return "steady: the same rate every hour (peak_factor=1)"
        top = max(self.factors)
        # a steep curve's quietest hours are above zero but below the factors' step, so floored to 0
        trough = _x(self.trough) if self.trough else f"under {_x(SHAPE_STEP)}"
        text = (
            f"daily curve peaking at {_x(top)} the average at {PEAK_HOUR:02d}:00, "
            f"trough {trough} at {TROUGH_HOUR:02d}:00, the same every day of the week"
        )
        if self.peak_factor > top:
            text += (
                f"; a peak of {_x(self.peak_factor)} is a spike within an hour: "
                f"the busiest hour is sized for it"
            )
        return text


def _x(factor: Decimal) -> str:
    return f"{factor.normalize():f}x"


def daily_shape(peak_factor: Decimal) -> Shape:
    """The 24-hour curve whose busiest hour is `peak_factor` times the average (capped at
    MAX_CURVE_PEAK; the Shape still carries the full peak for sizing)."""
    return Shape(_curve(min(peak_factor, MAX_CURVE_PEAK)), peak_factor, observed=False)


def observed_shape(factors: tuple[Decimal, ...]) -> Shape:
    """A shape from observed hourly factors (24 or 168 of them, mean 1)."""
    return Shape(factors, max(factors), observed=True)


@lru_cache(maxsize=256)
def _curve(peak_factor: Decimal) -> tuple[Decimal, ...]:
    if peak_factor <= 1:
        return (Decimal(1),) * HOURS_PER_DAY
    target = float(peak_factor)
    cosines = [math.cos(2 * math.pi * (h - PEAK_HOUR) / HOURS_PER_DAY) for h in range(HOURS_PER_DAY)]

    def peak_of(k: float) -> float:
        weights = [math.exp(k * (c - 1)) for c in cosines]  # scaled by e^-k: no overflow
        return HOURS_PER_DAY / sum(weights)  # the peak hour's weight is 1

    low, high = 0.0, 1.0
    while peak_of(high) < target:
        high *= 2
    for _ in range(80):  # far past float precision
        middle = (low + high) / 2
        low, high = (middle, high) if peak_of(middle) < target else (low, middle)
    k = (low + high) / 2
    weights = [math.exp(k * (c - 1)) for c in cosines]
    total = sum(weights)
    return _quantised([w * HOURS_PER_DAY / total for w in weights], peak_hour=PEAK_HOUR)


def _quantised(values: list[float], peak_hour: int | None) -> tuple[Decimal, ...]:
    """Factors to SHAPE_STEP summing to exactly len(values): floored, then the steps left over go
    to the hours with the largest remainders (never the peak hour, kept at its target)."""
    return to_steps([Decimal(repr(v)) for v in values], peak_hour)
