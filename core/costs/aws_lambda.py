"""Lambda's monthly cost: requests, GB-seconds in monthly tiers, storage, provisioned concurrency.

Billing rules (AWS Lambda pricing page): duration is billed per 1 ms, rounded up for each
invocation, times configured memory (MB / 1024 = GB). Duration tiers count GB-seconds a month per
account and architecture. The first 512 MB of ephemeral storage is free. Provisioned concurrency is
billed for concurrency x memory x the time it is enabled, rounded up to 5 minutes; invocations on it
are billed at the provisioned duration rate, and the free tier does not apply to such functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from core.constants import HOURS_PER_MONTH, MB_PER_GB, MS_PER_SECOND, SECONDS_PER_HOUR
from core.costs.estimate import Estimate, LineItem
from core.errors import InvalidInput
from core.money import ZERO
from core.prices.catalog import LambdaRates, PriceCatalog, Rate
from core.units import format_count

MEMORY_MIN_MB = 128
MEMORY_MAX_MB = 10_240
STORAGE_FREE_MB = 512
STORAGE_MAX_MB = 10_240
TIMEOUT_MAX_MS = Decimal(900_000)  # 15 minutes
FREE_REQUESTS = Decimal(1_000_000)
FREE_GB_SECONDS = Decimal(400_000)
PROVISIONED_STEP_S = Decimal(300)  # provisioned time is rounded up to 5 minutes
MAX_MONTHLY_REQUESTS = Decimal(10) ** 15
TIER_LIMITS_GB_S = {
    "x86_64": (Decimal(6) * 10**9, Decimal(15) * 10**9),
    "arm64": (Decimal("7.5") * 10**9, Decimal("18.75") * 10**9),
}


@dataclass(frozen=True, slots=True)
class LambdaDeployment:
    """One function's month: how often it runs, for how long, and how it is configured."""

    monthly_requests: Decimal
    duration_ms: Decimal
    memory_mb: Decimal
    region: str = "us-east-1"
    arch: str = "x86_64"
    storage_mb: Decimal = Decimal(STORAGE_FREE_MB)
    free_tier: bool = False
    provisioned: int = 0
    provisioned_hours: Decimal = HOURS_PER_MONTH


def check_lambda(deployment: LambdaDeployment) -> None:
    """Raise InvalidInput if Lambda can't be configured this way (its hard limits)."""
    memory = deployment.memory_mb
    if memory != memory.to_integral_value() or not MEMORY_MIN_MB <= memory <= MEMORY_MAX_MB:
        raise InvalidInput("memory", f"{memory}MB", "a whole number of MB from 128MB to 10240MB")
    storage = deployment.storage_mb
    if storage != storage.to_integral_value() or not STORAGE_FREE_MB <= storage <= STORAGE_MAX_MB:
        raise InvalidInput("storage", f"{storage}MB", "a whole number of MB from 512MB to 10240MB")
    if deployment.duration_ms > TIMEOUT_MAX_MS:
        raise InvalidInput("duration", f"{deployment.duration_ms}ms", "at most 15min, Lambda's timeout")
    if deployment.monthly_requests > MAX_MONTHLY_REQUESTS:
        raise InvalidInput("requests", format_count(deployment.monthly_requests), "at most 10^15 a month")
    if deployment.monthly_requests < 0:  # a monthly average may be fractional, never negative
        raise InvalidInput("requests", str(deployment.monthly_requests), "a count of requests, 0 or more")
    if deployment.provisioned < 0 or deployment.provisioned > 1_000_000:
        raise InvalidInput("provisioned", str(deployment.provisioned), "a concurrency from 0 to 1,000,000")
    if not Decimal(0) <= deployment.provisioned_hours <= HOURS_PER_MONTH:
        raise InvalidInput("provisioned_hours", str(deployment.provisioned_hours), "0h to 730h a month")


def billed_ms(duration_ms: Decimal) -> Decimal:
    """Each invocation is billed in whole milliseconds, rounded up (at least 1 ms)."""
    return max(Decimal(1), duration_ms.to_integral_value(rounding=ROUND_CEILING))


