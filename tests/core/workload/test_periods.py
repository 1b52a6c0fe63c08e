"""A period said once carries over: the average or peak after a rate is a rate of the same period."""

from dataclasses import replace
from decimal import Decimal as D

import pytest

from core.errors import InvalidInput
from core.workload import parse_workload


def same_as(text, pairs):
    return replace(parse_workload(text), notes=()) == replace(parse_workload(pairs), notes=())


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        ("초당 최대 500건, 평균 50건, 20ms", "peak_rps=500 rps=50 duration=20ms"),
        ("peak 500 per second, average 50, 20ms", "peak_rps=500 rps=50 duration=20ms"),
        ("peak 500 req/s, average of 50, 20ms", "peak_rps=500 rps=50 duration=20ms"),
        ("average 20 rps, peak 200, 20ms", "rps=20 peak_rps=200 duration=20ms"),
        ("분당 최대 600건, 평균 60건, 20ms", "peak_rps=10 rps=1 duration=20ms"),
        ("peak 6000 requests a minute, avg 600 requests, 20ms", "peak_rps=100 rps=10 duration=20ms"),
        ("하루 평균 5만 요청, 피크 때 초당 30건, 200ms", "requests=1.5M peak_rps=30 duration=200ms"),
        ("50 req/s peak, 200 ms, avg 10", "peak_rps=50 rps=10 duration=200ms"),
    ],
)
def test_the_second_figure_takes_the_period_of_the_first(text, pairs):
    assert same_as(text, pairs)


def test_peak_and_average_give_the_peak_factor_and_say_how_they_were_read():
    workload = parse_workload("초당 최대 500건, 평균 50건, 20ms")
    assert (workload.rps, workload.peak_rps) == (D(50), D(500))
    assert workload.peak_rps / workload.rps == 10
    assert "read '평균 50건' as per second: the period of the figure before it carries over" in workload.notes
    english = parse_workload("peak 500 per second, average 50, 20ms")
    assert "read 'average 50' as per second: the period of the figure before it carries over" in english.notes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # no qualifier: a count after a rate is not taken as a rate
        ("500 req/s, 20ms, 3 instances", {"rps": D(500), "count": 3}),
        # a figure with its own unit keeps it
        ("peak 500 req/s, avg 120ms", {"peak_rps": D(500), "duration_ms": D(120), "rps": None}),
        ("3M requests/month, avg 120ms, 1.5GB", {"monthly_requests": D(3_000_000), "memory_mb": D(1536)}),
    ],
)
def test_only_a_qualified_count_without_a_period_takes_one(text, expected):
    workload = parse_workload(text)
    assert {name: getattr(workload, name) for name in expected} == expected


def test_a_peak_after_a_monthly_volume_is_refused_as_not_a_rate():
    with pytest.raises(InvalidInput) as refused:
        parse_workload("3M requests/month, peak 50, 100ms")
    assert "a peak is a rate" in str(refused.value)
