"""The cost chart as a PNG (matplotlib, Agg backend: no display needed)."""

from __future__ import annotations

import io

from core.advice.chart import ChartData
from core.services import display_name

COLOURS = {"lambda": "#ff9900", "fargate": "#1f77b4", "ec2": "#2ca02c"}


def render_png(data: ChartData) -> bytes:
    """The chart as PNG: what Slack shows."""
    return render_chart(data, "png")


def render_chart(data: ChartData, fmt: str) -> bytes:
    """Draw cost against volume for each service, the break-evens and the current volume, as `fmt`
    (png, svg or pdf)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.ticker import EngFormatter, StrMethodFormatter

    figure = Figure(figsize=(8, 4.5), dpi=100)
    axes = figure.subplots()
    xs = [float(x) for x in data.xs]
    for service, ys in data.series.items():
        style = "default" if service == "lambda" else "steps-post"  # fleets grow in whole tasks
        axes.plot(
            xs,
            [float(y) for y in ys],
            label=display_name(service),
            color=COLOURS[service],
            linewidth=2,
            drawstyle=style,
        )
    for value, label in data.marks:
        axes.axvline(float(value), color="#888888", linestyle="--", linewidth=1)
        axes.annotate(
            f"break-even\n{label}", (float(value), 0), xytext=(4, 24), textcoords="offset points", fontsize=8
        )
    axes.axvline(float(data.current), color="#d62728", linestyle=":", linewidth=1.5, label="this workload")
    axes.set_title(data.title, fontsize=9)
    axes.set_xlabel(data.x_label)
    axes.set_ylabel("USD a month")
    axes.xaxis.set_major_formatter(EngFormatter(sep=""))
    axes.yaxis.set_major_formatter(StrMethodFormatter("${x:,.0f}"))
    axes.set_xlim(left=0)
    axes.set_ylim(bottom=0)
    axes.grid(alpha=0.3)
    axes.legend(loc="upper left", fontsize=8)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt)
    return buffer.getvalue()
