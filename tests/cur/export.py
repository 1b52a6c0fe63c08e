"""A CUR 2.0 export the project generates itself: Parquet in the documented layout and schema
(`<root>/<export>/data/BILLING_PERIOD=YYYY-MM/*.parquet`), written by DuckDB's
`COPY ... TO ... (FORMAT PARQUET)`. The hourly rows are made inside DuckDB (resources x hours),
so the benchmark's millions of rows cost seconds, not a Python loop.

Each resource has charges: a usage type used at a steady rate an hour, shaped by a daily curve
(`peak` times the mean at 14:00 UTC), priced at a public rate and paid as plain usage, under a
Savings Plan (with its SavingsPlanNegation line) or under a Reserved Instance.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import duckdb

EXPORT = "cur2-export"


@dataclass(frozen=True)
class Charge:
    """One usage type of a resource, `per_hour` units an hour on average, at `rate` each."""

    usage_type: str
    per_hour: float
    rate: str
    line_type: str = "Usage"  # or SavingsPlanCoveredUsage, DiscountedUsage
    effective_rate: str = ""  # what the commitment charges a unit
    plan_arn: str = ""
    reservation_arn: str = ""


@dataclass(frozen=True)
class Resource:
    """A resource of one account and region, with its charges."""

    account: str
    account_name: str
    product: str
    region: str
    resource_id: str
    charges: tuple[Charge, ...]
    tags: dict[str, str] = field(default_factory=dict)
    instance_type: str = ""
    operation: str = ""
    peak: float = 1.0  # the busiest hour over the mean; at most 2
    first_hour: int = 0
    last_hour: int | None = None  # exclusive; None: to the end of the export


@dataclass(frozen=True)
class Fee:
    """A line that is not usage: a Savings Plan's or an RI's fee, tax, another product."""

    account: str
    product: str
    line_type: str
    cost: float
    plan_arn: str = ""
    plan_type: str = ""
    region: str = "us-east-1"


RESOURCES_DDL = """CREATE TABLE resources (rid INTEGER, account_id VARCHAR, account_name VARCHAR,
  product VARCHAR, region VARCHAR, resource_id VARCHAR, instance_type VARCHAR, operation VARCHAR,
  tag_keys VARCHAR[], tag_values VARCHAR[], peak DOUBLE, first_hour INTEGER, last_hour INTEGER)"""
CHARGES_DDL = """CREATE TABLE charges (rid INTEGER, usage_type VARCHAR, per_hour DOUBLE, rate VARCHAR,
  line_type VARCHAR, effective_rate VARCHAR, plan_arn VARCHAR, reservation_arn VARCHAR)"""
FEES_DDL = """CREATE TABLE fees (account_id VARCHAR, product VARCHAR, line_type VARCHAR, cost DOUBLE,
  plan_arn VARCHAR, plan_type VARCHAR, region VARCHAR)"""

# The daily curve: mean 1, `peak` at 14:00 UTC.
FACTOR = "(1 + (r.peak - 1) * cos(2 * pi() * ((h.hour_index % 24) - 14) / 24))"
USAGE = f"(c.per_hour * {FACTOR})"

# The usage lines, then the negation line of each Savings Plan covered one (it cancels the
# covered line's unblended cost, so the plan's discount isn't counted twice).
LINES_SQL = f"""
WITH usage_lines AS (
  SELECT r.*, c.usage_type, c.rate, c.line_type, c.effective_rate, c.plan_arn, c.reservation_arn,
    h.hour_index, {USAGE} AS amount
  FROM resources r JOIN charges c USING (rid)
  CROSS JOIN (SELECT range AS hour_index FROM range(?)) h
  WHERE h.hour_index >= r.first_hour AND h.hour_index < r.last_hour
)
SELECT account_id, account_name, product, region, resource_id, instance_type, operation,
  map(tag_keys, tag_values) AS resource_tags, usage_type, line_type, rate, hour_index, amount,
  CASE WHEN line_type = 'DiscountedUsage' THEN 0 ELSE amount * CAST(rate AS DOUBLE) END AS unblended,
  amount * CAST(rate AS DOUBLE) AS public_cost,
  CASE WHEN line_type = 'SavingsPlanCoveredUsage' THEN amount * CAST(effective_rate AS DOUBLE) END AS sp_cost,
  CASE WHEN line_type = 'DiscountedUsage' THEN amount * CAST(effective_rate AS DOUBLE) END AS ri_cost,
  plan_arn, reservation_arn
FROM usage_lines
UNION ALL
SELECT account_id, account_name, product, region, resource_id, instance_type, operation,
  map(tag_keys, tag_values), usage_type, 'SavingsPlanNegation', rate, hour_index, amount,
  -amount * CAST(rate AS DOUBLE), 0, NULL, NULL, plan_arn, ''
