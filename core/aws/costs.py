"""Last week's spend by AWS service, from Cost Explorer.

Each GetCostAndUsage request is billed ($0.01), so the week is asked for in one MONTHLY request:
a Monday-to-Sunday week spans at most two months, hence at most two result periods, which fits
one page. Cost Explorer is global and answers in us-east-1. A member account sees its own spend;
a management account sees its organisation's.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from core.constants import DAYS_PER_WEEK
from core.usage import CostExplorerSpend

COST_EXPLORER_REGION = "us-east-1"
COST_METRIC = "UnblendedCost"


def last_full_week(now: datetime) -> tuple[date, date]:
    """The last whole ISO week (Monday to Sunday) before `now`: start inclusive, end exclusive."""
    this_monday = now.date() - timedelta(days=now.date().weekday())
    return this_monday - timedelta(days=DAYS_PER_WEEK), this_monday


def read_spend(client: Any, now: datetime, account: str | None) -> CostExplorerSpend:
    """Unblended spend by service over the last full week before `now`."""
    start, end = last_full_week(now)
    request: dict[str, Any] = {
        "TimePeriod": {"Start": start.isoformat(), "End": end.isoformat()},
        "Granularity": "MONTHLY",
        "Metrics": [COST_METRIC],
        "GroupBy": [{"Type": "DIMENSION", "Key": "SERVICE"}],
    }
    page = client.get_cost_and_usage(**request)
    periods: list[dict[str, Any]] = list(page.get("ResultsByTime", []))
    while page.get("NextPageToken"):
        page = client.get_cost_and_usage(**request, NextPageToken=page["NextPageToken"])
        periods += page.get("ResultsByTime", [])
    return spend_from_periods(periods, start, end, account)


def spend_from_periods(
    periods: list[dict[str, Any]], start: date, end: date, account: str | None
) -> CostExplorerSpend:
    """Per-service totals over Cost Explorer's ResultsByTime entries."""
    totals: defaultdict[str, Decimal] = defaultdict(Decimal)
    for period in periods:
        for group in period.get("Groups", []):
            amount = group.get("Metrics", {}).get(COST_METRIC, {}).get("Amount")
            if amount is not None:
                totals[str(group["Keys"][0])] += Decimal(str(amount))
    return CostExplorerSpend(
        account=account,
        start=start,
        end=end,
        by_service_usd=tuple(sorted(totals.items())),
        estimated=any(bool(period.get("Estimated")) for period in periods),
    )
