"""The digest's window in an export: its last whole days of compute usage. Pure.

Exports lag the bill by a day or more and the newest day is usually partial, so the window ends
at the last midnight after which a whole day is missing, not at the newest row.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.cur.columns import CurExportError
from core.cur.model import CurWindow

WINDOW_DAYS = 14
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def _midnight(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def cur_window(
    uri: str, first_hour: datetime | None, last_hour: datetime | None, days: int = WINDOW_DAYS
) -> CurWindow:
    """The last `days` whole days between the first and last hour of compute usage (fewer if
    the export holds fewer); CurExportError when it holds no whole day."""
    if first_hour is None or last_hour is None:
        raise CurExportError(uri, "no Lambda, Fargate or EC2 usage rows: nothing to digest")
    first, last = first_hour.replace(tzinfo=UTC), last_hour.replace(tzinfo=UTC)
    end = _midnight(last + HOUR)  # the hour after the last one: a whole day ends at midnight
    start = max(end - days * DAY, _midnight(first) + (DAY if first != _midnight(first) else timedelta(0)))
    if end <= start:
        raise CurExportError(
            uri, f"compute usage from {first:%Y-%m-%d %H:%M} to {last:%Y-%m-%d %H:%M} UTC holds no whole day"
        )
    return CurWindow(start, end)
