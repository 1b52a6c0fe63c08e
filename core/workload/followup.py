"""Follow-up questions about the last workload: "what if traffic triples?", "arm64?", "with 2GB".

`apply_followup` returns the changed workload and one line per change ("requests: 3M → 9M"). It
reads traffic multipliers itself and everything else with the workload parser's phrase reader, so a
follow-up understands the same words, units and `key=value` pairs as a first message. It is total:
every str gives a new workload or InvalidInput. A follow-up that changes nothing is an error that
says what the workload already is. The new workload's notes are the follow-up's own inferences; the
change lines say the rest.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import fields
from decimal import Decimal
from typing import Any

from core.errors import InvalidInput, clip
from core.units import ARCH_CHOICES
from core.workload.kinds import Hint
from core.workload.model import Kind, Workload, field_key, show_amount, show_value
from core.workload.people import people_traffic
from core.workload.phrases import read_words
from core.workload.reading import Reading
from core.workload.text import UnreadText, hint_for, read_tokens
from core.workload.tokens import Token, as_typed, split_clauses

FIELD = "follow-up"
EXAMPLES = (
    "try 'what if traffic triples?', '3x traffic', 'half the traffic', 'arm64?', 'in eu-west-1', "
    "'with 2GB', 'if it took 2s', 'with 3 tasks minimum', 'at 60% utilization', 'on spot', "
    "'without free tier', 'what if it ran hourly' or key=value such as memory=2048"
)

SHORT_EXAMPLES = "try 'what if traffic triples?', 'arm64?', 'in eu-west-1', 'with 2GB' or key=value pairs"

# Words of a question that carry no fact, on top of the workload parser's filler words.
FOLLOWUP_FILLER = frozenset(
    {
        *("what", "if", "about", "how", "instead", "then", "was", "were", "be", "ran", "did"),
        *("does", "do", "would", "could", "cost", "say", "let's", "lets", "try", "use", "used"),
        *("switch", "move", "moved", "go", "went", "had", "only", "just", "there", "they"),
        *("will", "can", "we're", "it's", "is", "got", "gets", "make", "made", "?", "hmm", "ok"),
    }
)

# Traffic multipliers: "triples", "3x", "x10", "10 times", "50% more", "half".
_MULTIPLIER_WORDS = {
    **dict.fromkeys(("double", "doubles", "doubled", "doubling", "twice", "twofold"), Decimal(2)),
    **dict.fromkeys(("triple", "triples", "tripled", "tripling", "thrice"), Decimal(3)),
    **dict.fromkeys(("threefold",), Decimal(3)),
    **dict.fromkeys(("quadruple", "quadruples", "quadrupled", "fourfold"), Decimal(4)),
    **dict.fromkeys(("tenfold",), Decimal(10)),
    **dict.fromkeys(("half", "halve", "halves", "halved", "halving"), Decimal("0.5")),
}
_TRAFFIC_WORDS = frozenset(
    {
        *("traffic", "load", "requests", "request", "volume", "usage", "invocations", "calls"),
        *("throughput", "rps", "runs", "the", "our", "its", "it", "if", "what", "about", "is"),
        *("was", "were", "by", "to", "of", "a", "and", "then", "goes", "went", "gets", "got"),
        *("how", "becomes", "became", "we", "get", "had", "with", "at", "in"),
    }
)
_UP = frozenset({"more", "up", "higher", "increase", "increases", "increased", "grows", "grew"})
_UP_TOO = frozenset({"rises", "rose", "jumps", "jumped", "plus", "grow", "rise"})
_DOWN = frozenset({"less", "fewer", "down", "lower", "drops", "dropped", "falls", "fell"})
_DOWN_TOO = frozenset({"decreases", "decreased", "shrinks", "shrank", "drop", "fall", "minus"})
_DIRECTIONS = _UP | _UP_TOO | _DOWN | _DOWN_TOO
_TIMES = re.compile(r"(?:x([0-9]{1,30}(?:\.[0-9]{1,6})?)|([0-9]{1,30}(?:\.[0-9]{1,6})?)x)", re.ASCII)
_NUMBER = re.compile(r"[0-9]{1,30}(?:\.[0-9]{1,6})?", re.ASCII)
_PERCENT = re.compile(r"([+-]?)([0-9]{1,30}(?:\.[0-9]{1,6})?)%", re.ASCII)
_TRAFFIC_FIELDS = ("monthly_requests", "rps", "peak_rps")
# Words that join two changes ("traffic x3 & arm64"; Korean `그리고`, `및` read as `and`), and
# words that start one ("traffic triples on arm64").
_JOINING = frozenset({"and", "&", "+", "then", "also"})
_LEADING = frozenset({"with", "on", "in", "at", "using"})


def apply_followup(text: str, workload: Workload) -> tuple[Workload, list[str]]:
    """The workload after the follow-up `text`, and one line per change: `requests: 3M → 9M`.

    A follow-up can make several changes at once ("traffic x3 & arm64", "트래픽 3배, arm64로"):
    each part means what it would mean alone, and all of them apply together.
    """
    tokens = read_words(text)
    pairs = any(token.key is not None for token in tokens)
    factor = None if pairs else read_multiplier([token.text for token in tokens])
    if factor is not None:
        return scale_traffic(text, workload, factor)
    parts = followup_parts(text)
    scaled = [(k, factor) for k, part in enumerate(parts) if (factor := _part_multiplier(part))]
    if not scaled:
        return _apply_reading(text, workload, _read(text, [tokens], name_part=False))
    if len(scaled) > 1:
        said = " and ".join(repr(as_typed(parts[j], 0, len(parts[j]))) for j, _ in scaled)
        raise InvalidInput(FIELD, text, f"one traffic change at a time, not {said}")
    k, factor = scaled[0]
    rest = parts[:k] + parts[k + 1 :]
    reading = _read(text, rest, name_part=True)
    if reading.empty:
        return scale_traffic(text, workload, factor)
    return _apply_both(text, workload, reading, factor)


def followup_parts(text: str) -> list[list[Token]]:
    """The follow-up's parts as read words: split at commas, `;`, `and`, `&`, `+` and `then`,
    and before `with`, `on`, `in`, `at` and `using`, so a traffic change stands on its own."""
    parts: list[list[Token]] = []
    for clause in split_clauses(text):
        part: list[Token] = []
        for token in read_words(clause):
            if token.key is None and token.text in _JOINING:
                parts, part = _close(parts, part), []
                continue
            if token.key is None and token.text in _LEADING and part:
                parts, part = _close(parts, part), []
            part.append(token)
        parts = _close(parts, part)
    return parts


def _close(parts: list[list[Token]], part: list[Token]) -> list[list[Token]]:
    return [*parts, part] if part else parts


def _part_multiplier(part: list[Token]) -> Decimal | None:
    if any(token.key is not None for token in part):
        return None
    return read_multiplier([token.text for token in part])


def _read(text: str, parts: list[list[Token]], *, name_part: bool) -> Reading:
    """The facts in the parts; an unread word is refused, naming its part if there are several."""
    try:
        return read_tokens([token for part in parts for token in part], FOLLOWUP_FILLER)
    except UnreadText as err:
        part = _part_of(parts, err.words[0]) if name_part else None
        raise UnreadFollowUp(text, err.words, part) from err


def _part_of(parts: list[list[Token]], word: str) -> str:
    """The words as typed of the part in which `word` was found."""
    for part in parts:
        if any(word in (token.text, token.raw, token.raw.lower()) for token in part):
            return as_typed(part, 0, len(part))
    return word


def _apply_both(
    text: str, workload: Workload, reading: Reading, factor: Decimal
) -> tuple[Workload, list[str]]:
    """The reading's changes and the traffic change, applied together, with one line per change."""
    changed, notes = _reading_changes(text, workload, reading)
    given = [name for name in (*_TRAFFIC_FIELDS, "monthly_runs") if name in changed]
    if given:
        raise InvalidInput(
            FIELD, text, f"{field_key(given[0])} is both given and scaled × {show_amount(factor)}: say one"
        )
    middle = workload.changed(**changed)
    scaled, _ = scale_traffic(text, middle, factor)
    traffic = {name: getattr(scaled, name) for name in (*_TRAFFIC_FIELDS, "monthly_runs")}
    traffic = {name: value for name, value in traffic.items() if getattr(middle, name) != value}
    new = scaled.changed(notes=notes + scaled.notes)
    return new, _change_lines(workload, {**changed, **traffic})


