"""Week over week: this digest against the summary the previous one stored."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from core.digest.model import Digest, PreviousDigest, WeekOverWeek


def previous_from_dict(data: Mapping[str, object]) -> PreviousDigest | None:
    """The previous digest from the JSON dict `digest_dict` wrote; None if it isn't one."""
    try:
        period, totals, notes = _mapping(data["period"]), _mapping(data["totals"]), data["notes"]
        if not isinstance(notes, list):
            raise TypeError("notes is not a list")
        return PreviousDigest(
            week=str(period["week"]),
            current_monthly_usd=_decimal(totals["current_monthly_usd"]),
            monthly_savings_usd=_decimal(totals["monthly_savings_usd"]),
            checked=int(str(data["checked"])),
            savings_by_resource={
                str(_mapping(note)["resource"]): _decimal(_mapping(note)["monthly_savings_usd"])
                for note in notes
            },
        )
    except (KeyError, TypeError, ValueError, InvalidOperation):
        return None


def _mapping(value: object) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise TypeError(f"not an object: {value!r}")
    return value


def _decimal(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise TypeError(f"not a number: {value!r}")
    number = Decimal(str(value))
    if not number.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return number


def week_over_week(digest: Digest, previous: PreviousDigest) -> WeekOverWeek:
    """What changed since `previous`: totals, workloads checked, notes that came and went."""
    now = {note.resource for note in digest.notes}
    before = set(previous.savings_by_resource)
    return WeekOverWeek(
        previous_week=previous.week,
        current_monthly_change_usd=digest.current_monthly_usd - previous.current_monthly_usd,
        savings_change_usd=digest.monthly_savings_usd - previous.monthly_savings_usd,
        checked_change=digest.checked - previous.checked,
        new_notes=tuple(note.resource for note in digest.notes if note.resource not in before),
        gone_notes=tuple(sorted(before - now)),
    )
