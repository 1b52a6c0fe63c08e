"""One line of text, written the way people write in Slack, into a validated Workload.

    "3M requests/month, 120ms avg, 1.5GB"        request-driven
    "50 req/s peak, 200 ms, 512MB arm64 in eu-west-1"
    "nightly job, 40 minutes, 4 vCPU 16GB"        job, 30 runs a month
    "always-on API 2 vCPU 4GB x3"                 service
    "requests=3M duration=120ms memory=1.5GB"     key=value (or key: value) pairs

`parse_workload` is total: for every str it returns a Workload or raises InvalidInput; a word it
can't read is reported back, never ignored (only the filler words in `FILLER_WORDS` are skipped).
One pass over the words with a bounded look-ahead and anchored regular expressions without nested
repetition keeps it linear in the length of the text, which is capped at `MAX_TEXT_CHARS`.
Every inference goes into `Workload.notes`, so the answer can say how the text was read.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from core.errors import InvalidInput, closest_names
from core.units import (
    ARCH_CHOICES,
    MB_PER_GB,
    MS_PER_HOUR,
    parse_arch,
    parse_bool,
    parse_choice,
    parse_count,
    parse_decimal,
    parse_duration_ms,
    parse_hours,
    parse_percent,
    parse_size_mb,
    parse_whole,
)
from core.workload import (
    HOURS_PER_MONTH,
    INSTANCE_TYPE_PATTERN,
    MAX_COUNT,
    MAX_GPUS,
    MAX_PROVISIONED,
    MS_PER_DAY,
    REGION_PATTERN,
    Kind,
    MissingInput,
    Workload,
    field_key,
    plain_number,
    show_amount,
)

MAX_TEXT_CHARS = 2000
DAYS_PER_MONTH = Decimal(30)  # "a day" and "every N minutes" count a 30-day month, as people do
WEEKS_PER_MONTH = Decimal(52) / Decimal(12)
MS_PER_30_DAYS = DAYS_PER_MONTH * MS_PER_DAY
EXAMPLES = (
    "describe it like '3M requests/month, 120ms avg, 1.5GB', 'nightly job, 40 minutes, "
    "4 vCPU 16GB' or 'always-on API 2 vCPU 4GB x3', or give key=value pairs such as requests=3M"
)

# Words that carry no fact: skipped wherever they appear. Everything else must be read.
FILLER_WORDS = frozenset(
    {
        *("a", "an", "the", "and", "with", "in", "on", "of", "at", "for", "to", "per", "each"),
        *("avg", "average", "mean", "typical", "typically", "about", "around", "roughly"),
        *("approx", "approximately", "month", "months", "it", "its", "is", "are", "that"),
        *("which", "we", "our", "my", "has", "have", "needs", "using", "uses", "via", "running"),
        *("requests", "request", "req", "reqs", "invocations", "invocation", "calls", "/", "-"),
        *("&", "+", "plus", "also", "like", "some", "total", "traffic", "load"),
    }
)


class Hint(StrEnum):
    """Words that say what kind of workload this is, without being a number."""

    JOB = "job"  # job, batch, cron, a schedule
    JOB_WEAK = "run"  # run, runs, task, script: a job only if nothing else says otherwise
    SERVICE = "service"  # service, api, server: a service unless a request volume is given
    ALWAYS_ON = "always-on"  # always on, 24/7: a service even with a request rate
    NOT_ALWAYS_ON = "not always-on"  # always_on=no
    REQUEST = "request"  # function, endpoint, webhook


@dataclass(frozen=True, slots=True)
class Token:
    """One word as typed (`raw`) and lower-cased (`text`); for `key=value`, the key and value."""

    text: str
    raw: str
    key: str | None = None


@dataclass(frozen=True, slots=True)
class Reading:
    """What a line of text said: workload fields (by attribute), hints of its kind, and notes."""

    fields: Mapping[str, Any]
    hints: frozenset[Hint]
    notes: tuple[str, ...]

    @property
    def empty(self) -> bool:
        """True when the text said nothing at all (only filler words)."""
        return not self.fields and not self.hints


class UnreadText(InvalidInput):
    """Words in the text that are neither a fact nor filler: names them, with close spellings."""

    def __init__(self, words: Sequence[str]) -> None:
        self.words = tuple(words)
        shown = ", ".join(repr(word) for word in words[:8]) + (" …" if len(words) > 8 else "")
        hints = [hint for word in words[:3] if (hint := _hint_for(word))]
        guess = f" ({'; '.join(hints)})" if hints else ""
        super().__init__("text", " ".join(words[:8]), f"couldn't read {shown}{guess}; {EXAMPLES}")


def _hint_for(word: str) -> str | None:
    """How a word could be read: a modifier's usage, or the closest known word."""
    text = word.lower()
    if text in _MODIFIER_WORDS:
        return f"{word!r} goes with what it qualifies, as in {_MODIFIERS[_MODIFIER_WORDS[text]]!r}"
    if len(text) > 30:
        return None
    close = difflib.get_close_matches(text, _VOCABULARY, n=1, cutoff=0.8)
    return f"did you mean {close[0]!r}?" if close and close[0] != text else None


# ---------------------------------------------------------------------------------------------
# Entry points


def parse_workload(text: str) -> Workload:
    """The workload one line of text describes; InvalidInput naming what can't be read or is missing."""
    reading = read_phrases(text)
    if reading.empty:
        raise InvalidInput("text", text, "nothing to size; " + EXAMPLES)
    fields = dict(reading.fields)
    explicit = fields.pop("kind", None)
    kind, why = infer_kind(explicit, fields, reading.hints)
    check_always_on(kind, fields, reading.hints)
    notes = reading.notes + ((why,) if why else ())
    return Workload(kind=kind, notes=notes, **fields)