class UnreadFollowUp(InvalidInput):
    """Words of a follow-up that can't be read: named, with how to say them, in one short line."""

    def __init__(self, text: str, words: tuple[str, ...], part: str | None = None) -> None:
        unread = ", ".join(repr(clip(word, 30)) for word in words[:4]) + (" …" if len(words) > 4 else "")
        if part is not None:  # one of several changes: which part, and that none was applied
            where = "" if part.lower() == " ".join(words).lower() else f" in {clip(part, 40)!r}"
            unread += f"{where}, so nothing changed"
        hints = [hint for word in words[:2] if (hint := hint_for(word))]
        super().__init__(FIELD, text, f"couldn't read {unread}; {'; '.join(hints) or SHORT_EXAMPLES}")
        self.args = (f"{FIELD}: {self.accepted}",)


def read_multiplier(words: list[str]) -> Decimal | None:
    """The traffic multiplier the words state (`triples` is 3, `50% less` is 0.5), else None."""
    down = any(word in _DOWN or word in _DOWN_TOO for word in words)
    rest = [w for w in words if w not in _TRAFFIC_WORDS and w not in _DIRECTIONS]
    rest = [w for w in rest if w not in FOLLOWUP_FILLER]
    if len(rest) == 1 and rest[0] in _MULTIPLIER_WORDS:
        return _MULTIPLIER_WORDS[rest[0]]
    if len(rest) == 1 and (percent := _PERCENT.fullmatch(rest[0])):
        sign, number = percent.groups()
        if not sign and not any(word in _DIRECTIONS for word in words):
            return None  # "50%" alone is a utilization, not a change in traffic
        change = Decimal(number) / 100
        return 1 - change if down or sign == "-" else 1 + change
    times = _times(rest)
    if times is None:
        return None
    return 1 / times if down and times else times


