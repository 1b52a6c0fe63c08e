"""Hourly factors of an average: a traffic shape in steps of 0.001 whose mean is exactly 1."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_FLOOR, Decimal

SHAPE_STEP = Decimal("0.001")


def to_steps(exact: list[Decimal], peak_hour: int | None) -> tuple[Decimal, ...]:
    """Factors to SHAPE_STEP summing to exactly len(exact): floored, then the steps left over go to
    the hours with the largest remainders (never `peak_hour`, kept at its own rounding)."""
    floored = [v.quantize(SHAPE_STEP, rounding=ROUND_FLOOR) for v in exact]
    if peak_hour is not None:
        floored[peak_hour] = exact[peak_hour].quantize(SHAPE_STEP)
    missing = int((Decimal(len(exact)) - sum(floored, Decimal(0))) / SHAPE_STEP)
    order = sorted(
        (h for h in range(len(exact)) if h != peak_hour),
        key=lambda h: (floored[h] - exact[h], h),
    )
    for h in order[: max(missing, 0)]:
        floored[h] += SHAPE_STEP
    return tuple(floored)


def factors_of(values: Sequence[Decimal]) -> tuple[Decimal, ...] | None:
    """Hourly values (a day's or a week's) as factors of their mean, to SHAPE_STEP, summing to
    exactly one per hour; None when there is no traffic at all."""
    total = sum(values, Decimal(0))
    if total <= 0:
        return None
    count = Decimal(len(values))
    return to_steps([v * count / total for v in values], None)