def read_phrases(text: str, extra_filler: frozenset[str] = frozenset()) -> Reading:
    """Every fact in `text`, without deciding the workload's kind; UnreadText for unknown words."""
    builder = _Builder(tokenize(text), FILLER_WORDS | extra_filler)
    while builder.i < len(builder.tokens):
        _step(builder)
    builder.claim()
    if builder.unread:
        raise UnreadText(builder.unread)
    fields = MappingProxyType(builder.fields)
    return Reading(fields, frozenset(builder.hints), tuple(builder.notes))


_VOLUME_FIELDS = ("monthly_requests", "rps", "peak_rps")
_SIZE_FIELDS = ("vcpu", "memory_mb", "count", "instance_type", "gpus")


def infer_kind(
    explicit: Kind | None, fields: Mapping[str, Any], hints: frozenset[Hint]
) -> tuple[Kind, str | None]:
    """The kind of workload the facts and words point to, and a note when it was a guess."""
    if explicit is not None:
        return explicit, None
    job = Hint.JOB in hints or "monthly_runs" in fields
    if job and Hint.ALWAYS_ON in hints:
        raise InvalidInput("kind", "a job and always-on", "say which: kind=job or kind=service")
    if job:
        return Kind.JOB, None
    volume = any(name in fields for name in _VOLUME_FIELDS)
    if Hint.ALWAYS_ON in hints:
        return Kind.SERVICE, ("sized as an always-on service carrying its rate" if volume else None)
    if volume:
        return Kind.REQUEST, None
    if Hint.JOB_WEAK in hints:
        return Kind.JOB, None
    if Hint.SERVICE in hints:
        return Kind.SERVICE, None
    sized = any(name in fields for name in _SIZE_FIELDS)
    if sized and "duration_ms" not in fields and Hint.REQUEST not in hints:
        return Kind.SERVICE, "read as an always-on service: no request volume or schedule given"
    return Kind.REQUEST, None


def check_always_on(kind: Kind, fields: Mapping[str, Any], hints: frozenset[Hint]) -> None:
    """always_on=no needs the hours a service runs; always-on contradicts fewer hours."""
    if Hint.ALWAYS_ON in hints and Hint.NOT_ALWAYS_ON in hints:
        raise InvalidInput("always_on", "yes and no", "say it once")
    hours = fields.get("hours")
    if kind is Kind.SERVICE and Hint.NOT_ALWAYS_ON in hints and hours is None:
        raise MissingInput("hours", "always_on=no needs the hours a month it runs, such as hours=200")
    if Hint.ALWAYS_ON in hints and hours is not None and hours < HOURS_PER_MONTH:
        raise InvalidInput("hours", str(hours), "an always-on service runs 730 hours a month")


# ---------------------------------------------------------------------------------------------
# Words


_EDGE = ",;.!?()[]{}\"'`…·|—–*~≈<>@"
_LEAD = _EDGE.replace(".", "")  # ".5s" is a number
_WHOLE_WORDS = frozenset({"24/7", "/tmp"})


def tokenize(text: str) -> list[Token]:
    """The words of `text`, punctuation trimmed, `/` split off, `key=value` pairs joined."""
    if len(text) > MAX_TEXT_CHARS:
        given = text[:40] + "…"
        raise InvalidInput("text", given, f"at most {MAX_TEXT_CHARS:,} characters: one workload")
    pieces = [piece for chunk in text.split() for piece in _pieces(chunk)]
    tokens: list[Token] = []
    k = 0
    while k < len(pieces):
        pair, k = _pair_at(pieces, k)
        tokens.extend(pair)
    return tokens


def _pieces(chunk: str) -> list[str]:
    """Split at `;` and at commas that don't group digits (`3,000,000` stays whole)."""
    parts = _SEPARATOR.split(chunk) if ";" in chunk or "," in chunk else [chunk]
    trimmed = (part.lstrip(_LEAD).rstrip(_EDGE) for part in parts)
    return [part for part in trimmed if part]


# A `;`, or a comma without a digit on both sides. Fixed-width look-arounds: linear.
_SEPARATOR = re.compile(r";|(?<![0-9]),|,(?![0-9])", re.ASCII)


def _pair_at(pieces: Sequence[str], k: int) -> tuple[list[Token], int]:
    """The token(s) starting at piece `k`, and the index of the next piece."""
    piece = pieces[k]
    after = pieces[k + 1] if k + 1 < len(pieces) else None
    if "=" in piece.strip("="):
        key, value = piece.split("=", 1)
        return _pair(pieces, key, value, k + 1)
    if piece.endswith("=") and len(piece) > 1:
        return _pair(pieces, piece[:-1], after or "", k + 2)
    if after == "=":
        value = pieces[k + 2] if k + 2 < len(pieces) else ""
        return _pair(pieces, piece, value, k + 3)
    if after is not None and after.startswith("=") and len(after) > 1 and piece != "=":
        return _pair(pieces, piece, after[1:], k + 2)
    key, colon, value = piece.partition(":")
    if colon and _key(key) in _PAIR_READERS:
        return _pair(pieces, key, value or after or "", k + (1 if value else 2))
    return _words(piece.rstrip(":")), k + 1


def _key(text: str) -> str:
    return text.lower().replace("-", "_")


def _pair(pieces: Sequence[str], key: str, value: str, k: int) -> tuple[list[Token], int]:
    """A `key=value` token; a unit typed apart (`duration = 120 ms`) joins its number."""
    if _NUMBER.fullmatch(value) and k < len(pieces) and pieces[k].lower() in _UNITS:
        value, k = f"{value} {pieces[k]}", k + 1
    return [Token(value.lower(), f"{key}={value}", _key(key))], k


def _words(piece: str) -> list[Token]:
    """One piece as word tokens: `requests/month` is `requests`, `/`, `month`."""
    text = piece.lower().replace("×", "x")
    if text in _WHOLE_WORDS or "/" not in text:
        return [Token(text, piece)]
    parts, raws = text.split("/"), piece.split("/")
    raws = raws if len(raws) == len(parts) else parts  # lower() may change exotic letters
    tokens: list[Token] = []
    for k, (part, raw) in enumerate(zip(parts, raws, strict=True)):
        if k:
            tokens.append(Token("/", "/"))
        if part:
            tokens.append(Token(part, raw))
    return tokens


