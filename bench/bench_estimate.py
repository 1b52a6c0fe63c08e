"""Benchmark the costing core: catalog load, one estimate per service, and a cold CLI process.

    python bench/bench_estimate.py

Prints figures and ratios measured in this one run; it passes or fails nothing.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from importlib import resources
from pathlib import Path

from core.costs.aws_lambda import LambdaDeployment, lambda_cost
from core.costs.ec2 import Ec2Deployment, Ec2Need, ec2_cost
from core.costs.fargate import FargateDeployment, fargate_cost
from core.prices.catalog import PriceCatalog

COLD_TARGET_S = 0.3


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall times of `repeat` calls, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98]


def load_catalog() -> PriceCatalog:
    text = resources.files("core").joinpath("data/prices.json").read_text(encoding="utf-8")
    return PriceCatalog(json.loads(text))


def main() -> None:
    load_times = timed(load_catalog, 20)
    catalog = load_catalog()
    catalog.ec2_types("us-east-1")  # the first use of a region parses its prices
    cases: dict[str, Callable[[], object]] = {
        "lambda": lambda: lambda_cost(
            LambdaDeployment(Decimal(3_000_000), Decimal(120), Decimal(1536)), catalog
        ),
        "fargate": lambda: fargate_cost(FargateDeployment(5, Decimal(1), Decimal(2)), catalog),
        "ec2 (type)": lambda: ec2_cost(Ec2Deployment(instance_type="m5.large", count=2), catalog),
        "ec2 (fit)": lambda: ec2_cost(Ec2Deployment(need=Ec2Need(Decimal(2), Decimal(4))), catalog),
    }
    print(f"catalog load (parse the bundled snapshot): median {statistics.median(load_times) * 1e3:.2f} ms")
    for name, case in cases.items():
        times = timed(case, 2000)
        print(
            f"estimate {name:11}: median {statistics.median(times) * 1e6:8.1f} us, "
            f"p99 {p99(times) * 1e6:8.1f} us"
        )
    cold_cli(Path(sys.executable))


def cold_cli(python: Path) -> None:
    """A cold `compute-advisor estimate` process, against a bare interpreter start in the same run."""
    script = shutil.which("compute-advisor", path=str(python.parent)) or "compute-advisor"
    args = [script, "estimate", "lambda", "requests=3M", "duration=120ms", "memory=1536MB"]
    bare = timed(lambda: subprocess.run([str(python), "-c", "pass"], check=True), 15)
    cold = timed(lambda: subprocess.run(args, check=True, capture_output=True), 15)
    cold_s, bare_s = statistics.median(cold), statistics.median(bare)
    target_ms = COLD_TARGET_S * 1e3
    print(f"cold `compute-advisor estimate`: median {cold_s * 1e3:.0f} ms (target < {target_ms:.0f} ms)")
    print(f"bare `python -c pass`: median {bare_s * 1e3:.0f} ms; ratio cold/bare = {cold_s / bare_s:.1f}x")
    print(
        f"ratio cold/target = {cold_s / COLD_TARGET_S:.2f} ({'met' if cold_s < COLD_TARGET_S else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
