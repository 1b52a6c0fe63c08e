"""Spend by compute service: the list price of what was checked against Cost Explorer's bill.

The two differ for reasons the digest can't see one by one: discounts (Savings Plans, Reserved
Instances, the free tier), resources it did not read (other regions, EBS, data transfer, stopped
work), and usage that changed between Cost Explorer's week and the metrics window.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from core.constants import HOURS_PER_MONTH, HOURS_PER_WEEK
from core.digest.model import ServiceSpend
from core.digest.notes import Costed
from core.money import cents
from core.services import Service
from core.usage import AccountUsage, UsageReport

# Cost Explorer's SERVICE dimension values for each compute service.
COST_EXPLORER_SERVICES = {
    "lambda": "AWS Lambda",
    "fargate": "Amazon Elastic Container Service",
    "ec2": "Amazon Elastic Compute Cloud - Compute",
}


def weekly_to_monthly(weekly_usd: Decimal) -> Decimal:
    """A week's spend as a 730-hour month, to the cent."""
    return cents(weekly_usd * HOURS_PER_MONTH / HOURS_PER_WEEK)


def service_spend(report: UsageReport, costed: Sequence[Costed]) -> tuple[ServiceSpend, ...]:
    """Each account's spend on Lambda, Fargate and EC2, where either figure exists."""
    rows = []
    for account in report.accounts:
        for service in Service:
            row = _row(account, service, costed)
            if row.list_monthly_usd or row.cost_explorer_weekly_usd:
                rows.append(row)
    return tuple(rows)


def _row(account: AccountUsage, service: str, costed: Sequence[Costed]) -> ServiceSpend:
    listed = sum(
        (
            c.current.monthly_usd
            for c in costed
            if c.observed.resource.account == account.account and c.observed.resource.service == service
        ),
        Decimal(0),
    )
    weekly = None
    if account.spend is not None:
        weekly = account.spend.usd(COST_EXPLORER_SERVICES[service]) or Decimal(0)
    monthly = weekly_to_monthly(weekly) if weekly is not None else None
    return ServiceSpend(account.account, service, listed, weekly, monthly)
