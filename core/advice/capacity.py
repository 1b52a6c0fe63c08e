"""How many tasks or instances a request-driven fleet runs, hour by hour, as it follows its traffic.

For hour h of the shape, with rate r_h = average x w(h):
- the fleet is sized ahead of the ramp, for max(r_h, r_{h+1}): new tasks take about a minute to
  start and instances several, so the next hour's load must find them up (autoscale=no sizes
  every hour for the peak instead);
- busy vCPU c_h = r_h x CPU seconds per request; requests in flight q_h = r_h x duration
  (Little's law);
- a size of v vCPU and M GB (usable by the service) runs
  n_h = max(min_count, ceil(c_h / (u x v)), ceil(q_h x request_gb / (M - base_gb)))
  where u is the target utilisation target tracking holds the CPU at.
Monthly task-hours are the sum over the shape's hours of n_h, times (hours a month / hours in the
shape), quantised to TASK_HOUR_STEP.

Both c_h and q_h are proportional to r_h, so one figure per size, `per_rps` (tasks per request a
second), gives every hour's count: n_h = max(min_count, ceil(sizing rate x per_rps)). That is
what makes the cheapest size quick to find and the break-even exact.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from itertools import accumulate

from core.advice.shape import HOURS_PER_DAY, Shape

TASK_HOUR_STEP = Decimal("0.01")
ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Load:
    """What a request-driven fleet carries, independent of its volume: the traffic's shape, and
    what each request a second takes."""

    shape: Shape
    sizing: tuple[Decimal, ...]  # for each hour, the factor of the average rate it is sized for
    cpu_s: Decimal  # vCPU-seconds of CPU time per request
    duration_s: Decimal
    base_gb: Decimal  # held by each task or instance, whatever its traffic
    request_gb: Decimal  # working memory of each request in flight
    utilization: Decimal
    min_count: int
    monthly_hours: Decimal  # hours a month the fleet runs (730)
    seconds_per_month: Decimal  # seconds over which the monthly volume arrives
    # derived once: hours of the month each hour of the shape stands for (730/24), and each day's
    # sizing factors grouped (factor, hours) with the sum of its traffic factors
    hour_weight: Decimal = field(init=False)
    sizing_total: Decimal = field(init=False)
    days: tuple[tuple[tuple[tuple[Decimal, int], ...], Decimal], ...] = field(init=False)
    descending: tuple[DayHours, ...] = field(init=False)  # each day's groups, largest factor first

    def __post_init__(self) -> None:
        object.__setattr__(self, "hour_weight", self.monthly_hours / self.shape.hours)
        object.__setattr__(self, "sizing_total", sum(self.sizing, ZERO))
        days = []
        for start in range(0, len(self.sizing), HOURS_PER_DAY):
            grouped = Counter(self.sizing[start : start + HOURS_PER_DAY])
            traffic = sum(self.shape.factors[start : start + HOURS_PER_DAY], ZERO)
            days.append((tuple(sorted(grouped.items())), traffic))
        object.__setattr__(self, "days", tuple(days))
        object.__setattr__(self, "descending", tuple(DayHours.of(groups) for groups, _ in days))


@dataclass(frozen=True, slots=True)
class DayHours:
    """A day's sizing factors grouped, largest first, with their hours and the hours from each group
    on (what a fleet's unit count walks at every volume, built once per load)."""

    factors: tuple[Decimal, ...]
    floats: tuple[float, ...]
    hours: tuple[int, ...]
    hours_left: tuple[int, ...]  # hours in this group and every later one

    @classmethod
    def of(cls, groups: Sequence[tuple[Decimal, int]]) -> DayHours:
        """From (factor, hours) groups in increasing factor."""
        factors = tuple(factor for factor, _ in reversed(groups))
        hours = tuple(hours for _, hours in reversed(groups))
        left = tuple(accumulate(reversed(hours)))[::-1]
        return cls(factors, tuple(map(float, factors)), hours, left)


def sizing_factors(shape: Shape, *, autoscale: bool) -> tuple[Decimal, ...]:
    """Each hour's sizing factor: ahead of the ramp, max(w(h), w(h+1)), and the full peak factor
    in the busiest hour (a peak sharper than the hourly curve); the peak in every hour when the
    fleet doesn't scale."""
    factors = shape.factors
    if not autoscale:
        return (shape.peak_factor,) * len(factors)
    ahead = [max(f, factors[(h + 1) % len(factors)]) for h, f in enumerate(factors)]
    top = max(range(len(factors)), key=lambda h: (factors[h], -h))
    ahead[top] = max(ahead[top], shape.peak_factor)
    return tuple(ahead)


@dataclass(frozen=True, slots=True)
class Size:
    """One task size or instance type a fleet can be built of."""

    name: str
    vcpu: Decimal
    memory_gb: Decimal  # what the service can use (an instance's memory less the OS's share)
    hour_usd: Decimal  # one task or instance for one hour, everything billed per task-hour
    baseline_vcpu: Decimal | None = None  # burstable: vCPU it may use on average without credits
    surplus_vcpu_hour_usd: Decimal = ZERO  # burstable, unlimited mode: each vCPU-hour above it
    # the same in floats, for quick pruning (Decimal decides where it matters)
    vcpu_float: float = field(init=False, repr=False, compare=False)
    memory_float: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "vcpu_float", float(self.vcpu))
        object.__setattr__(self, "memory_float", float(self.memory_gb))


