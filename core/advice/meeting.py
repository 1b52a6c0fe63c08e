"""Where Lambda's cost line first meets a fleet's: exact, without sampling.

A fleet of one size costs S(V) = hour price x task-hours(V) (+ surplus credits), a sum of hourly
staircases that never falls as the volume V grows. For a curve h (Lambda's cost less everything
else the fleet pays in proportion to its volume), the least V with h(V) >= S(V) is found by
jumping: from V, no volume below the least V' >= V with h(V') >= S(V) can be it, because S only
rises; so V <- V' until h(V) >= S(V). Each jump raises S by at least one task-hour step, and the
jumps are long where the two curves are far apart. Where they run almost alike the jumps crawl;
then the search gallops to a volume where h is above and bisects to the whole request (a crossing,
found to the request, as the answer reports it).

When h grows no faster than a lower bound of S past all their corners, and is already below it,
they never meet: the search stops with no break-even.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from core.advice.capacity import TASK_HOUR_STEP, Candidate, Load, Size
from core.advice.curves import Line

MAX_STEPS = 400  # fleet steps a scan walks before it bisects instead
FAST_JUMPS = 6  # exact jumps; past them the curves run almost alike: gallop and bisect
MAX_VOLUME = Decimal(10) ** 16  # requests a month: ten times the most a workload may have
NEGLIGIBLE = Decimal("1e-12")  # of the busy CPU: a surplus this small is a rounding, not a slope
QUANTUM = Decimal("0.005")  # task-hours are rounded to 0.01: at most this much over the exact sum
SECONDS_PER_HOUR = Decimal(3600)


@dataclass(frozen=True, slots=True)
class Meeting:
    """The least volume at which h reaches the fleet (None: never), or how far the search got."""

    value: Decimal | None
    searched_to: Decimal | None = None  # set when the search stopped before an answer


def _asymptote(size: Size, kappa: Decimal, load: Load) -> tuple[Decimal, Decimal, Decimal]:
    """(slope, offset, from): past `from`, S(V) >= slope x V - offset."""
    total = load.sizing_total * kappa / load.seconds_per_month
    weight = load.hour_weight
    # task-hours >= weight x total x V - QUANTUM at any volume (each hour runs at least a_h x V)
    slope = size.hour_usd * weight * total
    offset = size.hour_usd * QUANTUM
    threshold = Decimal(0)
    if size.baseline_vcpu is not None and size.surplus_vcpu_hour_usd:
        # credits >= price x (busy - baseline x task-hours), and every hour runs at most one more
        # than its share or its minimum: task-hours <= weight x (total x V + hours x (min + 1))
        busy = load.cpu_s / SECONDS_PER_HOUR  # vCPU-hours per request
        spare = busy - size.baseline_vcpu * weight * total
        if spare > busy * NEGLIGIBLE:
            price = size.surplus_vcpu_hour_usd
            extra_hours = weight * len(load.sizing) * (load.min_count + 1) + QUANTUM
            lost = price * size.baseline_vcpu * extra_hours
            slope += price * spare
            offset += lost
            threshold = lost / (price * spare)  # from here on the credits' bound is above zero
    return slope, offset, threshold


@dataclass(frozen=True, slots=True)
class Search:
    """Where to look for a size's meeting: from `start`, below `limit` (a meeting already found
    for another size) if any, knowing h is at or above the fleet at `known` if that is set."""

    start: Decimal
    known: Decimal | None = None
    limit: Decimal | None = None


def meets(h: Line, candidate: Candidate, search: Search) -> Meeting:
    """The least volume in the search at which h(V) >= S(V) for a fleet of `size`: by exact jumps
    while they make headway, then, where the curves run almost alike and the jumps crawl, by
    galloping to a volume where h is above (`known`, when one is) and bisecting to the whole request
    where it crosses."""
    size, kappa, load = candidate.size, candidate.kappa, candidate.load
    slope, offset, threshold = _asymptote(size, kappa, load)
    beyond = max(threshold, h.last_corner)
    fleet = candidate.cost  # built once per size: the cheapest fleet and each meeting use it

    def never(volume: Decimal) -> bool:  # h grows no faster than the fleet's floor, and is below it
        return volume >= beyond and h.end_slope <= slope and h.at(volume) < slope * volume - offset

    def below(volume: Decimal) -> bool:  # h under the fleet at this volume
        at = h.at(volume)
        # under the fleet's lower bound (by a margin no rounding reaches) needs no costing
        return (volume >= threshold and at < slope * volume - 2 * offset) or at < fleet(volume)

    limit = search.limit
    settled, volume = _jumps(h, fleet, (search.start, limit), FAST_JUMPS, never)
    if settled is not None:
        return settled
    known = search.known
    if limit is not None:
        known = limit if known is None else min(known, limit)
        if below(known):
            return Meeting(None)
    if size.baseline_vcpu is None:
        scanned = _scan(h, size, kappa, load, (volume, known))
        if scanned is not None:
            return scanned
    galloped = _gallop(h, fleet, (below, never), volume, known)
    if galloped.value is None or size.baseline_vcpu is None:
        return galloped
    # a burstable fleet's credits grow between its steps, so h can cross it, fall back under at
    # the next step and cross again: the bisection finds a crossing, not always the first. Exact
    # jumps from where the search left off find any earlier one (bounded; else the bisection's)
    earlier, _ = _jumps(h, fleet, (volume, galloped.value), MAX_STEPS, lambda _: False)
    return earlier if earlier is not None and earlier.value is not None else galloped


def _jumps(
    h: Line,
    fleet: Callable[[Decimal], Decimal],
    bracket: tuple[Decimal, Decimal | None],
    steps: int,
    never: Callable[[Decimal], bool],
) -> tuple[Meeting | None, Decimal]:
    """Exact jumps from `low` (below `high`, if set): from V, no volume below the least V' >= V
    with h(V') >= S(V) can meet the fleet, as S only rises. The Meeting once settled (met, or
    none before `high`, or none at all), else None; and the volume the jumps reached."""
    volume, high = bracket
    for _ in range(steps):
        if high is not None and volume >= high:
            return Meeting(None), volume
        cost = fleet(volume)
        if h.at(volume) >= cost:
            return Meeting(volume), volume
        if never(volume):
            return Meeting(None), volume
        following = h.reach_from(cost, volume)
        if following is None:
            return Meeting(None), volume
        if following <= volume:  # h meets the fleet here, short of it by a rounding in the 28th digit
            return Meeting(volume), volume
        volume = following
    return None, volume


def _scan(
    h: Line, size: Size, kappa: Decimal, load: Load, bracket: tuple[Decimal, Decimal | None]
) -> Meeting | None:
    """The least volume in (low, high] where h reaches the fleet, walking the fleet's steps in
    order: between two steps its cost is flat, so h meets it there or not at all. None when the
    steps are too many to walk (the search then bisects) or the limit is unknown."""
    low, high = bracket
    if high is None:
        return None
    per_volume = kappa / load.seconds_per_month
    least, weight, hour_usd = load.min_count, load.hour_weight, size.hour_usd
    steps: list[tuple[Decimal, int, Decimal, int]] = []  # next step, count, per volume, hours
    units = 0
    for groups, _ in load.days:
        for factor, hours in groups:
            a = factor * per_volume
            count = max(least, math.ceil(low * a))
            units += hours * count
            if a > 0:
                steps.append((count / a, count, a, hours))
    heapq.heapify(steps)
    here = low
    for _ in range(MAX_STEPS):
        cost = (units * weight).quantize(TASK_HOUR_STEP, rounding=ROUND_HALF_UP) * hour_usd
        following = steps[0][0] if steps else None
        reached = h.reach_from(cost, here)
        if reached is not None and (following is None or reached <= following):
            return Meeting(max(reached, here))
        if following is None or following > high:
            return Meeting(None)
        here = following
        while steps and steps[0][0] == here:
            _, count, a, hours = heapq.heappop(steps)
            units += hours
            heapq.heappush(steps, ((count + 1) / a, count + 1, a, hours))
    return None


def _gallop(
    h: Line,
    fleet: Callable[[Decimal], Decimal],
    tests: tuple[Callable[[Decimal], bool], Callable[[Decimal], bool]],
    low: Decimal,
    known: Decimal | None,
) -> Meeting:
    """From `low` (h below the fleet), double the step until h is at or above it (or start from
    `known`, where it is), then bisect to the whole request. `tests`: whether h is below the fleet
    at a volume, and whether it stays below from there on."""
    below, never = tests
    step = max(low, Decimal(1))
    high = known if known is not None and known > low else low + step
    while below(high):
        if never(high):
            return Meeting(None)
        if high > MAX_VOLUME:
            return Meeting(None, searched_to=high)
        low, step = high, step * 2
        high = low + step
    return Meeting(_narrow(h, fleet, low, high))


def _narrow(h: Line, fleet: Callable[[Decimal], Decimal], low: Decimal, high: Decimal) -> Decimal:
    """The whole request where h crosses the fleet between `low` (below) and `high` (at or above):
    straight-line guesses, which land close where the curves run almost straight, taking turns
    with halvings, which bound the steps."""
    low = low.to_integral_value(rounding=ROUND_FLOOR)
    high = high.to_integral_value(rounding=ROUND_CEILING)
    below, above = h.at(low) - fleet(low), h.at(high) - fleet(high)
    guess = True
    while high - low > 1:
        middle = (low + high) // 2
        if guess and above > below:
            middle = low + ((high - low) * -below / (above - below)).to_integral_value(rounding=ROUND_CEILING)
            middle = min(max(middle, low + 1), high - 1)
        guess = not guess
        gap = h.at(middle) - fleet(middle)
        if gap >= 0:
            high, above = middle, gap
        else:
            low, below = middle, gap
    return high


def bounding_lines(size: Size, kappa: Decimal, load: Load) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """(floor slope, floor offset, ceiling slope, ceiling offset): S(V) >= floor slope x V - floor
    offset at every volume, credits left out; S(V) <= ceiling slope x V + ceiling offset at every
    volume: each hour runs at most one task more than its share (or its minimum), and credits at
    most every busy vCPU-hour."""
    total = load.sizing_total * kappa / load.seconds_per_month
    weight = load.hour_weight
    slope = size.hour_usd * weight * total
    ceiling = slope
    if size.baseline_vcpu is not None:
        ceiling += size.surplus_vcpu_hour_usd * load.cpu_s / SECONDS_PER_HOUR * (QUANTUM + 1)
    offset = size.hour_usd * (weight * len(load.sizing) * (load.min_count + 1) + QUANTUM)
    return slope, size.hour_usd * QUANTUM, ceiling, offset + size.surplus_vcpu_hour_usd * QUANTUM


def first_above(h: Line, slope: Decimal, offset: Decimal, least: Decimal) -> Decimal | None:
    """The least V >= least with h(V) >= slope x V - offset, or None if there is none: no fleet
    whose cost is at least that line can be met before it."""
    for start, end, y, h_slope in h.pieces:
        if end is not None and end < least:
            continue
        x0 = max(start, least)
        gap = y + (x0 - start) * h_slope - (slope * x0 - offset)  # h minus the line at x0
        if gap >= 0:
            return x0
        rise = h_slope - slope
        if rise > 0 and (end is None or gap + (end - x0) * rise >= 0):
            return x0 + (-gap) / rise
    return None
