"""What a refresh from the Price List API found: tables by region, what was listed empty, and
what failed. Built by core/aws/pricelist.py, stored by the shell only when nothing failed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Priced:
    """One table's prices for one region, and the newest publication date among its items.
    `entry` is None when the API listed nothing that table prices there."""

    table: str
    region: str
    entry: dict[str, Any] | None
    published: str


@dataclass(frozen=True, slots=True)
class Failed:
    """A table in a region that could not be read: throttled, access denied, malformed..."""

    table: str
    region: str
    reason: str

    def __str__(self) -> str:
        return f"{self.table} in {self.region}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Refresh:
    """Everything one update read, and how many API calls it took."""

    priced: tuple[Priced, ...]
    failed: tuple[Failed, ...]
    calls: int

    def merged(self, other: Refresh) -> Refresh:
        """This refresh and `other` as one (a Price List and a Savings Plans read)."""
        return Refresh(self.priced + other.priced, self.failed + other.failed, self.calls + other.calls)

    @property
    def complete(self) -> bool:
        """True when every table in every region was read (listed empty counts as read)."""
        return not self.failed

    @property
    def empty(self) -> tuple[Priced, ...]:
        """Tables the API listed nothing for in a region."""
        return tuple(p for p in self.priced if p.entry is None)