def lambda_cost(deployment: LambdaDeployment, catalog: PriceCatalog) -> Estimate:
    """The monthly cost of a Lambda function, line by line."""
    check_lambda(deployment)
    rates = catalog.lambda_rates(deployment.region, deployment.arch)
    per_call_ms = billed_ms(deployment.duration_ms)
    memory_gb = deployment.memory_mb / MB_PER_GB
    assumptions = [
        f"every invocation takes the average, billed as {per_call_ms}ms",
        f"{deployment.arch}; tiers and free tier counted as if this were the account's only function",
    ]
    if deployment.provisioned:
        items = _provisioned_items(deployment, rates, per_call_ms, memory_gb, assumptions)
    else:
        items = _on_demand_items(deployment, rates, per_call_ms, memory_gb, assumptions)
    items += _storage_items(deployment, rates.storage, per_call_ms)
    if not deployment.free_tier and not deployment.provisioned:
        assumptions.append("free tier not applied: it belongs to the account, not one workload")
    return Estimate(
        service="lambda",
        region=deployment.region,
        line_items=tuple(items),
        assumptions=tuple(assumptions),
        prices_as_of=catalog.prices_as_of({rates.requests.source}),  # one source for all its rates
        choice=f"{deployment.memory_mb}MB {deployment.arch}",
    )


def _on_demand_items(
    deployment: LambdaDeployment,
    rates: LambdaRates,
    per_call_ms: Decimal,
    memory_gb: Decimal,
    notes: list[str],
) -> list[LineItem]:
    gb_seconds = deployment.monthly_requests * per_call_ms / MS_PER_SECOND * memory_gb
    requests = deployment.monthly_requests
    items: list[LineItem] = []
    if deployment.free_tier:
        free_requests = min(requests, FREE_REQUESTS)
        free_gb_s = min(gb_seconds, FREE_GB_SECONDS)
        requests -= free_requests
        gb_seconds -= free_gb_s
        zero_rate = Decimal(0)
        items += [
            LineItem("Requests, free tier", free_requests, "request", zero_rate, rates.requests.source),
            LineItem("Duration, free tier", free_gb_s, "GB-second", zero_rate, rates.requests.source),
        ]
        notes.append("free tier applied: 1M requests and 400,000 GB-seconds a month")
    items.append(LineItem("Requests", requests, "request", rates.requests.usd, rates.requests.source))
    items += tiered_duration(gb_seconds, deployment.arch, rates.duration_tiers)
    return items


def tiered_duration(
    gb_seconds: Decimal, arch: str, tiers: tuple[Rate, Rate, Rate], name: str = "Duration"
) -> list[LineItem]:
    """Split GB-seconds over the monthly tiers; a tier with nothing in it is left out, but the
    first tier is always shown so that a zero-duration function still explains itself."""
    names = (name, f"{name}, tier 2", f"{name}, tier 3")
    return [
        LineItem(name, amount, "GB-second", rate.usd, rate.source, committable=True)
        for index, (name, amount, rate) in enumerate(
            zip(names, tier_spans(gb_seconds, arch), tiers, strict=True)
        )
        if index == 0 or amount > 0
    ]


def tier_spans(gb_seconds: Decimal, arch: str) -> tuple[Decimal, Decimal, Decimal]:
    """The GB-seconds that fall in each of the three monthly duration tiers."""
    first, second = TIER_LIMITS_GB_S[arch]
    return (
        min(gb_seconds, first),
        min(max(gb_seconds - first, Decimal(0)), second - first),
        max(gb_seconds - second, Decimal(0)),
    )


