"""Services and jobs on Fargate and EC2, at the size they give: tasks and instances all month (a
service) or per run (a job), with what each adds around its compute.

A size comes from `vcpu=` and `memory=`, or from a named type (`type=m5.large` sizes Fargate to the
smallest valid task with as much vCPU and memory). On EC2, a service may run on a burstable T type
when its average CPU fits the type's baseline, or when the surplus credits still cost less.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_CEILING, Decimal

from core.advice import defaults as d
from core.advice.discounts import commitment
from core.advice.fleets import BURSTABLE_FAMILIES, family
from core.advice.load import cpu_seconds, peak_factor
from core.advice.model import Option, costed, infeasible
from core.advice.setup import around, ipv4_rate, is_public
from core.constants import HOURS_PER_MONTH, MB_PER_GB
from core.costs.commitments import with_commitment
from core.costs.ec2 import Ec2Deployment, Ec2Need, cheapest_fit, ec2_cost
from core.costs.estimate import Estimate, LineItem
from core.costs.fargate import FargateDeployment, fargate_cost, smallest_task_size
from core.costs.overheads import line
from core.prices.catalog import InstanceType, PriceCatalog
from core.units import plain
from core.workload import Kind, Workload

Run = tuple[Decimal | None, Decimal | None, Decimal | None]  # hours, or runs and the ms of each


def ceil(value: Decimal) -> int:
    """The smallest whole number at least `value`."""
    return int(value.to_integral_value(rounding=ROUND_CEILING))


def service_size(
    w: Workload, catalog: PriceCatalog | None = None
) -> tuple[Decimal, Decimal, tuple[str, ...]]:
    """vCPU and GB of one task or instance of a service or job: as given, as the named type has,
    or filling a missing half."""
    vcpu, memory_mb = w.vcpu, w.memory_mb
    if vcpu is None and memory_mb is None and w.instance_type and catalog is not None:
        named = catalog.ec2_type(w.region, w.instance_type)
        note = f"sized as {named.name}: {named.vcpu} vCPU / {plain(named.memory_gib)}GB"
        return Decimal(named.vcpu), named.memory_gib, (note,)
    if vcpu is None and memory_mb is None:
        vcpu = d.JOB_VCPU
    if memory_mb is None:
        assert vcpu is not None
        gb = vcpu * d.GB_PER_VCPU
        return vcpu, gb, (f"memory not given: {plain(gb)}GB ({plain(d.GB_PER_VCPU)}GB per vCPU) assumed",)
    gb = memory_mb / MB_PER_GB
    if vcpu is None:
        vcpu = max(gb / d.GB_PER_VCPU, Decimal("0.25"))
        return vcpu, gb, (f"vCPU not given: {plain(vcpu)} ({plain(d.GB_PER_VCPU)}GB per vCPU) assumed",)
    return vcpu, gb, ()


def service_count(w: Workload, units: str) -> tuple[int, tuple[str, ...]]:
    """How many tasks or instances an always-on service runs: as given, never below min_tasks."""
    floor = w.min_tasks or 0
    if w.count is None:
        count = d.MIN_TASKS if w.min_tasks is None else max(w.min_tasks, 1)
        return count, (f"count not given: {count} {units}, for availability",)
    if w.count < floor:
        return floor, (f"{w.count} {units} raised to {floor}, the minimum asked for (min_tasks)",)
    return w.count, ()


def service_volume(w: Workload) -> Decimal | None:
    """A service's requests a month, when it gives a rate."""
    if w.rps is None:
        return None
    return w.rps * (w.hours or HOURS_PER_MONTH) * 3600


def _fargate_deployment(
    w: Workload, tasks: int, size: tuple[Decimal, Decimal], run: Run
) -> FargateDeployment:
    storage = max((w.storage_mb or Decimal(0)) / MB_PER_GB, Decimal(20))
    spot = w.spot and w.os == "linux"
    return FargateDeployment(
        tasks, size[0], size[1], w.region, w.arch, w.os, spot, min(storage, Decimal(200)), *run
    )


def fargate_sized(w: Workload, catalog: PriceCatalog, run: Run) -> Option:
    """Fargate tasks of the size given: all month for a service, per run for a job."""
    vcpu, gb, notes = service_size(w, catalog)
    size = smallest_task_size(vcpu, gb, w.os)
    if size is None:
        return infeasible(
            "fargate", f"needs {plain(vcpu)} vCPU / {plain(gb)}GB; Fargate tasks stop at 16 vCPU / 120GB"
        )
    if size != (vcpu, gb):
        notes += (
            f"{plain(vcpu)} vCPU / {plain(gb)}GB maps up to {plain(size[0])} vCPU / {plain(size[1])}GB, "
            "the smallest valid Fargate task size that covers it",
        )
    if w.kind is Kind.JOB:
        count = w.count or 1
    else:
        count, count_notes = service_count(w, "tasks")
        notes += count_notes
    estimate = fargate_cost(_fargate_deployment(w, count, size, run), catalog)
    if w.kind is Kind.SERVICE:
        task_hours = (
            sum((i.quantity for i in estimate.line_items if i.unit == "vCPU-hour"), Decimal(0)) / size[0]
        )
        estimate = _around_service(w, catalog, "fargate", estimate, task_hours)
    else:
        estimate = _around_job(w, catalog, "fargate", estimate)
    return costed("fargate", with_commitment(estimate, commitment(w, "fargate", catalog)), notes)


