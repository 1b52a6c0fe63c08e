"""The engines' result rows (DuckDB's Python values, or Athena's strings) as typed rows. Pure.

Both engines answer the same queries; DuckDB hands back Decimals and ints, Athena every value as
text. Everything goes through `Decimal(str(value))`, so both give the same rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from core.cur.model import ChargeRow, WorkloadRow
from core.cur.sql import EC2_GROUP_TAGS

Row = Sequence[object]


USAGE_STEP = Decimal("0.000001")  # usage amounts are doubles in the CUR: below this is float noise


def number(value: object) -> Decimal:
    """A numeric cell as a Decimal; NULL as 0."""
    return Decimal(0) if value is None or value == "" else Decimal(str(value))


def usage_amount(value: object) -> Decimal:
    """A summed usage amount, without the float noise of the CUR's doubles."""
    return number(value).quantize(USAGE_STEP)


def optional_number(value: object) -> Decimal | None:
    """A numeric cell as a Decimal, or None when NULL."""
    return None if value is None or value == "" else Decimal(str(value))


def text(value: object) -> str | None:
    """A text cell; NULL and the empty string as None."""
    return None if value is None or value == "" else str(value)


def moment(value: object) -> datetime | None:
    """A timestamp cell (a datetime from DuckDB, `2024-05-01 00:00:00.000` from Athena)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value).replace(" UTC", ""))


def workload_row(row: Row) -> WorkloadRow:
    """One row of `workloads_query`."""
    account, region, service, workload, name, cluster, ecs, itype, op, usage, arm = row[:11]
    tag_values = row[11 : 11 + len(EC2_GROUP_TAGS)]
    rest = row[11 + len(EC2_GROUP_TAGS) :]
    return WorkloadRow(
        account=str(account),
        region=str(region),
        service=str(service),
        workload=str(workload),
        account_name=text(name),
        task_cluster=text(cluster),
        ecs_service=text(ecs),
        instance_type=text(itype),
        operation=text(op),
        usage_type=text(usage),
        arm=number(arm) > 0,
        tags=tuple((k, str(v)) for k, v in zip(EC2_GROUP_TAGS, tag_values, strict=True) if text(v)),
        units=usage_amount(rest[0]),
        size=usage_amount(rest[1]),
        storage=usage_amount(rest[2]),
        peak_units=usage_amount(rest[3]),
        peak_members=int(number(rest[4])),
        active_hours=int(number(rest[5])),
        units_per_member=optional_number(rest[6]),
        size_per_member=optional_number(rest[7]),
        storage_per_member=optional_number(rest[8]),
    )


def charge_row(row: Row) -> ChargeRow:
    """One row of `charges_query`."""
    account, region, service, workload, measure, line_type, usage, rate, plan, plan_type, ri = row[:11]
    amount, paid, listed, plan_end, ri_end = row[11:16]
    return ChargeRow(
        account=str(account),
        region=str(region),
        service=str(service),
        workload=str(workload),
        measure=str(measure),
        line_type=str(line_type),
        usage_type=str(usage),
        public_rate=optional_number(rate),
        plan_arn=str(plan or ""),
        plan_type=str(plan_type or ""),
        reservation_arn=str(ri or ""),
        amount=usage_amount(amount),
        paid=number(paid),
        listed=number(listed),
        plan_end=str(plan_end or ""),
        reservation_end=str(ri_end or ""),
    )
