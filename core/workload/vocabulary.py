"""The words the workload parser knows: filler, numbers and units, periods, modifiers and keys.

Tables only; the readers that give them meaning are in tokens, quantities, words and keyvalues.
"""

from __future__ import annotations

import re
from decimal import Decimal

from core.constants import HOURS_PER_MONTH, MS_PER_DAY
from core.units import KOREAN_SCALES

DAYS_PER_MONTH = Decimal(30)  # "a day" and "every N minutes" count a 30-day month, as people do
WEEKS_PER_MONTH = Decimal(52) / Decimal(12)
MS_PER_30_DAYS = DAYS_PER_MONTH * MS_PER_DAY
EXAMPLES = (
    "say it like '3M requests/month, 120ms, 1.5GB', 'nightly job, 40 minutes' or 'webhook receiver', "
    "or key=value pairs such as requests=3M"
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
        *("behind", "through", "subnet", "subnets", "fronted", "by"),
        *("small", "tiny", "little", "simple", "basic", "medium", "big", "large", "huge", "busy"),
        *("new", "existing", "python", "java", "go", "ruby", "receives", "receiving", "serving"),
        *("handles", "handling", "processing", "processes", "from", "up", "mobile"),
        *("region", "arch", "architecture"),  # `region eu-west-1`, `arch arm64`: the value says it
        *("instance", "instances"),  # `spot instances`; after a number they count (`3 instances`)
        # what a workload does or serves, which changes no figure
        *("slack", "discord", "telegram", "github", "gitlab", "stripe", "shopify", "twilio", "admin"),
        *("image", "images", "photo", "photos", "thumbnail", "thumbnails", "resize", "resizing"),
        *("video", "videos", "transcoding", "pdf", "pdfs", "email", "emails", "file", "files"),
        *("upload", "uploads", "data", "customer-facing", "user-facing", "tool", "tools"),
    }
)


# A number at the start of a word: 3, 3,000,000, 1.5, .5, 1e6. No nested repetition: linear.
NUMBER = re.compile(r"[+-]?(?:[0-9][0-9,_]*(?:\.[0-9]*)?|\.[0-9]+)(?:e[+-]?[0-9]{1,3}(?![0-9]))?", re.ASCII)
SCALES = frozenset(
    {"k", "thousand", "m", "mn", "mm", "million", "millions", "b", "bn", "billion", "billions"}
    | {"hundred", *KOREAN_SCALES}
)
# Scales typed onto a number before its unit (`3krps`, `300만requests`), longest first.
SCALE_PREFIXES = tuple(sorted({"k", "m", "b", "mn", "bn", *KOREAN_SCALES}, key=len, reverse=True))

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
    ("volume", ("queries", "webhooks", "records", "notifications", "pageviews")),
    ("users", ("user", "users", "dau", "mau", "concurrent-users", "visitors", "people")),
    ("users", ("customers", "employees", "players", "members")),
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


UNITS = _units_table()
COUNTED = frozenset({"volume", "per second", "per minute", "runs", "users"})


# Periods: "per second", "/s", "a day", "monthly".
PERIOD_WORDS = {
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), "second"),
    **dict.fromkeys(("min", "mins", "minute", "minutes"), "minute"),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), "hour"),
    **dict.fromkeys(("d", "day", "days", "night", "nights"), "day"),
    **dict.fromkeys(("wk", "week", "weeks"), "week"),
    **dict.fromkeys(("mo", "mon", "month", "months"), "month"),
    **dict.fromkeys(("yr", "year", "years"), "year"),
}
PERIOD_ADVERBS = {
    "hourly": "hour",
    "daily": "day",
    "nightly": "day",
    "weekly": "week",
    "monthly": "month",
    "yearly": "year",
    "annually": "year",
}
PER = frozenset({"/", "per", "a", "an", "each", "every"})
PER_MONTH = {
    "second": HOURS_PER_MONTH * 3600,
    "minute": HOURS_PER_MONTH * 60,
    "hour": HOURS_PER_MONTH,
    "day": DAYS_PER_MONTH,
    "week": WEEKS_PER_MONTH,
    "month": Decimal(1),
    "year": Decimal(1) / Decimal(12),
}

# Words that say what the next number is, each with an example of its use.
MODIFIERS = {
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
    "gpus": "GPU 2, 2 GPUs",
}
MODIFIER_WORDS = {
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


KEY_ALIASES = {
    "tasks": "count",
    "instances": "count",
    "instance_type": "type",
    "monthly_requests": "requests",
    "duration_ms": "duration",
    "memory_mb": "memory",
    "storage_mb": "storage",
    "monthly_runs": "runs",
    "ebs_gb": "ebs",
    "target_utilization": "utilization",
    "base_memory_mb": "base_memory",
    "request_memory_mb": "request_memory",
    "door": "front_door",
    "cpu_time": "cpu_ms",
}

# The keys of `key=value` (or `key: value`) pairs, and their aliases: each has a reader in
# core.workload.keyvalues.
PAIR_KEYS = frozenset(
    {
        *("region", "arch", "os", "requests", "duration", "memory", "storage", "free_tier"),
        *("provisioned", "count", "vcpu", "hours", "spot", "type", "gpus", "ebs", "rps", "peak_rps"),
        *("runs", "always_on", "latency", "kind", "utilization", "min_tasks", "vcpu_per_request"),
        *("peak_factor", "cpu_ms", "cpu_bound", "base_memory", "request_memory", "autoscale"),
        "websocket",
        *("hourly_shape", "front_door", "public", "request_kb", "log_kb", "nat_gb", "gpu"),
        "requests_per_connection",
        *("ec2_discount", "fargate_discount", "lambda_discount", "average_cpu", "commitment"),
        *("users", "dau", "mau", "concurrent_users", "requests_per_user", "busy_hours", "think_time"),
        *KEY_ALIASES,
    }
)