def holds_one(size: Size, load: Load) -> bool:
    """Whether a task or instance of this size holds its base memory and one request."""
    return size.memory_gb >= load.base_gb + load.request_gb and size.memory_gb > load.base_gb


def per_rps(size: Size, load: Load) -> Decimal:
    """Tasks or instances needed per request a second: the larger of the CPU and memory needs."""
    cpu = load.cpu_s / (load.utilization * size.vcpu)
    memory = load.duration_s * load.request_gb / (size.memory_gb - load.base_gb)
    return max(cpu, memory)


@dataclass(frozen=True, slots=True)
class Fleet:
    """A fleet of one size over a month: its hourly counts, task-hours, credits and cost."""

    size: Size
    counts: tuple[int, ...]  # per hour of the shape
    task_hours: Decimal
    surplus_vcpu_hours: Decimal
    usd: Decimal

    @property
    def low(self) -> int:
        """The fewest tasks or instances in any hour."""
        return min(self.counts)

    @property
    def high(self) -> int:
        """The most tasks or instances in any hour."""
        return max(self.counts)

    @property
    def average(self) -> Decimal:
        """Tasks or instances on average over the shape's hours."""
        return Decimal(sum(self.counts)) / len(self.counts)


def hourly_counts(per_request: Decimal, load: Load, monthly_requests: Decimal) -> tuple[int, ...]:
    """n_h for each hour of the shape, at this monthly volume."""
    scale = monthly_requests / load.seconds_per_month * per_request
    least = load.min_count
    seen: dict[Decimal, int] = {}
    out = []
    for factor in load.sizing:
        n = seen.get(factor)
        if n is None:
            n = seen[factor] = max(least, math.ceil(scale * factor))
        out.append(n)
    return tuple(out)


def task_hours(counts: Sequence[int], load: Load) -> Decimal:
    """Monthly task-hours (or instance-hours) from hourly counts, to TASK_HOUR_STEP."""
    return (sum(counts) * load.hour_weight).quantize(TASK_HOUR_STEP, rounding=ROUND_HALF_UP)


def surplus_vcpu_hours(size: Size, load: Load, counts: Sequence[int], monthly_requests: Decimal) -> Decimal:
    """Burstable vCPU-hours a month above the fleet's baseline, pooled over each day (unlimited mode
    charges when an instance's 24-hour average CPU is above its baseline; load is spread evenly
    across instances, so their credits pool)."""
    if size.baseline_vcpu is None:
        return ZERO
    busy_per_factor = monthly_requests / load.seconds_per_month * load.cpu_s  # vCPU at factor 1
    total = ZERO
    for k, (_, traffic) in enumerate(load.days):
        day = counts[k * HOURS_PER_DAY : (k + 1) * HOURS_PER_DAY]
        total += max(busy_per_factor * traffic - size.baseline_vcpu * sum(day), ZERO)
    return (total * load.hour_weight).quantize(TASK_HOUR_STEP, rounding=ROUND_HALF_UP)


NEAR_WHOLE = 1e-9  # relative: a float product this close to a whole number is redone in Decimal


