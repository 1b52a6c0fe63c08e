"""A service's busy CPU time offered to Lambda, for services with no request metric. Pure.

One invocation a second for each busy vCPU, each taking as long as a second of that vCPU's work
would on a 1,024MB function (0.58 vCPU), with only a quarter of every invocation assumed to be on
CPU: the rest waits on I/O, which Lambda bills too and CPU utilisation doesn't show.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from core.advice import defaults as d
from core.observed.model import PERCENT, RATE_STEP, VCPU_STEP, percent_text, round_near, round_up
from core.units import plain
from core.usage import SeriesStats
from core.workload import Kind, Workload

CPU_SHARE_OF_DURATION = Decimal("0.25")  # of an invocation's time, the part spent on CPU
BUSY_CPU_DURATION_MS = 1000 * d.MB_PER_VCPU / d.LAMBDA_MEMORY_MB / CPU_SHARE_OF_DURATION  # 6,910.15625
NO_CPU_NOTE = "no CPU figures: Lambda not compared"
# What the reader can't see around a service's compute: no front door (its requests, if any, are
# not known), no public addresses, and its busy-CPU invocations write no application log of
# their own. The same on every option, so the comparison holds.
OBSERVED_SERVICE: dict[str, Any] = {"front_door": "none", "public": False, "log_kb": Decimal(0)}
# A function, likewise: its front door (API Gateway, a URL) and its logs are not read, so none
# are costed on any option; nor is its CPU time, so each invocation is taken to keep its Lambda
# CPU share busy, the most a container could need: a move is noted only when it wins even so.
OBSERVED_FUNCTION: dict[str, Any] = {**OBSERVED_SERVICE, "cpu_bound": True}
CPU_NOT_READ = "CPU time not read: each invocation keeps its Lambda CPU share busy (the most it can)"


@dataclass(frozen=True, slots=True)
class BusyCpuTraffic:
    """A service's busy CPU time expressed as Lambda invocations, with how it was worked out."""

    rps: Decimal
    peak_rps: Decimal
    notes: tuple[str, ...]


def busy_cpu_traffic(
    units: int, vcpu_each: Decimal, cpu: SeriesStats | None, cpu_max: Decimal | None
) -> BusyCpuTraffic | None:
    """One invocation a second per busy vCPU, each BUSY_CPU_DURATION_MS long; None without CPU data."""
    if cpu is None or cpu.average <= 0:
        return None
    total = units * vcpu_each
    busy = total * cpu.average / PERCENT
    rps = round_up(busy, RATE_STEP)
    peak = max(round_up(total * (cpu_max if cpu_max is not None else cpu.maximum) / PERCENT, RATE_STEP), rps)
    return BusyCpuTraffic(
        rps,
        peak,
        (
            f"busy CPU: {percent_text(cpu.average)} of {plain(total)} vCPU = "
            f"{plain(round_near(busy, VCPU_STEP))} vCPU on average, offered to Lambda as one invocation "
            "a second per busy vCPU",
            f"each invocation {plain(BUSY_CPU_DURATION_MS)}ms on a 1,024MB function (0.58 vCPU), "
            f"assuming {plain(CPU_SHARE_OF_DURATION * PERCENT)}% of its time on CPU and the rest on I/O",
        ),
    )


def busy_cpu_service(traffic: BusyCpuTraffic | None, notes: Iterable[str], **shape: Any) -> Workload:
    """An always-on service of `shape`, its busy CPU time offered to Lambda (not at all without CPU data)."""
    return Workload(
        kind=Kind.SERVICE,
        rps=traffic.rps if traffic else None,
        peak_rps=traffic.peak_rps if traffic else None,
        duration_ms=BUSY_CPU_DURATION_MS if traffic else None,
        notes=(*notes, *(traffic.notes if traffic else (NO_CPU_NOTE,))),
        **{**OBSERVED_SERVICE, **shape},
    )
