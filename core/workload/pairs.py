"""A workload written back as the `key=value` pairs the workload parser reads.

Slack's "Edit inputs" form shows a stored workload in fields a person can change, and submits them
as text that `parse_workload` reads again, so the form needs each field in a form the parser takes
back. Values are short and exact (`3M`, `40min`, `1.5GB`, else `3333333`, `1500MB`), so nothing
drifts when a form is submitted unchanged; the one exception is a rate below 1 whose decimals don't
end (7 requests an hour is 0.0019444… req/s), which is cut to the parser's 30 digits: a change in
the 28th significant digit, far below a cent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from core.units import MAX_DIGITS, format_count, format_duration_ms, format_size_mb
from core.workload.model import Workload, plain_number
from core.workload.text import parse_workload

_FINEST = Decimal(10) ** -(MAX_DIGITS - 1)  # "0." and 29 decimals: 30 digits


def _decimal(value: object) -> Decimal:
    assert isinstance(value, Decimal)  # only Decimal fields are written with these
    return value


def _number(value: object) -> str:
    return plain_number(_decimal(value))


def _count(value: object) -> str:
    text = format_count(_decimal(value))
    if len(text.replace(".", "")) <= MAX_DIGITS:
        return text
    # Only a number below 1 gets here: leading zeros push its 28 significant digits past the limit.
    return plain_number(_decimal(value).quantize(_FINEST))


def _duration(value: object) -> str:
    return format_duration_ms(_decimal(value))


def _size(value: object) -> str:
    return format_size_mb(_decimal(value))


def _percent(value: object) -> str:
    return f"{plain_number(_decimal(value) * 100)}%"


def _yes(_value: object) -> str:
    return "yes"


def _yes_no(value: object) -> str:
    return "yes" if value else "no"


def _factors(value: object) -> str:
    assert isinstance(value, tuple)
    return ",".join(plain_number(_decimal(f)) for f in value)


# The parser's key for each field, and how to write its value; in the order people read them.
_WRITERS: dict[str, tuple[str, Callable[[object], str]]] = {
    "monthly_requests": ("requests", _count),
    "rps": ("rps", _count),
    "peak_rps": ("peak_rps", _count),
    "monthly_runs": ("runs", _count),
    "duration_ms": ("duration", _duration),
    "vcpu": ("vcpu", _number),
    "memory_mb": ("memory", _size),
    "storage_mb": ("storage", _size),
    "count": ("count", str),
    "instance_type": ("type", str),
    "gpus": ("gpus", str),
    "hours": ("hours", lambda v: f"{_number(v)}h"),
    "ebs_gb": ("ebs", lambda v: f"{_number(v)}GB"),
    "os": ("os", str),
    "latency": ("latency", str),
    "provisioned": ("provisioned", str),
    "target_utilization": ("utilization", _percent),
    "min_tasks": ("min_tasks", str),
    "vcpu_per_request": ("vcpu_per_request", _number),
    "peak_factor": ("peak_factor", _number),
    "free_tier": ("free_tier", _yes),
    "spot": ("spot", _yes),
    "cpu_ms": ("cpu_ms", _duration),
    "cpu_bound": ("cpu_bound", _yes),
    "websocket": ("websocket", _yes),
    "base_memory_mb": ("base_memory", _size),
    "request_memory_mb": ("request_memory", _size),
    "average_cpu": ("average_cpu", _percent),
    "autoscale": ("autoscale", _yes_no),
    "hourly_shape": ("hourly_shape", _factors),
    "front_door": ("front_door", str),
    "public": ("public", _yes_no),
    "request_kb": ("request_kb", _number),
    "requests_per_connection": ("requests_per_connection", _count),
    "log_kb": ("log_kb", _number),
    "nat_gb": ("nat_gb", lambda v: f"{_number(v)}GB"),
    "gpu": ("gpu", str),
    "ec2_discount": ("ec2_discount", _percent),
    "fargate_discount": ("fargate_discount", _percent),
    "lambda_discount": ("lambda_discount", _percent),
    "commitment": ("commitment", str),
}
# What goes without saying: the parser assumes these when a field is not given.
_UNSAID: dict[str, object] = {
    "os": "linux",
    "free_tier": False,
    "spot": False,
    "cpu_bound": False,
    "websocket": False,
    "autoscale": True,
}


def workload_pairs(workload: Workload) -> dict[str, str]:
    """Every field the workload gives, as parser keys and values; `kind`, `region` and `arch` first.

    `parse_workload(" ".join(f"{k}={v}" ...))` gives the same workload back, but for its notes.
    """
    pairs = {"kind": workload.kind.value, "region": workload.region, "arch": workload.arch}
    for name, (key, write) in _WRITERS.items():
        value = getattr(workload, name)
        if value is not None and value != _UNSAID.get(name):
            pairs[key] = write(value)
    return pairs


def pairs_text(pairs: dict[str, str]) -> str:
    """`key=value key=value`: the text `parse_workload` reads."""
    return " ".join(f"{key}={value}" for key, value in pairs.items())


_SAID_UNLESS = {"region": "us-east-1", "arch": "x86_64"}  # left out of the table: the defaults


def phrase_table(phrases: Iterable[str]) -> str:
    """A Markdown table of what each phrase is read as, in key=value pairs (README: "What it reads")."""
    rows = ["| you say | read as |", "|---|---|"]
    for phrase in phrases:
        pairs = workload_pairs(parse_workload(phrase))
        shown = {key: value for key, value in pairs.items() if _SAID_UNLESS.get(key) != value}
        rows.append(f"| `{phrase}` | `{pairs_text(shown)}` |")
    return "\n".join(rows) + "\n"