def _around_service(
    w: Workload, catalog: PriceCatalog, service: str, estimate: Estimate, unit_hours: Decimal
) -> Estimate:
    """A service's addresses, front door, logs and NAT."""
    items = list(estimate.line_items)
    notes = list(estimate.assumptions)
    noun = "tasks" if service == "fargate" else "instances"
    if is_public(w):
        items.append(line(f"Public IPv4, {noun}", unit_hours, ipv4_rate(catalog, w.region)))
        notes.append(
            f"{noun} in public subnets, each with a public IPv4 address (public=no for private subnets)"
        )
    else:
        notes.append(
            f"{noun} in private subnets, no public IPv4; a shared NAT gateway's hours are not charged here"
        )
    outside = around(w, service, catalog, service_volume(w))
    items += outside.items
    return replace(
        estimate,
        line_items=tuple(items),
        assumptions=(*notes, *outside.notes),
        prices_as_of=catalog.prices_as_of({i.source for i in items}),
    )


def _around_job(w: Workload, catalog: PriceCatalog, service: str, estimate: Estimate) -> Estimate:
    outside = around(w, service, catalog, None)
    items = (*estimate.line_items, *outside.items)
    return replace(estimate, line_items=items, prices_as_of=catalog.prices_as_of({i.source for i in items}))


def service_busy_vcpu(w: Workload, vcpu_each: Decimal, count: int) -> tuple[Decimal, str]:
    """Average busy vCPU of one task or instance of a service, and how it was found: its requests'
    CPU time when it gives a rate, else `average_cpu`, else what sizing for a peak of `peak_factor`
    x the average at the target utilisation leaves on average (60% / 3 = 20%)."""
    if w.rps is not None and w.duration_ms is not None:
        cpu_s, _ = cpu_seconds(w, d.LAMBDA_MEMORY_MB)
        busy = min(w.rps * cpu_s / count, vcpu_each)
        return (
            busy,
            f"busy CPU from its requests: {plain(w.rps)} req/s x {plain(cpu_s * 1000)}ms over {count}",
        )
    if w.average_cpu is not None:
        return vcpu_each * w.average_cpu, f"average CPU {plain(w.average_cpu * 100)}% (average_cpu)"
    utilization = w.target_utilization or d.TARGET_UTILIZATION
    share = utilization if w.cpu_bound else utilization / peak_factor(w)
    share = share.quantize(Decimal("0.001"))
    return vcpu_each * share, (
        f"average CPU {plain(share * 100)}% assumed: sized for a peak of {plain(peak_factor(w))}x "
        f"the average at {plain(utilization * 100)}% (average_cpu= overrides)"
    )


def _surplus_per_hour(
    catalog: PriceCatalog, region: str, t: InstanceType, busy: Decimal
) -> tuple[Decimal, Decimal]:
    """A burstable type's surplus vCPU per hour at this busy vCPU, and its price per vCPU-hour."""
    credits, _ = catalog.burstable_credits(region, t.name)
    return max(busy - credits.baseline_per_vcpu * t.vcpu, Decimal(0)), credits.surplus_vcpu_hour.usd


def _burstable_fits(catalog: PriceCatalog, w: Workload, vcpu: Decimal, gb: Decimal) -> list[InstanceType]:
    return [
        t
        for t in catalog.ec2_by_price(w.region)
        if t.burstable
        and family(t.name) in BURSTABLE_FAMILIES
        and t.arch == w.arch
        and t.vcpu >= vcpu
        and t.memory_gib >= gb
    ]


def ec2_service_type(
    w: Workload, catalog: PriceCatalog, busy: Decimal
) -> tuple[InstanceType, tuple[str, ...]]:
    """The type an always-on service runs on: the named one, or the cheapest by the hour with any
    surplus credits its average CPU costs (burstable T types compete when there are no GPUs)."""
    if w.instance_type:
        return catalog.ec2_type(w.region, w.instance_type, w.os), ()
    vcpu, gb, notes = service_size(w, catalog)
    vendor = w.gpu or "nvidia"
    need = Ec2Need(vcpu, gb, w.arch, w.gpus or 0, gpu_vendor=vendor, os=w.os)
    best = cheapest_fit(catalog, w.region, need)
    best_usd = best.hourly.usd
    # burstable types are built for a low average CPU; their surplus credits are priced for Linux
    if not w.gpus and not w.cpu_bound and w.os == "linux":
        for t in _burstable_fits(catalog, w, vcpu, gb):
            surplus, price = _surplus_per_hour(catalog, w.region, t, busy)
            usd = t.hourly.usd + surplus * price
            if usd < best_usd:
                best, best_usd = t, usd
    why = f"{best.name}: the cheapest {w.arch} type with ≥{plain(vcpu)} vCPU and ≥{plain(gb)}GiB by the hour"
    if best.burstable:
        why += ", CPU credits included"
    return best, (*notes, why)


