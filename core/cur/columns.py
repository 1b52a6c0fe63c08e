"""The CUR 2.0 columns the digest reads, and how an export that isn't one is told apart. Pure.

Names and types are those of AWS's CUR 2.0 table dictionary (Data Exports). A legacy Cost and
Usage Report looks similar but has no `resource_tags` map (tags are `resource_tags_user_*`
columns), no `line_item_usage_account_name`, and its CSV form names columns `lineItem/...`.
"""

from __future__ import annotations

from collections.abc import Iterable

from core.errors import AdvisorError

# Every column the queries read, with its CUR 2.0 type.
REQUIRED_COLUMNS: dict[str, str] = {
    "bill_billing_period_start_date": "timestamp",
    "line_item_usage_account_id": "string",
    "line_item_usage_account_name": "string",
    "line_item_line_item_type": "string",
    "line_item_product_code": "string",
    "line_item_usage_type": "string",
    "line_item_operation": "string",
    "line_item_resource_id": "string",
    "line_item_usage_start_date": "timestamp",
    "line_item_usage_amount": "double",
    "line_item_unblended_cost": "double",
    "pricing_public_on_demand_cost": "double",
    "pricing_public_on_demand_rate": "string",
    "product_region_code": "string",
    "product_instance_type": "string",
    "reservation_effective_cost": "double",
    "reservation_end_time": "string",
    "reservation_reservation_a_r_n": "string",
    "resource_tags": "map<string, string>",
    "savings_plan_end_time": "string",
    "savings_plan_offering_type": "string",
    "savings_plan_savings_plan_a_r_n": "string",
    "savings_plan_savings_plan_effective_cost": "double",
}
CUR2_TABLE_DICTIONARY = "https://docs.aws.amazon.com/cur/latest/userguide/table-dictionary-cur2.html"


class CurExportError(AdvisorError):
    """The export can't be read as CUR 2.0: says what was found and what is needed."""

    def __init__(self, uri: str, problem: str) -> None:
        super().__init__(f"--cur: {uri}: {problem}")


def is_legacy(columns: Iterable[str]) -> bool:
    """Whether the columns are a legacy CUR's rather than CUR 2.0's."""
    names = set(columns)
    if any("/" in name for name in names):  # the legacy CSV form: lineItem/UsageAccountId
        return True
    legacy_tags = any(name.startswith("resource_tags_") for name in names)
    return "resource_tags" not in names and (legacy_tags or "line_item_usage_account_id" in names)


def check_columns(uri: str, columns: Iterable[str]) -> None:
    """Raise CurExportError if `columns` are a legacy CUR's or lack any the digest reads."""
    names = list(columns)
    if is_legacy(names):
        raise CurExportError(
            uri,
            "a legacy Cost and Usage Report, not CUR 2.0 (no resource_tags map); create a CUR 2.0 "
            "export in AWS Data Exports (see the README)",
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if missing:
        shown = ", ".join(missing[:6]) + (f" and {len(missing) - 6} more" if len(missing) > 6 else "")
        raise CurExportError(uri, f"missing CUR 2.0 columns: {shown}; see {CUR2_TABLE_DICTIONARY}")
