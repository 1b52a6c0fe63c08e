"""The names people give a workload (a webhook receiver, a Django app, a queue worker) and a place
(Seoul, Ireland): what each says about the workload, and what it assumes when the text doesn't say.

A workload's name steers its kind as the words always have (a webhook is request-driven, a
WebSocket server always on, a worker a service unless a rate is given), then fills the gaps of the
kind it was read as from its preset: a request-driven workload's duration, memory and, for names
that imply a small steady flow, its volume; a service's or a job's size when neither vCPU nor
memory is given. Each filled figure is named in one note, so the answer lists it under
Assumptions, and giving the figure in the text replaces it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from core.workload.kinds import Hint
from core.workload.model import Kind, describe_value, show_amount
from core.workload.reading import Builder, Said

_SIZE_FIELDS = ("vcpu", "memory_mb", "instance_type")
# A preset's figure not filled when the text gives one of these instead: its volume, or its shape.
_GIVEN_BY = {
    "monthly_requests": {"rps", "peak_rps"},
    "peak_factor": {"peak_rps", "hourly_shape"},
}
Fill = tuple[tuple[str, Any], ...]


@dataclass(frozen=True, slots=True)
class Preset:
    """What a named workload assumes for each kind it may be read as, and why."""

    name: str  # as the answer says it: "webhook receiver"
    request: Fill = ()  # filled field by field
    service: Fill = ()  # a task's or instance's size: filled only when no size is given
    job: Fill = ()  # likewise
    because: str = ""
    door: Fill = ()  # how clients reach it, whatever its kind and size: filled field by field

    def fill(self, kind: Kind) -> Fill:
        """The fields this preset fills for a workload of `kind`."""
        return {Kind.REQUEST: self.request, Kind.SERVICE: self.service, Kind.JOB: self.job}[kind] + self.door


def _size(vcpu: str, memory_mb: int) -> Fill:
    return (("vcpu", Decimal(vcpu)), ("memory_mb", Decimal(memory_mb)))


def _calls(duration_ms: int, memory_mb: int, monthly: int | None = None) -> Fill:
    volume: Fill = (("monthly_requests", Decimal(monthly)),) if monthly else ()
    return (*volume, ("duration_ms", Decimal(duration_ms)), ("memory_mb", Decimal(memory_mb)))


# A consumer of a queue or stream takes its work from it: nothing in front, no public address.
_INTERNAL: Fill = (("front_door", "none"), ("public", False))
# A queue or stream absorbs bursts: the consumers drain it at about the average rate, so a fleet
# is sized for the average (a flat day), not a peak it never sees.
_DRAINED: Fill = (("peak_factor", Decimal(1)),)
# WebSocket clients hold a connection open for minutes to hours; an ALB holds them (it supports
# WebSockets natively) and is the public front door. Lambda can only sit behind API Gateway's
# WebSocket APIs, billed per message and per connection-minute, which the price snapshot lacks.
_HELD_OPEN: Fill = (("websocket", True), ("front_door", "alb"), ("public", True))


PRESETS = {
    "web app": Preset(
        "web app",
        _calls(200, 512),
        _size("1", 2048),
        because="a web framework rendering pages from a database",
    ),
    "api": Preset(
        "API", _calls(100, 512), _size("0.5", 1024), because="short JSON requests waiting on a database"
    ),
    "webhook": Preset(
        "webhook receiver",
        _calls(100, 256, monthly=100_000),
        _size("0.25", 512),
        because="a handler that checks and queues each event, a modest flow unless given",
    ),
    "queue worker": Preset(
        "queue worker",
        (*_calls(500, 512), *_INTERNAL, *_DRAINED),
        _size("0.5", 1024),
        because="one message per invocation, no batching; the queue absorbs bursts, so workers can run "
        "near the average rate; give a peak rate or peak_factor= if messages must be handled within "
        "seconds of a burst",
    ),
    "stream": Preset(
        "stream consumer",
        (*_calls(200, 512), *_INTERNAL, *_DRAINED),
        _size("1", 2048),
        because="one record per invocation, no batching; the stream holds records until read, so "
        "consumers can run near the average rate; give a peak rate or peak_factor= to size for bursts",
    ),
    "websocket": Preset(
        "WebSocket server",
        service=_size("0.5", 1024),
        door=_HELD_OPEN,
        because="connections held open all month, through a public ALB, which holds WebSockets; "
        "Lambda isn't a fit for long-lived connections (see its line)",
    ),
    "inference": Preset(
        "ML inference", _calls(500, 2048), _size("2", 8192), because="a model kept loaded in memory"
    ),
    "gpu inference": Preset(
        "GPU inference", service=_size("4", 16384), because="a GPU instance's usual host: 4 vCPU and 16GB"
    ),
    "static site backend": Preset(
        "static site backend",
        _calls(50, 256, monthly=100_000),
        _size("0.25", 512),
        because="forms and small lookups behind a static site",
    ),
    "job": Preset("job", job=_size("1", 2048), because="a run's size is not in its schedule"),
}

# The words that name each preset, and how each steers the kind (None: as the words already do).
_NAMED: tuple[tuple[str, Hint | None, tuple[str, ...]], ...] = (
    ("web app", Hint.SERVICE, ("webapp", "django", "rails", "express", "expressjs", "flask", "fastapi")),
    ("web app", Hint.SERVICE, ("laravel", "spring", "springboot", "nextjs", "next.js", "nuxt", "php")),
    ("web app", Hint.SERVICE, ("wordpress", "node", "nodejs", "node.js", "sinatra", "phoenix", "asp.net")),
    ("web app", Hint.SERVICE, ("dashboard", "portal", "cms", "blog", "shop", "store", "ecommerce", "saas")),
    ("web app", None, ("app", "application", "website", "site", "web")),
    ("api", Hint.SERVICE, ("graphql", "grpc", "apis")),
    ("api", None, ("api", "backend", "microservice", "endpoint")),
    ("webhook", Hint.REQUEST, ("webhooks", "bot", "chatbot")),
    ("webhook", None, ("webhook",)),
    ("queue worker", Hint.SERVICE, ("queue", "queue-worker", "sqs", "rabbitmq", "celery", "sidekiq")),
    ("queue worker", Hint.SERVICE, ("consumer", "consumers", "workers")),
    ("queue worker", None, ("worker",)),
    ("stream", Hint.SERVICE, ("stream", "streaming", "kafka", "kinesis", "msk")),
    ("websocket", Hint.ALWAYS_ON, ("websocket", "websockets", "socket.io")),
    ("inference", Hint.SERVICE, ("inference", "ml", "llm")),
    ("static site backend", Hint.REQUEST, ("static-site-backend", "jamstack")),
    ("job", None, ("job", "jobs", "batch", "cron", "cronjob", "etl", "scheduled", "script")),
    ("job", Hint.JOB_WEAK, ("backup", "backups", "report", "reports", "export", "cleanup", "crawler")),
    ("job", Hint.JOB_WEAK, ("scraper", "sync", "migration", "pipeline")),
)
# Where it runs today, named as a hint of its kind: a function is per request, the others a service.
_RUNS_ON = {
    **dict.fromkeys(("lambda", "serverless"), Hint.REQUEST),
    **dict.fromkeys(("fargate", "ecs", "eks", "kubernetes", "k8s", "ec2"), Hint.SERVICE),
}
PRESET_WORDS = {word: preset for preset, _, words in _NAMED for word in words}


def _named(hint: Hint | None) -> Callable[[Builder], int]:
    def read(b: Builder) -> int:
        b.claim()
        if hint is not None:
            b.hints.add(hint)
        return b.i + 1

    return read


# Places: the region each name means.
REGION_NAMES = {
    "seoul": "ap-northeast-2",
    "tokyo": "ap-northeast-1",
    "osaka": "ap-northeast-3",
    "virginia": "us-east-1",
    "ohio": "us-east-2",
    "california": "us-west-1",
    "oregon": "us-west-2",
    "ireland": "eu-west-1",
    "london": "eu-west-2",
    "paris": "eu-west-3",
    "frankfurt": "eu-central-1",
    "zurich": "eu-central-2",
    "stockholm": "eu-north-1",
    "milan": "eu-south-1",
    "spain": "eu-south-2",
    "singapore": "ap-southeast-1",
    "sydney": "ap-southeast-2",
    "jakarta": "ap-southeast-3",
    "melbourne": "ap-southeast-4",
    "mumbai": "ap-south-1",
    "hyderabad": "ap-south-2",
    "hong-kong": "ap-east-1",
    "canada": "ca-central-1",
    "montreal": "ca-central-1",
    "calgary": "ca-west-1",
    "sao-paulo": "sa-east-1",
    "bahrain": "me-south-1",
    "uae": "me-central-1",
    "cape-town": "af-south-1",
    "israel": "il-central-1",
}


def _place(b: Builder) -> int:
    b.claim()
    token = b.tokens[b.i]
    code = REGION_NAMES[token.text]
    b.say(Said((("region", code),), (f"read {token.raw!r} as {code}",)), token.raw)
    return b.i + 1


NAME_READERS: dict[str, Callable[[Builder], int]] = {
    **{word: _named(hint) for _, hint, words in _NAMED if hint is not None for word in words},
    **{word: _named(hint) for word, hint in _RUNS_ON.items()},
    **dict.fromkeys(REGION_NAMES, _place),
}


def _described(name: str, value: Any) -> str:
    if name == "front_door" and value == "none":
        return "nothing in front, no public address (front_door=none, public=no)"
    if name == "front_door":
        return f"a public {str(value).upper()} in front (front_door={value}, public=yes)"
    if name == "websocket":
        return "WebSocket connections (websocket=yes)"
    if name == "peak_factor":
        return f"peak_factor={show_amount(value)}"
    return describe_value(name, value)


def preset_of(names: Sequence[str], kind: Kind, fields: Mapping[str, Any]) -> Preset | None:
    """The first named preset with figures for `kind`; a job's own if none names one."""
    for name in names:
        tried = ("gpu inference", name) if name == "inference" and fields.get("gpus") else (name,)
        preset = next((PRESETS[each] for each in tried if PRESETS[each].fill(kind)), None)
        if preset is not None:
            return preset
    return PRESETS["job"] if kind is Kind.JOB else None