@dataclass(frozen=True, slots=True)
class UnitCounter:
    """Sum of hours x max(least, ceil(V x a)) over a day's hours, a = factor x per_factor. Floats
    make it quick (their error is far under the hair); where a product falls within a hair of a
    whole number, Decimal decides, so the count is exact.

    The day's groups run largest factor first: once a product is under `least` (by more than a
    hair), so is every later one, and each of those hours runs `least`."""

    day: DayHours
    per_factor: Decimal  # >= 0
    scale: float  # per_factor as a float
    least: int

    def __call__(self, monthly_requests: Decimal) -> int:
        volume = float(monthly_requests) * self.scale
        least, day, ceil = self.least, self.day, math.ceil
        hours = day.hours
        total = 0
        for k, factor in enumerate(day.floats):
            product = volume * factor
            hair = NEAR_WHOLE * (product + 1)
            if product < least - hair:
                return total + least * day.hours_left[k]
            n = ceil(product)
            if n - product < hair or product - (n - 1) < hair:
                n = ceil(monthly_requests * (day.factors[k] * self.per_factor))
            total += hours[k] * (n if n > least else least)
        return total


@dataclass(frozen=True, slots=True)
class FleetCost:
    """The monthly cost of a fleet of one size against monthly requests: what `fleet_of(...).usd`
    is, to the last digit, without the hourly counts (cost curves and the break-even call it many
    times)."""

    days: tuple[tuple[UnitCounter, Decimal], ...]  # each day's units, and its busy vCPU per request
    size: Size
    weight: Decimal  # hours of the month each hour of the shape stands for
    seconds: Decimal  # seconds over which the monthly volume arrives

    def __call__(self, monthly_requests: Decimal) -> Decimal:
        units = 0
        surplus = ZERO
        baseline = self.size.baseline_vcpu
        for count, busy in self.days:
            day = count(monthly_requests)
            units += day
            if baseline is not None:
                surplus += max(monthly_requests / self.seconds * busy - baseline * day, ZERO)
        usd = (units * self.weight).quantize(TASK_HOUR_STEP, rounding=ROUND_HALF_UP) * self.size.hour_usd
        if baseline is not None:
            credits = (surplus * self.weight).quantize(TASK_HOUR_STEP, rounding=ROUND_HALF_UP)
            usd += credits * self.size.surplus_vcpu_hour_usd
        return usd


def fleet_cost(size: Size, kappa: Decimal, load: Load) -> FleetCost:
    """The fleet's monthly cost as a function of monthly requests."""
    per_request = kappa / load.seconds_per_month
    scale = float(per_request)
    days = tuple(
        (UnitCounter(day, per_request, scale, load.min_count), traffic * load.cpu_s)
        for day, (_, traffic) in zip(load.descending, load.days, strict=True)
    )
    return FleetCost(days, size, load.hour_weight, load.seconds_per_month)


def fleet_usd(size: Size, kappa: Decimal, load: Load, monthly_requests: Decimal) -> Decimal:
    """The monthly cost of the fleet of `size` that carries `monthly_requests`."""
    return fleet_cost(size, kappa, load)(monthly_requests)


def fleet_of(size: Size, load: Load, monthly_requests: Decimal, per_request: Decimal | None = None) -> Fleet:
    """The fleet of `size` that carries `monthly_requests`, with its monthly cost."""
    kappa = per_rps(size, load) if per_request is None else per_request
    counts = hourly_counts(kappa, load, monthly_requests)
    hours = task_hours(counts, load)
    surplus = surplus_vcpu_hours(size, load, counts, monthly_requests)
    usd = hours * size.hour_usd + surplus * size.surplus_vcpu_hour_usd
    return Fleet(size, counts, hours, surplus, usd)


@dataclass(frozen=True)
class Candidate:
    """A size a fleet may be built of, its tasks per request a second, and its cost curve."""

    size: Size
    kappa: Decimal
    load: Load = field(compare=False, repr=False)

    @cached_property
    def cost(self) -> FleetCost:
        """The fleet's monthly cost against monthly requests (built once, when first asked for)."""
        return fleet_cost(self.size, self.kappa, self.load)


