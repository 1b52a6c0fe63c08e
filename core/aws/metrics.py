"""CloudWatch series for many resources in as few GetMetricData calls as its limits allow.

One GetMetricData call takes at most 500 queries and returns at most 100,800 datapoints, so a call
holds min(500, 100,800 // datapoints per query) queries: 300 for 14 days of hourly points. A call
that still has more to say returns a NextToken, which is followed to the end.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import partial
from typing import Any

from core.aws.failures import RegionScope, attempt
from core.usage import LookbackWindow, ReadError

MAX_QUERIES_PER_CALL = 500
MAX_DATAPOINTS_PER_CALL = 100_800


@dataclass(frozen=True, slots=True)
class MetricSpec:
    """A CloudWatch metric and the statistic wanted for each period."""

    namespace: str
    name: str
    stat: str


@dataclass(frozen=True, slots=True)
class MetricQuery:
    """One metric of one resource; `resource` is the reader's own name for the resource."""

    resource: str
    spec: MetricSpec
    dimensions: tuple[tuple[str, str], ...]


SeriesKey = tuple[str, MetricSpec]
Series = tuple[tuple[datetime, Decimal], ...]


@dataclass(frozen=True, slots=True)
class MetricFetch:
    """The series that came back, by (resource, spec), and the calls that failed."""

    series: dict[SeriesKey, Series]
    errors: tuple[ReadError, ...]

    def of(self, resource: str, spec: MetricSpec) -> Series:
        """One resource's series for `spec`; empty if CloudWatch had none."""
        return self.series.get((resource, spec), ())


def queries_per_call(window: LookbackWindow) -> int:
    """The most queries one GetMetricData call can hold for this window."""
    return max(1, min(MAX_QUERIES_PER_CALL, MAX_DATAPOINTS_PER_CALL // max(1, window.periods)))


def minimum_calls(query_count: int, window: LookbackWindow) -> int:
    """The fewest GetMetricData calls that can fetch `query_count` queries over `window`."""
    return math.ceil(query_count / queries_per_call(window))


def fetch_metric_series(
    client: Any, queries: Iterable[MetricQuery], window: LookbackWindow, scope: RegionScope
) -> MetricFetch:
    """Every query's series over the window, in full batches; a failed batch becomes an error."""
    unique = list({(q.resource, q.spec): q for q in queries}.values())
    size = queries_per_call(window)
    series: dict[SeriesKey, Series] = {}
    errors: list[ReadError] = []
    for start in range(0, len(unique), size):
        batch = unique[start : start + size]
        result = attempt(
            partial(_fetch_batch, client, batch, window),
            scope.site("cloudwatch", "GetMetricData"),
        )
        if isinstance(result, ReadError):
            errors.append(result)
        else:
            series.update(result)
    return MetricFetch(series, tuple(errors))


def _fetch_batch(
    client: Any, batch: Sequence[MetricQuery], window: LookbackWindow
) -> dict[SeriesKey, Series]:
    by_id = {f"q{i}": query for i, query in enumerate(batch)}
    points: dict[str, list[tuple[datetime, Decimal]]] = {query_id: [] for query_id in by_id}
    request = {
        "MetricDataQueries": [_query_body(query_id, q, window) for query_id, q in by_id.items()],
        "StartTime": window.start,
        "EndTime": window.end,
        "ScanBy": "TimestampAscending",
        "MaxDatapoints": MAX_DATAPOINTS_PER_CALL,
    }
    page = client.get_metric_data(**request)
    _collect(page, points)
    while page.get("NextToken"):
        page = client.get_metric_data(**request, NextToken=page["NextToken"])
        _collect(page, points)
    return {(q.resource, q.spec): tuple(sorted(points[i])) for i, q in by_id.items()}


def _collect(page: dict[str, Any], points: dict[str, list[tuple[datetime, Decimal]]]) -> None:
    """Add one page's datapoints to each query's list (a query's points may span pages)."""
    for result in page.get("MetricDataResults", []):
        values = (Decimal(repr(value)) for value in result.get("Values", []))
        points[str(result["Id"])] += zip(result.get("Timestamps", []), values, strict=True)


def _query_body(query_id: str, query: MetricQuery, window: LookbackWindow) -> dict[str, Any]:
    return {
        "Id": query_id,
        "MetricStat": {
            "Metric": {
                "Namespace": query.spec.namespace,
                "MetricName": query.spec.name,
                "Dimensions": [{"Name": n, "Value": v} for n, v in query.dimensions],
            },
            "Period": window.period_s,
            "Stat": query.spec.stat,
        },
        "ReturnData": True,
    }
