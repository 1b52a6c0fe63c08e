"""The numbers behind the cost chart: each option's monthly cost against volume, with the
break-evens marked. Pure data; bot/chart.py draws it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.advice.breakeven import cost_curves
from core.advice.model import Advice
from core.advice.sizing import traffic
from core.errors import InvalidInput
from core.prices.catalog import PriceCatalog
from core.workload import Kind

POINTS = 120


@dataclass(frozen=True, slots=True)
class ChartData:
    """Series of (volume, monthly USD) per service, the current volume and the break-evens."""

    title: str
    x_label: str
    xs: tuple[Decimal, ...]
    series: dict[str, tuple[Decimal, ...]]
    current: Decimal
    marks: tuple[tuple[Decimal, str], ...]


def current_volume(advice: Advice) -> Decimal:
    """Where the workload sits on the chart's x axis."""
    w = advice.workload
    if w.kind is Kind.JOB:
        return (w.monthly_runs or Decimal(0)) * (w.count or 1)
    return traffic(w).monthly_requests


def chart_data(advice: Advice, catalog: PriceCatalog) -> ChartData:
    """Cost curves for drawing; InvalidInput when the workload has no volume to vary."""
    w = advice.workload
    if w.kind is Kind.SERVICE and (w.rps is None or w.duration_ms is None):
        raise InvalidInput(
            "chart", w.describe(), "a request rate and duration to draw: add rps= and duration="
        )
    variable, curves = cost_curves(w, catalog, advice.options)
    if not curves:
        raise InvalidInput("chart", w.describe(), "at least one option that can run the workload")
    current = current_volume(advice)
    marks = tuple((b.value, f"{b.below} ↔ {b.above}") for b in advice.break_even if b.value is not None)
    top = max([current * 2, *(m[0] * Decimal("1.5") for m in marks), Decimal(10)])
    xs = tuple(top * i / POINTS for i in range(POINTS + 1))
    series = {service: tuple(curve(x) for x in xs) for service, curve in curves.items()}
    noun = "runs" if variable == "monthly_runs" else "requests"
    return ChartData(
        title=f"Monthly cost against {noun} a month: {w.describe()}",
        x_label=f"{noun} a month",
        xs=xs,
        series=series,
        current=current,
        marks=marks,
    )
