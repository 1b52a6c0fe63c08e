"""Fargate's monthly cost: tasks x billed hours x (vCPU price + GB price), plus storage and licence.

Billing rules (AWS Fargate pricing page): per second from the image pull, with a 1-minute minimum
for each task run (5 minutes for Windows). The first 20 GB of ephemeral storage is free, up to
200 GB. Only fixed vCPU/memory pairs exist; memory is in GB of 1024^3 bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from core.constants import HOURS_PER_MONTH, SECONDS_PER_HOUR
from core.costs.estimate import Estimate, LineItem
from core.errors import InvalidInput
from core.prices.catalog import PriceCatalog
from core.units import plain

MIN_RUN_S = {"linux": Decimal(60), "windows": Decimal(300)}
STORAGE_FREE_GB = Decimal(20)
STORAGE_MAX_GB = Decimal(200)
MAX_TASKS = 100_000


def _steps(low: int, high: int, step: int) -> tuple[Decimal, ...]:
    return tuple(Decimal(n) for n in range(low, high + 1, step))


# Valid task sizes: vCPU -> memory sizes in GB (Fargate task definition documentation).
TASK_SIZES: dict[Decimal, tuple[Decimal, ...]] = {
    Decimal("0.25"): (Decimal("0.5"), Decimal(1), Decimal(2)),
    Decimal("0.5"): _steps(1, 4, 1),
    Decimal(1): _steps(2, 8, 1),
    Decimal(2): _steps(4, 16, 1),
    Decimal(4): _steps(8, 30, 1),
    Decimal(8): _steps(16, 60, 4),
    Decimal(16): _steps(32, 120, 8),
}
WINDOWS_MIN_VCPU = Decimal(1)


@dataclass(frozen=True, slots=True)
class FargateDeployment:
    """Tasks of one size and how long each runs in a month: either `hours` of continuous
    running, or `runs` of `run_ms` each (each run is billed separately, with the minimum)."""

    tasks: int
    vcpu: Decimal
    memory_gb: Decimal
    region: str = "us-east-1"
    arch: str = "x86_64"
    os: str = "linux"
    spot: bool = False
    storage_gb: Decimal = STORAGE_FREE_GB
    hours: Decimal | None = None
    runs: Decimal | None = None
    run_ms: Decimal | None = None
    # a fleet whose count changes by the hour: its task-hours in all, billed instead of tasks x hours
    task_hours: Decimal | None = None


def _size_text(vcpu: Decimal, memory_gb: Decimal) -> str:
    return f"{plain(vcpu)} vCPU / {plain(memory_gb)} GB"


def smallest_task_size(
    vcpu: Decimal, memory_gb: Decimal, os: str = "linux"
) -> tuple[Decimal, Decimal] | None:
    """The cheapest valid task size with at least this vCPU and memory, or None if none is big
    enough. Sizes are tried in vCPU order, so the first fit has the fewest vCPUs (the dear part)."""
    floor = WINDOWS_MIN_VCPU if os == "windows" else Decimal(0)
    for size_vcpu, memories in TASK_SIZES.items():
        if size_vcpu < max(vcpu, floor):
            continue
        fitting = [m for m in memories if m >= memory_gb]
        if fitting:
            return size_vcpu, fitting[0]
    return None


def check_task_size(vcpu: Decimal, memory_gb: Decimal, os: str) -> None:
    """Raise InvalidInput naming the valid sizes if (vcpu, memory) isn't a Fargate task size."""
    valid_vcpus = ", ".join(plain(v) for v in TASK_SIZES)
    if vcpu not in TASK_SIZES:
        raise InvalidInput("vcpu", plain(vcpu), f"one of {valid_vcpus}{_cover(vcpu, memory_gb, os)}")
    if os == "windows" and vcpu < WINDOWS_MIN_VCPU:
        raise InvalidInput("vcpu", plain(vcpu), f"at least 1 vCPU for Windows{_cover(vcpu, memory_gb, os)}")
    memories = TASK_SIZES[vcpu]
    if memory_gb not in memories:
        listed = ", ".join(plain(m) for m in memories)
        accepted = f"with {plain(vcpu)} vCPU: {listed} GB{_cover(vcpu, memory_gb, os)}"
        raise InvalidInput("memory", f"{plain(memory_gb)}GB", accepted)


def _cover(vcpu: Decimal, memory_gb: Decimal, os: str) -> str:
    size = smallest_task_size(vcpu, memory_gb, os)
    if size is None:
        return "; no Fargate task is that large (16 vCPU / 120 GB at most)"
    return f"; the smallest valid size that covers it is {_size_text(*size)}"


