"""The numbers behind the cost chart: each option's monthly cost against what varies, with the
break-evens marked. Pure data; bot/chart.py draws it.

What varies depends on the workload: requests a month for request-driven work (and for a service
with a rate), runs a month for a job, and tasks or instances for an always-on service, whose bill
grows with how many run all month.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.advice.breakeven import CostAt, cost_curves
from core.advice.model import Advice, BreakEven
from core.advice.options import all_options, lambda_option
from core.advice.sized import service_count
from core.advice.sizing import traffic
from core.advice.warm import warm_concurrency
from core.errors import InvalidInput
from core.prices.catalog import PriceCatalog
from core.services import display_name
from core.workload import Kind, Workload

POINTS = 120
MAX_COUNT_POINTS = 40  # a count axis of many tasks is drawn at this many whole counts
NO_OPTION = "at least one option that can run the workload"


@dataclass(frozen=True, slots=True)
class ChartData:
    """Series of (x, monthly USD) per service, where the workload is on x, and the break-evens."""

    title: str
    x_label: str
    xs: tuple[Decimal, ...]
    series: dict[str, tuple[Decimal, ...]]
    current: Decimal
    marks: tuple[tuple[Decimal, str], ...]
    counts: bool = False  # x counts whole tasks or instances: drawn as points, not steps


def current_volume(advice: Advice) -> Decimal:
    """Where the workload sits on the chart's x axis of volume."""
    w = advice.workload
    if w.kind is Kind.JOB:
        return (w.monthly_runs or Decimal(0)) * (w.count or 1)
    return traffic(w).monthly_requests


def chart_data(advice: Advice, catalog: PriceCatalog) -> ChartData:
    """The chart that fits the workload; InvalidInput when no option can run it."""
    w = advice.workload
    if w.kind is Kind.SERVICE and (w.rps is None or w.duration_ms is None):
        return _by_count(w, catalog)
    return _by_volume(advice, catalog)


def _by_volume(advice: Advice, catalog: PriceCatalog) -> ChartData:
    """Cost against requests (or runs) a month, on the curves the break-evens are solved on."""
    w = advice.workload
    variable, curves = cost_curves(w, catalog, advice.options)
    if not curves:
        raise InvalidInput("chart", w.describe(), NO_OPTION)
    current = current_volume(advice)
    if "lambda" in curves and current > 0 and warm_concurrency(w) is not None:
        curves["lambda"] = _kept_warm(w, catalog, current)
    marks = tuple((b.value, mark_label(b)) for b in advice.break_even if b.value is not None)
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


def _kept_warm(w: Workload, catalog: PriceCatalog, current: Decimal) -> CostAt:
    """Lambda kept warm (latency=sensitive) at each volume: its concurrency follows the peak."""

    def cost(volume: Decimal) -> Decimal:
        factor = volume / current
        scaled = {name: getattr(w, name) * factor for name in _TRAFFIC if getattr(w, name) is not None}
        estimate = lambda_option(w.changed(**scaled), catalog).estimate
        return estimate.exact_usd if estimate is not None else Decimal(0)

    return cost


_TRAFFIC = ("monthly_requests", "rps", "peak_rps")


def mark_label(b: BreakEven) -> str:
    """`Lambda ↔ Fargate`: cheaper below the mark ↔ cheaper above it."""
    below = display_name(b.below)
    if b.variable == "monthly_runs" and "always-on" in b.text:
        return f"{below} per run ↔ {display_name(b.above)} always on"
    return f"{below} ↔ {display_name(b.above)}"


def _by_count(w: Workload, catalog: PriceCatalog) -> ChartData:
    """An always-on service without a rate: cost against how many tasks or instances run."""
    current, _ = service_count(w, "tasks")
    top = max(current * 2, 8)
    step = -(-top // MAX_COUNT_POINTS)  # whole counts, at most MAX_COUNT_POINTS of them
    counts = tuple(range(step, top + 1, step))
    costs: dict[str, list[Decimal]] = {}
    for count in counts:
        for option in all_options(w.changed(count=count, min_tasks=None), catalog):
            if option.feasible and option.estimate is not None:
                costs.setdefault(option.service, []).append(option.estimate.exact_usd)
    series = {service: tuple(ys) for service, ys in costs.items() if len(ys) == len(counts)}
    if not series:
        raise InvalidInput("chart", w.describe(), NO_OPTION)
    return ChartData(
        title=f"Monthly cost against tasks or instances: {w.describe()}",
        x_label="tasks or instances, running all month",
        xs=tuple(Decimal(count) for count in counts),
        series=series,
        current=Decimal(current),
        marks=(),
        counts=True,
    )
