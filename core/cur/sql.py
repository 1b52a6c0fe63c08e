"""The digest's SQL over a CUR 2.0 table, the same text for DuckDB and Athena. Pure.

Hourly rows are aggregated per workload inside the engine: Python only ever sees one row per
workload (and per charge of a workload), never the export's hourly rows. The SQL keeps to what
DuckDB and Athena (Trino) share: CASE, LIKE, split_part, date_diff('hour', ...), count(DISTINCT),
DECIMAL casts. The one difference is reading a key of the `resource_tags` map: Athena's subscript
fails on a missing key, so it uses element_at, whose DuckDB namesake returns a list instead.

A workload is a Lambda function (its ARN); a Fargate service (`aws_ecs_cluster_name` and
`aws_ecs_service_name` tags, the normalised names of the ECS-managed aws:ecs:clusterName and
aws:ecs:serviceName), else the cluster of its tasks (from the task ARN); or a group of EC2
instances of one type, platform and purchase kind that share the tags the digest groups by.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

# Money and usage are summed as exact decimals, never as floats.
DECIMAL = "DECIMAL(38, 12)"
HOURS_PER_WEEK = 168
COMPUTE_PRODUCTS = ("AWSLambda", "AmazonECS", "AmazonEC2")
# What an account pays for a usage line (the effective cost rules); the negation lines
# (SavingsPlanNegation) and fees, credits and taxes are left out, so no discount counts twice.
PAID_LINE_TYPES = ("Usage", "SavingsPlanCoveredUsage", "DiscountedUsage")
# The tags EC2 instances are grouped by, as CUR 2.0 normalises them (aws:autoscaling:groupName,
# and the user tags Name, Service, Environment).
EC2_GROUP_TAGS = ("aws_autoscaling_group_name", "user_name", "user_service", "user_environment")
ECS_CLUSTER_TAG = "aws_ecs_cluster_name"
ECS_SERVICE_TAG = "aws_ecs_service_name"


class Dialect(StrEnum):
    """The engine a query is written for."""

    DUCKDB = "duckdb"
    ATHENA = "athena"


def tag(dialect: Dialect, key: str) -> str:
    """One key of `resource_tags`, NULL when absent, as an expression of `dialect`."""
    if dialect is Dialect.ATHENA:
        return f"element_at(resource_tags, '{key}')"
    return f"resource_tags['{key}']"


def literal(text: str) -> str:
    """`text` as a SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def timestamp(moment: datetime) -> str:
    """A timestamp literal both engines read (UTC, no zone)."""
    return f"TIMESTAMP '{moment:%Y-%m-%d %H:%M:%S}'"


def _in(values: Sequence[str]) -> str:
    return "(" + ", ".join(literal(v) for v in values) + ")"


COMPUTE = f"line_item_product_code IN {_in(COMPUTE_PRODUCTS)}"


def bounds_query(relation: str) -> str:
    """Rows in all, compute rows, and the first and last hour of compute usage."""
    return (
        "SELECT count(*) AS all_rows,\n"
        f"  sum(CASE WHEN {COMPUTE} THEN 1 ELSE 0 END) AS compute_rows,\n"
        f"  min(CASE WHEN {COMPUTE} THEN line_item_usage_start_date END) AS first_hour,\n"
        f"  max(CASE WHEN {COMPUTE} THEN line_item_usage_start_date END) AS last_hour\n"
        f"FROM {relation}"
    )


@dataclass(frozen=True, slots=True)
class Scope:
    """What a query reads: the relation (a table or a Parquet scan) and the window's bounds."""

    relation: str
    dialect: Dialect
    start: datetime
    end: datetime


