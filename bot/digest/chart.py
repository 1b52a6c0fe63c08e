"""The digest's spend chart as a PNG (matplotlib's Agg backend: no display; imported only here)."""

from __future__ import annotations

import io

from core.digest.chart import SpendChart
from core.services import display_name

BAR_WIDTH = 0.27
SERIES_COLOURS = ("#1f77b4", "#2ca02c", "#999999")


def render_spend_png(chart: SpendChart) -> bytes:
    """Grouped bars: each service today at list price, after the notes, and Cost Explorer's figure."""
    # matplotlib is heavy: only a digest that draws its chart loads it.
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")
    from matplotlib.figure import Figure  # noqa: PLC0415
    from matplotlib.ticker import StrMethodFormatter  # noqa: PLC0415

    figure = Figure(figsize=(8, 4.5), dpi=100)
    axes = figure.subplots()
    series = [("today, list price", chart.today), ("if the notes were taken", chart.after_notes)]
    if chart.cost_explorer is not None:
        series.append(("Cost Explorer, last week x 730/168", chart.cost_explorer))
    positions = range(len(chart.services))
    for index, ((label, values), colour) in enumerate(zip(series, SERIES_COLOURS, strict=False)):
        offsets = [p + (index - (len(series) - 1) / 2) * BAR_WIDTH for p in positions]
        axes.bar(offsets, [float(v) for v in values], BAR_WIDTH, label=label, color=colour)
    axes.set_xticks(list(positions), [display_name(s) for s in chart.services])
    axes.set_title(chart.title, fontsize=9)
    axes.set_ylabel("USD a month")
    axes.yaxis.set_major_formatter(StrMethodFormatter("${x:,.0f}"))
    axes.grid(axis="y", alpha=0.3)
    axes.legend(loc="upper left", fontsize=8)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
