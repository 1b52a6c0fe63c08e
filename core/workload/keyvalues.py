"""`key=value` pairs, each read by its key's reader."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from core.constants import HOURS_PER_WEEK, MB_PER_GB
from core.errors import InvalidInput, closest_names
from core.prices.savings import parse_commitment
from core.units import (
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
from core.workload.kinds import KIND_WORDS, Hint
from core.workload.model import (
    FRONT_DOORS,
    GPU_VENDORS,
    MAX_COUNT,
    MAX_GPUS,
    MAX_PROVISIONED,
    REGION_PATTERN,
    TYPE_NAME_PATTERN,
    Kind,
    plain_number,
)
from core.workload.names import REGION_NAMES
from core.workload.people import PEOPLE_PAIR_READERS
from core.workload.quantities import volume_facts
from core.workload.reading import Said
from core.workload.tokens import Token
from core.workload.vocabulary import (
    KEY_ALIASES,
    PER_MONTH,
    PERIOD_WORDS,
)


def _pair_value(name: str, read: Callable[[str, str], Any]) -> Callable[[str, str], Said]:
    def pair(key: str, value: str) -> Said:
        return Said(((name, read(key, value)),))

    return pair


def _region(key: str, value: str) -> Said:
    """A region code, or a place's name as the words read it: `region=seoul` is ap-northeast-2."""
    code = REGION_NAMES.get(value.strip().replace(" ", "-"))
    if code is not None:
        return Said((("region", code),), (f"read {value!r} as {code}",))
    if not REGION_PATTERN.fullmatch(value):
        raise InvalidInput(key, value, "a region code such as us-east-1, or a place such as Seoul or Ireland")
    return Said((("region", value),))


def _instance_type(key: str, value: str) -> str:
    if not TYPE_NAME_PATTERN.fullmatch(value):
        raise InvalidInput(key, value, "an instance type such as m7g.large or c7i.2xlarge")
    return value


def _memory(key: str, value: str) -> Said:
    size_mb = parse_size_mb(key, value)
    unit = value.lstrip("0123456789.,_+- ")
    note = f"{value.upper()} = {plain_number(size_mb)}MB" if unit not in ("", "mb", "mib") else None
    name = "storage_mb" if key.startswith("storage") else "memory_mb"
    return Said(((name, size_mb),), (note,))


def _counted(name: str) -> Callable[[str, str], Said]:
    """`requests=3M`, `requests=100k/day`, `runs=30`, `runs=2/day`."""

    def pair(key: str, value: str) -> Said:
        count_text, slash, unit = value.partition("/")
        period = PERIOD_WORDS.get(unit.strip()) if slash else "month"
        if period is None:
            raise InvalidInput(key, value, "a count, or a count a period such as 100k/day")
        count = parse_count(key, count_text)
        if name == "monthly_runs":
            monthly = count * PER_MONTH[period]
            return Said(((name, monthly),), hints=frozenset({Hint.JOB}))
        return volume_facts(count, period, False, f"{key}={value}")

    return pair


def _always_on(key: str, value: str) -> Said:
    hint = Hint.ALWAYS_ON if parse_bool(key, value) else Hint.NOT_ALWAYS_ON
    return Said(hints=frozenset({hint}))


def _gpu(key: str, value: str) -> Said:
    """`gpu=nvidia|amd|any` is the vendor; `gpu=2` the count, as `gpus=2`."""
    word = value.strip().lower()
    if word in GPU_VENDORS:
        return Said((("gpu", word),))
    if word in ("cuda", "nvidia-cuda"):
        return Said((("gpu", "nvidia"),))
    if word.isdigit():
        return Said((("gpus", parse_whole(key, word, 0, MAX_GPUS)),))
    raise InvalidInput(key, value, "nvidia (CUDA, the default), amd or any; or a number of GPUs")


def _door(key: str, value: str) -> str:
    doors = {door: door for door in FRONT_DOORS}
    doors.update({"http": "http-api", "rest": "rest-api", "url": "function-url", "apigateway": "rest-api"})
    doors.update({"api-gateway": "rest-api", "function_url": "function-url", "http_api": "http-api"})
    doors.update({"rest_api": "rest-api", "no": "none", "internal": "none"})
    return parse_choice(key, value, doors)


