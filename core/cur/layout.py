"""Where a CUR 2.0 export keeps its files, wherever it is (a folder or S3). Pure.

Data Exports writes Parquet under `<prefix>/<export>/data/BILLING_PERIOD=YYYY-MM/`. The digest's
window of 14 days spans at most two billing periods, so only the two newest are read. A legacy
Cost and Usage Report is CSV (often gzipped or zipped) instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

PERIOD = re.compile(r"BILLING_PERIOD=(\d{4}-\d{2})")
PERIODS_READ = 2
LEGACY_SUFFIXES = (".csv", ".csv.gz", ".gz", ".zip")
LEGACY_PROBLEM = "holds CSV files, not Parquet: a legacy Cost and Usage Report; CUR 2.0 exports are Parquet"


def newest_periods(names: Sequence[str], keep: int = PERIODS_READ) -> list[str]:
    """The names in the `keep` newest billing periods (all of them when none is partitioned)."""
    periods = sorted({m[1] for name in names if (m := PERIOD.search(name))})
    if not periods:
        return sorted(names)
    wanted = set(periods[-keep:])
    return sorted(name for name in names if (m := PERIOD.search(name)) and m[1] in wanted)


def is_legacy_file(name: str) -> bool:
    """Whether a file name is a legacy report's."""
    return name.endswith(LEGACY_SUFFIXES)