# ---------------------------------------------------------------------------------------------
# The reading loop


@dataclass(slots=True)
class _Builder:
    """The state of one reading: where it is, what it has found, what it couldn't read."""

    tokens: Sequence[Token]
    filler: frozenset[str]
    i: int = 0
    fields: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    notes: dict[str, None] = field(default_factory=dict)  # ordered, without repeats
    hints: set[Hint] = field(default_factory=set)
    unread: list[str] = field(default_factory=list)
    pending: tuple[str, str] | None = None  # a word such as "peak" that qualifies what follows

    def set(self, name: str, value: Any, source: str) -> None:
        """Record a fact; the same field given twice with different values is an error."""
        if isinstance(value, Decimal) and value == value.to_integral_value():
            value = value.to_integral_value()  # 1.5GB is 1536MB, not 1536.0MB
        if name in self.fields and self.fields[name] != value:
            both = f"{self.sources[name]} and {source}"
            raise InvalidInput(field_key(name), both, "give it once")
        self.fields[name] = value
        self.sources[name] = source

    def say(self, said: _Said, source: str) -> None:
        """Record everything one reader found."""
        for name, value in said.facts:
            self.set(name, value, source)
        self.notes.update((note, None) for note in said.notes if note)
        self.hints.update(said.hints)

    def claim(self, *modifiers: str) -> str | None:
        """Take the pending modifier if it is one of `modifiers`; any other one was not read."""
        pending, self.pending = self.pending, None
        if pending is None:
            return None
        if pending[0] in modifiers:
            return pending[0]
        self.unread.append(pending[1])
        return None


@dataclass(frozen=True, slots=True)
class _Said:
    """What one reader found: facts (attribute, value), notes, hints, and where it stopped."""

    facts: tuple[tuple[str, Any], ...] = ()
    notes: tuple[str | None, ...] = ()
    hints: frozenset[Hint] = frozenset()
    end: int = 0
    used_modifier: bool = False

    @property
    def is_rate(self) -> bool:
        """A per-second rate, which a following `peak` may qualify."""
        return any(name in ("rps", "peak_rps") for name, _ in self.facts)


def _step(b: _Builder) -> None:
    """Read the token at `b.i` (and any it takes with it); move `b.i` past them."""
    token = b.tokens[b.i]
    if token.key is not None:
        b.claim()
        b.say(_read_pair(token), token.raw)
        b.i += 1
    elif _NUMBER.match(token.text):
        _step_quantity(b)
    elif token.text in _WORD_READERS:
        b.i = _WORD_READERS[token.text](b)
    elif token.text in b.filler:
        b.i += 1  # a pending "peak" or "every" survives filler: "peak of 50 rps"
    else:
        b.claim()
        said = _read_name(token)
        if said is None:
            b.unread.append(token.raw)
        else:
            b.say(said, token.raw)
        b.i += 1


def _step_quantity(b: _Builder) -> None:
    modifier = b.pending[0] if b.pending else None
    said = _read_quantity(b.tokens, b.i, modifier, look_ahead=True)
    if said is None:
        b.claim()
        b.unread.append(b.tokens[b.i].raw)
        b.i += 1
        return
    if said.used_modifier:
        b.pending = None
    b.claim()
    end = max(said.end, b.i + 1)
    b.say(said, _source(b.tokens, b.i, end))
    b.i = end


def _read_name(token: Token) -> _Said | None:
    """A region (`eu-west-1`), an instance type (`m7g.large`) or a multiple (`x3`)."""
    if REGION_PATTERN.fullmatch(token.text):
        return _Said((("region", token.text),))
    if INSTANCE_TYPE_PATTERN.fullmatch(token.text):
        return _Said((("instance_type", token.text),))
    if _TIMES.fullmatch(token.text):
        return _Said((("count", parse_whole("count", token.text[1:], 1, MAX_COUNT)),))
    return None


_TIMES = re.compile(r"x[0-9]{1,6}", re.ASCII)


def _source(tokens: Sequence[Token], start: int, end: int) -> str:
    """The words from `start` to `end` as typed: `100 req/min`, `2 vCPU`."""
    return " ".join(token.raw for token in tokens[start:end]).replace(" / ", "/")


def _text_at(tokens: Sequence[Token], k: int) -> str:
    return tokens[k].text if 0 <= k < len(tokens) else ""


def _skip(tokens: Sequence[Token], k: int, words: frozenset[str]) -> int:
    while _text_at(tokens, k) in words:
        k += 1
    return k


# ---------------------------------------------------------------------------------------------
# Quantities: a number, perhaps a scale (k, M), a unit, and what follows it


# A number at the start of a word: 3, 3,000,000, 1.5, .5, 1e6. No nested repetition: linear.
_NUMBER = re.compile(r"[+-]?(?:[0-9][0-9,_]*(?:\.[0-9]*)?|\.[0-9]+)(?:e[+-]?[0-9]{1,3}(?![0-9]))?", re.ASCII)
_SCALES = frozenset(
    {"k", "thousand", "m", "mn", "mm", "million", "millions", "b", "bn", "billion", "billions"}
)


_UNIT_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("size", ("mb", "mib", "gb", "gib", "tb", "tib", "g", "t")),
    ("duration", ("ms", "msec", "millisecond", "milliseconds", "s", "sec", "secs", "second")),
    ("duration", ("seconds", "min", "mins", "minute", "minutes", "h", "hr", "hrs", "hour")),
    ("duration", ("hours", "d", "day", "days")),
    ("weeks", ("week", "weeks", "wk", "wks")),
    ("vcpu", ("vcpu", "vcpus", "cpu", "cpus", "core", "cores", "vcore", "vcores")),
    ("count", ("task", "tasks", "instance", "instances", "container", "containers", "replica")),
    ("count", ("replicas", "node", "nodes", "server", "servers", "copies", "machine")),
    ("count", ("machines", "vm", "vms", "pod", "pods", "x")),
    ("gpus", ("gpu", "gpus")),
    ("percent", ("%", "percent", "pct")),
    ("volume", ("request", "requests", "req", "reqs", "invocation", "invocations", "call")),
    ("volume", ("calls", "hit", "hits", "event", "events", "message", "messages", "query")),
    ("volume", ("queries",)),
    ("per second", ("rps", "qps", "tps")),
    ("per minute", ("rpm",)),
    ("runs", ("run", "runs", "execution", "executions", "time", "times")),
    ("provisioned", ("provisioned",)),
)