def on_demand_usd(
    deployment: LambdaDeployment, rates: LambdaRates, monthly_requests: Decimal, discount: Decimal = ZERO
) -> Decimal:
    """`lambda_cost(...).exact_usd` of on-demand `deployment` at another volume, to the last digit, without
    building its line items: cost curves evaluate it many times. Sums in the line items' order.
    `discount` is a commitment's fraction off the duration lines."""
    per_call_ms = billed_ms(deployment.duration_ms)
    gb_seconds = monthly_requests * per_call_ms / MS_PER_SECOND * (deployment.memory_mb / MB_PER_GB)
    requests = monthly_requests
    if deployment.free_tier:
        requests -= min(requests, FREE_REQUESTS)
        gb_seconds -= min(gb_seconds, FREE_GB_SECONDS)
    total = ZERO + requests * rates.requests.usd
    duration = ZERO
    for amount, rate in zip(tier_spans(gb_seconds, deployment.arch), rates.duration_tiers, strict=True):
        duration += amount * rate.usd
    total += duration - discount * duration
    storage_gb_s = _storage_gb_seconds(deployment.storage_mb, monthly_requests, per_call_ms)
    if storage_gb_s is not None:
        total += storage_gb_s * rates.storage.usd
    return total


def _provisioned_items(
    deployment: LambdaDeployment,
    rates: LambdaRates,
    per_call_ms: Decimal,
    memory_gb: Decimal,
    notes: list[str],
) -> list[LineItem]:
    seconds = _provisioned_seconds(deployment.provisioned_hours)
    exec_s = deployment.monthly_requests * per_call_ms / MS_PER_SECOND
    average_concurrency = exec_s / seconds if seconds else Decimal(0)
    spill = Decimal(0)
    if average_concurrency > deployment.provisioned:
        spill = 1 - Decimal(deployment.provisioned) / average_concurrency
    notes.append(
        f"provisioned concurrency {deployment.provisioned} for {seconds / SECONDS_PER_HOUR:.2f}h "
        "(rounded up to 5 minutes); invocations spread evenly over those hours"
    )
    if deployment.free_tier:
        notes.append("free tier not applied: it does not cover functions with provisioned concurrency")
    pc = rates.provisioned_concurrency
    items = [
        LineItem(
            "Provisioned concurrency",
            Decimal(deployment.provisioned) * memory_gb * seconds,
            "GB-second",
            pc.usd,
            pc.source,
            committable=True,
        ),
        LineItem(
            "Requests", deployment.monthly_requests, "request", rates.requests.usd, rates.requests.source
        ),
        LineItem(
            "Duration on provisioned concurrency",
            exec_s * (1 - spill) * memory_gb,
            "GB-second",
            rates.provisioned_duration.usd,
            rates.provisioned_duration.source,
            committable=True,
        ),
    ]
    if spill:
        notes.append(f"{spill:.1%} of execution time exceeds the provisioned concurrency: on-demand")
        overflow_gb_s = exec_s * spill * memory_gb
        items += tiered_duration(
            overflow_gb_s, deployment.arch, rates.duration_tiers, "Duration above provisioned"
        )
    return items


def _provisioned_seconds(hours: Decimal) -> Decimal:
    steps = (hours * SECONDS_PER_HOUR / PROVISIONED_STEP_S).to_integral_value(rounding=ROUND_CEILING)
    return steps * PROVISIONED_STEP_S


def _storage_items(deployment: LambdaDeployment, rate: Rate, per_call_ms: Decimal) -> list[LineItem]:
    gb_seconds = _storage_gb_seconds(deployment.storage_mb, deployment.monthly_requests, per_call_ms)
    if gb_seconds is None:
        return []
    return [LineItem("Ephemeral storage above 512MB", gb_seconds, "GB-second", rate.usd, rate.source)]


def _storage_gb_seconds(
    storage_mb: Decimal, monthly_requests: Decimal, per_call_ms: Decimal
) -> Decimal | None:
    """GB-seconds of ephemeral storage above the free 512MB, or None when there is none to bill."""
    extra_mb = storage_mb - STORAGE_FREE_MB
    if extra_mb <= 0:
        return None
    return extra_mb / MB_PER_GB * monthly_requests * per_call_ms / MS_PER_SECOND
