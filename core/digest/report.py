"""The digest as plain data for JSON output and storage. Decimals stay Decimals.

The first keys are the documented shape: `{"period", "notes": [{"resource", "region", "service",
"current_monthly_usd", "best_service", "best_monthly_usd", "monthly_savings_usd", "confidence",
"why"}], "checked", "insufficient_data", "errors"}`; more keys follow them.
"""

from __future__ import annotations

from core.digest.model import Digest, Note, ServiceSpend, WeekOverWeek
from core.observed import InsufficientData
from core.report import line_item_dict, workload_dict
from core.usage import ReadError


def digest_dict(digest: Digest) -> dict[str, object]:
    """The whole digest, documented keys first."""
    return {
        "period": {
            "start": digest.window_start.isoformat(),
            "end": digest.window_end.isoformat(),
            "days": digest.lookback_days,
            "period_s": digest.period_s,
            "week": digest.week,
        },
        "notes": [note_dict(note) for note in digest.notes],
        "checked": digest.checked,
        "insufficient_data": [insufficient_dict(item) for item in digest.insufficient],
        "errors": [error_dict(error) for error in digest.errors],
        "totals": {
            "current_monthly_usd": digest.current_monthly_usd,
            "monthly_savings_usd": digest.monthly_savings_usd,
            "notes": len(digest.notes),
            "insufficient_data": len(digest.insufficient),
        },
        "spend": [spend_dict(row) for row in digest.spend],
        "week_over_week": week_dict(digest.week_over_week),
        "thresholds": {
            "min_savings_pct": digest.thresholds.min_savings_pct,
            "min_savings_usd": digest.thresholds.min_savings_usd,
        },
        "accounts": list(digest.accounts),
        "regions": list(digest.regions),
        "prices_as_of": digest.prices_as_of,
        "assumptions": list(digest.assumptions),
    }


def note_dict(note: Note) -> dict[str, object]:
    """One note: the documented keys, then its name, account, caveats and line items."""
    return {
        "resource": note.resource,
        "region": note.region,
        "service": note.service,
        "current_monthly_usd": note.current_monthly_usd,
        "best_service": note.best_service,
        "best_monthly_usd": note.best_monthly_usd,
        "monthly_savings_usd": note.monthly_savings_usd,
        "confidence": note.confidence.value,
        "why": note.why,
        "name": note.name,
        "account": note.account,
        "savings_pct": note.savings_pct,
        "confidence_reasons": list(note.confidence_reasons),
        "caveats": list(note.caveats),
        "assumptions": list(note.assumptions),
        "current_line_items": [line_item_dict(item) for item in note.current_line_items],
        "best_line_items": [line_item_dict(item) for item in note.best_line_items],
        "workload": workload_dict(note.workload),
    }


def insufficient_dict(item: InsufficientData) -> dict[str, object]:
    """A resource without enough data, and why."""
    resource = item.resource
    return {
        "resource": resource.label,
        "region": resource.region,
        "service": resource.service,
        "name": resource.name,
        "account": resource.account,
        "reasons": list(item.reasons),
    }


def error_dict(error: ReadError) -> dict[str, object]:
    """A call that failed, as the reader reported it (no secrets)."""
    return {
        "region": error.region,
        "account": error.account,
        "service": error.service,
        "operation": error.operation,
        "error_code": error.error_code,
        "message": error.message,
    }


def spend_dict(row: ServiceSpend) -> dict[str, object]:
    """One account's spend on one service, both ways, and the difference."""
    return {
        "account": row.account,
        "service": row.service,
        "list_monthly_usd": row.list_monthly_usd,
        "cost_explorer_weekly_usd": row.cost_explorer_weekly_usd,
        "cost_explorer_monthly_usd": row.cost_explorer_monthly_usd,
        "difference_usd": row.difference_usd,
    }


def week_dict(change: WeekOverWeek | None) -> dict[str, object] | None:
    """The week-over-week change, or None for a first digest."""
    if change is None:
        return None
    return {
        "previous_week": change.previous_week,
        "current_monthly_change_usd": change.current_monthly_change_usd,
        "savings_change_usd": change.savings_change_usd,
        "checked_change": change.checked_change,
        "new_notes": list(change.new_notes),
        "gone_notes": list(change.gone_notes),
    }
