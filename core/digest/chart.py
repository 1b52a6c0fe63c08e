"""What the digest's spend chart shows, by compute service: today at list price, after the notes,
and Cost Explorer's last week as a month. Pure data; `bot.digest.chart` draws it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.digest.model import Digest
from core.services import Service


@dataclass(frozen=True, slots=True)
class SpendChart:
    """Monthly USD by service; `cost_explorer` is None when Cost Explorer was not read."""

    title: str
    services: tuple[str, ...]
    today: tuple[Decimal, ...]
    after_notes: tuple[Decimal, ...]
    cost_explorer: tuple[Decimal, ...] | None


def spend_chart(digest: Digest) -> SpendChart | None:
    """The chart's data, or None when nothing was checked or billed."""
    today = {
        s: sum((r.list_monthly_usd for r in digest.spend if r.service == s), Decimal(0)) for s in Service
    }
    after = dict(today)
    for note in digest.notes:
        after[Service(note.service)] -= note.current_monthly_usd
        after[Service(note.best_service)] += note.best_monthly_usd
    billed = [r for r in digest.spend if r.cost_explorer_monthly_usd is not None]
    explorer = {
        s: sum((r.cost_explorer_monthly_usd or Decimal(0) for r in billed if r.service == s), Decimal(0))
        for s in Service
    }
    if not any(today.values()) and not any(explorer.values()):
        return None
    return SpendChart(
        title=f"Compute spend by service, {digest.week} (USD a month)",
        services=tuple(Service),
        today=tuple(today[s] for s in Service),
        after_notes=tuple(after[s] for s in Service),
        cost_explorer=tuple(explorer[s] for s in Service) if billed else None,
    )
