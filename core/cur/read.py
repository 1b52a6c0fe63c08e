"""Reading an export through an engine: its columns checked, its window found, then the
workloads, their charges and the Savings Plans' types, all aggregated by the engine."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Protocol

from core.cur.columns import CurExportError, check_columns
from core.cur.model import CurReport, CurWindow
from core.cur.rows import charge_row, moment, number, workload_row
from core.cur.sql import (
    Dialect,
    Scope,
    bounds_query,
    charges_query,
    members_query,
    plans_query,
    shapes_query,
    workloads_query,
)
from core.cur.window import cur_window
from core.observed.model import round_near

Key = tuple[str, str, str, str]
SHAPE_STEP = Decimal("0.001")


class CurEngine(Protocol):
    """DuckDB over Parquet files, or Athena over a table: the same SQL either way."""

    @property
    def dialect(self) -> Dialect:
        """Which engine's SQL it speaks."""
        ...

    @property
    def relation(self) -> str:
        """What the queries read FROM."""
        ...

    def columns(self) -> list[str]:
        """The export's column names."""
        ...

    def query(self, sql: str) -> Sequence[Sequence[object]]:
        """Every row of one query."""
        ...


def read_cur(engine: CurEngine, uri: str, source: str, account_names: Mapping[str, str]) -> CurReport:
    """What the export holds for the digest, or CurExportError naming what is wrong with it."""
    check_columns(uri, engine.columns())
    [(all_rows, compute_rows, first, last)] = engine.query(bounds_query(engine.relation))
    if not number(all_rows):
        raise CurExportError(uri, "the export holds no rows")
    if not number(compute_rows):
        raise CurExportError(uri, "no Lambda, Fargate or EC2 usage rows: nothing to digest")
    window = cur_window(uri, moment(first), moment(last))
    scope = scope_of(engine, window)
    return CurReport(
        source=source,
        window=window,
        workloads=tuple(workload_row(r) for r in engine.query(workloads_query(scope))),
        charges=tuple(charge_row(r) for r in engine.query(charges_query(scope))),
        plan_types={str(arn): str(kind) for arn, kind in engine.query(plans_query(engine.relation))},
        account_names=dict(account_names),
    )


def scope_of(engine: CurEngine, window: CurWindow) -> Scope:
    """The queries' scope: the engine's relation over the window (naive UTC timestamps)."""
    return Scope(
        engine.relation, engine.dialect, window.start.replace(tzinfo=None), window.end.replace(tzinfo=None)
    )


def read_members(
    engine: CurEngine, window: CurWindow, workloads: Sequence[str]
) -> dict[str, tuple[str, ...]]:
    """The resources (instance ids) of each of `workloads`."""
    if not workloads:
        return {}
    members: dict[str, list[str]] = {}
    for workload, resource in engine.query(members_query(scope_of(engine, window), workloads)):
        members.setdefault(str(workload), []).append(str(resource))
    return {workload: tuple(ids) for workload, ids in members.items()}


def read_shapes(
    engine: CurEngine, window: CurWindow, workloads: Sequence[str]
) -> dict[str, tuple[Decimal, ...]]:
    """Each workload's usage by hour of the week, as 168 factors of mean 1 (to 0.001)."""
    if not workloads:
        return {}
    sums: dict[str, list[Decimal]] = {}
    for workload, hour, units in engine.query(shapes_query(scope_of(engine, window), workloads)):
        sums.setdefault(str(workload), [Decimal(0)] * 168)[int(number(hour))] = number(units)
    return {w: hourly_shape(values) for w, values in sums.items()}


def hourly_shape(values: Sequence[Decimal]) -> tuple[Decimal, ...]:
    """Hourly values as factors of their mean (all 1 when the mean is 0)."""
    mean = sum(values, Decimal(0)) / len(values)
    if mean <= 0:
        return tuple(Decimal(1) for _ in values)
    return tuple(round_near(v / mean, SHAPE_STEP) for v in values)
