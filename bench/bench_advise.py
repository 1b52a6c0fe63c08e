"""Benchmark `advise` in-process over 10,000 generated workloads, and the parser on long inputs.

    python bench/bench_advise.py

The workloads are drawn from a seeded generator: each kind, both architectures, six regions, volumes
from a few hundred requests a month to billions, with and without latency needs, GPUs and Spot. The
catalog is loaded and every region touched once before timing, as the bot does at start-up.
Prints figures and ratios measured in this one run; it passes or fails nothing.
"""

from __future__ import annotations

import contextlib
import random
import statistics
import time
from collections.abc import Callable
from decimal import Decimal

from bot.prices import bundled_catalog
from core.advice import advise
from core.errors import AdvisorError
from core.prices.catalog import PriceCatalog
from core.workload import Kind, Workload, parse_workload
from core.workload import tokens as workload_tokens

WORKLOADS = 10_000
ROUNDS = 3
SEED = 20261125
P99_TARGET_MS = 2.0
REGIONS = ("us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "sa-east-1")
PARSER_SHAPES = {
    "a workload, repeated": "3M requests/month, 120ms avg, 1536MB arm64 in eu-west-1; peak 40 rps, ",
    "Korean, repeated": "월 300만 요청, 평균 120ms, 메모리 1.5GB, 서울 리전; 최대 초당 40건, ",
    "named, repeated": "small django app with a few hundred users, webhook receiver; ",
    "digit groups": "1,000,",
    "one long number": "9",
    "unicode words": "naïve 日本語 ",
    "separators": ";,",
}
PARSER_REPEATS = (10, 100, 1_000, 10_000)


def _pick(rng: random.Random, *values: str) -> Decimal:
    return Decimal(rng.choice(values))


def _request(rng: random.Random, region: str, arch: str) -> Workload:
    return Workload(
        kind=Kind.REQUEST,
        region=region,
        arch=arch,
        monthly_requests=Decimal(rng.choice((300, 40_000, 3_000_000, 90_000_000, 2_000_000_000))),
        duration_ms=_pick(rng, "8", "120", "850", "4000", "30000"),
        memory_mb=_pick(rng, "128", "512", "1536", "4096", "10240"),
        latency=rng.choice((None, "tolerant", "sensitive")),
        spot=rng.random() < 0.2,
    )


def _service(rng: random.Random, region: str, arch: str) -> Workload:
    return Workload(
        kind=Kind.SERVICE,
        region=region,
        arch=arch,
        vcpu=_pick(rng, "0.25", "1", "2", "8", "16"),
        memory_mb=_pick(rng, "512", "2048", "8192", "30720", "122880"),
        count=rng.choice((1, 2, 6, 20)),
        gpus=rng.choice((None, None, None, None, 1)),
        spot=rng.random() < 0.2,
    )


def _job(rng: random.Random, region: str, arch: str) -> Workload:
    return Workload(
        kind=Kind.JOB,
        region=region,
        arch=arch,
        monthly_runs=Decimal(rng.choice((30, 720, 43_800))),
        duration_ms=_pick(rng, "2000", "60000", "600000", "3600000"),
        vcpu=_pick(rng, "0.5", "1", "4"),
        memory_mb=_pick(rng, "1024", "4096", "16384"),
    )


def generated_workloads(count: int, seed: int = SEED) -> list[Workload]:
    """`count` workloads spread over the kinds, architectures and regions, the same every run."""
    rng = random.Random(seed)
    makers: tuple[Callable[[random.Random, str, str], Workload], ...] = (_request, _service, _job)
    return [
        rng.choice(makers)(rng, rng.choice(REGIONS), rng.choice(("x86_64", "arm64"))) for _ in range(count)
    ]


def advise_times_ms(workloads: list[Workload], catalog: PriceCatalog) -> list[float]:
    times = []
    for workload in workloads:
        start = time.perf_counter()
        advise(workload, catalog)
        times.append((time.perf_counter() - start) * 1e3)
    return times


def _parse_s(text: str, runs: int) -> float:
    start = time.perf_counter()
    for _ in range(runs):
        with contextlib.suppress(AdvisorError):  # refusing adversarial text is part of the work
            parse_workload(text)
    return (time.perf_counter() - start) / runs


def parser_ns_per_char() -> dict[str, list[tuple[int, float]]]:
    """The parser's time per character as inputs grow 1,000-fold: flat means linear.

    Slack and the CLI refuse text over `MAX_TEXT_CHARS` up front, so the cap is lifted here to
    time the reading itself on inputs far longer than any message.
    """
    cap = workload_tokens.MAX_TEXT_CHARS
    workload_tokens.MAX_TEXT_CHARS = 10**9
    try:
        return {
            name: [
                (len(piece) * n, _parse_s(piece * n, max(3, 3000 // n)) / (len(piece) * n) * 1e9)
                for n in PARSER_REPEATS
            ]
            for name, piece in PARSER_SHAPES.items()
        }
    finally:
        workload_tokens.MAX_TEXT_CHARS = cap


def main() -> None:
    catalog = bundled_catalog()
    workloads = generated_workloads(WORKLOADS)
    for region in REGIONS:  # warm each region's parsed prices once, as a running bot has
        catalog.ec2_types(region)
    advise_times_ms(workloads[:200], catalog)
    # three rounds over the same workloads: a busy machine shows as rounds that disagree
    rounds = [advise_times_ms(workloads, catalog) for _ in range(ROUNDS)]
    kinds = {kind: sum(1 for w in workloads if w.kind is kind) for kind in Kind}
    mix = ", ".join(f"{kind}: {n}" for kind, n in kinds.items())
    print(f"advise over {WORKLOADS:,} generated workloads ({mix}), {ROUNDS} rounds")
    for k, times in enumerate(rounds, 1):
        median, p99 = statistics.median(times), statistics.quantiles(times, n=100)[98]
        print(f"  round {k}: median {median:.3f} ms, p99 {p99:.3f} ms, max {max(times):.3f} ms")
    best = min(statistics.quantiles(times, n=100)[98] for times in rounds)
    print(f"  best p99 / target ({P99_TARGET_MS} ms): {best / P99_TARGET_MS:.2f}")
    print("parser on long inputs: time per character (flat means linear), cap lifted")
    for name, figures in parser_ns_per_char().items():
        cells = ", ".join(f"{length:,} chars {per_char:,.0f} ns" for length, per_char in figures)
        print(f"  {name}: {cells}; longest/shortest {figures[-1][1] / figures[0][1]:.2f}")
    refusal = _parse_s("3M requests " * 100_000, 20)
    print(f"  refusing 1.2 MB over the {workload_tokens.MAX_TEXT_CHARS:,}-char cap: {refusal * 1e6:.1f} µs")


if __name__ == "__main__":
    main()