def ec2_service(w: Workload, catalog: PriceCatalog) -> Option:
    """EC2 instances of the service's size all month, with root volumes, credits and addresses."""
    count, count_notes = service_count(w, "instances")
    vcpu, _, _ = service_size(w, catalog)
    busy, busy_note = service_busy_vcpu(w, vcpu, count)
    instance, notes = ec2_service_type(w, catalog, busy)
    hours = w.hours or HOURS_PER_MONTH
    deployment = Ec2Deployment(
        w.region, instance.name, None, count, hours, w.ebs_gb or d.ROOT_EBS_GB, os=w.os
    )
    estimate = ec2_cost(deployment, catalog)
    if instance.burstable:
        estimate = _with_credits(estimate, catalog, instance, (busy, busy_note))
    estimate = _around_service(w, catalog, "ec2", estimate, estimate.line_items[0].quantity)
    return costed("ec2", with_commitment(estimate, commitment(w, "ec2", catalog)), (*notes, *count_notes))


def _with_credits(
    estimate: Estimate, catalog: PriceCatalog, t: InstanceType, busy_and_why: tuple[Decimal, str]
) -> Estimate:
    """An instance estimate with its surplus CPU credits: busy vCPU above the baseline, every hour."""
    busy, busy_note = busy_and_why
    hours = estimate.line_items[0].quantity
    credits, fallback = catalog.burstable_credits(estimate.region, t.name)
    baseline = credits.baseline_per_vcpu * t.vcpu
    surplus = max(busy - baseline, Decimal(0))
    note = (
        f"{t.name} is burstable (unlimited mode): {plain(baseline)} vCPU baseline "
        f"({plain(credits.baseline_per_vcpu * 100)}% of {t.vcpu} vCPU); {busy_note}: "
        f"{plain(busy.quantize(Decimal('0.001')))} vCPU busy on average"
    )
    items: list[LineItem] = list(estimate.line_items)
    if surplus:
        items.insert(
            1, line("CPU credits above baseline (unlimited mode)", surplus * hours, credits.surplus_vcpu_hour)
        )
        note += (
            f", {plain(surplus.quantize(Decimal('0.001')))} above the baseline, charged as surplus credits"
        )
    else:
        note += ": within the baseline, no surplus credits"
    extra = (note, fallback) if fallback else (note,)
    return replace(estimate, line_items=tuple(items), assumptions=(*estimate.assumptions, *extra))


def ec2_job_modes(w: Workload, catalog: PriceCatalog) -> tuple[Estimate, Estimate, tuple[str, ...]]:
    """A job on EC2 two ways: an instance launched per run, and instances always on; each with
    its root volume."""
    assert w.monthly_runs is not None and w.duration_ms is not None
    notes: tuple[str, ...] = ()
    if w.instance_type:
        name = w.instance_type
    else:
        vcpu, gb, notes = service_size(w, catalog)
        vendor = w.gpu or "nvidia"
        need = Ec2Need(vcpu, gb, w.arch, w.gpus or 0, gpu_vendor=vendor, os=w.os)
        name = cheapest_fit(catalog, w.region, need).name
    count = w.count or 1
    root = w.ebs_gb or d.ROOT_EBS_GB
    run_s = max((w.duration_ms / 1000).to_integral_value(rounding=ROUND_CEILING), Decimal(60)) + d.EC2_BOOT_S
    run_hours = w.monthly_runs * run_s / 3600
    busy = w.monthly_runs * w.duration_ms / 3_600_000
    always = count * max(1, ceil(busy / HOURS_PER_MONTH))
    per_run = ec2_cost(
        Ec2Deployment(
            w.region, name, None, count, Decimal(0), root, instance_hours=count * run_hours, os=w.os
        ),
        catalog,
    )
    per_run = replace(
        per_run,
        assumptions=(
            f"launched per run: {plain(w.monthly_runs)} runs x {plain(run_s)}s "
            f"(the run, billed per second with a 60s minimum, plus {plain(d.EC2_BOOT_S)}s to boot)",
            *per_run.assumptions,
        ),
    )
    on = ec2_cost(Ec2Deployment(w.region, name, None, always, HOURS_PER_MONTH, root, os=w.os), catalog)
    return per_run, on, notes


def ec2_job(w: Workload, catalog: PriceCatalog) -> Option:
    """A job on EC2: launched per run or always on, whichever costs less."""
    per_run, on, notes = ec2_job_modes(w, catalog)
    cheaper, other, how = (
        (per_run, on, "per run") if per_run.exact_usd <= on.exact_usd else (on, per_run, "always on")
    )
    other_way = "always on" if how == "per run" else "per run"
    notes += (f"{how} is cheaper than {other_way} (${other.monthly_usd:,.2f} a month)",)
    estimate = _around_job(w, catalog, "ec2", cheaper)
    return costed("ec2", with_commitment(estimate, commitment(w, "ec2", catalog)), notes)
