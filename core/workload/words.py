"""Words with a meaning: arch, os, schedules, kinds, flags, modifiers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from core.units import (
    ARCH_CHOICES,
    parse_whole,
)
from core.workload.kinds import Hint
from core.workload.model import (
    MAX_COUNT,
    show_amount,
)
from core.workload.names import NAME_READERS
from core.workload.quantities import period_at
from core.workload.reading import Builder, Said
from core.workload.tokens import text_at
from core.workload.vocabulary import (
    MODIFIER_WORDS,
    PER_MONTH,
    PERIOD_ADVERBS,
    PERIOD_WORDS,
    UNITS,
)


def _fact(name: str, value: Any) -> Callable[[Builder], int]:
    def read(b: Builder) -> int:
        b.claim()
        b.set(name, value, b.tokens[b.i].raw)
        return b.i + 1

    return read


def _hint(hint: Hint) -> Callable[[Builder], int]:
    def read(b: Builder) -> int:
        b.claim()
        b.hints.add(hint)
        return b.i + 1

    return read


def _hints(*hints: Hint) -> Callable[[Builder], int]:
    def read(b: Builder) -> int:
        b.claim()
        b.hints.update(hints)
        return b.i + 1

    return read


def _modifier(name: str) -> Callable[[Builder], int]:
    """`peak`, `memory`, `every`…: a word that says what the next number is."""

    def read(b: Builder) -> int:
        if b.pending is None or b.pending[0] != name:  # "ephemeral storage": one modifier
            b.claim()
            b.pending = (name, b.tokens[b.i].raw)
        return b.i + 1

    return read


def _flag(name: str, words: int = 1) -> Callable[[Builder], int]:
    """`spot`, `free tier`; `without`/`no`/`not` before it turns it off."""

    def read(b: Builder) -> int:
        source = " ".join(token.raw for token in b.tokens[b.i : b.i + words])
        b.set(name, b.claim("not") is None, source)
        return b.i + words

    return read


def _two_words(second: Mapping[str, Callable[[Builder], int]]) -> Callable[[Builder], int]:
    """A word that means something only with the next one: `free tier`, `latency sensitive`."""

    def read(b: Builder) -> int:
        follow = second.get(text_at(b.tokens, b.i + 1))
        if follow is not None:
            return follow(b)
        b.claim()
        b.unread.append(b.tokens[b.i].raw)
        return b.i + 1

    return read


def _latency(value: str, words: int) -> Callable[[Builder], int]:
    def read(b: Builder) -> int:
        b.claim()
        b.set("latency", value, " ".join(t.raw for t in b.tokens[b.i : b.i + words]))
        return b.i + words

    return read


def _steady(b: Builder) -> int:
    """`steady`, `constant`, `flat`: traffic whose peak is its average (peak_factor=1)."""
    b.claim()
    word = b.tokens[b.i].raw
    b.say(
        Said((("peak_factor", Decimal(1)),), (f"read '{word}' as peak_factor=1: the peak is the average",)),
        word,
    )
    return b.i + 1


def _schedule(b: Builder) -> int:
    """`nightly`, `daily`, `hourly`, `weekly`, `monthly`: a job and its runs a month."""
    b.claim()
    word = b.tokens[b.i].text
    period = PERIOD_ADVERBS[word]
    runs = PER_MONTH[period]
    shown = "52/12 ≈ 4.33" if period == "week" else show_amount(runs)
    if word == "nightly":
        note = f"read 'nightly' as {shown} runs a month"
    else:
        note = f"{word} = {shown} runs a month" + (" (730 hours)" if period == "hour" else "")
    b.say(Said((("monthly_runs", runs),), (note,), frozenset({Hint.JOB})), word)
    return b.i + 1


def _every_word(b: Builder) -> int:
    """`every day`, `every hour`; `every 15 minutes` is read with the number."""
    unit = text_at(b.tokens, b.i + 1)
    if unit in PERIOD_WORDS:
        b.claim()
        runs = PER_MONTH[PERIOD_WORDS[unit]]
        source = f"every {b.tokens[b.i + 1].raw}"
        note = f"{source} = {show_amount(runs)} runs a month"
        b.say(Said((("monthly_runs", runs),), (note,), frozenset({Hint.JOB})), source)
        return b.i + 2
    return _modifier("every")(b)


def _times_word(times: int) -> Callable[[Builder], int]:
    """`twice a day`, `once an hour`, `three times daily` is `3 times daily`."""

    def read(b: Builder) -> int:
        b.claim()
        period = period_at(b.tokens, b.i + 1, adverbs=True)
        if period is None:
            b.unread.append(b.tokens[b.i].raw)
            return b.i + 1
        runs = times * PER_MONTH[period[0]]
        source = " ".join(t.raw for t in b.tokens[b.i : period[1]])
        note = f"{source} = {show_amount(runs)} runs a month"
        b.say(Said((("monthly_runs", runs),), (note,), frozenset({Hint.JOB})), source)
        return period[1]

    return read


def _always(b: Builder) -> int:
    if text_at(b.tokens, b.i + 1) in ("on", "running", "up"):
        b.claim()
        b.hints.add(Hint.ALWAYS_ON)
        return b.i + 2
    b.claim()
    b.unread.append(b.tokens[b.i].raw)
    return b.i + 1


def _times_x(b: Builder) -> int:
    """`x 3`: three of them."""
    b.claim()
    after = text_at(b.tokens, b.i + 1)
    if after.isascii() and after.isdigit():
        source = f"x {b.tokens[b.i + 1].raw}"
        b.set("count", parse_whole("count", after, 1, MAX_COUNT), source)
        return b.i + 2
    b.unread.append(b.tokens[b.i].raw)
    return b.i + 1


def _gpu(b: Builder) -> int:
    """`GPU inference`: one GPU; `GPU 2` (as Korean puts it, `GPU 2개`): the number that follows."""
    after = text_at(b.tokens, b.i + 1)
    if after.isdigit() and text_at(b.tokens, b.i + 2) not in UNITS:  # not `GPU, 5 req/s`
        return _modifier("gpus")(b)
    b.claim()
    word = b.tokens[b.i].raw
    b.say(Said((("gpus", 1),), (f"read {word!r} as 1 GPU",)), word)
    return b.i + 1


def _concurrency(b: Builder) -> int:
    if b.pending is not None and b.pending[0] == "provisioned":
        return b.i + 1  # "provisioned concurrency of 10"
    b.claim()
    b.unread.append(b.tokens[b.i].raw)
    return b.i + 1


def _door(value: str, words: int = 1) -> Callable[[Builder], int]:
    """`ALB`, `NLB`, `function URL`, `REST API`: the front door; `no` before it means none."""

    def read(b: Builder) -> int:
        source = " ".join(token.raw for token in b.tokens[b.i : b.i + words])
        door = "none" if b.claim("not") else value
        b.set("front_door", door, source)
        return b.i + words

    return read


def _api(b: Builder) -> int:
    """`API`: a web service (a hint), or the start of `API Gateway`."""
    if text_at(b.tokens, b.i + 1) in ("gateway", "gw"):
        return b.i + 1  # the gateway reads both
    b.claim()
    b.hints.update((Hint.SERVICE, Hint.WEB))
    return b.i + 1


def _gateway(b: Builder) -> int:
    """`API Gateway` is its REST API unless `HTTP API` follows; `API Gateway HTTP API`."""
    start = b.i - 1 if text_at(b.tokens, b.i - 1) == "api" else b.i
    end = b.i + 1
    door = "rest-api"
    if text_at(b.tokens, end) == "http":
        door, end = "http-api", end + 1 + (text_at(b.tokens, end + 1) == "api")
    elif text_at(b.tokens, end) == "rest":
        end += 1 + (text_at(b.tokens, end + 1) == "api")
    b.claim()
    b.set("front_door", door, " ".join(t.raw for t in b.tokens[start:end]))
    return end


def _internal(b: Builder) -> int:
    """`internal`: no front door and no public addresses."""
    b.claim()
    word = b.tokens[b.i].raw
    b.say(Said((("front_door", "none"), ("public", False))), word)
    return b.i + 1


def _cpu_bound(value: bool, words: int = 1) -> Callable[[Builder], int]:
    def read(b: Builder) -> int:
        b.claim()
        b.set("cpu_bound", value, " ".join(t.raw for t in b.tokens[b.i : b.i + words]))
        return b.i + words

    return read


def _bound(b: Builder) -> int:
    """`CPU bound`, `CPU intensive`: the `cpu` before it was read as a modifier."""
    if b.pending is not None and b.pending[1].lower() in ("cpu", "cpus"):
        source = f"{b.pending[1]} {b.tokens[b.i].raw}"
        b.pending = None
        b.set("cpu_bound", True, source)
        return b.i + 1
    b.claim()
    b.unread.append(b.tokens[b.i].raw)
    return b.i + 1


def _i_o(b: Builder) -> int:
    """`I/O-bound` (split at its slash): the default, CPU time a fifth of the duration."""
    after = [text_at(b.tokens, b.i + k) for k in (1, 2, 3)]
    if after[0] == "/" and after[1] == "o-bound":
        return _cpu_bound(False, 3)(b)
    if after[0] == "/" and after[1] == "o" and after[2] == "bound":
        return _cpu_bound(False, 4)(b)
    b.claim()
    b.unread.append(b.tokens[b.i].raw)
    return b.i + 1


def _autoscaling(b: Builder) -> int:
    """`autoscaling`; `no autoscaling` prices the peak all month."""
    b.set("autoscale", b.claim("not") is None, b.tokens[b.i].raw)
    return b.i + 1


_ARCH_WORDS = {**ARCH_CHOICES, "x86-64": "x86_64", "graviton2": "arm64", "graviton3": "arm64"}
_ARCH_WORDS["graviton4"] = "arm64"
_FREE_TIER = _flag("free_tier", 2)
_SENSITIVE = ("sensitive", "critical")
_TOLERANT = ("tolerant", "insensitive")


WORD_READERS: dict[str, Callable[[Builder], int]] = {
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
    **dict.fromkeys(PERIOD_ADVERBS, _schedule),
    "every": _every_word,
    "once": _times_word(1),
    "twice": _times_word(2),
    "thrice": _times_word(3),
    **{w: _hint(Hint.JOB) for w in ("job", "jobs", "batch", "cron", "cronjob", "etl")},
    **{w: _hint(Hint.JOB_WEAK) for w in ("run", "runs", "task", "script", "scheduled")},
    **{w: _hint(Hint.SERVICE) for w in ("service", "server", "app", "application")},
    **{w: _hint(Hint.SERVICE) for w in ("backend", "microservice", "worker", "daemon", "container")},
    **{w: _hints(Hint.SERVICE, Hint.WEB) for w in ("website", "site", "web", "webapp", "frontend")},
    "api": _api,
    "apis": _api,
    "gateway": _gateway,
    "gw": _gateway,
    "http": _two_words({"api": _door("http-api", 2)}),
    "rest": _two_words({"api": _door("rest-api", 2)}),
    **dict.fromkeys(("http-api", "httpapi"), _door("http-api")),
    **dict.fromkeys(("rest-api", "restapi", "apigateway", "api-gateway"), _door("rest-api")),
    "url": _door("function-url"),
    **dict.fromkeys(("function-url", "function_url"), _door("function-url")),
    **dict.fromkeys(("alb", "albs", "balancer", "load-balancer", "loadbalancer", "elb"), _door("alb")),
    **dict.fromkeys(("nlb", "nlbs"), _door("nlb")),
    "internal": _internal,
    **dict.fromkeys(("private", "private-subnet", "private-subnets"), _fact("public", False)),
    **dict.fromkeys(("public", "internet-facing", "public-facing"), _fact("public", True)),
    **dict.fromkeys(("cpu-bound", "cpu_bound", "compute-bound", "compute-heavy"), _cpu_bound(True)),
    **dict.fromkeys(("cpu-intensive", "compute-intensive", "cpu-heavy"), _cpu_bound(True)),
    **dict.fromkeys(("io-bound", "i/o-bound", "o-bound"), _cpu_bound(False)),
    "compute": _two_words(dict.fromkeys(("bound", "heavy", "intensive"), _cpu_bound(True, 2))),
    "io": _two_words({"bound": _cpu_bound(False, 2)}),
    "i": _i_o,
    **dict.fromkeys(("bound", "intensive"), _bound),
    **dict.fromkeys(("autoscaling", "autoscaled", "auto-scaling", "autoscale"), _autoscaling),
    **dict.fromkeys(("nvidia", "cuda"), _fact("gpu", "nvidia")),
    **dict.fromkeys(("amd", "radeon", "rocm"), _fact("gpu", "amd")),
    **{w: _hint(Hint.ALWAYS_ON) for w in ("always-on", "always_on", "alwayson", "24/7")},
    "24x7": _hint(Hint.ALWAYS_ON),
    "always": _always,
    **{w: _hint(Hint.REQUEST) for w in ("function", "endpoint", "webhook", "handler")},
    "request-driven": _hint(Hint.REQUEST),
    **dict.fromkeys(("steady", "constant", "flat", "even", "uniform"), _steady),
    **{word: _modifier(name) for word, name in MODIFIER_WORDS.items() if name != "every"},
    "concurrency": _concurrency,
    "x": _times_x,
    **dict.fromkeys(("gpu", "gpus"), _gpu),
    **NAME_READERS,
}
