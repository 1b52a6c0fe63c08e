"""A request-driven workload's traffic: its monthly volume and peak rate, from whatever it gave."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from core.advice import defaults as d
from core.constants import HOURS_PER_MONTH, SECONDS_PER_MONTH
from core.units import format_count, plain
from core.workload import Workload


def ceil(value: Decimal) -> int:
    """The smallest whole number at least `value`."""
    whole = int(value)  # toward zero
    return whole + 1 if value > whole else whole


def rate_text(rps: Decimal) -> str:
    """`50 req/s`, `0.38 req/s`: a rate for people, to 2 places at most."""
    shown = rps.quantize(Decimal("0.01")) if rps < 100 else rps.to_integral_value()
    return f"{plain(shown)} req/s"


@dataclass(frozen=True, slots=True)
class Traffic:
    """A request-driven workload's monthly volume and peak rate, with how they were found."""

    monthly_requests: Decimal
    peak_rps: Decimal
    notes: tuple[str, ...]  # how the volume was found, then how the peak was

    @property
    def volume_notes(self) -> tuple[str, ...]:
        """Only how the monthly volume was found: all that per-request billing needs."""
        return tuple(n for n in self.notes if not n.startswith("peak ="))


def traffic(w: Workload) -> Traffic:
    """Volume and peak from whatever the workload gave: a volume, an average rate or a peak."""
    factor = w.peak_factor or d.PEAK_FACTOR
    notes: list[str] = []
    scale = (w.hours or HOURS_PER_MONTH) / HOURS_PER_MONTH
    if w.monthly_requests is not None:
        monthly = w.monthly_requests
    elif w.rps is not None:
        monthly = w.rps * SECONDS_PER_MONTH * scale
        notes.append(f"{rate_text(w.rps)} on average = {format_count(monthly.normalize())} requests a month")
    else:
        assert w.peak_rps is not None  # validation guarantees one of the three
        monthly = w.peak_rps / factor * SECONDS_PER_MONTH * scale
        notes.append(
            f"average rate = peak / {plain(factor)} (peak_factor): "
            f"{format_count(monthly.to_integral_value())} requests a month"
        )
    monthly = monthly.to_integral_value(rounding=ROUND_CEILING)
    if w.peak_rps is not None:
        peak = w.peak_rps
    else:
        average = (w.rps if w.rps is not None else monthly / (SECONDS_PER_MONTH * scale)) or Decimal(0)
        peak = average * factor
        notes.append(f"peak = {plain(factor)}x the average (peak_factor): {rate_text(peak)}")
    return Traffic(monthly, peak, tuple(notes))
