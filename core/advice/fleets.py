"""The sizes a request-driven fleet can be built of, priced by the task- or instance-hour with
everything that bills that way: Fargate task sizes, and EC2 instance types (burstable T types
with their baseline and surplus-credit price, other current-generation types, a named type).

EC2 candidates leave out previous-generation families and first-generation Graviton (a1) unless
named, and GPU types of the wrong vendor (NVIDIA unless `gpu=amd` or `gpu=any`).
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from core.advice import defaults as d
from core.advice.capacity import Size
from core.constants import MB_PER_GB
from core.costs.ec2 import FIRST_GENERATION_FAMILIES, gpu_vendor
from core.costs.fargate import TASK_SIZES, WINDOWS_MIN_VCPU, smallest_task_size
from core.prices.catalog import InstanceType, PriceCatalog

BURSTABLE_FAMILIES = frozenset({"t3", "t3a", "t4g"})  # t2 only when named: older, pricier credits


def family(name: str) -> str:
    """`t4g` for `t4g.medium`."""
    return name.split(".", 1)[0]


def candidate_type(instance: InstanceType, arch: str, gpus: int, vendor: str) -> bool:
    """Whether automatic sizing may pick this type: the right architecture, current generation,
    the GPUs asked for (of the vendor asked for), and none when none are asked for."""
    if (
        instance.arch != arch
        or instance.previous_generation
        or family(instance.name) in FIRST_GENERATION_FAMILIES
    ):
        return False
    if instance.burstable and family(instance.name) not in BURSTABLE_FAMILIES:
        return False
    if gpus == 0:
        return instance.gpus == 0
    return instance.gpus >= gpus and vendor in ("any", gpu_vendor(instance))


def fargate_hour_usd(
    catalog: PriceCatalog, region: str, arch: str, os: str, *, spot: bool
) -> tuple[Decimal, Decimal]:
    """Fargate's price per vCPU-hour (with any OS licence) and per GB-hour."""
    rates = catalog.fargate_rates(region, arch, os, spot and os == "linux")
    licence = rates.license_vcpu_hour.usd if rates.license_vcpu_hour else Decimal(0)
    return rates.vcpu_hour.usd + licence, rates.gb_hour.usd


@lru_cache(maxsize=512)
def fargate_sizes(
    catalog: PriceCatalog, region: str, arch: str, os: str, *, spot: bool, extra_hour_usd: Decimal
) -> tuple[Size, ...]:
    """Every valid task size for an OS, each priced by the task-hour (plus `extra_hour_usd`, what
    each task adds by the hour: its public IPv4 address)."""
    per_vcpu, per_gb = fargate_hour_usd(catalog, region, arch, os, spot=spot)
    floor = WINDOWS_MIN_VCPU if os == "windows" else Decimal(0)
    return tuple(
        Size(
            f"{v.normalize():f} vCPU / {m.normalize():f} GB", v, m, v * per_vcpu + m * per_gb + extra_hour_usd
        )
        for v, memories in TASK_SIZES.items()
        if v >= floor
        for m in memories
    )


def fargate_size_for(vcpu: Decimal, memory_gb: Decimal, os: str) -> tuple[Decimal, Decimal] | None:
    """The smallest valid task size with at least this vCPU and memory (None: none so large)."""
    return smallest_task_size(vcpu, memory_gb, os)


def instance_size(
    catalog: PriceCatalog, region: str, instance: InstanceType, extra_hour_usd: Decimal
) -> Size:
    """One instance type as a fleet size: memory less the OS's share, credits if burstable."""
    usable = instance.memory_gib - d.EC2_OS_MEMORY_MB / MB_PER_GB
    hour = instance.hourly.usd + extra_hour_usd
    if not instance.burstable:
        return Size(instance.name, Decimal(instance.vcpu), usable, hour)
    credits, _ = catalog.burstable_credits(region, instance.name)
    baseline = credits.baseline_per_vcpu * instance.vcpu
    return Size(instance.name, Decimal(instance.vcpu), usable, hour, baseline, credits.surplus_vcpu_hour.usd)


@lru_cache(maxsize=512)
def ec2_sizes(
    catalog: PriceCatalog,
    region: str,
    arch: str,
    *,
    gpus: int,
    vendor: str,
    extra_hour_usd: Decimal,
    os: str = "linux",
) -> tuple[Size, ...]:
    """The instance types automatic sizing may pick, as fleet sizes; plain types already pruned to
    those no cheaper type beats on vCPU, memory and GPUs (only these can be cheapest)."""
    kept: list[InstanceType] = []
    burstable: list[Size] = []
    for t in catalog.ec2_by_price(region, os):
        if not candidate_type(t, arch, gpus, vendor):
            continue
        if t.burstable and os != "linux":  # surplus credits are priced for Linux only
            continue
        if t.burstable:
            burstable.append(instance_size(catalog, region, t, extra_hour_usd))
        elif not any(k.vcpu >= t.vcpu and k.memory_gib >= t.memory_gib and k.gpus >= t.gpus for k in kept):
            kept.append(t)
    return tuple(instance_size(catalog, region, t, extra_hour_usd) for t in kept) + tuple(burstable)
