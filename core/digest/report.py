"""The digest as plain data for JSON output and storage. Decimals stay Decimals.

The first keys are the documented shape: `{"period", "notes": [{"resource", "region", "service",
"current_monthly_usd", "best_service", "best_monthly_usd", "monthly_savings_usd", "confidence",
"why"}], "checked", "insufficient_data", "errors"}`; more keys follow them.
"""

from __future__ import annotations

from core.digest.model import Digest, Note, ServiceSpend, WeekOverWeek
from core.observed import InsufficientData
from core.report import attrs_dict, line_item_dict, workload_dict
from core.usage import ReadError

# A note's documented keys, in their documented order.
NOTE_KEYS = (
    "resource",
    "region",
    "service",
    "current_monthly_usd",
    "best_service",
    "best_monthly_usd",
    "monthly_savings_usd",
    "confidence",
    "why",
)


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
        "thresholds": attrs_dict(digest.thresholds, ("min_savings_pct", "min_savings_usd")),
        **attrs_dict(
            digest, ("accounts", "regions", "prices_as_of", "assumptions", "source", "source_notes")
        ),
        "account_names": dict(digest.account_names),
    }


def note_dict(note: Note) -> dict[str, object]:
    """One note: the documented keys, then its name, account, caveats and line items."""
    return {
        **attrs_dict(note, NOTE_KEYS),
        **attrs_dict(
            note,
            (
                "name",
                "account",
                "savings_pct",
                "confidence_reasons",
                "caveats",
                "assumptions",
                "list_monthly_usd",
                "commitments",
                "hourly_shape",
            ),
        ),
        "current_line_items": [line_item_dict(item) for item in note.current_line_items],
        "best_line_items": [line_item_dict(item) for item in note.best_line_items],
        "workload": workload_dict(note.workload),
    }


def insufficient_dict(item: InsufficientData) -> dict[str, object]:
    """A resource without enough data, and why."""
    return {
        "resource": item.resource.label,
        **attrs_dict(item.resource, ("region", "service", "name", "account")),
        "reasons": list(item.reasons),
    }


def error_dict(error: ReadError) -> dict[str, object]:
    """A call that failed, as the reader reported it (no secrets)."""
    return attrs_dict(error, ("region", "account", "service", "operation", "error_code", "message"))


def spend_dict(row: ServiceSpend) -> dict[str, object]:
    """One account's spend on one service, both ways, and the difference."""
    return attrs_dict(
        row,
        (
            "account",
            "service",
            "list_monthly_usd",
            "cost_explorer_weekly_usd",
            "cost_explorer_monthly_usd",
            "difference_usd",
            "paid_monthly_usd",
        ),
    )


def week_dict(change: WeekOverWeek | None) -> dict[str, object] | None:
    """The week-over-week change, or None for a first digest."""
    if change is None:
        return None
    return attrs_dict(
        change,
        (
            "previous_week",
            "current_monthly_change_usd",
            "savings_change_usd",
            "checked_change",
            "new_notes",
            "gone_notes",
        ),
    )