def _times(rest: list[str]) -> Decimal | None:
    """`3x`, `x3`, `3 x`, `x 3`, `3 times`: the number."""
    if len(rest) == 1 and rest[0] not in ARCH_CHOICES and (match := _TIMES.fullmatch(rest[0])):
        return Decimal(match.group(1) or match.group(2))
    if len(rest) == 2 and rest[1] in ("x", "times") and _NUMBER.fullmatch(rest[0]):
        return Decimal(rest[0])
    if len(rest) == 2 and rest[0] == "x" and _NUMBER.fullmatch(rest[1]):
        return Decimal(rest[1])
    return None


def scale_traffic(text: str, workload: Workload, factor: Decimal) -> tuple[Workload, list[str]]:
    """Multiply whichever of requests, rps and peak rps are set (and a job's runs) by `factor`."""
    if factor <= 0:
        raise InvalidInput(FIELD, text, "a traffic multiplier above zero, such as 3x or half")
    names = [name for name in _TRAFFIC_FIELDS if getattr(workload, name) is not None]
    if workload.kind is Kind.JOB and workload.monthly_runs is not None:
        names.append("monthly_runs")
    if not names:
        raise InvalidInput(FIELD, text, "there is no traffic to scale; give a rate, such as rps=200")
    if factor == 1:
        raise InvalidInput(FIELD, text, "nothing to change: the traffic stays as it is")
    changes = {name: getattr(workload, name) * factor for name in names}
    note = f"traffic × {show_amount(factor)}"
    return workload.changed(notes=(note,), **changes), _change_lines(workload, changes)


def _apply_reading(text: str, workload: Workload, reading: Reading) -> tuple[Workload, list[str]]:
    if reading.empty:
        raise InvalidInput(FIELD, text, EXAMPLES)
    changed, notes = _reading_changes(text, workload, reading)
    return workload.changed(notes=notes, **changed), _change_lines(workload, changed)


def _reading_changes(
    text: str, workload: Workload, reading: Reading
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The fields the reading changes (with a new kind, the fields it leaves behind), and notes."""
    changes = dict(reading.fields)
    people = people_traffic(changes)  # `what if we had 20k users?`
    kind = _new_kind(workload.kind, changes.pop("kind", None), changes, reading.hints)
    if kind is not workload.kind:
        changes = {**_left_behind(workload, kind), **changes, "kind": kind}
    changed = {name: value for name, value in changes.items() if getattr(workload, name) != value}
    if not changed:
        already = "; ".join(_already(name, value) for name, value in changes.items())
        raise InvalidInput(FIELD, text, f"nothing to change: {already or 'it is already so'}")
    return changed, reading.notes + people


def _already(name: str, value: object) -> str:
    """`arch is already arm64`, `spot is already on`."""
    if isinstance(value, bool):
        return f"{field_key(name).replace('_', ' ')} is already {'on' if value else 'off'}"
    return f"{field_key(name)} is already {show_value(name, value)}"


def _new_kind(kind: Kind, explicit: Kind | None, changes: Mapping[str, Any], hints: frozenset[Hint]) -> Kind:
    """A follow-up changes the kind only when it says so: `kind=job`, `hourly`, `always-on`."""
    if explicit is not None:
        return explicit
    if Hint.JOB in hints or "monthly_runs" in changes:
        return Kind.JOB
    if Hint.ALWAYS_ON in hints or Hint.SERVICE in hints:
        return Kind.SERVICE
    if Hint.REQUEST in hints:
        return Kind.REQUEST
    return kind


def _left_behind(workload: Workload, kind: Kind) -> dict[str, Any]:
    """Fields only the old kind uses: a job has no request volume, a service no runs."""
    if kind is Kind.JOB:
        return {name: None for name in _TRAFFIC_FIELDS if getattr(workload, name) is not None}
    if workload.kind is Kind.JOB and workload.monthly_runs is not None:
        return {"monthly_runs": None}
    return {}


def _change_lines(workload: Workload, changes: Mapping[str, Any]) -> list[str]:
    """`requests: 3M → 9M`, in the workload's field order."""
    return [
        f"{field_key(f.name)}: {show_value(f.name, getattr(workload, f.name))} → "
        f"{show_value(f.name, changes[f.name])}"
        for f in fields(workload)
        if f.name in changes
    ]