def _units_table() -> dict[str, tuple[str, str]]:
    """Each unit word: (what it measures, the spelling core.units reads)."""
    table = {word: (group, word) for group, words in _UNIT_GROUPS for word in words}
    table.update({"gig": ("size", "gb"), "gigs": ("size", "gb"), "megs": ("size", "mb")})
    return table


_UNITS = _units_table()
_COUNTED = frozenset({"volume", "per second", "per minute", "runs"})


@dataclass(frozen=True, slots=True)
class _Number:
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
        return _source(self.tokens, self.start, self.end)

    @property
    def count_text(self) -> str:
        """Digits and scale, as core.units.parse_count reads them: `3m`, `10k`."""
        return self.digits + self.scale


def _read_quantity(tokens: Sequence[Token], i: int, modifier: str | None, look_ahead: bool) -> _Said | None:
    """The fact a number at `tokens[i]` states, with its unit and context; None if unreadable."""
    number = _number_at(tokens, i, modifier, look_ahead)
    if number is None:
        return None
    group = _UNITS[number.unit][0] if number.unit else ""
    if number.scale and group not in ("", "count", *_COUNTED):
        return None
    return _QUANTITY_READERS[group](number)


def _number_at(tokens: Sequence[Token], i: int, modifier: str | None, look_ahead: bool) -> _Number | None:
    token = tokens[i]
    match = _NUMBER.match(token.text)
    if match is None:  # pragma: no cover - the caller checked
        return None
    split = _split_suffix(token.text[match.end() :])
    if split is None:
        return None
    scale, unit = split
    raw_scale = token.raw[-1:] if scale else ""
    end = i + 1
    if not scale and not unit and _text_at(tokens, end) in _SCALES:
        scale, raw_scale, end = tokens[end].text, tokens[end].raw, end + 1
    if not unit and _text_at(tokens, end) in _UNITS:
        unit, end = tokens[end].text, end + 1
    number = _Number(tokens, i, match.group(), scale, unit, end, modifier, look_ahead)
    return _resolve_m(number, raw_scale)


def _split_suffix(suffix: str) -> tuple[str, str] | None:
    """A suffix typed onto a number as (scale, unit): `k` → (k, ''), `krps` → (k, rps)."""
    if not suffix or suffix in _SCALES:
        return suffix, ""
    if suffix in _UNITS:
        return "", suffix
    for scale in ("k", "m", "b", "mn", "bn"):
        rest = suffix.removeprefix(scale)
        if rest != suffix and _UNITS.get(rest, ("",))[0] in _COUNTED:
            return scale, rest
    return None


def _resolve_m(number: _Number, raw_scale: str) -> _Number:
    """`3M requests` and `3M` are millions; `15m` alone is 15 minutes."""
    if number.scale != "m" or raw_scale == "M":
        return number
    counted = _UNITS.get(number.unit, ("",))[0] in _COUNTED
    if counted or (not number.unit and _period_at(number.tokens, number.end, adverbs=True)):
        return number
    if number.unit:
        return number  # "3m gb": refused by the caller, a scale on a size
    note = f"read {number.source!r} as {number.digits} minutes"
    return replace(number, scale="", unit="min", note=note)


# Periods: "per second", "/s", "a day", "monthly".
_PERIOD_WORDS = {
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), "second"),
    **dict.fromkeys(("min", "mins", "minute", "minutes"), "minute"),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), "hour"),
    **dict.fromkeys(("d", "day", "days", "night", "nights"), "day"),
    **dict.fromkeys(("wk", "week", "weeks"), "week"),
    **dict.fromkeys(("mo", "mon", "month", "months"), "month"),
    **dict.fromkeys(("yr", "year", "years"), "year"),
}
_PERIOD_ADVERBS = {
    "hourly": "hour",
    "daily": "day",
    "nightly": "day",
    "weekly": "week",
    "monthly": "month",
    "yearly": "year",
    "annually": "year",
}
_PER = frozenset({"/", "per", "a", "an", "each", "every"})
_PER_MONTH = {
    "second": HOURS_PER_MONTH * 3600,
    "minute": HOURS_PER_MONTH * 60,
    "hour": HOURS_PER_MONTH,
    "day": DAYS_PER_MONTH,
    "week": WEEKS_PER_MONTH,
    "month": Decimal(1),
    "year": Decimal(1) / Decimal(12),
}
_HOW_PER_MONTH = {
    "second": "730 hours",
    "minute": "730 hours",
    "hour": "730 hours",
    "day": "30 days",
    "week": "52 weeks ÷ 12",
    "year": "÷ 12",
}
_SECONDS_IN = {"second": Decimal(1), "minute": Decimal(60), "hour": Decimal(3600)}


def _period_at(tokens: Sequence[Token], k: int, adverbs: bool) -> tuple[str, int] | None:
    """The period at `tokens[k]` (`per second`, `/s`, `a day`, `daily`) and where it ends."""
    text = _text_at(tokens, k)
    if adverbs and text in _PERIOD_ADVERBS:
        return _PERIOD_ADVERBS[text], k + 1
    unit = _text_at(tokens, k + 1)
    if text in _PER and unit in _PERIOD_WORDS:
        return _PERIOD_WORDS[unit], k + 2
    return None


