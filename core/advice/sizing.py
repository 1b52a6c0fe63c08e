"""Sizing containers and instances for a workload, and the rates it runs at.

Request-driven capacity follows Little's law: requests in flight = peak rate x duration. Each request
in flight takes the CPU and memory Lambda would give it (1 vCPU per 1,769 MB), and the fleet runs at
a target utilisation, with at least two tasks or instances. Every figure used is stated back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from functools import lru_cache
from typing import TypeVar

from core.advice import defaults as d
from core.constants import HOURS_PER_MONTH, MB_PER_GB, SECONDS_PER_MONTH
from core.costs.fargate import TASK_SIZES, WINDOWS_MIN_VCPU
from core.prices.catalog import InstanceType, PriceCatalog
from core.units import format_count, format_size_mb, plain
from core.workload import Workload


def ceil(value: Decimal) -> int:
    """The smallest whole number at least `value`."""
    whole = int(value)  # toward zero
    return whole + 1 if value > whole else whole


def rate_text(rps: Decimal) -> str:
    """`50 req/s`, `0.38 req/s`: a rate for people, to 2 places at most."""
    shown = rps.quantize(Decimal("0.01")) if rps < 100 else rps.to_integral_value()
    return f"{plain(shown)} req/s"


@dataclass(frozen=True, slots=True)
class Traffic:
    """A request-driven workload's monthly volume and peak rate, with how they were found."""

    monthly_requests: Decimal
    peak_rps: Decimal
    notes: tuple[str, ...]  # how the volume was found, then how the peak was

    @property
    def volume_notes(self) -> tuple[str, ...]:
        """Only how the monthly volume was found: all that per-request billing needs."""
        return tuple(n for n in self.notes if not n.startswith("peak ="))


def traffic(w: Workload) -> Traffic:
    """Volume and peak from whatever the workload gave: a volume, an average rate or a peak."""
    factor = w.peak_factor or d.PEAK_FACTOR
    notes: list[str] = []
    scale = (w.hours or HOURS_PER_MONTH) / HOURS_PER_MONTH
    if w.monthly_requests is not None:
        monthly = w.monthly_requests
    elif w.rps is not None:
        monthly = w.rps * SECONDS_PER_MONTH * scale
        notes.append(f"{rate_text(w.rps)} on average = {format_count(monthly.normalize())} requests a month")
    else:
        assert w.peak_rps is not None  # validation guarantees one of the three
        monthly = w.peak_rps / factor * SECONDS_PER_MONTH * scale
        notes.append(
            f"average rate = peak / {plain(factor)} (peak_factor): "
            f"{format_count(monthly.to_integral_value())} requests a month"
        )
    monthly = monthly.to_integral_value(rounding=ROUND_CEILING)
    if w.peak_rps is not None:
        peak = w.peak_rps
    else:
        average = (w.rps if w.rps is not None else monthly / (SECONDS_PER_MONTH * scale)) or Decimal(0)
        peak = average * factor
        notes.append(f"peak = {plain(factor)}x the average (peak_factor): {rate_text(peak)}")
    return Traffic(monthly, peak, tuple(notes))


@dataclass(frozen=True, slots=True)
class Need:
    """Total capacity a fleet must have, with the sizing explained."""

    vcpu: Decimal
    memory_gb: Decimal
    min_count: int
    notes: tuple[str, ...]
    unit_memory_gb: Decimal = Decimal(0)  # what one request holds: no task or instance can be smaller


def request_need(w: Workload, peak_rps: Decimal, memory_mb: Decimal) -> Need:
    """Capacity for the peak: Little's law, Lambda's CPU share per request, target utilisation."""
    assert w.duration_ms is not None
    in_flight = peak_rps * w.duration_ms / 1000
    per_request = w.vcpu_per_request or memory_mb / d.MB_PER_VCPU
    utilization = w.target_utilization or d.TARGET_UTILIZATION
    vcpu = in_flight * per_request / utilization
    memory_gb = in_flight * memory_mb / MB_PER_GB / utilization
    min_count = d.MIN_TASKS if w.min_tasks is None else w.min_tasks
    notes = (
        f"Little's law: {rate_text(peak_rps)} x {plain(w.duration_ms)}ms = "
        f"{plain(in_flight.quantize(Decimal('0.01')))} requests in flight at peak",
        f"each takes {plain(per_request.quantize(Decimal('0.001')))} vCPU and {format_size_mb(memory_mb)}, "
        "as Lambda would allot (1 vCPU per 1,769MB; vcpu_per_request overrides)",
        f"sized to run at {plain(utilization * 100)}% utilisation (utilization overrides), "
        f"at least {min_count} tasks or instances for availability (min_tasks overrides)",
        "idle capacity costs money: the fleet is billed all month, whatever the traffic",
        f"each task or instance holds at least one request's {format_size_mb(memory_mb)}",
    )
    return Need(vcpu, memory_gb, max(min_count, 1), notes, memory_mb / MB_PER_GB)


