"""The Parquet files of a CUR 2.0 export in a local folder, and DuckDB reading them.

An export keeps each billing period under `data/BILLING_PERIOD=YYYY-MM/`; the 14-day window
spans at most two periods, so only the two newest are read. DuckDB reads Parquet with no
extension to download; files from S3 are fetched into a local cache first (`core.aws.cur_s3`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from core.cur.columns import CurExportError
from core.cur.sql import Dialect

PERIOD = re.compile(r"BILLING_PERIOD=(\d{4}-\d{2})")
PERIODS_READ = 2
LEGACY_SUFFIXES = (".csv", ".csv.gz", ".gz", ".zip")


def newest_periods(names: Sequence[str], keep: int = PERIODS_READ) -> list[str]:
    """The names in the `keep` newest billing periods (all of them when none is partitioned)."""
    periods = sorted({m[1] for name in names if (m := PERIOD.search(name))})
    if not periods:
        return sorted(names)
    wanted = set(periods[-keep:])
    return sorted(name for name in names if (m := PERIOD.search(name)) and m[1] in wanted)


def parquet_in(uri: str, folder: Path) -> list[Path]:
    """The export's Parquet files to read under `folder`; CurExportError if there are none."""
    if not folder.is_dir():
        raise CurExportError(uri, "no such folder; give the export's folder or s3://bucket/prefix")
    files = [str(p) for p in folder.rglob("*.parquet") if p.is_file()]
    if not files:
        legacy = [p for p in folder.rglob("*") if p.name.endswith(LEGACY_SUFFIXES)]
        if legacy:
            raise CurExportError(
                uri,
                "holds CSV files, not Parquet: a legacy Cost and Usage Report; CUR 2.0 exports are Parquet",
            )
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
