"""The cost chart (matplotlib, Agg backend: no display needed), as PNG, SVG or PDF.

The legend sits below the plot, outside it, so it can never hide a line. Break-even labels are set
at the top of the plot, each moved down a row until it overlaps no label placed before it, using
the sizes the renderer gives them; a label near the right edge reads leftwards from its line.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from core.advice.chart import ChartData
from core.services import display_name

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Annotation
    from matplotlib.transforms import Bbox

COLOURS = {"lambda": "#ff9900", "fargate": "#1f77b4", "ec2": "#2ca02c"}
CURRENT_COLOUR = "#d62728"
LABEL_GAP_PT = 3  # between a break-even's line and its label, and between stacked labels
RIGHT_SIDE = 0.6  # a label whose line is past this share of the axis reads leftwards
SCALES = ((10**9, "B"), (10**6, "M"), (10**3, "k"))


def render_png(data: ChartData) -> bytes:
    """The chart as PNG: what Slack shows."""
    return render_chart(data, "png")


def render_chart(data: ChartData, fmt: str) -> bytes:
    """The chart as `fmt`: png, svg or pdf."""
    buffer = io.BytesIO()
    draw_chart(data).savefig(buffer, format=fmt)
    return buffer.getvalue()


def draw_chart(data: ChartData) -> Figure:
    """Cost against the chart's x for each service, where the workload is, and the break-evens."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator, StrMethodFormatter

    figure = Figure(figsize=(8, 4.8), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)  # the renderer that measures the labels
    axes = figure.subplots()
    _plot_series(axes, data)
    axes.axvline(
        float(data.current), color=CURRENT_COLOUR, linestyle=":", linewidth=1.5, label="this workload"
    )
    axes.set_title(data.title, fontsize=9, wrap=True)
    axes.set_xlabel(data.x_label)
    axes.set_ylabel("USD a month")
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: short_count(x)))
    if data.counts:
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.yaxis.set_major_formatter(StrMethodFormatter("${x:,.0f}"))
    axes.set_xlim(left=0)
    axes.set_ylim(bottom=0, top=axes.get_ylim()[1] * 1.08)  # room above the lines for the labels
    axes.grid(alpha=0.3)
    handles, labels = axes.get_legend_handles_labels()
    figure.legend(handles, labels, loc="outside lower center", ncols=len(handles), fontsize=8, frameon=False)
    _mark_break_evens(figure, axes, data.marks)
    return figure


def _plot_series(axes: Axes, data: ChartData) -> None:
    xs = [float(x) for x in data.xs]
    for service, ys in data.series.items():
        # fleets grow in whole tasks: steps; a count axis: one point per count
        style = "default" if service == "lambda" or data.counts else "steps-post"
        axes.plot(
            xs,
            [float(y) for y in ys],
            label=display_name(service),
            color=COLOURS[service],
            linewidth=2,
            drawstyle=style,
            marker="o" if data.counts else None,
            markersize=3,
        )


def _mark_break_evens(figure: Figure, axes: Axes, marks: tuple[tuple[object, str], ...]) -> None:
    """A dashed line and a label at each break-even; no label overlaps another."""
    left, right = axes.get_xlim()
    labels: list[Annotation] = []
    for value, label in sorted(marks, key=lambda mark: float(str(mark[0]))):
        x = float(str(value))
        axes.axvline(x, color="#888888", linestyle="--", linewidth=1)
        leftwards = right > left and (x - left) / (right - left) > RIGHT_SIDE
        text = axes.annotate(
            f"break-even\n{label}",
            (x, 1),
            xycoords=("data", "axes fraction"),
            xytext=(-LABEL_GAP_PT if leftwards else LABEL_GAP_PT, -LABEL_GAP_PT),
            textcoords="offset points",
            ha="right" if leftwards else "left",
            va="top",
            fontsize=8,
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
        )
        text.set_in_layout(False)
        labels.append(text)
    _unstack(figure, labels)


def _unstack(figure: Figure, labels: list[Annotation]) -> None:
    """Move each label down a row until it overlaps none placed before it."""
    figure.draw_without_rendering()  # lays the figure out, so that sizes are final
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    placed: list[Bbox] = []
    for text in labels:
        box = text.get_window_extent(renderer)
        while any(box.overlaps(other) for other in placed):
            dx, dy = text.xyann
            text.xyann = (dx, dy - box.height * 72 / figure.dpi - LABEL_GAP_PT)
            box = text.get_window_extent(renderer)
        placed.append(box)


def short_count(value: float) -> str:
    """`1.5k`, `3M`, `2B`: a count for an axis."""
    for scale, suffix in SCALES:
        if abs(value) >= scale:
            return f"{value / scale:g}{suffix}"
    return f"{value:g}"