def _lines(scope: Scope) -> str:
    """One classified row per CUR line of compute usage in the window."""

    def t(key: str) -> str:
        return tag(scope.dialect, key)

    usage = "line_item_usage_type"
    service = (
        "CASE WHEN line_item_product_code = 'AWSLambda' THEN 'lambda' "
        f"WHEN line_item_product_code = 'AmazonECS' AND {usage} LIKE '%Fargate%' THEN 'fargate' "
        f"WHEN line_item_product_code = 'AmazonEC2' AND ({usage} LIKE '%BoxUsage%' "
        f"OR {usage} LIKE '%SpotUsage%' OR {usage} LIKE '%DedicatedUsage%') THEN 'ec2' END"
    )
    measure = (
        f"CASE WHEN line_item_product_code = 'AWSLambda' THEN (CASE WHEN {usage} LIKE '%Provisioned%' "
        f"THEN 'provisioned' WHEN {usage} LIKE '%Lambda-GB-Second%' THEN 'size' "
        f"WHEN {usage} LIKE '%Request%' AND {usage} NOT LIKE '%Edge%' THEN 'units' ELSE 'other' END) "
        f"WHEN line_item_product_code = 'AmazonECS' THEN (CASE WHEN {usage} LIKE '%vCPU-Hours%' "
        f"THEN 'units' WHEN {usage} LIKE '%EphemeralStorage%' THEN 'storage' "
        f"WHEN {usage} LIKE '%GB-Hours%' THEN 'size' ELSE 'other' END) ELSE 'units' END"
    )
    cluster = f"coalesce({t(ECS_CLUSTER_TAG)}, split_part(line_item_resource_id, '/', 2))"
    ec2_key = " || '|' || ".join(
        [
            "coalesce(product_instance_type, '')",
            "coalesce(line_item_operation, '')",
            f"(CASE WHEN {usage} LIKE '%SpotUsage%' THEN 'spot' WHEN {usage} LIKE '%DedicatedUsage%' "
            "THEN 'dedicated' ELSE 'on-demand' END)",
            *(f"coalesce({t(key)}, '')" for key in EC2_GROUP_TAGS),
        ]
    )
    workload = (
        "CASE WHEN line_item_product_code = 'AWSLambda' THEN line_item_resource_id "
        f"WHEN line_item_product_code = 'AmazonECS' THEN (CASE WHEN {t(ECS_SERVICE_TAG)} IS NOT NULL "
        f"THEN 'service/' || {cluster} || '/' || {t(ECS_SERVICE_TAG)} ELSE 'cluster/' || {cluster} END) "
        f"ELSE {ec2_key} END"
    )
    paid = (
        "CASE line_item_line_item_type WHEN 'Usage' THEN line_item_unblended_cost "
        "WHEN 'SavingsPlanCoveredUsage' THEN savings_plan_savings_plan_effective_cost "
        "WHEN 'DiscountedUsage' THEN reservation_effective_cost END"
    )
    tags = ",\n    ".join(f"{t(key)} AS {key}" for key in (ECS_CLUSTER_TAG, ECS_SERVICE_TAG, *EC2_GROUP_TAGS))
    return (
        "SELECT line_item_usage_account_id AS account_id,\n"
        "    line_item_usage_account_name AS account_name,\n"
        "    product_region_code AS region,\n"
        f"    {service} AS service,\n"
        f"    {measure} AS measure,\n"
        f"    {workload} AS workload,\n"
        f"    {cluster} AS task_cluster,\n"
        f"    {tags},\n"
        "    product_instance_type AS instance_type,\n"
        "    line_item_operation AS operation,\n"
        f"    {usage} AS usage_type,\n"
        f"    CASE WHEN {usage} LIKE '%ARM%' THEN 1 ELSE 0 END AS arm,\n"
        "    line_item_line_item_type AS line_type,\n"
        "    line_item_resource_id AS resource_id,\n"
        f"    date_diff('hour', {timestamp(scope.start)}, line_item_usage_start_date) AS hour_index,\n"
        f"    CAST(line_item_usage_amount AS {DECIMAL}) AS amount,\n"
        f"    CAST({paid} AS {DECIMAL}) AS paid,\n"
        f"    CAST(pricing_public_on_demand_cost AS {DECIMAL}) AS listed,\n"
        "    pricing_public_on_demand_rate AS public_rate,\n"
        "    coalesce(savings_plan_savings_plan_a_r_n, '') AS plan_arn,\n"
        "    coalesce(savings_plan_offering_type, '') AS plan_type,\n"
        "    coalesce(savings_plan_end_time, '') AS plan_end,\n"
        "    coalesce(reservation_reservation_a_r_n, '') AS reservation_arn,\n"
        "    coalesce(reservation_end_time, '') AS reservation_end\n"
        f"  FROM {scope.relation}\n"
        f"  WHERE {COMPUTE}\n"
        f"    AND line_item_line_item_type IN {_in(PAID_LINE_TYPES)}\n"
        f"    AND line_item_usage_start_date >= {timestamp(scope.start)}\n"
        f"    AND line_item_usage_start_date < {timestamp(scope.end)}"
    )


