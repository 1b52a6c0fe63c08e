"""From what the usage reader saw to workloads the advice can cost. Pure.

Each resource becomes an observed workload, with how it runs today (the usage its current bill is
costed from) and a confidence that says how complete its data was. A resource whose data can't
support a figure is listed as insufficient, with the reasons; nothing is guessed silently. Every
figure derived here is stated back in the workload's notes.

Services with no request metric (EC2 groups, Fargate services without an ALB) are offered to
Lambda on their busy CPU time: one invocation a second for each busy vCPU, each taking as long
as a second of that vCPU's work would on a 1,024MB function (0.58 vCPU), with only a quarter of
every invocation assumed to be on CPU (the rest waits on I/O, which Lambda bills too).
"""

from __future__ import annotations

from core.observed.busy_cpu import (
    BUSY_CPU_DURATION_MS,
    CPU_SHARE_OF_DURATION,
    BusyCpuTraffic,
    busy_cpu_traffic,
)
from core.observed.ec2 import ec2_group_name, observe_ec2
from core.observed.fargate import observe_fargate
from core.observed.lambdas import observe_lambda
from core.observed.model import (
    Confidence,
    Finding,
    InsufficientData,
    Observation,
    ObservedWorkload,
    Resource,
    coverage_finding,
    grade,
)
from core.prices.catalog import PriceCatalog
from core.usage import UsageReport

__all__ = [
    "BUSY_CPU_DURATION_MS",
    "CPU_SHARE_OF_DURATION",
    "BusyCpuTraffic",
    "Confidence",
    "Finding",
    "InsufficientData",
    "Observation",
    "ObservedWorkload",
    "Resource",
    "busy_cpu_traffic",
    "coverage_finding",
    "ec2_group_name",
    "grade",
    "observe",
    "observe_ec2",
    "observe_fargate",
    "observe_lambda",
]


def observe(report: UsageReport, catalog: PriceCatalog) -> Observation:
    """Every function, service and instance group in the report, as a workload or as insufficient."""
    window = report.window
    results: list[ObservedWorkload | InsufficientData] = []
    for account in report.accounts:
        results += [_checked(observe_lambda(f, window), catalog) for f in account.lambda_functions]
        results += [_checked(observe_fargate(s, window), catalog) for s in account.fargate_services]
        results += [observe_ec2(g, window, catalog) for g in account.ec2_groups]
    return Observation(
        tuple(r for r in results if isinstance(r, ObservedWorkload)),
        tuple(r for r in results if isinstance(r, InsufficientData)),
    )


def _checked(
    result: ObservedWorkload | InsufficientData, catalog: PriceCatalog
) -> ObservedWorkload | InsufficientData:
    """Insufficient if the snapshot has no prices for the workload's region."""
    if isinstance(result, InsufficientData) or result.resource.region in catalog.regions():
        return result
    return InsufficientData(result.resource, (f"{result.resource.region} is not in the price snapshot",))