def _read_size(n: _Number) -> _Said:
    labels = {"memory": "memory_mb", "storage": "storage_mb", "ebs": "ebs_gb"}
    used = n.modifier in labels
    name, end = (labels[n.modifier or ""], n.end) if used else _size_label(n.tokens, n.end)
    unit = _UNITS[n.unit][1]
    size_mb = parse_size_mb(field_key(name), f"{n.digits} {unit}")
    if name == "ebs_gb":
        return _Said(((name, size_mb / MB_PER_GB),), end=end, used_modifier=used)
    note = f"{n.source} = {plain_number(size_mb)}MB" if unit not in ("mb", "mib") else None
    return _Said(((name, size_mb),), (note,), end=end, used_modifier=used)


_SIZE_LABELS = {
    **dict.fromkeys(("memory", "mem", "ram"), "memory_mb"),
    **dict.fromkeys(("storage", "ephemeral", "disk", "scratch", "tmp", "/tmp"), "storage_mb"),
    **dict.fromkeys(("ebs", "volume", "gp3", "gp2"), "ebs_gb"),
}


def _size_label(tokens: Sequence[Token], k: int) -> tuple[str, int]:
    """`16GB`, `16GB memory`, `20GB ephemeral storage`, `100GB EBS volume`: which size it is."""
    name = _SIZE_LABELS.get(_text_at(tokens, k))
    if name is None:
        return "memory_mb", k
    if _SIZE_LABELS.get(_text_at(tokens, k + 1)) == name:
        return name, k + 2
    return name, k + 1


def _read_duration(n: _Number) -> _Said | None:
    duration_ms = parse_duration_ms("duration", f"{n.digits} {_UNITS[n.unit][1]}")
    if n.modifier == "every":
        return _every(duration_ms, n)
    period = _period_at(n.tokens, n.end, adverbs=False)
    if period is not None and period[0] in ("day", "week", "month"):
        hours = duration_ms / MS_PER_HOUR * _PER_MONTH[period[0]]
        source = _source(n.tokens, n.start, period[1])
        note = f"{source} = {show_amount(hours)} hours a month"
        return _Said((("hours", hours),), (note if period[0] != "month" else None,), end=period[1])
    used = n.modifier == "duration"
    return _Said((("duration_ms", duration_ms),), (n.note,), end=n.end, used_modifier=used)


def _every(interval_ms: Decimal, n: _Number) -> _Said:
    """`every 15 minutes`: the runs in a 30-day month."""
    if interval_ms <= 0:
        raise InvalidInput("runs", f"every {n.source}", "an interval above zero")
    runs = MS_PER_30_DAYS / interval_ms
    a_day = show_amount(MS_PER_DAY / interval_ms)
    note = f"every {n.source} = {show_amount(runs)} runs a month (30 days × {a_day} a day)"
    return _Said((("monthly_runs", runs),), (note,), frozenset({Hint.JOB}), n.end, True)


def _read_weeks(n: _Number) -> _Said | None:
    if n.modifier != "every":
        return None
    weeks = parse_decimal("runs", n.digits, "a number of weeks such as every 2 weeks")
    if weeks <= 0:
        raise InvalidInput("runs", f"every {n.source}", "an interval above zero")
    runs = WEEKS_PER_MONTH / weeks
    note = f"every {n.source} = {show_amount(runs)} runs a month (52 weeks ÷ 12)"
    return _Said((("monthly_runs", runs),), (note,), frozenset({Hint.JOB}), n.end, True)


def _read_vcpu(n: _Number) -> _Said:
    vcpu = parse_decimal("vcpu", n.digits, "a number of vCPU such as 0.25, 2 or 4")
    period_end = _skip(n.tokens, n.end, _PER)
    if period_end > n.end and _text_at(n.tokens, period_end) in ("request", "req", "requests"):
        return _Said((("vcpu_per_request", vcpu),), end=period_end + 1)
    return _Said((("vcpu", vcpu),), end=n.end, used_modifier=n.modifier == "vcpu")


def _read_count(n: _Number) -> _Said:
    minimum = _text_at(n.tokens, n.end) in ("minimum", "min")
    if minimum or n.modifier == "min":
        tasks = parse_whole("min_tasks", n.count_text, 0, MAX_COUNT)
        return _Said((("min_tasks", tasks),), end=n.end + minimum, used_modifier=not minimum)
    return _Said((("count", parse_whole("count", n.count_text, 1, MAX_COUNT)),), end=n.end)


def _read_gpus(n: _Number) -> _Said:
    return _Said((("gpus", parse_whole("gpus", n.digits, 0, MAX_GPUS)),), end=n.end)


def _read_percent(n: _Number) -> _Said:
    fraction = parse_percent("utilization", f"{n.digits}%")
    end = _skip(n.tokens, n.end, _CPU)
    end = end + 1 if _text_at(n.tokens, end) in _UTILIZATION else n.end
    used = n.modifier == "utilization"
    return _Said((("target_utilization", fraction),), end=end, used_modifier=used)


_CPU = frozenset({"cpu"})
_UTILIZATION = frozenset({"utilization", "utilisation", "util"})


def _read_provisioned(n: _Number) -> _Said:
    provisioned = parse_whole("provisioned", n.digits, 0, MAX_PROVISIONED)
    end = n.end + (_text_at(n.tokens, n.end) == "concurrency")
    return _Said((("provisioned", provisioned),), end=end)


def _read_volume(n: _Number) -> _Said:
    """`3M requests/month`, `50 req/s`, `100k requests a day`, `10k rps`, `3M` alone."""
    group = _UNITS[n.unit][0] if n.unit else ""
    fixed = {"per second": "second", "per minute": "minute"}.get(group)
    period = (fixed, n.end) if fixed else _period_at(n.tokens, n.end, adverbs=True)
    end = period[1] if period else n.end
    count = parse_count("requests", n.count_text)
    a_rate = period is not None and period[0] in _SECONDS_IN
    peak_end = _peak_after(n.tokens, end) if n.look_ahead and a_rate else None
    peak = n.modifier == "peak" or peak_end is not None
    source = _source(n.tokens, n.start, end)
    said = _volume_facts(count, period[0] if period else None, peak, source)
    return _Said(said.facts, said.notes, end=peak_end or end, used_modifier=n.modifier == "peak")


