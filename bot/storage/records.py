"""What the store hands out: frozen values, never ORM rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class ThreadKey:
    """A Slack thread: the thread's ts, or the message's own ts when it starts one."""

    team_id: str
    channel_id: str
    thread_ts: str


@dataclass(frozen=True, slots=True)
class ThreadRecord:
    """The workload last discussed in a thread and the bot's answer there."""

    key: ThreadKey
    workload_json: str
    answer_ts: str | None
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class DigestRecord:
    """One channel's digest for one ISO week; `posted_at` is None while only claimed."""

    channel_id: str
    iso_year: int
    iso_week: int
    claimed_at: datetime
    posted_at: datetime | None
    message_ts: str | None
    payload_json: str | None
