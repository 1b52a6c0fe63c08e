"""The weekly digest: every workload in a usage report costed where it runs and where it could. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from decimal import Decimal

from core.digest.model import Digest, Note, PreviousDigest, Thresholds
from core.digest.notes import Costed, cost_workload, note_for
from core.digest.spend import service_spend
from core.digest.weekly import week_over_week
from core.observed import observe
from core.prices.catalog import PriceCatalog
from core.units import plain
from core.usage import UsageReport


def build_digest(
    report: UsageReport,
    catalog: PriceCatalog,
    thresholds: Thresholds,
    *,
    week: str,
    previous: PreviousDigest | None = None,
) -> Digest:
    """The digest of `report` for ISO week `week`, with the change since `previous` if given."""
    observation = observe(report, catalog)
    costed = [cost_workload(observed, catalog) for observed in observation.workloads]
    digest = Digest(
        week=week,
        window_start=report.window.start,
        window_end=report.window.end,
        period_s=report.window.period_s,
        accounts=tuple(account.account for account in report.accounts),
        regions=tuple(dict.fromkeys(r for account in report.accounts for r in account.regions)),
        notes=sorted_notes(note for c in costed if (note := note_for(c, thresholds)) is not None),
        checked=len(costed),
        insufficient=observation.insufficient,
        errors=report.errors,
        spend=service_spend(report, costed),
        thresholds=thresholds,
        current_monthly_usd=sum((c.current.monthly_usd for c in costed), Decimal(0)),
        week_over_week=None,
        prices_as_of=_prices_as_of(costed),
        assumptions=digest_assumptions(report, thresholds),
    )
    if previous is None:
        return digest
    return replace(digest, week_over_week=week_over_week(digest, previous))


def sorted_notes(notes: Iterable[Note]) -> tuple[Note, ...]:
    """Notes by monthly savings, largest first; ties by resource, so the order is stable."""
    return tuple(sorted(notes, key=lambda n: (-n.monthly_savings_usd, n.resource)))


def _prices_as_of(costed: Sequence[Costed]) -> str:
    dates = [c.current.prices_as_of for c in costed if c.current.prices_as_of]
    dates += [
        o.estimate.prices_as_of for c in costed for o in c.options if o.estimate and o.estimate.prices_as_of
    ]
    return min(dates, default="")


def digest_assumptions(report: UsageReport, thresholds: Thresholds) -> tuple[str, ...]:
    """What every figure of the digest rests on."""
    days = (report.window.end - report.window.start).days
    return (
        "AWS list prices in USD from the bundled snapshot: no Savings Plans, Reserved Instances, "
        "Spot or free tier",
        f"usage seen over {days} days, scaled to a 730-hour month",
        "Cost Explorer's figure is last full week's unblended cost, x 730 / 168 for a month",
        f"a note needs savings of at least {plain(thresholds.min_savings_pct)}% and "
        f"${plain(thresholds.min_savings_usd)} a month",
    )
