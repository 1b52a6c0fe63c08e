"""What an observed workload is: a resource, its workload, how it runs today, and how far its data
can be trusted (findings graded high, medium or low). Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from enum import StrEnum

from core.costs.aws_lambda import LambdaDeployment
from core.costs.ec2 import Ec2Deployment
from core.costs.fargate import FargateDeployment
from core.units import plain
from core.usage import LookbackWindow, SeriesStats
from core.workload import Workload

FULL_COVERAGE = Decimal("0.9")  # datapoints in 90% of the window's periods: a whole picture
PARTIAL_COVERAGE = Decimal("0.5")  # under half: the monthly figure is a projection of a few hours
PERCENT = Decimal(100)
RATE_STEP = Decimal("0.0001")  # req/s: fine enough for a rate, short enough for a button's value
VCPU_STEP = Decimal("0.001")
DURATION_STEP_MS = Decimal("0.01")


class Confidence(StrEnum):
    """How complete the data behind a figure was."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


_RANK = {Confidence.HIGH: 2, Confidence.MEDIUM: 1, Confidence.LOW: 0}
Finding = tuple[Confidence, str]
Current = LambdaDeployment | FargateDeployment | Ec2Deployment


@dataclass(frozen=True, slots=True)
class Resource:
    """Where a workload runs now: its service, name, ARN (when it has one), account and region."""

    service: str
    name: str
    arn: str | None
    account: str | None
    region: str

    @property
    def label(self) -> str:
        """The resource's ARN, or its name when it has none (an EC2 group)."""
        return self.arn or self.name


@dataclass(frozen=True, slots=True)
class ObservedWorkload:
    """A resource as a workload, how it runs today, and how far its data can be trusted.

    `findings` weigh on every comparison; `lambda_findings` only on a move to Lambda, when the
    Lambda figure rests on busy CPU time rather than on requests.
    """

    resource: Resource
    workload: Workload
    current: Current
    findings: tuple[Finding, ...]
    lambda_findings: tuple[Finding, ...]
    caveats: tuple[str, ...]  # what the data cannot show

    @property
    def confidence(self) -> Confidence:
        """How complete the data is for costing the workload where it runs."""
        return grade(self.findings)[0]

    def assessed(self, service: str) -> tuple[Confidence, tuple[str, ...]]:
        """The confidence in a move to `service`, and the reasons it is not high."""
        extra = self.lambda_findings if service == "lambda" else ()
        return grade((*self.findings, *extra))


@dataclass(frozen=True, slots=True)
class InsufficientData:
    """A resource that can't be costed from what was read, and why."""

    resource: Resource
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Observation:
    """Every resource of a report: costable workloads, and those without enough data."""

    workloads: tuple[ObservedWorkload, ...]
    insufficient: tuple[InsufficientData, ...]


def grade(findings: Sequence[Finding]) -> tuple[Confidence, tuple[str, ...]]:
    """The lowest confidence among the findings (high when there are none), and their reasons."""
    level = min((level for level, _ in findings), key=_RANK.__getitem__, default=Confidence.HIGH)
    return level, tuple(reason for _, reason in findings)


def coverage_finding(metric: str, datapoints: int, window: LookbackWindow, series: int = 1) -> Finding | None:
    """How far `series` series (one per instance) cover the window's periods, when they fall short."""
    periods = max(window.periods * series, 1)
    share = Decimal(datapoints) / periods
    if share >= FULL_COVERAGE:
        return None
    hours = window.period_s // 3600
    span = "hourly" if hours == 1 else f"{window.period_s}s"
    text = f"{metric} has datapoints in {datapoints} of {periods} {span} periods"
    if share < PARTIAL_COVERAGE:
        return Confidence.LOW, text + ": the monthly figure is projected from a few periods"
    return Confidence.MEDIUM, text


def round_up(value: Decimal, step: Decimal) -> Decimal:
    """`value` rounded up to a multiple of `step`."""
    return value.quantize(step, rounding=ROUND_CEILING)


def round_near(value: Decimal, step: Decimal) -> Decimal:
    """`value` rounded half up to a multiple of `step`."""
    return value.quantize(step, rounding=ROUND_HALF_UP)


def percent_text(value: Decimal) -> str:
    """`37.5%`: a percentage to one place."""
    return f"{plain(round_near(value, Decimal('0.1')))}%"


def kept(findings: Sequence[Finding | None]) -> tuple[Finding, ...]:
    """The findings that were made (checks that found nothing return None)."""
    return tuple(finding for finding in findings if finding is not None)


def stats_text(label: str, stats: SeriesStats) -> str:
    """`observed: CPU 37.5% on average, 90% at peak`."""
    return (
        f"observed: {label} {percent_text(stats.average)} on average, {percent_text(stats.maximum)} at peak"
    )
