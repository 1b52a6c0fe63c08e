"""EC2's monthly cost: instance type x count x hours, and EBS gp3 storage as its own line.

Billing rules (AWS EC2 pricing page): On-Demand Linux is billed per second with a 60-second minimum;
gp3 volumes per GB-month, prorated by the hour.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from core.constants import HOURS_PER_MONTH
from core.costs.estimate import Estimate, LineItem
from core.errors import InvalidInput
from core.prices.catalog import InstanceType, PriceCatalog
from core.units import plain

MIN_BILLED_HOURS = Decimal(1) / 60  # 60-second minimum
MAX_COUNT = 100_000
MAX_EBS_GB = Decimal(64 * 1024)  # a gp3 volume holds at most 64 TiB
OS_LABELS = {"linux": "Linux", "windows": "Windows"}


@dataclass(frozen=True, slots=True)
class Ec2Need:
    """What an instance must have: at least this many vCPUs, GiB and GPUs, on this architecture."""

    vcpu: Decimal
    memory_gib: Decimal
    arch: str = "x86_64"
    gpus: int = 0
    burstable: bool = False  # T-family types only count when asked for: their vCPU is a baseline share
    gpu_vendor: str = "nvidia"  # nvidia (CUDA), amd or any
    os: str = "linux"  # windows: licence-included prices, where a Price List refresh has read them


@dataclass(frozen=True, slots=True)
class Ec2Deployment:
    """Instances of one type (named, or the cheapest that meets `need`) and their month."""

    region: str = "us-east-1"
    instance_type: str | None = None
    need: Ec2Need | None = None
    count: int = 1
    hours: Decimal = HOURS_PER_MONTH
    ebs_gb: Decimal | None = None
    # a fleet whose count changes by the hour: its instance-hours in all, instead of count x hours
    instance_hours: Decimal | None = None
    os: str = "linux"  # windows: On-Demand with the Windows licence included


# First-generation Graviton (a1): AWS steers new work to Graviton2 and later, which cost less for
# the same work. Priced when named (type=a1.large), never picked.
FIRST_GENERATION_FAMILIES = frozenset({"a1"})
AMD_GPU_FAMILIES = frozenset({"g4ad"})  # Radeon Pro V520; every other GPU type carries NVIDIA's
GPU_VENDORS = ("nvidia", "amd", "any")


def gpu_vendor(instance: InstanceType) -> str | None:
    """The maker of an instance type's GPUs (nvidia or amd), or None when it has none."""
    if not instance.gpus:
        return None
    return "amd" if instance.name.split(".", 1)[0] in AMD_GPU_FAMILIES else "nvidia"


def fits(instance: InstanceType, need: Ec2Need) -> bool:
    """Whether an instance type meets a need."""
    return (
        instance.arch == need.arch
        and instance.vcpu >= need.vcpu
        and instance.memory_gib >= need.memory_gib
        and instance.gpus >= need.gpus
        and (need.burstable or not instance.burstable)
        and (need.gpus > 0 or instance.gpus == 0)
        and (need.gpus == 0 or need.gpu_vendor in ("any", gpu_vendor(instance)))
        and not instance.previous_generation
        and instance.name.split(".", 1)[0] not in FIRST_GENERATION_FAMILIES
    )


def cheapest_fit(catalog: PriceCatalog, region: str, need: Ec2Need) -> InstanceType:
    """The cheapest instance type in a region that meets the need (ties broken by name)."""
    kind = {"burstable": need.burstable, "gpus": need.gpus > 0, "vendor": need.gpu_vendor, "os": need.os}
    for instance in _candidates(catalog, region, need.arch, **kind):
        if (
            instance.vcpu >= need.vcpu
            and instance.memory_gib >= need.memory_gib
            and instance.gpus >= need.gpus
        ):
            return instance
    raise InvalidInput(
        "vcpu",
        f"{plain(need.vcpu)} vCPU, {plain(need.memory_gib)} GiB, {need.gpus} GPU, {need.arch}",
        f"a need some {need.arch} instance type in {region} meets",
    )