def _shape(key: str, value: str) -> tuple[Decimal, ...]:
    """`hourly_shape=0.5,0.4,...`: 24 or 168 factors of the average rate."""
    parts = value.split(",")
    if len(parts) > HOURS_PER_WEEK:
        raise InvalidInput(key, f"{len(parts)} values", "24 or 168 factors separated by commas")
    return tuple(parse_decimal(key, part, "24 or 168 factors such as 0.5,0.4,…") for part in parts)


def _fraction_off(key: str, value: str) -> Decimal:
    """A discount off list: `20%`, `0.2` or `20`; 0 for none."""
    if value.strip() in ("0", "0%", "none", "no"):
        return Decimal(0)
    return parse_percent(key, value)


def _commitment(key: str, value: str) -> str:
    """`compute-1y` (no upfront), `compute-3y-all-upfront`, ...: a Compute Savings Plan's name."""
    try:
        return parse_commitment(value).name
    except InvalidInput as err:
        raise InvalidInput(key, value, err.accepted) from None


def _kb(key: str, value: str) -> Decimal:
    """A size in KB: `10`, `10KB`, `0.5kb`, `2MB`."""
    text = value.strip().lower()
    if text.endswith(("kb", "kib")):
        return parse_decimal(key, text.rstrip("bi").rstrip("k"), "a size in KB such as 10 or 10KB")
    if text[-1:].isdigit():
        return parse_decimal(key, text, "a size in KB such as 10 or 10KB")
    return parse_size_mb(key, text) * 1024


def _gb(key: str, value: str) -> Decimal:
    return parse_size_mb(key, value, "gb") / MB_PER_GB


def _decimal(forms: str) -> Callable[[str, str], Decimal]:
    return lambda key, value: parse_decimal(key, value.removesuffix("x"), forms)


def _whole(low: int, high: int) -> Callable[[str, str], int]:
    return lambda key, value: parse_whole(key, value, low, high)


PAIR_READERS: dict[str, Callable[[str, str], Said]] = {
    "region": _region,
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
        "kind", lambda k, v: Kind(parse_choice(k, v, {w: c.value for w, c in KIND_WORDS.items()}))
    ),
    "utilization": _pair_value("target_utilization", parse_percent),
    "min_tasks": _pair_value("min_tasks", _whole(0, MAX_COUNT)),
    "vcpu_per_request": _pair_value("vcpu_per_request", _decimal("vCPU per request such as 0.1")),
    "peak_factor": _pair_value("peak_factor", _decimal("a factor such as 2 or 3x")),
    "cpu_ms": _pair_value("cpu_ms", parse_duration_ms),
    "cpu_bound": _pair_value("cpu_bound", parse_bool),
    "websocket": _pair_value("websocket", parse_bool),
    "base_memory": _pair_value("base_memory_mb", parse_size_mb),
    "request_memory": _pair_value("request_memory_mb", parse_size_mb),
    "autoscale": _pair_value("autoscale", parse_bool),
    "hourly_shape": _pair_value("hourly_shape", _shape),
    "front_door": _pair_value("front_door", _door),
    "public": _pair_value("public", parse_bool),
    "request_kb": _pair_value("request_kb", _kb),
    "log_kb": _pair_value("log_kb", _kb),
    "requests_per_connection": _pair_value("requests_per_connection", parse_count),
    "nat_gb": _pair_value("nat_gb", _gb),
    "ec2_discount": _pair_value("ec2_discount", _fraction_off),
    "fargate_discount": _pair_value("fargate_discount", _fraction_off),
    "lambda_discount": _pair_value("lambda_discount", _fraction_off),
    "gpu": _gpu,
    "average_cpu": _pair_value("average_cpu", parse_percent),
    "commitment": _pair_value("commitment", _commitment),
}

PAIR_READERS.update(PEOPLE_PAIR_READERS)
PAIR_READERS.update({alias: PAIR_READERS[key] for alias, key in KEY_ALIASES.items()})


COMMON_KEYS = "keys such as requests, duration, memory, vcpu, runs and region"


def read_pair(token: Token) -> Said:
    """One `key=value` pair; an unknown key names the closest known ones."""
    key = token.key or ""
    read = PAIR_READERS.get(key)
    if read is None:
        close = closest_names(key, PAIR_READERS) if len(key) <= 40 else []
        close = [name for name in close if name not in KEY_ALIASES] or close
        if close:
            raise InvalidInput("key", key, f"unknown key; did you mean {' or '.join(close)}?")
        raise InvalidInput(
            "key", key, f"unknown key; {COMMON_KEYS}, or say it in words: '3M requests, 120ms'"
        )
    return read(KEY_ALIASES.get(key, key), token.text)
