"""The workload: what runs, how often and how big. A frozen value, validated when it is built.

Unknown volume or size is `None`, never `0`: the advice fills it from a named default and says so. Sanity
bounds stop absurd input (a typo, an attack); AWS's own limits (Lambda's 15 minutes, Fargate's
16 vCPU) are not checked here, because the advice reports those options as infeasible instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from core.constants import HOURS_PER_WEEK, MB_PER_TB, MS_PER_DAY
from core.errors import InvalidInput
from core.units import format_count, format_duration_ms, format_size_mb

MAX_MONTHLY_REQUESTS = Decimal(10) ** 15
MAX_RPS = Decimal(10) ** 9
MAX_DURATION_MS = 31 * MS_PER_DAY
MAX_MEMORY_MB = 24 * MB_PER_TB  # the largest EC2 instance has 24 TB
MAX_STORAGE_MB = 64 * MB_PER_TB
MAX_VCPU = Decimal(1024)
MAX_MONTHLY_RUNS = Decimal(10) ** 12
MAX_HOURS = Decimal(744)  # a 31-day month
MAX_EBS_GB = Decimal(10) ** 6
MAX_PEAK_FACTOR = Decimal(1000)
MAX_COUNT = 100_000
MAX_GPUS = 64
MAX_PROVISIONED = 100_000
MAX_REQUEST_KB = Decimal(10 * 1024 * 1024)
MAX_NAT_GB = Decimal(10) ** 9
MAX_DISCOUNT = Decimal("0.99")
MIN_EXPONENT = -12  # finer than 10^-12 of any unit is a typo, and would print a page of zeros
SHAPE_HOURS = (24, 168)  # a day's hourly factors, or a week's
SHAPE_TOLERANCE = Decimal("0.001")  # an hourly shape's mean may be this far from 1
FRONT_DOORS = ("http-api", "rest-api", "function-url", "alb", "nlb", "none")
GPU_VENDORS = ("nvidia", "amd", "any")
ARCHES = ("x86_64", "arm64")
OSES = ("linux", "windows")
# A Compute Savings Plan priced at AWS's own rates (core/prices/savings.py names them the same way).
COMMITMENTS = tuple(
    f"compute-{years}y-{payment}-upfront" for years in (1, 3) for payment in ("no", "partial", "all")
)
LATENCIES = ("sensitive", "tolerant")
# a region (eu-west-1), or a Local or Wavelength Zone (us-east-1-bos-1, us-east-1-wl1-atl1)
REGION_PATTERN = re.compile(r"[a-z]{2}(?:-[a-z]+){1,3}-[0-9]{1,2}(?:-[a-z0-9]{1,6}){0,2}", re.ASCII)
INSTANCE_TYPE_PATTERN = re.compile(
    r"[a-z][a-z0-9-]{0,24}\.(?:nano|micro|small|medium|large|[0-9]{0,3}xlarge|metal(?:-[0-9]{1,3}xl)?)",
    re.ASCII,
)

# What a type's name looks like when named by key (`type=m5.lrge`): loose, so that a misspelt name
# reaches the price catalog, which knows the real ones and says which are closest.
TYPE_NAME_PATTERN = re.compile(r"[a-z][a-z0-9-]{0,24}\.[a-z0-9-]{1,24}", re.ASCII)

# The name a user types for each field, where it differs from the attribute.
FIELD_KEYS = {
    "monthly_requests": "requests",
    "duration_ms": "duration",
    "memory_mb": "memory",
    "storage_mb": "storage",
    "monthly_runs": "runs",
    "ebs_gb": "ebs",
    "instance_type": "type",
    "target_utilization": "utilization",
    "base_memory_mb": "base_memory",
    "request_memory_mb": "request_memory",
}


class Kind(StrEnum):
    """How the work arrives: per request, as an always-on service, or as scheduled runs."""

    REQUEST = "request-driven"
    SERVICE = "service"
    JOB = "job"


class MissingInput(InvalidInput):
    """A field the workload needs was not given: names it and the forms that would supply it."""

    def __init__(self, field: str, accepted: str) -> None:
        super().__init__(field, None, accepted)
        self.args = (f"{field}: missing; {accepted}",)


@dataclass(frozen=True, slots=True)
class Workload:
    """One workload's shape and volume; `None` means not given (a named default applies)."""

    kind: Kind
    region: str = "us-east-1"
    arch: str = "x86_64"
    os: str = "linux"
    monthly_requests: Decimal | None = None
    rps: Decimal | None = None
    peak_rps: Decimal | None = None
    duration_ms: Decimal | None = None
    memory_mb: Decimal | None = None
    storage_mb: Decimal | None = None
    vcpu: Decimal | None = None
    count: int | None = None
    monthly_runs: Decimal | None = None
    hours: Decimal | None = None
    gpus: int | None = None
    instance_type: str | None = None
    ebs_gb: Decimal | None = None
    latency: str | None = None
    free_tier: bool = False
    spot: bool = False
    provisioned: int | None = None
    target_utilization: Decimal | None = None
    min_tasks: int | None = None
    vcpu_per_request: Decimal | None = None
    peak_factor: Decimal | None = None
    # How a request-driven fleet is sized (README: "How advice is worked out")
    cpu_ms: Decimal | None = None  # CPU time per request
    cpu_bound: bool = False  # each request keeps Lambda's CPU share busy its whole duration
    websocket: bool = False  # clients hold WebSocket connections open (Lambda can't hold them itself)
    base_memory_mb: Decimal | None = None  # held by each task or instance whatever its traffic
    request_memory_mb: Decimal | None = None  # working memory per request in flight
    autoscale: bool = True  # False: the peak hour's fleet all month
    hourly_shape: tuple[Decimal, ...] | None = None  # 24 or 168 observed factors of the average, mean 1
    # Around the compute: the front door and overheads
    front_door: str | None = None  # http-api, rest-api, function-url, alb, nlb or none
    public: bool | None = None  # internet-facing: public IPv4 per task or instance
    request_kb: Decimal | None = None  # bytes in and out per request, in KB
    requests_per_connection: Decimal | None = None  # clients' keep-alive: requests per new connection
    log_kb: Decimal | None = None  # application log per request, in KB
    nat_gb: Decimal | None = None  # GB a month through a NAT gateway
    # Commitments: fraction off list on the compute a Savings Plan or RI covers
    ec2_discount: Decimal | None = None
    fargate_discount: Decimal | None = None
    lambda_discount: Decimal | None = None
    commitment: str | None = None  # a Compute Savings Plan, priced at AWS's rates: compute-1y-no-upfront
    # Instance choice
    gpu: str | None = None  # GPU vendor: nvidia (the default), amd or any
    average_cpu: Decimal | None = None  # a service's average CPU, as a fraction of its vCPUs
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        validate(self)

    def changed(self, **changes: Any) -> Workload:
        """A copy with `changes` applied, validated again."""
        return replace(self, **changes)

    def describe(self) -> str:
        """A short human line: `3M requests/month · 120ms · 1.5GB · x86_64 · us-east-1`."""
        return " · ".join(describe_parts(self))

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready values (Decimals as strings) that `from_dict` reads back exactly: the
        kind and every field that differs from its default (short enough for a Slack button)."""
        return {
            f.name: _dump(getattr(self, f.name))
            for f in fields(self)
            if f.name == "kind" or getattr(self, f.name) != f.default
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Workload:
        """The workload `to_dict` wrote; InvalidInput if `data` is not one."""
        unknown = sorted(set(data) - set(_FIELD_TYPES))
        if unknown:
            raise InvalidInput("workload", unknown[0], "a field of a workload")
        if "kind" not in data:
            raise MissingInput("kind", "one of " + ", ".join(k.value for k in Kind))
        return cls(**{name: _load(name, value) for name, value in data.items()})


def field_key(name: str) -> str:
    """The name a user types for the attribute `name`: `monthly_requests` is `requests`."""
    return FIELD_KEYS.get(name, name)


def _dump(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple):
        return [_dump(item) for item in value]
    if isinstance(value, Kind):
        return value.value
    return value


# The type of each field, from its annotation: how to read it back from JSON.
_FIELD_TYPES = {f.name: str(f.type).removesuffix(" | None") for f in fields(Workload)}
_KINDS = {k.value for k in Kind}
_OPTIONAL = {f.name for f in fields(Workload) if str(f.type).endswith("| None")}


def _load(name: str, value: object) -> Any:
    """One stored value back to its field type; InvalidInput on anything else."""
    kind = _FIELD_TYPES[name]
    if value is None and name in _OPTIONAL:
        return None
    loaded = _LOADERS[kind](value)
    if loaded is None:
        raise InvalidInput(field_key(name), value, f"a stored {kind}")
    return loaded


def _load_decimal(value: object) -> Decimal | None:
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def _load_notes(value: object) -> tuple[str, ...] | None:
    if isinstance(value, list | tuple) and all(isinstance(note, str) for note in value):
        return tuple(value)
    return None


def _load_factors(value: object) -> tuple[Decimal, ...] | None:
    if not isinstance(value, list | tuple) or len(value) > HOURS_PER_WEEK:
        return None
    factors = [_load_decimal(item) for item in value]
    return None if any(f is None for f in factors) else tuple(f for f in factors if f is not None)


_LOADERS: dict[str, Callable[[object], object]] = {
    "Decimal": _load_decimal,
    "int": lambda v: v if isinstance(v, int) and not isinstance(v, bool) else None,
    "bool": lambda v: v if isinstance(v, bool) else None,
    "str": lambda v: v if isinstance(v, str) else None,
    "Kind": lambda v: Kind(v) if isinstance(v, str) and v in _KINDS else None,
    "tuple[str, ...]": _load_notes,
    "tuple[Decimal, ...]": _load_factors,
}


@dataclass(frozen=True, slots=True)
class _Range:
    """The sane values of one number field: `low` (exclusive if `above`) up to `high`."""

    low: Decimal
    high: Decimal
    above: bool
    unit: str


_RANGES = {
    "monthly_requests": _Range(Decimal(0), MAX_MONTHLY_REQUESTS, False, "requests a month"),
    "rps": _Range(Decimal(0), MAX_RPS, False, "requests a second"),
    "peak_rps": _Range(Decimal(0), MAX_RPS, False, "requests a second"),
    "duration_ms": _Range(Decimal(0), MAX_DURATION_MS, True, "ms (31 days)"),
    "memory_mb": _Range(Decimal(0), MAX_MEMORY_MB, True, "MB (24 TB)"),
    "storage_mb": _Range(Decimal(0), MAX_STORAGE_MB, True, "MB (64 TB)"),
    "vcpu": _Range(Decimal(0), MAX_VCPU, True, "vCPU"),
    "monthly_runs": _Range(Decimal(0), MAX_MONTHLY_RUNS, False, "runs a month"),
    "hours": _Range(Decimal(0), MAX_HOURS, True, "hours a month"),
    "ebs_gb": _Range(Decimal(0), MAX_EBS_GB, True, "GB"),
    "target_utilization": _Range(Decimal(0), Decimal(1), True, "(a fraction: 0.6 is 60%)"),
    "vcpu_per_request": _Range(Decimal(0), MAX_VCPU, True, "vCPU"),
    "peak_factor": _Range(Decimal(1), MAX_PEAK_FACTOR, False, "times the average"),
    "count": _Range(Decimal(1), Decimal(MAX_COUNT), False, "instances or tasks"),
    "gpus": _Range(Decimal(0), Decimal(MAX_GPUS), False, "GPUs"),
    "provisioned": _Range(Decimal(0), Decimal(MAX_PROVISIONED), False, "concurrent executions"),
    "min_tasks": _Range(Decimal(0), Decimal(MAX_COUNT), False, "tasks"),
    "cpu_ms": _Range(Decimal(0), MAX_DURATION_MS, False, "ms"),
    "base_memory_mb": _Range(Decimal(0), MAX_MEMORY_MB, False, "MB (24 TB)"),
    "request_memory_mb": _Range(Decimal(0), MAX_MEMORY_MB, False, "MB (24 TB)"),
    "request_kb": _Range(Decimal(0), MAX_REQUEST_KB, False, "KB (10 GB)"),
    "log_kb": _Range(Decimal(0), MAX_REQUEST_KB, False, "KB (10 GB)"),
    "requests_per_connection": _Range(Decimal(1), MAX_RPS, False, "requests per connection"),
    "nat_gb": _Range(Decimal(0), MAX_NAT_GB, False, "GB a month"),
    "ec2_discount": _Range(Decimal(0), MAX_DISCOUNT, False, "(a fraction: 0.2 is 20% off)"),
    "fargate_discount": _Range(Decimal(0), MAX_DISCOUNT, False, "(a fraction: 0.2 is 20% off)"),
    "lambda_discount": _Range(Decimal(0), MAX_DISCOUNT, False, "(a fraction: 0.2 is 20% off)"),
    "average_cpu": _Range(Decimal(0), Decimal(1), True, "(a fraction: 0.3 is 30%)"),
}
_WHOLE = frozenset({"count", "gpus", "provisioned", "min_tasks"})
_CHOICES = {
    "arch": ARCHES,
    "os": OSES,
    "latency": LATENCIES,
    "front_door": FRONT_DOORS,
    "gpu": GPU_VENDORS,
    "commitment": COMMITMENTS,
}
_NAME_FORMS = {
    "region": (REGION_PATTERN, "a region code such as us-east-1 or eu-west-1"),
    "instance_type": (TYPE_NAME_PATTERN, "an instance type such as m7g.large"),
}
_NEEDS: dict[Kind, tuple[tuple[tuple[str, ...], str, str], ...]] = {
    Kind.REQUEST: (
        (
            ("monthly_requests", "rps", "peak_rps"),
            "requests",
            "give the request volume, such as 3M requests/month, 50 req/s or requests=3M",
        ),
        (("duration_ms",), "duration", "give the average time per request, such as 120ms"),
    ),
    Kind.SERVICE: (
        (
            ("vcpu", "memory_mb", "instance_type"),
            "vcpu",
            "give the size of one task or instance, such as 2 vCPU 4GB or m7g.large",
        ),
    ),
    Kind.JOB: (
        (
            ("monthly_runs",),
            "runs",
            "give how often it runs, such as nightly, hourly, every 15 minutes or runs=100",
        ),
        (("duration_ms",), "duration", "give how long one run takes, such as 40 minutes"),
    ),
}


def validate(workload: Workload) -> None:
    """Raise InvalidInput naming the first field that is absurd, unknown or missing."""
    if not isinstance(workload.kind, Kind):
        raise InvalidInput("kind", workload.kind, "one of " + ", ".join(k.value for k in Kind))
    for name, limits in _RANGES.items():
        _check_range(name, getattr(workload, name), limits)
    rps, peak_rps = workload.rps, workload.peak_rps
    if rps is not None and peak_rps is not None and peak_rps < rps:
        shown = plain_number(peak_rps)
        raise InvalidInput("peak_rps", shown, f"at least the average rps ({plain_number(rps)})")
    for name, choices in _CHOICES.items():
        value = getattr(workload, name)
        if value is not None and value not in choices:
            raise InvalidInput(field_key(name), value, "one of " + ", ".join(choices))
    for name, (pattern, forms) in _NAME_FORMS.items():
        value = getattr(workload, name)
        if value is not None and (not isinstance(value, str) or not pattern.fullmatch(value)):
            raise InvalidInput(field_key(name), value, forms)
    _check_flags(workload)
    for names, key, forms in _NEEDS[workload.kind]:
        if all(getattr(workload, name) is None for name in names):
            raise MissingInput(key, forms)


def _check_range(name: str, value: object, limits: _Range) -> None:
    if value is None:
        return
    key = field_key(name)
    whole = name in _WHOLE
    if whole and (not isinstance(value, int) or isinstance(value, bool)):
        raise InvalidInput(key, value, "a whole number")
    if not whole and (not isinstance(value, Decimal) or not value.is_finite()):
        raise InvalidInput(key, value, "an exact decimal number")
    number = Decimal(value) if isinstance(value, int) else value
    assert isinstance(number, Decimal)  # narrowed above; says so to mypy
    if number and number.adjusted() < MIN_EXPONENT:
        raise InvalidInput(key, str(number), "a number no finer than 10^-12")
    too_low = number <= limits.low if limits.above else number < limits.low
    if too_low or number > limits.high:
        least = "above" if limits.above else "at least"
        shown = plain_number(number)
        given = shown if len(shown) <= 40 else shown[:40] + "…"
        bounds = f"{least} {plain_number(limits.low)} and at most {plain_number(limits.high)} {limits.unit}"
        raise InvalidInput(key, given, bounds)


def _check_flags(workload: Workload) -> None:
    for name in ("free_tier", "spot", "cpu_bound", "autoscale", "websocket"):
        if not isinstance(getattr(workload, name), bool):
            raise InvalidInput(name, getattr(workload, name), "yes or no")
    if workload.public is not None and not isinstance(workload.public, bool):
        raise InvalidInput("public", workload.public, "yes or no")
    _check_shape(workload.hourly_shape)
    if not all(isinstance(note, str) for note in workload.notes):
        raise InvalidInput("notes", workload.notes, "a tuple of strings")


def _check_shape(shape: object) -> None:
    """An hourly shape: 24 or 168 factors of the average rate, none negative, mean 1."""
    if shape is None:
        return
    forms = "24 or 168 hourly factors of the average rate, each 0 or more, with mean 1"
    if not isinstance(shape, tuple) or len(shape) not in SHAPE_HOURS:
        raise InvalidInput(
            "hourly_shape", f"{len(shape) if isinstance(shape, tuple) else shape} values", forms
        )
    if not all(isinstance(f, Decimal) and f.is_finite() and f >= 0 for f in shape):
        raise InvalidInput("hourly_shape", "a value that is not a number of 0 or more", forms)
    mean = sum(shape, Decimal(0)) / len(shape)
    if abs(mean - 1) > SHAPE_TOLERANCE:
        raise InvalidInput("hourly_shape", f"mean {plain_number(mean)}", forms)


def describe_parts(workload: Workload) -> list[str]:
    """The pieces of `Workload.describe`, in reading order; fields not given are left out."""
    service = "always-on service" if workload.hours is None else "service"
    head = {Kind.SERVICE: [service], Kind.JOB: ["job"]}.get(workload.kind, [])
    given = [
        describe_value(name, getattr(workload, name))
        for name in _DESCRIBED
        if getattr(workload, name) not in (None, False, "linux")  # Linux goes without saying
    ]
    given += [text for flag, text in _SAID_WHEN_OFF.items() if getattr(workload, flag) is False]
    return [*head, *given, workload.arch, workload.region]


_SAID_WHEN_OFF = {"autoscale": "no autoscaling", "public": "internal"}


_DESCRIBED = (
    "monthly_runs",
    "monthly_requests",
    "rps",
    "peak_rps",
    "duration_ms",
    "vcpu",
    "memory_mb",
    "storage_mb",
    "gpus",
    "instance_type",
    "count",
    "ebs_gb",
    "hours",
    "os",
    "provisioned",
    "latency",
    "spot",
    "free_tier",
    "target_utilization",
    "min_tasks",
    "vcpu_per_request",
    "peak_factor",
    "cpu_ms",
    "cpu_bound",
    "websocket",
    "base_memory_mb",
    "request_memory_mb",
    "average_cpu",
    "hourly_shape",
    "front_door",
    "request_kb",
    "requests_per_connection",
    "log_kb",
    "nat_gb",
    "gpu",
    "ec2_discount",
    "fargate_discount",
    "lambda_discount",
    "commitment",
)
_FORMS: dict[str, str] = {
    "vcpu": "{} vCPU",
    "gpus": "{} GPU",
    "count": "×{}",
    "ebs_gb": "{} EBS",
    "hours": "{}h/month",
    "provisioned": "{} provisioned",
    "latency": "latency-{}",
    "min_tasks": "min {} tasks",
    "vcpu_per_request": "{} vCPU/request",
    "peak_factor": "peak ×{}",
    "monthly_requests": "{} requests/month",
    "monthly_runs": "{} runs/month",
    "rps": "{} req/s",
    "peak_rps": "{} req/s peak",
    "storage_mb": "{} storage",
    "target_utilization": "{} utilization",
    "spot": "spot",
    "free_tier": "free tier",
    "cpu_ms": "{} CPU/request",
    "cpu_bound": "CPU-bound",
    "websocket": "WebSockets",
    "base_memory_mb": "{} base memory",
    "request_memory_mb": "{}/request in flight",
    "average_cpu": "{} CPU on average",
    "hourly_shape": "observed hourly shape",
    "front_door": "front door {}",
    "request_kb": "{}KB/request",
    "requests_per_connection": "{} requests/connection",
    "log_kb": "{}KB log/request",
    "nat_gb": "{}GB via NAT",
    "gpu": "{} GPU",
    "ec2_discount": "EC2 {} off",
    "fargate_discount": "Fargate {} off",
    "lambda_discount": "Lambda {} off",
    "commitment": "{} Savings Plan",
}


def describe_value(name: str, value: object) -> str:
    """One field as a phrase of `describe`: `3M requests/month`, `2 vCPU`, `spot`."""
    return _FORMS.get(name, "{}").format(show_value(name, value))


def show_value(name: str, value: object) -> str:
    """One field's value, short: `3M`, `120ms`, `1.5GB`, `60%`, `yes`, `not set`."""
    if value is None:
        return "default" if name in _ASSUMPTIONS else "not set"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if not isinstance(value, Decimal):
        return str(value)
    if name in ("memory_mb", "storage_mb", "base_memory_mb", "request_memory_mb"):
        return format_size_mb(value)
    if name in ("duration_ms", "cpu_ms"):
        return format_duration_ms(value)
    if name in _FRACTIONS:
        return f"{show_amount(value * 100)}%"
    return show_amount(value) + ("GB" if name == "ebs_gb" else "")


_ASSUMPTIONS = ("target_utilization", "min_tasks", "vcpu_per_request", "peak_factor")
_FRACTIONS = frozenset(
    {"target_utilization", "average_cpu", "ec2_discount", "fargate_discount", "lambda_discount"}
)
_CENT = Decimal("0.01")
_THOUSAND = Decimal(1000)


def show_amount(value: Decimal) -> str:
    """A count for messages: exact (`3M`, `1.5`), or with `~` when it doesn't end: to 2 places, or
    to 3 significant digits from a thousand up (`~8.33M`, not `~8333333.33`)."""
    rounded = value.quantize(_CENT) if value.adjusted() < 20 else value.to_integral_value()
    if rounded == value:
        return format_count(value)
    if abs(value) >= _THOUSAND:
        rounded = value.quantize(Decimal(1).scaleb(value.adjusted() - 2))
    return "~" + format_count(rounded)


def plain_number(value: Decimal) -> str:
    """A Decimal without exponent or trailing zeros, for messages: 1536.0 → 1536."""
    text = format(value.normalize(), "f") if -30 < value.adjusted() < 60 else str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text
