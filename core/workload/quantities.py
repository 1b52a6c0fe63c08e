"""Quantities: a number, perhaps a scale (k, M), a unit, and what follows it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from core.constants import MB_PER_GB, MS_PER_DAY, MS_PER_HOUR
from core.errors import InvalidInput
from core.units import (
    parse_count,
    parse_decimal,
    parse_duration_ms,
    parse_percent,
    parse_size_mb,
    parse_whole,
)
from core.workload.kinds import Hint
from core.workload.model import (
    INSTANCE_TYPE_PATTERN,
    MAX_COUNT,
    MAX_GPUS,
    MAX_PROVISIONED,
    field_key,
    plain_number,
    show_amount,
)
from core.workload.reading import Said
from core.workload.tokens import Token, as_typed, skip, text_at
from core.workload.vocabulary import (
    COUNTED,
    MS_PER_30_DAYS,
    NUMBER,
    PER,
    PER_MONTH,
    PERIOD_ADVERBS,
    PERIOD_WORDS,
    SCALE_PREFIXES,
    SCALES,
    UNITS,
    WEEKS_PER_MONTH,
)

_HOW_PER_MONTH = {
    "second": "730 hours",
    "minute": "730 hours",
    "hour": "730 hours",
    "day": "30 days",
    "week": "52 weeks ÷ 12",
    "year": "÷ 12",
}
_SECONDS_IN = {"second": Decimal(1), "minute": Decimal(60), "hour": Decimal(3600)}


@dataclass(frozen=True, slots=True)
class Number:
    """A number as read: digits, scale word, unit word, the tokens it spans, and its context."""

    tokens: Sequence[Token]
    start: int
    digits: str
    scale: str
    unit: str
    end: int
    modifier: str | None
    look_ahead: bool
    note: str | None = None  # how an ambiguous unit was read

    @property
    def source(self) -> str:
        """The words as typed, for notes and messages."""
        return as_typed(self.tokens, self.start, self.end)

    @property
    def count_text(self) -> str:
        """Digits and scale, as core.units.parse_count reads them: `3m`, `10k`."""
        return self.digits + self.scale


def read_quantity(tokens: Sequence[Token], i: int, modifier: str | None, look_ahead: bool) -> Said | None:
    """The fact a number at `tokens[i]` states, with its unit and context; None if unreadable."""
    number = _number_at(tokens, i, modifier, look_ahead)
    if number is None:
        return None
    group = UNITS[number.unit][0] if number.unit else ""
    if number.scale and group not in ("", "count", *COUNTED):
        return None
    return _QUANTITY_READERS[group](number)


def _number_at(tokens: Sequence[Token], i: int, modifier: str | None, look_ahead: bool) -> Number | None:
    token = tokens[i]
    match = NUMBER.match(token.text)
    if match is None:  # pragma: no cover - the caller checked
        return None
    split = split_suffix(token.text[match.end() :])
    if split is None:
        return None
    scale, unit = split
    raw_scale = token.raw[-1:] if scale else ""
    end = i + 1
    if not scale and not unit and text_at(tokens, end) in SCALES:
        scale, raw_scale, end = tokens[end].text, tokens[end].raw, end + 1
    if not unit and text_at(tokens, end) in UNITS:
        unit, end = tokens[end].text, end + 1
    number = Number(tokens, i, match.group(), scale, unit, end, modifier, look_ahead)
    return _resolve_m(number, raw_scale)


def split_suffix(suffix: str) -> tuple[str, str] | None:
    """A suffix typed onto a number as (scale, unit): `k` → (k, ''), `krps` → (k, rps)."""
    if not suffix or suffix in SCALES:
        return suffix, ""
    if suffix in UNITS:
        return "", suffix
    for scale in SCALE_PREFIXES:
        rest = suffix.removeprefix(scale)
        if rest != suffix and UNITS.get(rest, ("",))[0] in COUNTED:
            return scale, rest
    return None


def _resolve_m(number: Number, raw_scale: str) -> Number:
    """`3M requests` and `3M` are millions; `15m` alone is 15 minutes."""
    if number.scale != "m" or raw_scale == "M":
        return number
    counted = UNITS.get(number.unit, ("",))[0] in COUNTED
    if counted or (not number.unit and period_at(number.tokens, number.end, adverbs=True)):
        return number
    if number.unit:
        return number  # "3m gb": refused by the caller, a scale on a size
    note = f"read {number.source!r} as {number.digits} minutes"
    return replace(number, scale="", unit="min", note=note)


def period_at(tokens: Sequence[Token], k: int, adverbs: bool) -> tuple[str, int] | None:
    """The period at `tokens[k]` (`per second`, `/s`, `a day`, `daily`) and where it ends."""
    text = text_at(tokens, k)
    if adverbs and text in PERIOD_ADVERBS:
        return PERIOD_ADVERBS[text], k + 1
    unit = text_at(tokens, k + 1)
    if text in PER and unit in PERIOD_WORDS:
        return PERIOD_WORDS[unit], k + 2
    return None


def _read_size(n: Number) -> Said:
    labels = {"memory": "memory_mb", "storage": "storage_mb", "ebs": "ebs_gb"}
    used = n.modifier in labels
    name, end = (labels[n.modifier or ""], n.end) if used else _size_label(n.tokens, n.end)
    unit = UNITS[n.unit][1]
    size_mb = parse_size_mb(field_key(name), f"{n.digits} {unit}")
    if name == "ebs_gb":
        return Said(((name, size_mb / MB_PER_GB),), end=end, used_modifier=used)
    note = f"{n.source} = {plain_number(size_mb)}MB" if unit not in ("mb", "mib") else None
    return Said(((name, size_mb),), (note,), end=end, used_modifier=used)


_SIZE_LABELS = {
    **dict.fromkeys(("memory", "mem", "ram"), "memory_mb"),
    **dict.fromkeys(("storage", "ephemeral", "disk", "scratch", "tmp", "/tmp"), "storage_mb"),
    **dict.fromkeys(("ebs", "volume", "gp3", "gp2"), "ebs_gb"),
}


def _size_label(tokens: Sequence[Token], k: int) -> tuple[str, int]:
    """`16GB`, `16GB memory`, `20GB ephemeral storage`, `100GB EBS volume`: which size it is."""
    name = _SIZE_LABELS.get(text_at(tokens, k))
    if name is None:
        return "memory_mb", k
    if _SIZE_LABELS.get(text_at(tokens, k + 1)) == name:
        return name, k + 2
    return name, k + 1


def _read_duration(n: Number) -> Said | None:
    duration_ms = parse_duration_ms("duration", f"{n.digits} {UNITS[n.unit][1]}")
    if n.modifier == "every":
        return _every(duration_ms, n)
    period = period_at(n.tokens, n.end, adverbs=False)
    if period is not None and period[0] in ("day", "week", "month"):
        hours = duration_ms / MS_PER_HOUR * PER_MONTH[period[0]]
        source = as_typed(n.tokens, n.start, period[1])
        note = f"{source} = {show_amount(hours)} hours a month"
        return Said((("hours", hours),), (note if period[0] != "month" else None,), end=period[1])
    used = n.modifier == "duration"
    return Said((("duration_ms", duration_ms),), (n.note,), end=n.end, used_modifier=used)


def _every(interval_ms: Decimal, n: Number) -> Said:
    """`every 15 minutes`: the runs in a 30-day month."""
    if interval_ms <= 0:
        raise InvalidInput("runs", f"every {n.source}", "an interval above zero")
    runs = MS_PER_30_DAYS / interval_ms
    a_day = show_amount(MS_PER_DAY / interval_ms)
    note = f"every {n.source} = {show_amount(runs)} runs a month (30 days × {a_day} a day)"
    return Said((("monthly_runs", runs),), (note,), frozenset({Hint.JOB}), n.end, True)


def _read_weeks(n: Number) -> Said | None:
    if n.modifier != "every":
        return None
    weeks = parse_decimal("runs", n.digits, "a number of weeks such as every 2 weeks")
    if weeks <= 0:
        raise InvalidInput("runs", f"every {n.source}", "an interval above zero")
    runs = WEEKS_PER_MONTH / weeks
    note = f"every {n.source} = {show_amount(runs)} runs a month (52 weeks ÷ 12)"
    return Said((("monthly_runs", runs),), (note,), frozenset({Hint.JOB}), n.end, True)


def _read_vcpu(n: Number) -> Said:
    vcpu = parse_decimal("vcpu", n.digits, "a number of vCPU such as 0.25, 2 or 4")
    period_end = skip(n.tokens, n.end, PER)
    if period_end > n.end and text_at(n.tokens, period_end) in ("request", "req", "requests"):
        return Said((("vcpu_per_request", vcpu),), end=period_end + 1)
    return Said((("vcpu", vcpu),), end=n.end, used_modifier=n.modifier == "vcpu")


def _read_count(n: Number) -> Said | None:
    if n.unit in _WORK_ITEMS and period_at(n.tokens, n.end, adverbs=True) is not None:
        return _read_volume(replace(n, unit="requests"))  # `10 tasks a second`: work, not containers
    minimum = text_at(n.tokens, n.end) in ("minimum", "min")
    if minimum or n.modifier == "min":
        tasks = parse_whole("min_tasks", n.count_text, 0, MAX_COUNT)
        return Said((("min_tasks", tasks),), end=n.end + minimum, used_modifier=not minimum)
    return Said((("count", parse_whole("count", n.count_text, 1, MAX_COUNT)),), end=n.end)


_WORK_ITEMS = frozenset({"task", "tasks"})


def _read_gpus(n: Number) -> Said:
    return Said((("gpus", parse_whole("gpus", n.digits, 0, MAX_GPUS)),), end=n.end)


def _read_percent(n: Number) -> Said:
    fraction = parse_percent("utilization", f"{n.digits}%")
    end = skip(n.tokens, n.end, _CPU)
    end = end + 1 if text_at(n.tokens, end) in _UTILIZATION else n.end
    used = n.modifier == "utilization"
    return Said((("target_utilization", fraction),), end=end, used_modifier=used)


_CPU = frozenset({"cpu"})
_UTILIZATION = frozenset({"utilization", "utilisation", "util"})


def _read_provisioned(n: Number) -> Said:
    provisioned = parse_whole("provisioned", n.digits, 0, MAX_PROVISIONED)
    end = n.end + (text_at(n.tokens, n.end) == "concurrency")
    return Said((("provisioned", provisioned),), end=end)


def _read_volume(n: Number) -> Said:
    """`3M requests/month`, `50 req/s`, `100k requests a day`, `10k rps`, `3M` alone."""
    group = UNITS[n.unit][0] if n.unit else ""
    fixed = {"per second": "second", "per minute": "minute"}.get(group)
    period = (fixed, n.end) if fixed else period_at(n.tokens, n.end, adverbs=True)
    end = period[1] if period else n.end
    count = parse_count("requests", n.count_text)
    a_rate = period is not None and period[0] in _SECONDS_IN
    peak_end = _peak_after(n.tokens, end) if n.look_ahead and a_rate else None
    peak = n.modifier == "peak" or peak_end is not None
    source = as_typed(n.tokens, n.start, end)
    said = volume_facts(count, period[0] if period else None, peak, source)
    return Said(said.facts, said.notes, end=peak_end or end, used_modifier=n.modifier == "peak")


def volume_facts(count: Decimal, period: str | None, peak: bool, source: str) -> Said:
    """A request count over a period as a rate (per second) or a monthly volume."""
    if period is not None and period in _SECONDS_IN:
        rps = count / _SECONDS_IN[period]
        note = f"{source} = {show_amount(rps)} req/s" if period != "second" else None
        return Said((("peak_rps" if peak else "rps", rps),), (note,))
    if peak:
        raise InvalidInput("peak_rps", source, "a peak is a rate, such as 50 req/s peak")
    monthly = count * PER_MONTH[period or "month"]
    return Said((("monthly_requests", monthly),), (_monthly_note(source, period, monthly),))


def _monthly_note(source: str, period: str | None, monthly: Decimal) -> str | None:
    if period is None:
        return f"read {source!r} as {show_amount(monthly)} requests a month"
    if period == "month":
        return None
    return f"{source} = {show_amount(monthly)} requests a month ({_HOW_PER_MONTH[period]})"


_AT_THE = frozenset({"at", "the"})
_OF_AT_THE = frozenset({"of", "at", "is", "the"})


def _peak_after(tokens: Sequence[Token], k: int) -> int | None:
    """`50 req/s peak` or `at peak`: the end of that `peak`, unless a rate follows it."""
    k = skip(tokens, k, _AT_THE)
    if text_at(tokens, k) != "peak":
        return None
    after = skip(tokens, k + 1, _OF_AT_THE)
    if after < len(tokens) and NUMBER.match(tokens[after].text):
        try:
            following = read_quantity(tokens, after, "peak", look_ahead=False)
        except InvalidInput:
            following = None
        if following is not None and following.is_rate:
            return None  # "20 rps peak 100 rps": this peak belongs to the next rate
    return k + 1


_USER_UNITS = {"dau": "users", "mau": "monthly_users", "concurrent-users": "concurrent_users"}
_USERS_IN = {"day": "users", "month": "monthly_users"}


def _read_users(n: Number) -> Said:
    """`300 users`, `10k daily active users`, `2M users a month`, `50 concurrent users`."""
    count = parse_count("users", n.count_text)
    name = _USER_UNITS.get(n.unit, "users")
    period = period_at(n.tokens, n.end, adverbs=True) if name == "users" else None
    end = period[1] if period else n.end
    source = as_typed(n.tokens, n.start, end)
    if period is not None:
        if period[0] not in _USERS_IN:
            raise InvalidInput("users", source, "daily or monthly users, or concurrent users")
        name = _USERS_IN[period[0]]
    plain_count = name == "users" and period is None and n.unit not in _USER_UNITS
    note = f"read {source!r} as daily active users" if plain_count else None
    return Said(((name, count),), (note,), end=end)


def _read_runs(n: Number) -> Said | None:
    """`100 runs a day`, `4 times an hour`, `30 runs` (a month)."""
    period = period_at(n.tokens, n.end, adverbs=True)
    if period is None and UNITS[n.unit][1] in ("time", "times"):
        return None
    runs = parse_count("runs", n.count_text)
    name = period[0] if period else "month"
    monthly = runs * PER_MONTH[name]
    source = as_typed(n.tokens, n.start, period[1] if period else n.end)
    note = None if name == "month" else f"{source} = {show_amount(monthly)} runs a month"
    end = period[1] if period else n.end
    return Said((("monthly_runs", monthly),), (note,), frozenset({Hint.JOB}), end)


def _read_bare(n: Number) -> Said | None:
    """A number without a unit: a volume if a period follows, else what a modifier says."""
    if period_at(n.tokens, n.end, adverbs=True) is not None:
        return _read_volume(n)
    labelled = _BARE_READERS.get(n.modifier or "")
    if labelled is not None:
        name, read = labelled
        return Said(((name, read(n.digits)),), end=n.end, used_modifier=True)
    if INSTANCE_TYPE_PATTERN.fullmatch(text_at(n.tokens, n.end)):
        return Said((("count", parse_whole("count", n.count_text, 1, MAX_COUNT)),), end=n.end)
    if n.scale:
        return _read_volume(n)
    return None


_BARE_READERS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "memory": ("memory_mb", lambda text: parse_size_mb("memory", text)),
    "storage": ("storage_mb", lambda text: parse_size_mb("storage", text)),
    "ebs": ("ebs_gb", lambda text: parse_size_mb("ebs", text, "gb") / MB_PER_GB),
    "provisioned": ("provisioned", lambda text: parse_whole("provisioned", text, 0, MAX_PROVISIONED)),
    "vcpu": ("vcpu", lambda text: parse_decimal("vcpu", text, "a number of vCPU such as 2")),
    "duration": ("duration_ms", lambda text: parse_duration_ms("duration", text)),
    "utilization": ("target_utilization", lambda text: parse_percent("utilization", text)),
    "min": ("min_tasks", lambda text: parse_whole("min_tasks", text, 0, MAX_COUNT)),
    "gpus": ("gpus", lambda text: parse_whole("gpus", text, 0, MAX_GPUS)),
}

_QUANTITY_READERS: dict[str, Callable[[Number], Said | None]] = {
    "": _read_bare,
    "size": _read_size,
    "duration": _read_duration,
    "weeks": _read_weeks,
    "vcpu": _read_vcpu,
    "count": _read_count,
    "gpus": _read_gpus,
    "percent": _read_percent,
    "volume": _read_volume,
    "per second": _read_volume,
    "per minute": _read_volume,
    "runs": _read_runs,
    "provisioned": _read_provisioned,
    "users": _read_users,
}