def _volume_facts(count: Decimal, period: str | None, peak: bool, source: str) -> _Said:
    """A request count over a period as a rate (per second) or a monthly volume."""
    if period is not None and period in _SECONDS_IN:
        rps = count / _SECONDS_IN[period]
        note = f"{source} = {show_amount(rps)} req/s" if period != "second" else None
        return _Said((("peak_rps" if peak else "rps", rps),), (note,))
    if peak:
        raise InvalidInput("peak_rps", source, "a peak is a rate, such as 50 req/s peak")
    monthly = count * _PER_MONTH[period or "month"]
    return _Said((("monthly_requests", monthly),), (_monthly_note(source, period, monthly),))


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
    k = _skip(tokens, k, _AT_THE)
    if _text_at(tokens, k) != "peak":
        return None
    after = _skip(tokens, k + 1, _OF_AT_THE)
    if after < len(tokens) and _NUMBER.match(tokens[after].text):
        try:
            following = _read_quantity(tokens, after, "peak", look_ahead=False)
        except InvalidInput:
            following = None
        if following is not None and following.is_rate:
            return None  # "20 rps peak 100 rps": this peak belongs to the next rate
    return k + 1


def _read_runs(n: _Number) -> _Said | None:
    """`100 runs a day`, `4 times an hour`, `30 runs` (a month)."""
    period = _period_at(n.tokens, n.end, adverbs=True)
    if period is None and _UNITS[n.unit][1] in ("time", "times"):
        return None
    runs = parse_count("runs", n.count_text)
    name = period[0] if period else "month"
    monthly = runs * _PER_MONTH[name]
    source = _source(n.tokens, n.start, period[1] if period else n.end)
    note = None if name == "month" else f"{source} = {show_amount(monthly)} runs a month"
    end = period[1] if period else n.end
    return _Said((("monthly_runs", monthly),), (note,), frozenset({Hint.JOB}), end)


def _read_bare(n: _Number) -> _Said | None:
    """A number without a unit: a volume if a period follows, else what a modifier says."""
    if _period_at(n.tokens, n.end, adverbs=True) is not None:
        return _read_volume(n)
    labelled = _BARE_READERS.get(n.modifier or "")
    if labelled is not None:
        name, read = labelled
        return _Said(((name, read(n.digits)),), end=n.end, used_modifier=True)
    if INSTANCE_TYPE_PATTERN.fullmatch(_text_at(n.tokens, n.end)):
        return _Said((("count", parse_whole("count", n.count_text, 1, MAX_COUNT)),), end=n.end)
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
}

_QUANTITY_READERS: dict[str, Callable[[_Number], _Said | None]] = {
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
}


# ---------------------------------------------------------------------------------------------
# Words with a meaning: arch, os, schedules, kinds, flags, modifiers


def _fact(name: str, value: Any) -> Callable[[_Builder], int]:
    def read(b: _Builder) -> int:
        b.claim()
        b.set(name, value, b.tokens[b.i].raw)
        return b.i + 1

    return read


def _hint(hint: Hint) -> Callable[[_Builder], int]:
    def read(b: _Builder) -> int:
        b.claim()
        b.hints.add(hint)
        return b.i + 1

    return read


def _modifier(name: str) -> Callable[[_Builder], int]:
    """`peak`, `memory`, `every`…: a word that says what the next number is."""

    def read(b: _Builder) -> int:
        if b.pending is None or b.pending[0] != name:  # "ephemeral storage": one modifier
            b.claim()
            b.pending = (name, b.tokens[b.i].raw)
        return b.i + 1

    return read


def _flag(name: str, words: int = 1) -> Callable[[_Builder], int]:
    """`spot`, `free tier`; `without`/`no`/`not` before it turns it off."""

    def read(b: _Builder) -> int:
        source = " ".join(token.raw for token in b.tokens[b.i : b.i + words])
        b.set(name, b.claim("not") is None, source)
        return b.i + words

    return read


def _two_words(second: Mapping[str, Callable[[_Builder], int]]) -> Callable[[_Builder], int]:
    """A word that means something only with the next one: `free tier`, `latency sensitive`."""

    def read(b: _Builder) -> int:
        follow = second.get(_text_at(b.tokens, b.i + 1))
        if follow is not None:
            return follow(b)
        b.claim()
        b.unread.append(b.tokens[b.i].raw)
        return b.i + 1

    return read


def _latency(value: str, words: int) -> Callable[[_Builder], int]:
    def read(b: _Builder) -> int:
        b.claim()
        b.set("latency", value, " ".join(t.raw for t in b.tokens[b.i : b.i + words]))
        return b.i + words

    return read


def _steady(b: _Builder) -> int:
    """`steady`, `constant`, `flat`: traffic whose peak is its average (peak_factor=1)."""
    b.claim()
    word = b.tokens[b.i].raw
    b.say(
        _Said((("peak_factor", Decimal(1)),), (f"read '{word}' as peak_factor=1: the peak is the average",)),
        word,
    )
    return b.i + 1


def _schedule(b: _Builder) -> int:
    """`nightly`, `daily`, `hourly`, `weekly`, `monthly`: a job and its runs a month."""
    b.claim()
    word = b.tokens[b.i].text
    period = _PERIOD_ADVERBS[word]
    runs = _PER_MONTH[period]
    shown = "52/12 ≈ 4.33" if period == "week" else show_amount(runs)
    if word == "nightly":
        note = f"read 'nightly' as {shown} runs a month"
    else:
        note = f"{word} = {shown} runs a month" + (" (730 hours)" if period == "hour" else "")
    b.say(_Said((("monthly_runs", runs),), (note,), frozenset({Hint.JOB})), word)
    return b.i + 1


def _every_word(b: _Builder) -> int:
    """`every day`, `every hour`; `every 15 minutes` is read with the number."""
    unit = _text_at(b.tokens, b.i + 1)
    if unit in _PERIOD_WORDS:
        b.claim()
        runs = _PER_MONTH[_PERIOD_WORDS[unit]]
        source = f"every {b.tokens[b.i + 1].raw}"
        note = f"{source} = {show_amount(runs)} runs a month"
        b.say(_Said((("monthly_runs", runs),), (note,), frozenset({Hint.JOB})), source)
        return b.i + 2
    return _modifier("every")(b)