def fill_preset(names: Sequence[str], kind: Kind, fields: dict[str, Any]) -> tuple[str, ...]:
    """Fill the gaps of `fields` from the preset the text names; the note that says what was assumed."""
    preset = preset_of(names, kind, fields)
    if preset is None:
        return ()
    fill = preset.fill(kind)
    if kind is not Kind.REQUEST and any(name in fields for name in _SIZE_FIELDS):
        fill = preset.door
    given = {name for name in fields if fields[name] is not None}
    filled = [
        (name, value) for name, value in fill if name not in given and not given & _GIVEN_BY.get(name, set())
    ]
    if not filled:
        return ()
    fields.update(filled)
    said = ", ".join(_described(name, value) for name, value in filled if name != "public")
    return (f"{preset.name}: {said} assumed ({preset.because}); give figures to change them",)


_AS_TYPED = {"webapp": "web app", "queue-worker": "queue worker", "static-site-backend": "static site"}
_NAMED_ALSO = {"job": "any job, such as "}


def preset_table() -> str:
    """A Markdown table of each named workload, the words that name it and what it assumes."""
    rows = [
        "| workload | named by | request-driven | service or job size | any kind, any size | because |",
        "|---" * 6 + "|",
    ]
    for key, preset in PRESETS.items():
        words = ", ".join(f"`{_AS_TYPED.get(w, w)}`" for name, _, ws in _NAMED if name == key for w in ws)
        words = _NAMED_ALSO.get(key, "") + (words or "ML inference with a GPU")
        request = ", ".join(_described(n, v) for n, v in preset.request if n != "public") or "—"
        size = ", ".join(describe_value(name, value) for name, value in (*preset.service, *preset.job)) or "—"
        door = ", ".join(_described(n, v) for n, v in preset.door if n != "public") or "—"
        rows.append(f"| {preset.name} | {words} | {request} | {size} | {door} | {preset.because} |")
    return "\n".join(rows) + "\n"
