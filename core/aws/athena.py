"""The digest's SQL on Amazon Athena, for exports too large for one machine: the same queries as
DuckDB's, over the CUR 2.0 table (its columns read from the Glue Data Catalog). Results come
back as text, page by page, and are typed by `core.cur.rows` exactly as DuckDB's are."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from core.cur.sql import Dialect
from core.errors import AdvisorError

POLL_S = 0.5
TIMEOUT_S = 900
DONE = ("SUCCEEDED", "FAILED", "CANCELLED")


class AthenaQueryFailed(AdvisorError):
    """Athena ran the query and it failed or was cancelled: says why, as Athena put it."""


@dataclass
class AthenaEngine:
    """Athena over one CUR 2.0 table."""

    athena: Any
    glue: Any
    database: str
    table: str
    workgroup: str
    output: str | None
    dialect: Dialect = Dialect.ATHENA
    sleep: Callable[[float], None] = time.sleep
    executions: list[str] = field(default_factory=list)

    @property
    def relation(self) -> str:
        """The table, quoted."""
        return f'"{self.database}"."{self.table}"'

    def columns(self) -> list[str]:
        """The table's columns, from the Glue Data Catalog."""
        table = self.glue.get_table(DatabaseName=self.database, Name=self.table)["Table"]
        listed = table.get("StorageDescriptor", {}).get("Columns", []) + table.get("PartitionKeys", [])
        return [str(column["Name"]) for column in listed]

    def query(self, sql: str) -> list[list[object]]:
        """Every row of one query, once Athena has run it."""
        request: dict[str, Any] = {
            "QueryString": sql,
            "QueryExecutionContext": {"Database": self.database},
            "WorkGroup": self.workgroup,
        }
        if self.output:
            request["ResultConfiguration"] = {"OutputLocation": self.output}
        execution = str(self.athena.start_query_execution(**request)["QueryExecutionId"])
        self.executions.append(execution)
        self._wait(execution)
        return self._rows(execution)

    def _wait(self, execution: str) -> None:
        waited = 0.0
        while True:
            status = self.athena.get_query_execution(QueryExecutionId=execution)["QueryExecution"]["Status"]
            if status["State"] in DONE:
                break
            if waited >= TIMEOUT_S:
                raise AthenaQueryFailed(
                    f"Athena query {execution}: still {status['State']} after {TIMEOUT_S}s"
                )
            self.sleep(POLL_S)
            waited += POLL_S
        if status["State"] != "SUCCEEDED":
            reason = status.get("StateChangeReason", status["State"])
            raise AthenaQueryFailed(f"Athena query {execution}: {status['State']}: {reason}")

    def _rows(self, execution: str) -> list[list[object]]:
        rows: list[list[object]] = []
        header = True
        for page in self.athena.get_paginator("get_query_results").paginate(QueryExecutionId=execution):
            for row in page["ResultSet"]["Rows"]:
                if header:  # the first row of the first page names the columns
                    header = False
                    continue
                rows.append([cell.get("VarCharValue") for cell in row["Data"]])
        return rows