FROM usage_lines WHERE line_type = 'SavingsPlanCoveredUsage'
"""

CUR2_SELECT = """
SELECT
  'Anniversary' AS bill_bill_type,
  CAST(date_trunc('month', t) AS TIMESTAMP) AS bill_billing_period_start_date,
  CAST(date_trunc('month', t) + INTERVAL 1 MONTH AS TIMESTAMP) AS bill_billing_period_end_date,
  '999988887777' AS bill_payer_account_id,
  'payer' AS bill_payer_account_name,
  md5(resource_id || usage_type || line_type || CAST(hour_index AS VARCHAR)) AS identity_line_item_id,
  strftime(t, '%Y-%m-%dT%H:%M:%SZ') || '/' || strftime(t + INTERVAL 1 HOUR, '%Y-%m-%dT%H:%M:%SZ')
    AS identity_time_interval,
  account_id AS line_item_usage_account_id,
  account_name AS line_item_usage_account_name,
  line_type AS line_item_line_item_type,
  t AS line_item_usage_start_date,
  t + INTERVAL 1 HOUR AS line_item_usage_end_date,
  product AS line_item_product_code,
  usage_type AS line_item_usage_type,
  operation AS line_item_operation,
  resource_id AS line_item_resource_id,
  amount AS line_item_usage_amount,
  'USD' AS line_item_currency_code,
  unblended AS line_item_unblended_cost,
  rate AS line_item_unblended_rate,
  public_cost AS pricing_public_on_demand_cost,
  rate AS pricing_public_on_demand_rate,
  CASE WHEN product = 'AmazonEC2' THEN 'Hrs' ELSE 'Units' END AS pricing_unit,
  region AS product_region_code,
  instance_type AS product_instance_type,
  map(['product_name'], [product]) AS product,
  resource_tags,
  plan_arn AS savings_plan_savings_plan_a_r_n,
  sp_cost AS savings_plan_savings_plan_effective_cost,
  '' AS savings_plan_offering_type,
  CASE WHEN plan_arn <> '' THEN '2027-01-01T00:00:00.000Z' ELSE '' END AS savings_plan_end_time,
  reservation_arn AS reservation_reservation_a_r_n,
  ri_cost AS reservation_effective_cost,
  CASE WHEN reservation_arn <> '' THEN '2026-06-30T00:00:00.000Z' ELSE '' END AS reservation_end_time,
  strftime(t, '%Y-%m') AS BILLING_PERIOD
FROM (SELECT *, ? + to_hours(CAST(hour_index AS BIGINT)) AS t FROM ({lines}))
"""

FEES_SELECT = """
SELECT 'Anniversary', CAST(date_trunc('month', ?::TIMESTAMP) AS TIMESTAMP),
  CAST(date_trunc('month', ?::TIMESTAMP) + INTERVAL 1 MONTH AS TIMESTAMP), '999988887777', 'payer',
  md5(account_id || product || line_type), '', account_id, account_id, line_type, ?::TIMESTAMP,
  ?::TIMESTAMP + INTERVAL 1 HOUR, product, line_type, '', '', 1.0, 'USD', cost, '', 0.0, '', 'Units',
  region, '', map(['product_name'], [product]), map(CAST([] AS VARCHAR[]), CAST([] AS VARCHAR[])),
  plan_arn, NULL, plan_type, '', '', NULL, '', strftime(?::TIMESTAMP, '%Y-%m')
FROM fees
"""


def write_export(
    root: Path,
    resources: Sequence[Resource],
    *,
    start: datetime,
    hours: int,
    fees: Iterable[Fee] = (),
) -> Path:
    """Write the export under `root` (hourly rows from `start` for `hours` hours); its folder."""
    folder = root / EXPORT / "data"
    folder.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        _load(con, resources, fees, hours)
        stamp = start.replace(tzinfo=None)
        lines = LINES_SQL.replace("?", str(hours))
        con.execute(f"CREATE TABLE cur AS {CUR2_SELECT.format(lines=lines)}", [stamp])
        fee_time = stamp + timedelta(hours=hours - 1)
        con.execute(f"INSERT INTO cur {FEES_SELECT}", [fee_time] * 5)
        con.execute(
            f"COPY cur TO '{folder}' (FORMAT PARQUET, PARTITION_BY (BILLING_PERIOD), OVERWRITE_OR_IGNORE)"
        )
    finally:
        con.close()
    return root / EXPORT


def _load(
    con: duckdb.DuckDBPyConnection, resources: Sequence[Resource], fees: Iterable[Fee], hours: int
) -> None:
    con.execute(RESOURCES_DDL)
    con.execute(CHARGES_DDL)
    con.execute(FEES_DDL)
    con.executemany(
        "INSERT INTO resources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                rid,
                r.account,
                r.account_name,
                r.product,
                r.region,
                r.resource_id,
                r.instance_type,
                r.operation,
                list(r.tags),
                list(r.tags.values()),
                r.peak,
                r.first_hour,
                hours if r.last_hour is None else r.last_hour,
            )
            for rid, r in enumerate(resources)
        ],
    )
    con.executemany(
        "INSERT INTO charges VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                rid,
                c.usage_type,
                c.per_hour,
                c.rate,
                c.line_type,
                c.effective_rate or "0",
                c.plan_arn,
                c.reservation_arn,
            )
            for rid, r in enumerate(resources)
            for c in r.charges
        ],
    )
    rows = [(f.account, f.product, f.line_type, f.cost, f.plan_arn, f.plan_type, f.region) for f in fees]
    if rows:
        con.executemany("INSERT INTO fees VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
