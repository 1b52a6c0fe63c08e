"""Counts of people as request rates: `a few hundred users`, `10k daily active users`, `50 concurrent users`.

A count of users says nothing about requests until three figures are assumed, each stated in the
answer and each overridable by a key:

    requests_per_user   requests one daily user makes in a day (default 50: a few sessions of
                        page loads and API calls)
    busy_hours          hours a day the users are busy (default 8: a working day); the peak is
                        24 / busy_hours times the average (8 hours: 3x, as the advice assumes)
    think_time          how often one user online sends a request (default every 10 s): what
                        concurrent users mean in requests a second at the peak

Monthly active users count as a fifth of them active on a given day (DAILY_SHARE_OF_MONTHLY).
A count of users and a request volume can't both be given: one would have to overrule the other.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from core.constants import MS_PER_SECOND
from core.errors import InvalidInput
from core.units import parse_count, parse_decimal, parse_duration_ms
from core.workload.model import field_key, show_amount
from core.workload.reading import Said
from core.workload.vocabulary import DAYS_PER_MONTH

REQUESTS_PER_USER_A_DAY = Decimal(50)
BUSY_HOURS = Decimal(8)
THINK_TIME_MS = Decimal(10_000)
DAILY_SHARE_OF_MONTHLY = Decimal("0.2")
HOURS_A_DAY = Decimal(24)
MAX_USERS = Decimal(10) ** 10

# A user count read from the text, by what it counts; then the assumptions a key may override.
USER_COUNTS = ("users", "monthly_users", "concurrent_users")
ASSUMPTIONS = ("requests_per_user", "busy_hours", "think_time_ms")
PEOPLE_FIELDS = (*USER_COUNTS, *ASSUMPTIONS)
_TRAFFIC = ("monthly_requests", "rps", "peak_rps")
EXAMPLE = "such as '10k daily active users' or '50 concurrent users'"


def _busy_hours(key: str, value: str) -> Decimal:
    hours = parse_decimal(key, value.removesuffix("h"), "hours a day such as 8")
    if not Decimal(0) < hours <= HOURS_A_DAY:
        raise InvalidInput(key, value, "hours a day, above 0 and at most 24")
    return hours


def _think_time(key: str, value: str) -> Decimal:
    think_ms = parse_duration_ms(key, value if value[-1:].isalpha() else value + "s")
    if think_ms <= 0:
        raise InvalidInput(key, value, "a time above zero, such as 10s (a bare number is seconds)")
    return think_ms


def _pair(name: str, read: Callable[[str, str], Decimal]) -> Callable[[str, str], Said]:
    def pair(key: str, value: str) -> Said:
        return Said(((name, read(key, value)),))

    return pair


PEOPLE_PAIR_READERS: dict[str, Callable[[str, str], Said]] = {
    "users": _pair("users", parse_count),
    "dau": _pair("users", parse_count),
    "mau": _pair("monthly_users", parse_count),
    "concurrent_users": _pair("concurrent_users", parse_count),
    "requests_per_user": _pair("requests_per_user", parse_count),
    "busy_hours": _pair("busy_hours", _busy_hours),
    "think_time": _pair("think_time_ms", _think_time),
}


def people_traffic(fields: dict[str, Any]) -> tuple[str, ...]:
    """Replace a count of users in `fields` by the request volume it means; the notes that say how."""
    given = {name: fields.pop(name) for name in PEOPLE_FIELDS if name in fields}
    if not given:
        return ()
    counts = [name for name in USER_COUNTS if name in given]
    if not counts:
        name = next(iter(given))
        shown = (
            show_amount(given[name] / MS_PER_SECOND) + "s"
            if name == "think_time_ms"
            else show_amount(given[name])
        )
        raise InvalidInput(_KEYS[name], shown, f"goes with a count of users, {EXAMPLE}")
    if len(counts) > 1:
        shown = " and ".join(f"{show_amount(given[name])} {_SAID[name]}" for name in counts)
        raise InvalidInput("users", shown, "one count of users: daily active, monthly active or concurrent")
    traffic = [name for name in _TRAFFIC if name in fields]
    if traffic:
        shown = f"{show_amount(given[counts[0]])} {_SAID[counts[0]]} and {field_key(traffic[0])}"
        raise InvalidInput("users", shown, "a count of users or a request volume, not both")
    return _TRAFFIC_OF[counts[0]](given, fields)


def _daily(given: Mapping[str, Decimal], fields: dict[str, Any]) -> tuple[str, ...]:
    users = given["users"]
    return _from_daily(users, given, fields, ())


def _monthly(given: Mapping[str, Decimal], fields: dict[str, Any]) -> tuple[str, ...]:
    users = given["monthly_users"] * DAILY_SHARE_OF_MONTHLY
    note = (
        f"{show_amount(given['monthly_users'])} monthly active users: a fifth of them on a given day = "
        f"{show_amount(users)} daily active users (or say daily active users)"
    )
    return _from_daily(users, given, fields, (note,))


def _from_daily(
    users: Decimal, given: Mapping[str, Decimal], fields: dict[str, Any], notes: tuple[str, ...]
) -> tuple[str, ...]:
    each = given.get("requests_per_user", REQUESTS_PER_USER_A_DAY)
    daily = users * each
    fields["monthly_requests"] = daily * DAYS_PER_MONTH
    note = (
        f"{show_amount(users)} daily active users × {show_amount(each)} requests a day each "
        f"(requests_per_user) = {show_amount(fields['monthly_requests'])} requests a month (30 days)"
    )
    return (*notes, note, *_peak(given, fields))


def _concurrent(given: Mapping[str, Decimal], fields: dict[str, Any]) -> tuple[str, ...]:
    users = given["concurrent_users"]
    think_ms = given.get("think_time_ms", THINK_TIME_MS)
    fields["peak_rps"] = users * MS_PER_SECOND / think_ms
    every_s, peak = show_amount(think_ms / MS_PER_SECOND), show_amount(fields["peak_rps"])
    count = show_amount(users)
    note = f"{count} concurrent users, a request every {every_s}s each (think_time) = {peak} req/s at peak"
    return (note, *_peak(given, fields))


def _peak(given: Mapping[str, Decimal], fields: dict[str, Any]) -> tuple[str, ...]:
    """The peak factor that busy hours mean, unless the text gave one."""
    if "peak_factor" in fields:
        return ()
    hours = given.get("busy_hours", BUSY_HOURS)
    fields["peak_factor"] = HOURS_A_DAY / hours
    shown = show_amount(fields["peak_factor"])
    return (
        f"users busy {show_amount(hours)} hours a day (busy_hours): peak = 24 / {show_amount(hours)} = "
        f"{shown}x the average (peak_factor={shown})",
    )


_TRAFFIC_OF: dict[str, Callable[[Mapping[str, Decimal], dict[str, Any]], tuple[str, ...]]] = {
    "users": _daily,
    "monthly_users": _monthly,
    "concurrent_users": _concurrent,
}
_SAID = {
    "users": "daily active users",
    "monthly_users": "monthly active users",
    "concurrent_users": "concurrent users",
}
_KEYS = {"requests_per_user": "requests_per_user", "busy_hours": "busy_hours", "think_time_ms": "think_time"}
