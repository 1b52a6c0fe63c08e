"""A period said once carries over to the figures that qualify it.

    "peak 500 per second, average 50"      → average 50 per second (peak_factor 10)
    "초당 최대 500건, 평균 50건"             → 평균 50건 per second too
    "average 20 rps, peak 200"             → peak 200 per second

People give a peak and an average in one breath and say the period once. A count qualified by
`average`, `avg`, `mean`, `typical` or `peak` (Korean `평균`, `최대`, `피크` read as those), with no
period or rate unit of its own, takes the period of the last count that had one; a note says so.
One pass with a look-back of a few words: linear.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.workload.quantities import period_at, split_suffix
from core.workload.tokens import Token, text_at
from core.workload.vocabulary import NUMBER, SCALES, UNITS

_QUALIFIERS = frozenset({"avg", "average", "mean", "typical", "typically", "peak", "peaks"})
_BETWEEN = frozenset({"of", "is", "at", "about", "around", "roughly", "approx", "approximately", "~"})
_RATE_UNITS = {"per second": "second", "per minute": "minute"}  # `rps`, `rpm`: a period of their own
_CARRIED = frozenset({"", "volume"})  # a bare count, or a count of requests, calls, messages…


def carry_periods(tokens: Sequence[Token]) -> list[Token]:
    """The tokens with a period added after each qualified count that has none of its own."""
    out: list[Token] = []
    period: str | None = None
    k = 0
    while k < len(tokens):
        count = _count_at(tokens, k)
        if count is None:
            out.append(tokens[k])
            k += 1
            continue
        end, group = count
        own = _RATE_UNITS.get(group) or _period_word(tokens, end)
        if own is not None:
            period = own
        elif period is not None and group in _CARRIED and (start := _qualifier_before(tokens, k)) is not None:
            out.extend(tokens[k:end])
            out.extend(_carried(tokens, start, end, period))
            k = end
            continue
        out.append(tokens[k])
        k += 1
    return out


def _count_at(tokens: Sequence[Token], k: int) -> tuple[int, str] | None:
    """Where a number at `tokens[k]` ends with its unit (typed on or said apart), and the unit's group."""
    token = tokens[k]
    match = NUMBER.match(token.text) if token.key is None else None
    split = split_suffix(token.text[match.end() :]) if match else None
    if split is None:
        return None
    scale, unit = split
    end = k + 1
    if not scale and not unit and text_at(tokens, end) in SCALES:
        end += 1
    if not unit and text_at(tokens, end) in UNITS:
        unit, end = text_at(tokens, end), end + 1
    return end, UNITS[unit][0] if unit else ""


def _period_word(tokens: Sequence[Token], end: int) -> str | None:
    period = period_at(tokens, end, adverbs=True)
    return period[0] if period else None


def _qualifier_before(tokens: Sequence[Token], k: int) -> int | None:
    """Where `average`, `peak`… is, just before the count at `k` (`average of 50`); None if not."""
    before = k - 1
    while before >= 0 and before > k - 3 and text_at(tokens, before) in _BETWEEN:
        before -= 1
    qualified = before >= 0 and tokens[before].key is None and text_at(tokens, before) in _QUALIFIERS
    return before if qualified else None


def _carried(tokens: Sequence[Token], start: int, end: int, period: str) -> list[Token]:
    """`/ second` after the count, with a note quoting what was typed."""
    typed = " ".join(token.raw for token in tokens[start:end] if token.raw)
    note = f"read {typed!r} as per {period}: the period of the figure before it carries over"
    return [Token("/", "", note=note), Token(period, "")]
