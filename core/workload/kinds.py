"""What kind of workload a text describes: the words that hint at it, and the inference."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from core.constants import HOURS_PER_MONTH
from core.errors import InvalidInput
from core.workload.model import Kind, MissingInput


class Hint(StrEnum):
    """Words that say what kind of workload this is, without being a number."""

    JOB = "job"  # job, batch, cron, a schedule
    JOB_WEAK = "run"  # run, runs, task, script: a job only if nothing else says otherwise
    SERVICE = "service"  # service, api, server: a service unless a request volume is given
    ALWAYS_ON = "always-on"  # always on, 24/7: a service even with a request rate
    NOT_ALWAYS_ON = "not always-on"  # always_on=no
    REQUEST = "request"  # function, endpoint, webhook
    WEB = "web"  # api, web app, website: internet-facing, behind a load balancer


KIND_WORDS = {
    "request": Kind.REQUEST,
    "requests": Kind.REQUEST,
    "request-driven": Kind.REQUEST,
    "service": Kind.SERVICE,
    "job": Kind.JOB,
}


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