def _times_word(times: int) -> Callable[[_Builder], int]:
    """`twice a day`, `once an hour`, `three times daily` is `3 times daily`."""

    def read(b: _Builder) -> int:
        b.claim()
        period = _period_at(b.tokens, b.i + 1, adverbs=True)
        if period is None:
            b.unread.append(b.tokens[b.i].raw)
            return b.i + 1
        runs = times * _PER_MONTH[period[0]]
        source = " ".join(t.raw for t in b.tokens[b.i : period[1]])
        note = f"{source} = {show_amount(runs)} runs a month"
        b.say(_Said((("monthly_runs", runs),), (note,), frozenset({Hint.JOB})), source)
        return period[1]

    return read


def _always(b: _Builder) -> int:
    if _text_at(b.tokens, b.i + 1) in ("on", "running", "up"):
        b.claim()
        b.hints.add(Hint.ALWAYS_ON)
        return b.i + 2
    b.claim()
    b.unread.append(b.tokens[b.i].raw)
    return b.i + 1


def _times_x(b: _Builder) -> int:
    """`x 3`: three of them."""
    b.claim()
    after = _text_at(b.tokens, b.i + 1)
    if after.isascii() and after.isdigit():
        source = f"x {b.tokens[b.i + 1].raw}"
        b.set("count", parse_whole("count", after, 1, MAX_COUNT), source)
        return b.i + 2
    b.unread.append(b.tokens[b.i].raw)
    return b.i + 1


def _concurrency(b: _Builder) -> int:
    if b.pending is not None and b.pending[0] == "provisioned":
        return b.i + 1  # "provisioned concurrency of 10"
    b.claim()
    b.unread.append(b.tokens[b.i].raw)
    return b.i + 1


_ARCH_WORDS = {**ARCH_CHOICES, "x86-64": "x86_64", "graviton2": "arm64", "graviton3": "arm64"}
_ARCH_WORDS["graviton4"] = "arm64"
_FREE_TIER = _flag("free_tier", 2)
_SENSITIVE = ("sensitive", "critical")
_TOLERANT = ("tolerant", "insensitive")

# Words that say what the next number is, each with an example of its use.
_MODIFIERS = {
    "peak": "peak 50 req/s",
    "min": "min 3 tasks",
    "memory": "memory 2GB",
    "storage": "storage 10GB",
    "ebs": "ebs 100GB",
    "provisioned": "provisioned concurrency 10",
    "vcpu": "vcpu 2",
    "utilization": "utilization 60%",
    "duration": "takes 200ms",
    "every": "every 15 minutes",
    "not": "without free tier, no spot",
}
_MODIFIER_WORDS = {
    "peak": "peak",
    **dict.fromkeys(("minimum", "min", "least"), "min"),
    **dict.fromkeys(("memory", "mem", "ram"), "memory"),
    **dict.fromkeys(("storage", "ephemeral", "disk"), "storage"),
    "ebs": "ebs",
    "provisioned": "provisioned",
    **dict.fromkeys(("vcpu", "vcpus", "cpu", "cpus"), "vcpu"),
    **dict.fromkeys(("utilization", "utilisation", "util"), "utilization"),
    **dict.fromkeys(("duration", "takes", "took", "taking", "lasting", "lasts"), "duration"),
    "runtime": "duration",
    "every": "every",
    **dict.fromkeys(("without", "no", "not", "non"), "not"),
}

_WORD_READERS: dict[str, Callable[[_Builder], int]] = {
    **{word: _fact("arch", arch) for word, arch in _ARCH_WORDS.items()},
    "windows": _fact("os", "windows"),
    "linux": _fact("os", "linux"),
    "spot": _flag("spot"),
    "on-demand": _fact("spot", False),
    "ondemand": _fact("spot", False),
    "free": _two_words({"tier": _FREE_TIER}),
    **dict.fromkeys(("free-tier", "free_tier", "freetier"), _flag("free_tier")),
    "latency": _two_words(
        {
            **dict.fromkeys(_SENSITIVE, _latency("sensitive", 2)),
            **dict.fromkeys(_TOLERANT, _latency("tolerant", 2)),
        }
    ),
    **dict.fromkeys(("latency-sensitive", "latency_sensitive"), _latency("sensitive", 1)),
    **dict.fromkeys(("latency-critical", "low-latency"), _latency("sensitive", 1)),
    **dict.fromkeys(("latency-tolerant", "latency_tolerant"), _latency("tolerant", 1)),
    "low": _two_words({"latency": _latency("sensitive", 2)}),
    **dict.fromkeys(_PERIOD_ADVERBS, _schedule),
    "every": _every_word,
    "once": _times_word(1),
    "twice": _times_word(2),
    "thrice": _times_word(3),
    **{w: _hint(Hint.JOB) for w in ("job", "jobs", "batch", "cron", "cronjob", "etl")},
    **{w: _hint(Hint.JOB_WEAK) for w in ("run", "runs", "task", "script", "scheduled")},
    **{w: _hint(Hint.SERVICE) for w in ("service", "server", "api", "app", "application")},
    **{w: _hint(Hint.SERVICE) for w in ("backend", "microservice", "worker", "daemon")},
    **{w: _hint(Hint.SERVICE) for w in ("website", "site", "web", "container")},
    **{w: _hint(Hint.ALWAYS_ON) for w in ("always-on", "always_on", "alwayson", "24/7")},
    "24x7": _hint(Hint.ALWAYS_ON),
    "always": _always,
    **{w: _hint(Hint.REQUEST) for w in ("function", "endpoint", "webhook", "handler")},
    "request-driven": _hint(Hint.REQUEST),
    **dict.fromkeys(("steady", "constant", "flat", "even", "uniform"), _steady),
    **{word: _modifier(name) for word, name in _MODIFIER_WORDS.items() if name != "every"},
    "concurrency": _concurrency,
    "x": _times_x,
}