@lru_cache(maxsize=512)
def _candidates(
    catalog: PriceCatalog, region: str, arch: str, *, burstable: bool, gpus: bool, vendor: str, os: str
) -> tuple[InstanceType, ...]:
    """The types `fits` can accept for a need of this kind, cheapest first: a fit scans only these."""
    probe = Ec2Need(Decimal(0), Decimal(0), arch, 1 if gpus else 0, burstable, vendor, os)
    return tuple(t for t in catalog.ec2_by_price(region, os) if fits(t, probe))


def check_ec2(deployment: Ec2Deployment) -> None:
    """Raise InvalidInput for counts, hours or volumes EC2 can't have."""
    if not 0 <= deployment.count <= MAX_COUNT:
        raise InvalidInput("count", str(deployment.count), f"a whole number from 0 to {MAX_COUNT:,}")
    if not 0 <= deployment.hours <= HOURS_PER_MONTH:
        raise InvalidInput("hours", plain(deployment.hours), "0h to 730h a month per instance")
    if deployment.ebs_gb is not None and not 0 < deployment.ebs_gb <= MAX_EBS_GB:
        raise InvalidInput("ebs", f"{plain(deployment.ebs_gb)}GB", "1GB to 65536GB (64 TiB) per instance")
    if deployment.os not in OS_LABELS:
        raise InvalidInput("os", deployment.os, "linux or windows")
    if (deployment.instance_type is None) == (deployment.need is None):
        raise InvalidInput(
            "type", deployment.instance_type, "either type=<instance type> or vcpu= and memory="
        )


def ec2_cost(deployment: Ec2Deployment, catalog: PriceCatalog) -> Estimate:
    """The monthly cost of EC2 instances (and their gp3 volumes), line by line."""
    check_ec2(deployment)
    assumptions: list[str] = []
    if deployment.instance_type is not None:
        instance = catalog.ec2_type(deployment.region, deployment.instance_type, deployment.os)
    else:
        assert deployment.need is not None  # check_ec2 guarantees one of the two
        instance = cheapest_fit(catalog, deployment.region, replace(deployment.need, os=deployment.os))
        assumptions.append(_picked(instance, deployment.need))
    hours = max(deployment.hours, MIN_BILLED_HOURS) if deployment.hours else Decimal(0)
    instance_hours = (
        deployment.count * hours if deployment.instance_hours is None else deployment.instance_hours
    )
    rate = instance.hourly
    items = [
        LineItem(
            f"{instance.name} On-Demand {OS_LABELS[deployment.os]}",
            instance_hours,
            "instance-hour",
            rate.usd,
            rate.source,
            committable=True,
        )
    ]
    if deployment.instance_hours is None:
        each = f"{plain(deployment.hours)}h a month each"
        assumptions.append(f"{deployment.count} x {instance.name} ({_specs(instance)}), {each}")
    else:
        assumptions.append(
            f"{instance.name} ({_specs(instance)}), {plain(instance_hours)} instance-hours in all"
        )
    if deployment.ebs_gb is not None:
        ebs, note = catalog.ebs_gp3(deployment.region)
        quantity = deployment.ebs_gb * instance_hours / HOURS_PER_MONTH
        items.append(LineItem("EBS gp3 storage", quantity, "GB-month", ebs.usd, ebs.source))
        assumptions.append("gp3 baseline 3,000 IOPS and 125 MB/s included; more is extra")
        if note:
            assumptions.append(note)
    return Estimate(
        service="ec2",
        region=deployment.region,
        line_items=tuple(items),
        assumptions=tuple(assumptions),
        prices_as_of=catalog.prices_as_of({i.source for i in items}),
        choice=instance.name,
    )


def _specs(instance: InstanceType) -> str:
    gpus = f", {instance.gpus} GPU" if instance.gpus else ""
    return f"{instance.vcpu} vCPU, {plain(instance.memory_gib)} GiB, {instance.arch}{gpus}"


def _picked(instance: InstanceType, need: Ec2Need) -> str:
    vendor = {"nvidia": " NVIDIA", "amd": " AMD"}.get(need.gpu_vendor, "")
    gpus = f", {need.gpus}{vendor} GPU" if need.gpus else ""
    skipped = "" if need.burstable else "; burstable T types left out (burstable=yes to include)"
    return (
        f"{instance.name} is the cheapest {need.arch} type with ≥{plain(need.vcpu)} vCPU, "
        f"≥{plain(need.memory_gib)} GiB{gpus}{skipped}"
    )