@dataclass(frozen=True, slots=True)
class Candidates:
    """The sizes that can be the cheapest for a load, cheapest hour first."""

    plain: tuple[Candidate, ...]  # undominated: each needs fewer tasks per request than any cheaper
    burstable: tuple[Candidate, ...]  # each judged on its own: credits depend on the load

    @property
    def every(self) -> tuple[Candidate, ...]:
        """Plain sizes, then burstable ones."""
        return (*self.plain, *self.burstable)


def candidates(sizes: Sequence[Size], load: Load) -> Candidates:
    """Sizes (cheapest hour first) that hold one request, pruned to those no cheaper size beats on
    tasks per request:
    a size dearer by the hour that needs as many tasks at every volume can never win. (The pruning
    compares in floats, and in Decimal where two sizes come within a hair of each other.)"""
    plain: list[Candidate] = []
    burstable: list[Candidate] = []
    least: float | None = None
    cpu = float(load.cpu_s / load.utilization)
    memory = float(load.duration_s * load.request_gb)
    base, room = float(load.base_gb), float(load.base_gb + load.request_gb)
    # memory clearly short of one request: out; clearly enough: in; within a hair: Decimal decides
    too_small, ample = max(room, base) * (1 - NEAR_WHOLE), max(room, base) * (1 + NEAR_WHOLE)
    for size in sizes:
        gb = size.memory_float
        if gb < too_small or (gb <= ample and not holds_one(size, load)):
            continue
        if size.baseline_vcpu is not None:
            burstable.append(Candidate(size, per_rps(size, load), load))
            continue
        quick = max(cpu / size.vcpu_float, memory / (gb - base) if gb > base else math.inf)
        # a hair below the least so far: Decimal decides (equal or above: dominated)
        close = least is not None and least * (1 - NEAR_WHOLE) <= quick < least
        if (
            least is None
            or quick < least * (1 - NEAR_WHOLE)
            or (close and per_rps(size, load) < plain[-1].kappa)
        ):
            plain.append(Candidate(size, per_rps(size, load), load))
            least = quick
    return Candidates(tuple(plain), tuple(burstable))


def cheapest_fleet(found: Candidates, load: Load, monthly_requests: Decimal) -> Fleet | None:
    """The cheapest fleet of one size (ties: fewer task-hours), or None when no size holds one
    request. Sizes are tried from the least lower bound of their cost (their fewest tasks, or one
    task-hour per request's share, whichever is more) and the search stops at the first bound over
    the best cost found: none after it can undercut."""
    bounds = sorted(
        ((_least_cost(c, load, monthly_requests), k, c) for k, c in enumerate(found.every)),
        key=lambda b: (b[0], b[1]),
    )
    best: tuple[Decimal, Candidate] | None = None
    for bound, _, candidate in bounds:
        if best is not None and bound > best[0]:
            break
        usd = candidate.cost(monthly_requests)
        if (
            best is None
            or usd < best[0]
            or (usd == best[0] and _fewer(candidate, best[1], load, monthly_requests))
        ):
            best = (usd, candidate)
    if best is None:
        return None
    return fleet_of(best[1].size, load, monthly_requests, best[1].kappa)


def _least_cost(candidate: Candidate, load: Load, monthly_requests: Decimal) -> Decimal:
    """A lower bound of a size's fleet cost: each hour at least its minimum and its share."""
    size = candidate.size
    floor = size.hour_usd * load.min_count * load.monthly_hours
    share = size.hour_usd * load.hour_weight * load.sizing_total * candidate.kappa / load.seconds_per_month
    return max(floor, share * monthly_requests - size.hour_usd * TASK_HOUR_STEP)


def _fewer(candidate: Candidate, best: Candidate, load: Load, monthly_requests: Decimal) -> bool:
    """On a tie in cost: whether `candidate` runs fewer task-hours than the best so far."""
    mine = fleet_of(candidate.size, load, monthly_requests, candidate.kappa).task_hours
    return mine < fleet_of(best.size, load, monthly_requests, best.kappa).task_hours


def floor_task_hours(load: Load) -> Decimal:
    """Monthly task-hours at no traffic: the fewest tasks or instances every hour."""
    return (load.min_count * len(load.sizing) * load.hour_weight).quantize(
        TASK_HOUR_STEP, rounding=ROUND_HALF_UP
    )
