"""The cost chart, measured with matplotlib's own renderer: labels never overlap, the legend never
hides a line, and each kind of workload gets a chart that fits it."""

from decimal import Decimal as D
from itertools import combinations

import pytest

from bot.chart import draw_chart, render_chart, short_count
from core.advice import advise
from core.advice.chart import ChartData, chart_data
from core.errors import InvalidInput
from core.workload import parse_workload


def drawn(text, catalog):
    data = chart_data(advise(parse_workload(text), catalog), catalog)
    return data, draw_chart(data)


def extents(figure):
    renderer = figure.canvas.get_renderer()
    [axes] = figure.axes
    labels = [text.get_window_extent(renderer) for text in axes.texts]
    legend = figure.legends[0].get_window_extent(renderer)
    return axes, axes.get_window_extent(renderer), labels, legend


def close_marks(n):
    return ChartData(
        title="many break-evens",
        x_label="requests a month",
        xs=tuple(D(x) for x in range(0, 101, 10)),
        series={"lambda": tuple(D(x) for x in range(0, 101, 10)), "fargate": (D(50),) * 11},
        current=D(40),
        marks=tuple((D(50) + D(k) / 10, f"Lambda ↔ Fargate {k}") for k in range(n)),
    )


@pytest.mark.parametrize(
    "text",
    [
        "1000 req/s, 20ms, 128MB, peak_factor=1",  # two break-evens close together
        "nightly job, 40 minutes, 4 vCPU 16GB",
        "hourly job 3 minutes 1 vcpu 2gb",
        "3M requests/month, 120ms avg, 1.5GB",
    ],
)
def test_break_even_labels_never_overlap_and_the_legend_is_outside_the_plot(text, catalog):
    data, figure = drawn(text, catalog)
    _, plot, labels, legend = extents(figure)
    assert len(labels) == len(data.marks)
    for one, other in combinations(labels, 2):
        assert not one.overlaps(other)
    assert not legend.overlaps(plot)


@pytest.mark.parametrize("n", [2, 3, 5])
def test_labels_of_break_evens_at_almost_the_same_volume_are_stacked_apart(n):
    _, plot, labels, legend = extents(draw_chart(close_marks(n)))
    assert len(labels) == n
    for one, other in combinations(labels, 2):
        assert not one.overlaps(other)
    for label in labels:  # still inside the plot, left to right
        assert plot.x0 <= label.x0 and label.x1 <= plot.x1
    assert not legend.overlaps(plot)


def test_the_legend_names_every_line_and_where_the_workload_is(catalog):
    _, figure = drawn("1000 req/s, 20ms, 128MB, peak_factor=1", catalog)
    names = [text.get_text() for text in figure.legends[0].get_texts()]
    assert names == ["Lambda", "Fargate", "EC2", "this workload"]


def test_an_always_on_service_is_drawn_against_its_count_of_tasks(catalog):
    data, figure = drawn("always-on API 2 vCPU 4GB x3", catalog)
    assert data.counts
    assert data.current == 3
    assert data.xs[0] == 1 and all(x == int(x) for x in data.xs)
    assert set(data.series) == {"fargate", "ec2"}
    fargate = data.series["fargate"]
    # each task adds the same (the ALB in front of an API costs the same whatever their count)
    assert fargate[2] - fargate[1] == fargate[1] - fargate[0] > 0
    assert data.x_label.startswith("tasks or instances")
    [axes] = figure.axes
    assert all(tick == int(tick) for tick in axes.get_xticks())


def test_a_service_without_a_count_is_drawn_at_the_count_the_advice_assumes(catalog):
    data, _ = drawn("websocket server", catalog)
    assert data.current == 2


def test_a_job_is_drawn_against_runs_a_month_with_its_modes_named(catalog):
    data, _ = drawn("nightly job, 40 minutes, 4 vCPU 16GB", catalog)
    assert data.x_label == "runs a month"
    assert [label for _, label in data.marks] == ["EC2 per run ↔ EC2 always on"]


def test_a_workload_nothing_can_run_has_no_chart(catalog):
    with pytest.raises(InvalidInput, match="at least one option"):
        chart_data(advise(parse_workload("service 1000 vCPU 64GB"), catalog), catalog)


@pytest.mark.parametrize(("fmt", "magic"), [("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF-")])
def test_the_chart_renders_in_each_format(fmt, magic, catalog):
    data, _ = drawn("3M requests/month, 120ms avg, 1.5GB", catalog)
    assert render_chart(data, fmt).startswith(magic)


@pytest.mark.parametrize(
    ("value", "shown"), [(0, "0"), (950, "950"), (1500, "1.5k"), (3e6, "3M"), (2e9, "2B"), (2.5e9, "2.5B")]
)
def test_counts_on_the_axis_are_short(value, shown):
    assert short_count(value) == shown


def test_a_latency_sensitive_workload_is_drawn_with_lambda_kept_warm(catalog):
    text = "20 req/s, 80ms, 1GB, latency sensitive"
    advice = advise(parse_workload(text), catalog)
    data = chart_data(advice, catalog)
    at_current = min(range(len(data.xs)), key=lambda k: abs(data.xs[k] - data.current))
    cold = chart_data(advise(parse_workload("20 req/s, 80ms, 1GB"), catalog), catalog)
    assert data.series["lambda"][at_current] > cold.series["lambda"][at_current]
    exact = advice.option("lambda").estimate.exact_usd
    assert abs(data.series["lambda"][at_current] - exact) / exact < D("0.05")  # the nearest point drawn