def check_fargate(deployment: FargateDeployment) -> None:
    """Raise InvalidInput for anything Fargate can't run or bill this way."""
    check_task_size(deployment.vcpu, deployment.memory_gb, deployment.os)
    if deployment.os == "windows" and deployment.arch == "arm64":
        raise InvalidInput("arch", "arm64", "x86_64 for Windows tasks: Fargate runs Windows on x86 only")
    if deployment.os == "windows" and deployment.spot:
        raise InvalidInput("spot", "yes", "no for Windows tasks: Fargate Spot runs Linux only")
    if not STORAGE_FREE_GB <= deployment.storage_gb <= STORAGE_MAX_GB:
        raise InvalidInput("storage", f"{plain(deployment.storage_gb)}GB", "20GB to 200GB per task")
    if not 0 <= deployment.tasks <= MAX_TASKS:
        raise InvalidInput("tasks", str(deployment.tasks), f"a whole number from 0 to {MAX_TASKS:,}")
    if deployment.hours is not None and deployment.hours > HOURS_PER_MONTH:
        raise InvalidInput("hours", plain(deployment.hours), "at most 730 hours a month per task")
    if (deployment.runs is None) != (deployment.run_ms is None):
        raise InvalidInput("runs", deployment.runs, "runs and duration together (runs=30 duration=10min)")


def billed_hours_per_task(deployment: FargateDeployment) -> tuple[Decimal, str]:
    """Hours billed for each task in a month, and how they were counted."""
    minimum_s = MIN_RUN_S[deployment.os]
    if deployment.runs is not None and deployment.run_ms is not None:
        per_run_s = max((deployment.run_ms / 1000).to_integral_value(rounding=ROUND_CEILING), minimum_s)
        hours = deployment.runs * per_run_s / SECONDS_PER_HOUR
        note = f"{plain(deployment.runs)} runs a month per task, each billed {plain(per_run_s)}s"
        return hours, note + f" (per second, {plain(minimum_s / 60)}-minute minimum)"
    hours = HOURS_PER_MONTH if deployment.hours is None else deployment.hours
    seconds = max(hours * SECONDS_PER_HOUR, minimum_s) if hours else Decimal(0)
    return seconds / SECONDS_PER_HOUR, f"each task runs {plain(hours)}h a month"


def fargate_cost(deployment: FargateDeployment, catalog: PriceCatalog) -> Estimate:
    """The monthly cost of Fargate tasks, line by line."""
    check_fargate(deployment)
    rates = catalog.fargate_rates(deployment.region, deployment.arch, deployment.os, deployment.spot)
    if deployment.task_hours is None:
        hours, counted = billed_hours_per_task(deployment)
        task_hours = deployment.tasks * hours
    else:
        task_hours, counted = (
            deployment.task_hours,
            f"{plain(deployment.task_hours)} task-hours a month in all",
        )
    flavour = f"{deployment.os}/{deployment.arch}" + (" Spot" if deployment.spot else "")
    items = [
        LineItem(
            f"vCPU ({flavour})",
            task_hours * deployment.vcpu,
            "vCPU-hour",
            rates.vcpu_hour.usd,
            rates.vcpu_hour.source,
            committable=True,
        ),
        LineItem(
            f"Memory ({flavour})",
            task_hours * deployment.memory_gb,
            "GB-hour",
            rates.gb_hour.usd,
            rates.gb_hour.source,
            committable=True,
        ),
    ]
    if rates.license_vcpu_hour is not None:
        lic = rates.license_vcpu_hour
        items.append(
            LineItem("Windows OS licence", task_hours * deployment.vcpu, "vCPU-hour", lic.usd, lic.source)
        )
    extra_gb = deployment.storage_gb - STORAGE_FREE_GB
    if extra_gb > 0:
        store = rates.storage_gb_hour
        items.append(
            LineItem(
                "Ephemeral storage above 20GB",
                task_hours * extra_gb,
                "GB-hour",
                store.usd,
                store.source,
            )
        )
    tasks = "tasks" if deployment.task_hours is not None else f"{deployment.tasks} task(s)"
    assumptions = [f"{tasks} of {_size_text(deployment.vcpu, deployment.memory_gb)}; {counted}"]
    if deployment.spot:
        assumptions.append(
            "Fargate Spot price is a dated sample: it floats, "
            "and a task can be stopped with 2 minutes' notice"
        )
    return Estimate(
        service="fargate",
        region=deployment.region,
        line_items=tuple(items),
        assumptions=tuple(assumptions),
        prices_as_of=catalog.prices_as_of({i.source for i in items}),
        choice=f"{_size_text(deployment.vcpu, deployment.memory_gb)} task",
    )