@dataclass(frozen=True, slots=True)
class FargateFleet:
    """`count` tasks of `vcpu` / `memory_gb`, and the monthly cost of one task."""

    count: int
    vcpu: Decimal
    memory_gb: Decimal
    task_usd: Decimal


def fargate_task_pricer(catalog: PriceCatalog, w: Workload) -> Callable[[Decimal, Decimal], Decimal]:
    """A function from task size (vCPU, GB) to the exact monthly cost of one always-on task."""
    return _task_pricer(catalog, w.region, w.arch, w.os, spot=w.spot, hours=w.hours)


def _task_pricer(
    catalog: PriceCatalog, region: str, arch: str, os: str, *, spot: bool, hours: Decimal | None
) -> Callable[[Decimal, Decimal], Decimal]:
    rates = catalog.fargate_rates(region, arch, os, spot and os == "linux")
    per_vcpu = rates.vcpu_hour.usd + (rates.license_vcpu_hour.usd if rates.license_vcpu_hour else 0)
    per_gb, monthly_hours = rates.gb_hour.usd, hours or HOURS_PER_MONTH
    return lambda vcpu, memory_gb: (vcpu * per_vcpu + memory_gb * per_gb) * monthly_hours


def fargate_sizes(os: str) -> list[tuple[Decimal, Decimal]]:
    """Every valid task size for an OS."""
    floor = WINDOWS_MIN_VCPU if os == "windows" else Decimal(0)
    return [(v, m) for v, memories in TASK_SIZES.items() if v >= floor for m in memories]


T = TypeVar("T")
PricedTask = tuple[Decimal, Decimal, Decimal]  # vCPU, GB, monthly USD of one always-on task


@lru_cache(maxsize=1024)
def _priced_tasks(
    catalog: PriceCatalog, region: str, arch: str, os: str, *, spot: bool, hours: Decimal | None
) -> tuple[PricedTask, ...]:
    price = _task_pricer(catalog, region, arch, os, spot=spot, hours=hours)
    return tuple(sorted(((v, m, price(v, m)) for v, m in fargate_sizes(os)), key=lambda t: (t[2], t[0])))


def fargate_frontier(catalog: PriceCatalog, w: Workload, need: Need) -> tuple[PricedTask, ...]:
    """The task sizes whose fleets can be the cheapest for a need of this shape, cheapest first."""
    return _fargate_frontier(
        catalog,
        w.region,
        w.arch,
        w.os,
        spot=w.spot,
        hours=w.hours,
        ratio=shape(need),
        unit=need.unit_memory_gb,
    )


@lru_cache(maxsize=2048)
def _fargate_frontier(
    catalog: PriceCatalog,
    region: str,
    arch: str,
    os: str,
    *,
    spot: bool,
    hours: Decimal | None,
    ratio: Decimal,
    unit: Decimal,
) -> tuple[PricedTask, ...]:
    tasks = tuple(t for t in _priced_tasks(catalog, region, arch, os, spot=spot, hours=hours) if t[1] >= unit)
    return undominated_sizes(tasks, [(t[2], t[0], t[1]) for t in tasks], ratio)


def shape(need: Need) -> Decimal:
    """A need's GB per vCPU: which sizes can serve it cheapest depends on this, not on its scale."""
    return need.memory_gb / need.vcpu if need.vcpu else Decimal(-1)


def undominated_sizes(
    sizes: Sequence[T], figures: Sequence[tuple[Decimal, Decimal, Decimal]], ratio: Decimal
) -> tuple[T, ...]:
    """The sizes (with their unit USD, vCPU, GB) that no other beats at every volume of a need of
    `ratio` GB per vCPU: one as cheap or cheaper per unit that covers as much of the need per unit.
    Kept cheapest first. A ratio below 0 (a need without vCPU) keeps them all."""
    if ratio < 0:
        return tuple(sizes)
    ranked = sorted(
        ((usd, max(1 / vcpu, ratio / gb), k) for k, (usd, vcpu, gb) in enumerate(figures)),
        key=lambda r: (r[0], r[1]),
    )
    kept: list[T] = []
    least = None
    for _usd, units, k in ranked:
        if least is None or units < least:
            kept.append(sizes[k])
            least = units
    return tuple(kept)


