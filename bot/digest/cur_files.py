"""The Parquet files of a CUR 2.0 export in a local folder, and DuckDB reading them.

Only the two newest billing periods are read (`core.cur.layout`). DuckDB reads Parquet with no
extension to download; files from S3 are fetched into a local cache first (`core.aws.cur_s3`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from core.cur.columns import CurExportError
from core.cur.layout import LEGACY_PROBLEM, is_legacy_file, newest_periods
from core.cur.sql import Dialect


def parquet_in(uri: str, folder: Path) -> list[Path]:
    """The export's Parquet files to read under `folder`; CurExportError if there are none."""
    if not folder.is_dir():
        raise CurExportError(uri, "no such folder; give the export's folder or s3://bucket/prefix")
    files = [str(p) for p in folder.rglob("*.parquet") if p.is_file()]
    if not files:
        if any(is_legacy_file(p.name) for p in folder.rglob("*")):
            raise CurExportError(uri, LEGACY_PROBLEM)
        raise CurExportError(uri, "holds no Parquet files: an empty export, or not its folder")
    return [Path(name) for name in newest_periods(files)]


@dataclass
class DuckDbEngine:
    """DuckDB over Parquet files, answering the digest's SQL in one connection."""

    files: Sequence[Path]
    dialect: Dialect = Dialect.DUCKDB
    # DuckDB's own limit, not the process's: at 1GB the digest of 6.3 million rows peaked at
    # 1.07GB RSS; at 512MB it peaks near 650MB and runs as fast (bench/bench_cur.py).
    memory_limit: str = "512MB"
    threads: int = 2

    def __post_init__(self) -> None:
        self._con = duckdb.connect(config={"memory_limit": self.memory_limit, "threads": self.threads})
        listed = ", ".join("'" + str(f).replace("'", "''") + "'" for f in self.files)
        self.relation = f"read_parquet([{listed}], union_by_name = true)"

    def columns(self) -> list[str]:
        """The export's column names."""
        return [
            str(row[0]) for row in self._con.execute(f"DESCRIBE SELECT * FROM {self.relation}").fetchall()
        ]

    def query(self, sql: str) -> list[tuple[object, ...]]:
        """Every row of one query."""
        return self._con.execute(sql).fetchall()

    def close(self) -> None:
        """Let the connection go."""
        self._con.close()
