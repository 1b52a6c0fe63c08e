"""The state of one reading of a text, and what each reader found."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from core.errors import InvalidInput
from core.workload.kinds import Hint
from core.workload.model import (
    field_key,
)
from core.workload.tokens import Token


@dataclass(frozen=True, slots=True)
class Reading:
    """What a line of text said: workload fields (by attribute), hints of its kind, and notes."""

    fields: Mapping[str, Any]
    hints: frozenset[Hint]
    notes: tuple[str, ...]
    presets: tuple[str, ...] = ()  # the workloads it named, first first: "webhook", "job"

    @property
    def empty(self) -> bool:
        """True when the text said nothing at all (only filler words)."""
        return not self.fields and not self.hints


@dataclass(slots=True)
class Builder:
    """The state of one reading: where it is, what it has found, what it couldn't read."""

    tokens: Sequence[Token]
    filler: frozenset[str]
    i: int = 0
    fields: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    notes: dict[str, None] = field(default_factory=dict)  # ordered, without repeats
    hints: set[Hint] = field(default_factory=set)
    unread: list[str] = field(default_factory=list)
    pending: tuple[str, str] | None = None  # a word such as "peak" that qualifies what follows
    presets: dict[str, None] = field(default_factory=dict)  # named workloads, in order, once each

    def set(self, name: str, value: Any, source: str) -> None:
        """Record a fact; the same field given twice with different values is an error."""
        if isinstance(value, Decimal) and value == value.to_integral_value():
            value = value.to_integral_value()  # 1.5GB is 1536MB, not 1536.0MB
        if name in self.fields and self.fields[name] != value:
            both = f"{self.sources[name]} and {source}"
            raise InvalidInput(field_key(name), both, "give it once")
        self.fields[name] = value
        self.sources[name] = source

    def say(self, said: Said, source: str) -> None:
        """Record everything one reader found."""
        for name, value in said.facts:
            self.set(name, value, source)
        self.notes.update((note, None) for note in said.notes if note)
        self.hints.update(said.hints)

    def claim(self, *modifiers: str) -> str | None:
        """Take the pending modifier if it is one of `modifiers`; any other one was not read."""
        pending, self.pending = self.pending, None
        if pending is None:
            return None
        if pending[0] in modifiers:
            return pending[0]
        self.unread.append(pending[1])
        return None


@dataclass(frozen=True, slots=True)
class Said:
    """What one reader found: facts (attribute, value), notes, hints, and where it stopped."""

    facts: tuple[tuple[str, Any], ...] = ()
    notes: tuple[str | None, ...] = ()
    hints: frozenset[Hint] = frozenset()
    end: int = 0
    used_modifier: bool = False

    @property
    def is_rate(self) -> bool:
        """A per-second rate, which a following `peak` may qualify."""
        return any(name in ("rps", "peak_rps") for name, _ in self.facts)