_KEYS = "account_id, region, service, workload"
_LABELS = (
    "max(account_name) AS account_name, max(task_cluster) AS task_cluster, "
    f"max({ECS_SERVICE_TAG}) AS ecs_service, max(instance_type) AS instance_type, "
    "max(operation) AS operation, max(usage_type) AS usage_type, max(arm) AS arm, "
    + ", ".join(f"max({key}) AS {key}" for key in EC2_GROUP_TAGS)
)


def _hourly(scope: Scope, only: Sequence[str] | None = None) -> str:
    """Per workload and hour: its units (requests, vCPU-hours, instance-hours), its size
    (GB-seconds or GB-hours) and how many resources (tasks, instances) ran."""
    chosen = f" AND workload IN {_in(only)}" if only is not None else ""
    return (
        f"WITH lines AS (\n  {_lines(scope)}\n),\n"
        "hourly AS (\n"
        f"  SELECT {_KEYS}, hour_index, {_LABELS},\n"
        "    sum(CASE WHEN measure = 'units' THEN amount ELSE 0 END) AS units,\n"
        "    sum(CASE WHEN measure = 'size' THEN amount ELSE 0 END) AS size,\n"
        "    sum(CASE WHEN measure = 'storage' THEN amount ELSE 0 END) AS storage,\n"
        "    count(DISTINCT CASE WHEN measure = 'units' THEN resource_id END) AS members\n"
        f"  FROM lines WHERE service IS NOT NULL{chosen}\n"
        f"  GROUP BY {_KEYS}, hour_index\n"
        ")\n"
    )


def workloads_query(scope: Scope) -> str:
    """One row per workload: its totals, busiest hour, and the size of one task or function call."""
    return _hourly(scope) + (
        f"SELECT {_KEYS}, max(account_name), max(task_cluster), max(ecs_service), max(instance_type),\n"
        "  max(operation), max(usage_type), max(arm),\n"
        f"  {', '.join(f'max({key})' for key in EC2_GROUP_TAGS)},\n"
        "  sum(units), sum(size), sum(storage), max(units), max(members),\n"
        "  sum(CASE WHEN units > 0 THEN 1 ELSE 0 END),\n"
        "  max(CASE WHEN members > 0 THEN units / members END),\n"
        "  max(CASE WHEN members > 0 THEN size / members END),\n"
        "  max(CASE WHEN members > 0 THEN storage / members END)\n"
        f"FROM hourly GROUP BY {_KEYS}\nORDER BY {_KEYS}"
    )


def charges_query(scope: Scope) -> str:
    """One row per workload and kind of charge: what it used, paid, and would pay at list price,
    by line type, public rate and the commitment that covered it."""
    keys = f"{_KEYS}, measure, line_type, usage_type, public_rate, plan_arn, plan_type, reservation_arn"
    return (
        f"WITH lines AS (\n  {_lines(scope)}\n)\n"
        f"SELECT {keys},\n"
        "  sum(amount), sum(paid), sum(listed), max(plan_end), max(reservation_end)\n"
        f"FROM lines WHERE service IS NOT NULL AND measure <> 'other'\n"
        f"GROUP BY {keys}\nORDER BY {keys}"
    )


def shapes_query(scope: Scope, workloads: Sequence[str]) -> str:
    """The units of each of `workloads` by hour of the week (0 is the window's first hour)."""
    return _hourly(scope, workloads) + (
        f"SELECT workload, hour_index % {HOURS_PER_WEEK}, sum(units)\nFROM hourly GROUP BY 1, 2 ORDER BY 1, 2"
    )


def members_query(scope: Scope, workloads: Sequence[str]) -> str:
    """The resources (instance ids) of each of `workloads`."""
    return (
        f"WITH lines AS (\n  {_lines(scope)}\n)\n"
        f"SELECT DISTINCT workload, resource_id FROM lines WHERE workload IN {_in(workloads)}\n"
        "ORDER BY 1, 2"
    )


def plans_query(relation: str) -> str:
    """Each Savings Plan's type (Compute or EC2 Instance), from any line that names it."""
    return (
        "SELECT DISTINCT savings_plan_savings_plan_a_r_n, savings_plan_offering_type\n"
        f"FROM {relation}\n"
        "WHERE coalesce(savings_plan_offering_type, '') <> '' "
        "AND coalesce(savings_plan_savings_plan_a_r_n, '') <> ''"
    )
