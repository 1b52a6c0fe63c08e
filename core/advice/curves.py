"""Cost as a function of volume, solved exactly: no grid is sampled.

Two shapes cover every option. A `Line` is piecewise linear and non-decreasing: Lambda (its free
tier and duration tiers are the corners), or anything billed per run. A `Steps` is a fleet of one
size: `unit_usd` for each task or instance, `max(min_count, ceil(volume x per_volume))` of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

ZERO = Decimal(0)


Piece = tuple[Decimal, Decimal | None, Decimal, Decimal]  # start, end (None: on), cost at start, slope


@dataclass(frozen=True, slots=True)
class Line:
    """A non-decreasing piecewise-linear cost: corners at `xs` (from 0), then `end_slope` on."""

    xs: tuple[Decimal, ...]
    ys: tuple[Decimal, ...]
    end_slope: Decimal
    measured: tuple[Decimal | None, ...] = ()  # slopes measured by a unit step, where known
    pieces: tuple[Piece, ...] = ()

    def __post_init__(self) -> None:
        slopes = [
            m
            if i < len(self.measured) and (m := self.measured[i]) is not None
            else (self.ys[i + 1] - self.ys[i]) / (self.xs[i + 1] - self.xs[i])
            for i in range(len(self.xs) - 1)
        ]
        ends: list[Decimal | None] = [*self.xs[1:], None]
        pieces = tuple(zip(self.xs, ends, self.ys, [*slopes, self.end_slope], strict=True))
        object.__setattr__(self, "pieces", pieces)

    @classmethod
    def sample(cls, cost: Callable[[Decimal], Decimal], corners: Sequence[Decimal]) -> Line:
        """The exact curve of a function linear between `corners`, from its values there."""
        xs = tuple(sorted({ZERO, *(c for c in corners if c > 0)}))
        ys = tuple(cost(x) for x in xs)
        # a unit step measures each slope without dividing, where the piece is that long
        steps = tuple(
            cost(x + 1) - y if i + 1 == len(xs) or xs[i + 1] - x >= 1 else None
            for i, (x, y) in enumerate(zip(xs, ys, strict=True))
        )
        return cls(xs, ys, cost(xs[-1] + 1) - ys[-1], measured=steps)

    def at(self, x: Decimal) -> Decimal:
        """The cost at volume x."""
        for start, _end, y, slope in reversed(self.pieces):
            if x >= start:
                return y + (x - start) * slope
        return self.ys[0]

    def reach(self, target: Decimal) -> Decimal | None:
        """The least volume at which the cost reaches `target`, or None if it never does."""
        for start, end, y, slope in self.pieces:
            if y >= target:
                return start
            top = None if end is None else y + (end - start) * slope
            if slope > 0 and (top is None or top >= target):
                return start + (target - y) / slope
        return None

    def reach_from(self, target: Decimal, least: Decimal) -> Decimal | None:
        """The least volume from `least` on at which the cost is at least `target` (the curve may
        fall in places: it can be a difference of costs), or None if it never is."""
        for start, end, y, slope in self.pieces:
            if end is not None and end < least:
                continue
            x0 = max(start, least)
            y0 = y + (x0 - start) * slope
            if y0 >= target:
                return x0
            top = None if end is None else y + (end - start) * slope
            if slope > 0 and (top is None or top >= target):
                return x0 + (target - y0) / slope
        return None

    @property
    def last_corner(self) -> Decimal:
        """The volume past which the curve is one straight line."""
        return self.xs[-1]


def combined(a: Line, b: Line, sign: int = 1) -> Line:
    """a + b (or a - b with sign=-1), exact between the corners of both."""
    corners = sorted(set(a.xs) | set(b.xs))
    return Line.sample(lambda x: a.at(x) + sign * b.at(x), corners)


@dataclass(frozen=True, slots=True)
class Steps:
    """A fleet of one size: `unit_usd` each, max(min_count, ceil(volume x per_volume)) of them."""

    unit_usd: Decimal
    per_volume: Decimal
    min_count: int

    def at(self, x: Decimal) -> Decimal:
        """The fleet's cost at volume x."""
        count = max(self.min_count, int((x * self.per_volume).to_integral_value(rounding=ROUND_CEILING)))
        return count * self.unit_usd


def line_meets_steps(line: Line, steps: Steps) -> Decimal | None:
    """The least volume at which `line` costs at least `steps`, or None if it never does."""
    first = line.reach(steps.min_count * steps.unit_usd)
    if first is not None and (steps.per_volume == 0 or first * steps.per_volume <= steps.min_count):
        return first
    if steps.per_volume == 0:
        return None
    # Past the first step the fleet costs n x unit on ((n-1)/k, n/k]; the line meets step n first
    # at the least n with line(n/k) >= n x unit, found exactly on each linear piece of the line.
    for start, end, y, slope in line.pieces:
        low = max(steps.min_count + 1, _ceil(start * steps.per_volume))
        high = None if end is None else _floor(end * steps.per_volume)
        # line(n/k) - n*unit = (y - start*slope) + n*(slope/k - unit): linear in n
        offset = y - start * slope
        gain = slope / steps.per_volume - steps.unit_usd
        n = _least_n(offset, gain, low, high)
        if n is not None:
            return line.reach(n * steps.unit_usd)
    return None


def _least_n(offset: Decimal, gain: Decimal, low: int, high: int | None) -> int | None:
    """The least whole n in [low, high] with offset + n x gain >= 0."""
    if high is not None and high < low:
        return None
    if offset + low * gain >= 0:
        return low
    if gain <= 0:
        return None
    n = max(low, _ceil(-offset / gain))
    return n if high is None or n <= high else None


def first_meeting(line: Line, fleets: Sequence[Steps]) -> Decimal | None:
    """The least volume at which `line` costs at least one of `fleets` (the cheapest fleet at
    each volume is then no dearer than the line). Fleets are tried cheapest floor first: no fleet
    can be met before the line reaches its floor, so the search stops early."""
    best: Decimal | None = None
    for steps in undominated(fleets):
        floor = line.reach(steps.min_count * steps.unit_usd)
        if floor is None or (best is not None and floor >= best):
            break
        met = line_meets_steps(line, steps)
        if met is not None and (best is None or met < best):
            best = met
    return best


def undominated(fleets: Sequence[Steps]) -> list[Steps]:
    """The fleets no other fleet beats at every volume (one costs no more per unit and needs no
    more units per volume), cheapest unit first."""
    kept: list[Steps] = []
    for steps in sorted(fleets, key=lambda s: (s.min_count * s.unit_usd, s.per_volume)):
        if not kept or steps.per_volume < kept[-1].per_volume:
            kept.append(steps)
    return kept


def lines_cross(a: Line, b: Line) -> Decimal | None:
    """The least volume above 0 at which `a` and `b` swap order, or None if they never do."""
    corners = sorted(set(a.xs) | set(b.xs))
    gaps = [a.at(x) - b.at(x) for x in corners]
    end_gap_slope = a.end_slope - b.end_slope
    first = next((g for g in gaps if g != 0), end_gap_slope)
    if first == 0:
        return None  # the same curve
    for i in range(len(corners) - 1):
        g0, g1 = gaps[i], gaps[i + 1]
        if g1 != 0 and (g1 > 0) != (first > 0):
            return corners[i] + g0 / (g0 - g1) * (corners[i + 1] - corners[i])
    last = gaps[-1]
    if end_gap_slope != 0 and (end_gap_slope > 0) != (first > 0):
        return corners[-1] - last / end_gap_slope
    return None


def _ceil(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_CEILING))


def _floor(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_FLOOR))
