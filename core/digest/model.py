"""The values a digest is made of: notes, spend by service, the week-over-week change."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from core.costs.estimate import LineItem
from core.observed import Confidence, InsufficientData
from core.usage import ReadError
from core.workload import Workload

CLOUDWATCH_SOURCE = "CloudWatch and the service APIs, account by account"  # a digest read account by account


@dataclass(frozen=True, slots=True)
class Thresholds:
    """A note needs savings of at least `min_savings_pct` percent AND `min_savings_usd` a month."""

    min_savings_pct: Decimal
    min_savings_usd: Decimal

    def passed(self, current_usd: Decimal, savings_usd: Decimal) -> bool:
        """Whether savings on a bill of `current_usd` pass both thresholds."""
        if current_usd <= 0 or savings_usd <= 0:
            return False
        return savings_usd >= self.min_savings_usd and savings_usd * 100 >= self.min_savings_pct * current_usd


@dataclass(frozen=True, slots=True)
class Note:
    """A workload that would cost less on another service, by at least both thresholds."""

    resource: str  # the ARN, or the name of a resource that has none
    name: str
    account: str | None
    region: str
    service: str
    current_monthly_usd: Decimal
    best_service: str
    best_monthly_usd: Decimal
    monthly_savings_usd: Decimal
    confidence: Confidence
    why: str
    confidence_reasons: tuple[str, ...]
    caveats: tuple[str, ...]
    assumptions: tuple[str, ...]
    current_line_items: tuple[LineItem, ...]
    best_line_items: tuple[LineItem, ...]
    workload: Workload
    # From a CUR export: today's list price, the commitments that cover it, its usage by hour of
    # the week (168 factors, mean 1). None and () for the CloudWatch reader's notes.
    list_monthly_usd: Decimal | None = None
    commitments: tuple[str, ...] = ()
    hourly_shape: tuple[Decimal, ...] | None = None

    @property
    def savings_pct(self) -> Decimal:
        """Savings as a percentage of today's bill, to one place."""
        return (self.monthly_savings_usd * 100 / self.current_monthly_usd).quantize(Decimal("0.1"))


@dataclass(frozen=True, slots=True)
class ServiceSpend:
    """One account's spend on one compute service: list price of what was checked, and Cost Explorer's.

    Cost Explorer's figure is last full week's, scaled to a 730-hour month (x 730 / 168).
    """

    account: str | None
    service: str
    list_monthly_usd: Decimal
    cost_explorer_weekly_usd: Decimal | None
    cost_explorer_monthly_usd: Decimal | None
    paid_monthly_usd: Decimal | None = None  # from a CUR export: what the account pays

    @property
    def difference_usd(self) -> Decimal | None:
        """List price minus Cost Explorer's monthly figure; None without Cost Explorer."""
        if self.cost_explorer_monthly_usd is None:
            return None
        return self.list_monthly_usd - self.cost_explorer_monthly_usd


@dataclass(frozen=True, slots=True)
class PreviousDigest:
    """What last week's digest said, as far as week-over-week needs it."""

    week: str
    current_monthly_usd: Decimal
    monthly_savings_usd: Decimal
    checked: int
    savings_by_resource: Mapping[str, Decimal]


@dataclass(frozen=True, slots=True)
class WeekOverWeek:
    """How this week's digest differs from the previous one."""

    previous_week: str
    current_monthly_change_usd: Decimal
    savings_change_usd: Decimal
    checked_change: int
    new_notes: tuple[str, ...]  # resources noted this week and not last week
    gone_notes: tuple[str, ...]  # resources noted last week and not this week


@dataclass(frozen=True, slots=True)
class Digest:
    """One week's digest over one or more accounts."""

    week: str  # ISO week, 2024-W20
    window_start: datetime
    window_end: datetime
    period_s: int
    accounts: tuple[str | None, ...]
    regions: tuple[str, ...]
    notes: tuple[Note, ...]
    checked: int
    insufficient: tuple[InsufficientData, ...]
    errors: tuple[ReadError, ...]
    spend: tuple[ServiceSpend, ...]
    thresholds: Thresholds
    current_monthly_usd: Decimal  # list price of every workload checked
    week_over_week: WeekOverWeek | None
    prices_as_of: str
    assumptions: tuple[str, ...]
    source: str = CLOUDWATCH_SOURCE
    # How the source was read, where it matters to a reader of the summary (a CUR digest: what
    # today's figure is, and how many candidates CloudWatch was read for).
    source_notes: tuple[str, ...] = ()
    paid_today: bool = False  # today's figures are what the account pays (a CUR digest), not list prices
    account_names: tuple[tuple[str, str], ...] = ()  # account id -> name, where known

    @property
    def account_labels(self) -> tuple[str, ...]:
        """Each account as `name (id)`, or its id alone when its name is unknown."""
        names = dict(self.account_names)
        return tuple(
            f"{names[a]} ({a})" if a in names and names[a] != a else (a or "unknown account")
            for a in self.accounts
        )

    @property
    def monthly_savings_usd(self) -> Decimal:
        """What all the notes would save together."""
        return sum((note.monthly_savings_usd for note in self.notes), Decimal(0))

    @property
    def errors_by_region(self) -> dict[str, tuple[ReadError, ...]]:
        """The read errors grouped by region, regions in order of first error."""
        grouped: dict[str, list[ReadError]] = {}
        for error in self.errors:
            grouped.setdefault(error.region, []).append(error)
        return {region: tuple(errors) for region, errors in grouped.items()}

    @property
    def lookback_days(self) -> int:
        """The window's length in whole days."""
        return (self.window_end - self.window_start).days