def fargate_fleet(catalog: PriceCatalog, w: Workload, need: Need) -> FargateFleet | None:
    """The cheapest fleet of one task size that covers the need (ties: fewer tasks), or None when no
    task size holds one unit of it."""
    best: FargateFleet | None = None
    best_usd = Decimal(0)
    counts = _Counts(need)
    for vcpu, memory, task_usd in fargate_frontier(catalog, w, need):
        if best is not None and need.min_count * task_usd > best_usd:
            break  # cheapest first: no later size can undercut even at the fewest tasks
        count = counts.of(vcpu, memory)
        usd = count * task_usd
        if best is None or (usd, count) < (best_usd, best.count):
            best, best_usd = FargateFleet(count, vcpu, memory, task_usd), usd
    return best


class _Counts:
    """How many of a size cover a need, remembering each vCPU and memory figure's share."""

    def __init__(self, need: Need) -> None:
        self.need = need
        self.by_vcpu: dict[Decimal | int, int] = {}
        self.by_memory: dict[Decimal | int, int] = {}

    def of(self, vcpu: Decimal | int, memory_gb: Decimal | int) -> int:
        by_vcpu = self.by_vcpu.get(vcpu)
        if by_vcpu is None:
            by_vcpu = self.by_vcpu[vcpu] = ceil(self.need.vcpu / vcpu)
        by_memory = self.by_memory.get(memory_gb)
        if by_memory is None:
            by_memory = self.by_memory[memory_gb] = ceil(self.need.memory_gb / memory_gb)
        return max(self.need.min_count, by_vcpu, by_memory)


@lru_cache(maxsize=512)
def ec2_frontier(catalog: PriceCatalog, region: str, arch: str, gpus: int) -> tuple[InstanceType, ...]:
    """The instance types no cheaper type beats on vCPU, memory and GPUs: only these can be the
    cheapest way to build a fleet. Burstable types are left out (their vCPU is a baseline share), and
    so are previous-generation ones."""
    kept: list[InstanceType] = []
    for t in catalog.ec2_by_price(region):
        if t.arch != arch or t.burstable or t.previous_generation or t.gpus < gpus or (gpus == 0 and t.gpus):
            continue
        if not any(k.vcpu >= t.vcpu and k.memory_gib >= t.memory_gib and k.gpus >= t.gpus for k in kept):
            kept.append(t)
    return tuple(kept)


@lru_cache(maxsize=2048)
def _ec2_fleet_frontier(
    catalog: PriceCatalog, region: str, arch: str, gpus: int, *, ratio: Decimal, unit: Decimal
) -> tuple[InstanceType, ...]:
    types = tuple(t for t in ec2_frontier(catalog, region, arch, gpus) if t.memory_gib >= unit)
    return undominated_sizes(types, [(t.hourly.usd, Decimal(t.vcpu), t.memory_gib) for t in types], ratio)


def ec2_fleet_frontier(
    catalog: PriceCatalog, w: Workload, need: Need, gpus: int = 0
) -> tuple[InstanceType, ...]:
    """The instance types whose fleets can be the cheapest for a need of this shape, cheapest first."""
    return _ec2_fleet_frontier(catalog, w.region, w.arch, gpus, ratio=shape(need), unit=need.unit_memory_gb)


@dataclass(frozen=True, slots=True)
class Ec2Fleet:
    """`count` instances of one type."""

    count: int
    instance: InstanceType


def ec2_fleet(catalog: PriceCatalog, w: Workload, need: Need, gpus: int = 0) -> Ec2Fleet | None:
    """The cheapest fleet of one instance type that covers the need, or None if no type exists."""
    best: Ec2Fleet | None = None
    best_usd = Decimal(0)
    counts = _Counts(need)
    for t in ec2_fleet_frontier(catalog, w, need, gpus):  # cheapest first
        if best is not None and need.min_count * t.hourly.usd > best_usd:
            break  # no later type can undercut even at the fewest instances
        count = counts.of(t.vcpu, t.memory_gib)
        usd = count * t.hourly.usd
        if best is None or (usd, count) < (best_usd, best.count):
            best, best_usd = Ec2Fleet(count, t), usd
    return best
