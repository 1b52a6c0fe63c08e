"""Domain errors. Each one says which field was wrong, what was given and what is accepted."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

GIVEN_MAX_CHARS = 60  # a value echoed in an error is cut to this, so an error line stays short


def clip(text: str, limit: int = GIVEN_MAX_CHARS) -> str:
    """`text`, or its start and end around an ellipsis with how long it was, when over `limit`."""
    if len(text) <= limit:
        return text
    keep = max(limit - 20, 8)
    return f"{text[: keep * 2 // 3]}…{text[-(keep // 3) :]} ({len(text):,} chars)"


class AdvisorError(Exception):
    """Base of every error compute-advisor raises on purpose."""


class InvalidInput(AdvisorError):
    """A value a user gave can't be used: names the field, the value and what is accepted."""

    def __init__(self, field: str, given: object, accepted: str) -> None:
        self.field = field
        self.given = given
        self.accepted = accepted
        shown = repr(clip(given)) if isinstance(given, str) else clip(repr(given))
        super().__init__(f"{field}: got {shown}; {accepted}")


class UnknownName(InvalidInput):
    """A region, instance type or similar name that the catalog does not know."""

    def __init__(self, field: str, given: str, known: Iterable[str]) -> None:
        self.closest = closest_names(given, known)
        hint = ", ".join(self.closest) if self.closest else "none close"
        super().__init__(field, given, f"not in the price snapshot; closest: {hint}")


def closest_names(given: str, known: Iterable[str], limit: int = 3) -> list[str]:
    """The names in `known` that look most like `given`, best first."""
    names = sorted(set(known))
    close = difflib.get_close_matches(given.lower(), names, n=limit, cutoff=0.5)
    if close:
        return close
    prefix = given.lower().split(".")[0].split("-")[0]
    return [n for n in names if n.startswith(prefix)][:limit]
