"""What the engines return from a CUR 2.0 export, as frozen values: the window, one row per
workload, one row per kind of charge of a workload, and each Savings Plan's type. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from core.constants import HOURS_PER_MONTH, SECONDS_PER_HOUR
from core.usage import LookbackWindow, ReadError, SeriesStats


@dataclass(frozen=True, slots=True)
class CurWindow:
    """The last whole days of compute usage the export holds, `start` inclusive, `end` exclusive."""

    start: datetime
    end: datetime

    @property
    def hours(self) -> int:
        """The window's length in hours."""
        return int((self.end - self.start).total_seconds() // 3600)

    @property
    def days(self) -> int:
        """The window's length in whole days."""
        return (self.end - self.start).days

    @property
    def lookback(self) -> LookbackWindow:
        """The same window as the CloudWatch reader's, in hourly periods."""
        return LookbackWindow(self.start, self.end, int(SECONDS_PER_HOUR))

    def monthly(self, total: Decimal) -> Decimal:
        """A total over the window, scaled to a 730-hour month."""
        return total * HOURS_PER_MONTH / self.hours


@dataclass(frozen=True, slots=True)
class WorkloadRow:
    """One workload's hourly usage, aggregated by the engine.

    `units` are requests (Lambda), vCPU-hours (Fargate) or instance-hours (EC2); `size` is
    GB-seconds or GB-hours; `members` are the tasks or instances that ran in an hour.
    """

    account: str
    region: str
    service: str
    workload: str
    account_name: str | None
    task_cluster: str | None
    ecs_service: str | None
    instance_type: str | None
    operation: str | None
    usage_type: str | None
    arm: bool
    tags: tuple[tuple[str, str], ...]
    units: Decimal
    size: Decimal
    storage: Decimal
    peak_units: Decimal
    peak_members: int
    active_hours: int
    units_per_member: Decimal | None
    size_per_member: Decimal | None
    storage_per_member: Decimal | None

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What identifies the workload across queries."""
        return (self.account, self.region, self.service, self.workload)


@dataclass(frozen=True, slots=True)
class ChargeRow:
    """One kind of charge of a workload: usage, what was paid and the list price, over the window."""

    account: str
    region: str
    service: str
    workload: str
    measure: str  # units, size, storage, provisioned
    line_type: str
    usage_type: str
    public_rate: Decimal | None
    plan_arn: str
    plan_type: str
    reservation_arn: str
    amount: Decimal
    paid: Decimal
    listed: Decimal
    plan_end: str
    reservation_end: str

    @property
    def key(self) -> tuple[str, str, str, str]:
        """The workload the charge belongs to."""
        return (self.account, self.region, self.service, self.workload)


@dataclass(frozen=True, slots=True)
class CurReport:
    """What one export holds for the digest, and how it was read."""

    source: str  # where the export is and which engine read it
    window: CurWindow
    workloads: tuple[WorkloadRow, ...]
    charges: tuple[ChargeRow, ...]
    plan_types: Mapping[str, str]  # Savings Plan ARN -> ComputeSavingsPlans / EC2InstanceSavingsPlans
    account_names: Mapping[str, str]  # from AWS Organizations, where it could be read


@dataclass(frozen=True, slots=True)
class Candidate:
    """A workload worth reading in CloudWatch: where it runs and what names its metrics."""

    key: tuple[str, str, str, str]
    function_name: str | None = None
    cluster: str | None = None
    service_name: str | None = None
    instance_ids: tuple[str, ...] = ()

    @property
    def account(self) -> str:
        """The account it runs in."""
        return self.key[0]

    @property
    def region(self) -> str:
        """The region it runs in."""
        return self.key[1]


@dataclass(frozen=True, slots=True)
class Refinement:
    """What CloudWatch added to a candidate (time per request, peak concurrency, utilisation) and,
    for a function, the memory the Lambda API says it is configured with."""

    key: tuple[str, str, str, str]
    avg_duration_ms: Decimal | None = None
    memory_mb: Decimal | None = None
    max_concurrency: Decimal | None = None
    cpu_percent: SeriesStats | None = None
    cpu_max_percent: Decimal | None = None
    memory_percent: SeriesStats | None = None
    datapoints: int = 0


@dataclass(frozen=True, slots=True)
class CloudWatchRead:
    """The refinements read for the candidates, and the calls that failed."""

    refinements: Mapping[tuple[str, str, str, str], Refinement]
    errors: tuple[ReadError, ...]
    note: str | None = None  # why CloudWatch was not read at all, when it wasn't