# ---------------------------------------------------------------------------------------------
# key=value pairs


def _pair_value(name: str, read: Callable[[str, str], Any]) -> Callable[[str, str], _Said]:
    def pair(key: str, value: str) -> _Said:
        return _Said(((name, read(key, value)),))

    return pair


def _region(key: str, value: str) -> str:
    if not REGION_PATTERN.fullmatch(value):
        raise InvalidInput(key, value, "a region code such as us-east-1 or eu-west-1")
    return value


def _instance_type(key: str, value: str) -> str:
    if not INSTANCE_TYPE_PATTERN.fullmatch(value):
        raise InvalidInput(key, value, "an instance type such as m7g.large or c7i.2xlarge")
    return value


def _memory(key: str, value: str) -> _Said:
    size_mb = parse_size_mb(key, value)
    unit = value.lstrip("0123456789.,_+- ")
    note = f"{value.upper()} = {plain_number(size_mb)}MB" if unit not in ("", "mb", "mib") else None
    name = "storage_mb" if key.startswith("storage") else "memory_mb"
    return _Said(((name, size_mb),), (note,))


def _counted(name: str) -> Callable[[str, str], _Said]:
    """`requests=3M`, `requests=100k/day`, `runs=30`, `runs=2/day`."""

    def pair(key: str, value: str) -> _Said:
        count_text, slash, unit = value.partition("/")
        period = _PERIOD_WORDS.get(unit.strip()) if slash else "month"
        if period is None:
            raise InvalidInput(key, value, "a count, or a count a period such as 100k/day")
        count = parse_count(key, count_text)
        if name == "monthly_runs":
            monthly = count * _PER_MONTH[period]
            return _Said(((name, monthly),), hints=frozenset({Hint.JOB}))
        return _volume_facts(count, period, False, f"{key}={value}")

    return pair


def _always_on(key: str, value: str) -> _Said:
    hint = Hint.ALWAYS_ON if parse_bool(key, value) else Hint.NOT_ALWAYS_ON
    return _Said(hints=frozenset({hint}))


_KINDS = {
    "request": Kind.REQUEST,
    "requests": Kind.REQUEST,
    "request-driven": Kind.REQUEST,
    "service": Kind.SERVICE,
    "job": Kind.JOB,
}


def _decimal(forms: str) -> Callable[[str, str], Decimal]:
    return lambda key, value: parse_decimal(key, value.removesuffix("x"), forms)


def _whole(low: int, high: int) -> Callable[[str, str], int]:
    return lambda key, value: parse_whole(key, value, low, high)


_PAIR_READERS: dict[str, Callable[[str, str], _Said]] = {
    "region": _pair_value("region", _region),
    "arch": _pair_value("arch", parse_arch),
    "os": _pair_value("os", lambda k, v: parse_choice(k, v, {"linux": "linux", "windows": "windows"})),
    "requests": _counted("monthly_requests"),
    "duration": _pair_value("duration_ms", parse_duration_ms),
    "memory": _memory,
    "storage": _memory,
    "free_tier": _pair_value("free_tier", parse_bool),
    "provisioned": _pair_value("provisioned", _whole(0, MAX_PROVISIONED)),
    "count": _pair_value("count", _whole(1, MAX_COUNT)),
    "vcpu": _pair_value("vcpu", _decimal("a number of vCPU such as 0.25, 2 or 4")),
    "hours": _pair_value("hours", parse_hours),
    "spot": _pair_value("spot", parse_bool),
    "type": _pair_value("instance_type", _instance_type),
    "gpus": _pair_value("gpus", _whole(0, MAX_GPUS)),
    "ebs": _pair_value("ebs_gb", lambda k, v: parse_size_mb(k, v, "gb") / MB_PER_GB),
    "rps": _pair_value("rps", parse_count),
    "peak_rps": _pair_value("peak_rps", parse_count),
    "runs": _counted("monthly_runs"),
    "always_on": _always_on,
    "latency": _pair_value(
        "latency", lambda k, v: parse_choice(k, v, {x: x for x in ("sensitive", "tolerant")})
    ),
    "kind": _pair_value(
        "kind", lambda k, v: Kind(parse_choice(k, v, {w: c.value for w, c in _KINDS.items()}))
    ),
    "utilization": _pair_value("target_utilization", parse_percent),
    "min_tasks": _pair_value("min_tasks", _whole(0, MAX_COUNT)),
    "vcpu_per_request": _pair_value("vcpu_per_request", _decimal("vCPU per request such as 0.1")),
    "peak_factor": _pair_value("peak_factor", _decimal("a factor such as 2 or 3x")),
}
_KEY_ALIASES = {
    "tasks": "count",
    "instances": "count",
    "gpu": "gpus",
    "instance_type": "type",
    "monthly_requests": "requests",
    "duration_ms": "duration",
    "memory_mb": "memory",
    "storage_mb": "storage",
    "monthly_runs": "runs",
    "ebs_gb": "ebs",
    "target_utilization": "utilization",
}
_PAIR_READERS.update({alias: _PAIR_READERS[key] for alias, key in _KEY_ALIASES.items()})


def _read_pair(token: Token) -> _Said:
    """One `key=value` pair; an unknown key names the closest known ones."""
    key = token.key or ""
    read = _PAIR_READERS.get(key)
    if read is None:
        close = closest_names(key, _PAIR_READERS) if len(key) <= 40 else []
        close = [name for name in close if name not in _KEY_ALIASES] or close
        hint = f"did you mean {' or '.join(close)}? " if close else ""
        keys = ", ".join(sorted(set(_PAIR_READERS) - set(_KEY_ALIASES)))
        raise InvalidInput("key", key[:40], f"unknown key; {hint}keys: {keys}")
    return read(_KEY_ALIASES.get(key, key), token.text)


_VOCABULARY = sorted(
    {*_WORD_READERS, *_UNITS, *_PERIOD_WORDS, *_PAIR_READERS} - {"x", "s", "h", "d", "g", "t"}
)
