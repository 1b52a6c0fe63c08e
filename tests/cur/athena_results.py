"""Athena's answers for moto: moto's Athena runs no query, but answers each new query execution
with the next result queued through its API (`/moto-api/static/athena/query-results`).

The answers are DuckDB's to the same queries over the same export, written as Athena writes
results: every value as text (`VarCharValue`), NULL as an empty cell, timestamps as
`2024-05-01 00:00:00.000`, the column names as the first row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from core.cur.read import CurEngine
from core.cur.sql import Dialect
from tests.aws.seed import post_json

Rows = Sequence[Sequence[object]]


@dataclass
class RecordingEngine:
    """An engine that keeps every query it ran and the rows that came back, in order."""

    engine: CurEngine
    answers: list[tuple[str, Rows]] = field(default_factory=list)

    @property
    def dialect(self) -> Dialect:
        return self.engine.dialect

    @property
    def relation(self) -> str:
        return self.engine.relation

    def columns(self) -> list[str]:
        return self.engine.columns()

    def query(self, sql: str) -> Rows:
        rows = self.engine.query(sql)
        self.answers.append((sql, rows))
        return rows


def cell(value: object) -> dict[str, str]:
    """One value as Athena returns it."""
    if value is None:
        return {}
    if isinstance(value, datetime):
        return {"VarCharValue": value.strftime("%Y-%m-%d %H:%M:%S.") + f"{value.microsecond // 1000:03d}"}
    return {"VarCharValue": str(value)}


def result_set(rows: Rows, width: int) -> dict[str, object]:
    """One query's result as moto's API takes it: the header row, then the rows."""
    header = {"Data": [{"VarCharValue": f"_col{i}"} for i in range(width)]}
    return {
        "rows": [header, *({"Data": [cell(v) for v in row]} for row in rows)],
        "column_info": [{"Name": f"_col{i}", "Type": "varchar"} for i in range(width)],
    }


def queue_results(endpoint: str, account: str, region: str, answers: Sequence[tuple[str, Rows]]) -> None:
    """Queue one result per query, in the order the queries will be started."""
    results = [result_set(rows, len(rows[0]) if rows else 1) for _, rows in answers]
    post_json(
        endpoint,
        "/moto-api/static/athena/query-results",
        {"account_id": account, "region": region, "results": results},
    )
