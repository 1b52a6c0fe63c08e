"""`estimate` arguments: KEY=VALUE words into the deployment of one service, with clear errors."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from core.constants import MB_PER_GB
from core.costs.aws_lambda import LambdaDeployment
from core.costs.ec2 import Ec2Deployment, Ec2Need
from core.costs.fargate import FargateDeployment
from core.errors import InvalidInput, closest_names
from core.units import (
    parse_arch,
    parse_bool,
    parse_choice,
    parse_count,
    parse_decimal,
    parse_duration_ms,
    parse_hours,
    parse_size_mb,
    parse_whole,
)

Parser = Callable[[str, str], Any]
VCPU_FORMS = "a vCPU count such as 0.25, 1 or 4"


def _gb(bare_unit: str) -> Parser:
    return lambda key, text: parse_size_mb(key, text, bare_unit) / MB_PER_GB


def _mb(key: str, text: str) -> Decimal:
    return parse_size_mb(key, text, "mb")


def _vcpu(key: str, text: str) -> Decimal:
    return parse_decimal(key, text, VCPU_FORMS)


def _os(key: str, text: str) -> str:
    return parse_choice(key, text, {"linux": "linux", "windows": "windows", "win": "windows"})


COMMON: dict[str, Parser] = {"region": lambda _k, t: t.strip().lower(), "arch": parse_arch}
KEYS: dict[str, dict[str, Parser]] = {
    "lambda": COMMON
    | {
        "requests": parse_count,
        "duration": parse_duration_ms,
        "memory": _mb,
        "storage": _mb,
        "free_tier": parse_bool,
        "provisioned": lambda k, t: parse_whole(k, t, 0, 1_000_000),
        "provisioned_hours": parse_hours,
    },
    "fargate": COMMON
    | {
        "tasks": lambda k, t: parse_whole(k, t, 0, 100_000),
        "vcpu": _vcpu,
        "memory": _gb("gb"),
        "hours": parse_hours,
        "runs": parse_count,
        "duration": parse_duration_ms,
        "storage": _gb("gb"),
        "os": _os,
        "spot": parse_bool,
    },
    "ec2": COMMON
    | {
        "type": lambda _k, t: t.strip().lower(),
        "vcpu": _vcpu,
        "memory": _gb("gb"),
        "gpus": lambda k, t: parse_whole(k, t, 0, 64),
        "count": lambda k, t: parse_whole(k, t, 0, 100_000),
        "hours": parse_hours,
        "ebs": _gb("gb"),
        "burstable": parse_bool,
        "os": _os,
    },
}
REQUIRED = {
    "lambda": ("requests", "duration", "memory"),
    "fargate": ("vcpu", "memory"),
}


def parse_pairs(service: str, words: Sequence[str]) -> dict[str, Any]:
    """KEY=VALUE words into parsed values; an unknown or repeated key is an error."""
    keys = KEYS[service]
    values: dict[str, Any] = {}
    for word in words:
        key, sep, text = word.partition("=")
        key = key.strip().lower().replace("-", "_")
        if not sep:
            raise InvalidInput("argument", word, "KEY=VALUE, such as memory=1536MB")
        if key not in keys:
            near = ", ".join(closest_names(key, keys)) or ", ".join(sorted(keys))
            raise InvalidInput("key", key, f"a {service} key; closest: {near}")
        if key in values:
            raise InvalidInput(key, text, "one value per key")
        values[key] = keys[key](key, text)
    for key in REQUIRED.get(service, ()):
        if key not in values:
            raise InvalidInput(key, "(missing)", f"{key}=… is required for {service}")
    return values


def lambda_deployment(v: dict[str, Any]) -> LambdaDeployment:
    """The Lambda deployment named by parsed pairs."""
    keys = ("region", "arch", "free_tier", "provisioned")
    extra: dict[str, Any] = {k: v[k] for k in keys if k in v}
    if "storage" in v:
        extra["storage_mb"] = v["storage"]
    if "provisioned_hours" in v:
        extra["provisioned_hours"] = v["provisioned_hours"]
    return LambdaDeployment(v["requests"], v["duration"], v["memory"], **extra)


def fargate_deployment(v: dict[str, Any]) -> FargateDeployment:
    """The Fargate deployment named by parsed pairs."""
    keys = ("region", "arch", "os", "spot", "hours", "runs")
    extra: dict[str, Any] = {k: v[k] for k in keys if k in v}
    if "storage" in v:
        extra["storage_gb"] = v["storage"]
    if "duration" in v:
        extra["run_ms"] = v["duration"]
    return FargateDeployment(v.get("tasks", 1), v["vcpu"], v["memory"], **extra)


def ec2_deployment(v: dict[str, Any]) -> Ec2Deployment:
    """The EC2 deployment named by parsed pairs: a type, or a need to fit."""
    extra: dict[str, Any] = {k: v[k] for k in ("region", "count", "hours", "os") if k in v}
    if "ebs" in v:
        extra["ebs_gb"] = v["ebs"]
    if "type" in v:
        stray = [k for k in ("vcpu", "memory", "gpus", "burstable") if k in v]
        if stray:
            raise InvalidInput(stray[0], "with type=", "either type= or vcpu=/memory=, not both")
        return Ec2Deployment(instance_type=v["type"], **extra)
    if "vcpu" not in v or "memory" not in v:
        raise InvalidInput("type", "(missing)", "type=m7g.large, or vcpu= and memory=")
    need = Ec2Need(
        v["vcpu"], v["memory"], v.get("arch", "x86_64"), v.get("gpus", 0), v.get("burstable", False)
    )
    return Ec2Deployment(need=need, **extra)
