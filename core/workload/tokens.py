"""Text into tokens: words with punctuation trimmed, `/` split off, and `key=value` pairs joined."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from core.errors import InvalidInput
from core.workload.vocabulary import (
    NUMBER,
    PAIR_KEYS,
    UNITS,
)

MAX_TEXT_CHARS = 2000


@dataclass(frozen=True, slots=True)
class Token:
    """One word as typed (`raw`) and lower-cased (`text`); for `key=value`, the key and value.

    A word rewritten before reading (Korean, a phrase, `a few hundred`) keeps what was typed in
    `raw` and carries a `note` saying how it was read; a word added by a rewrite has no `raw`.
    """

    text: str
    raw: str
    key: str | None = None
    note: str | None = None


_EDGE = ",;.!?()[]{}\"'`…·|—–*~≈<>@，。、；：！？（）「」『』"
_LEAD = _EDGE.replace(".", "")  # ".5s" is a number
_WHOLE_WORDS = frozenset({"24/7", "/tmp"})


def tokenize(text: str) -> list[Token]:
    """The words of `text`, punctuation trimmed, `/` split off, `key=value` pairs joined."""
    if len(text) > MAX_TEXT_CHARS:
        given = text[:40] + "…"
        raise InvalidInput("text", given, f"at most {MAX_TEXT_CHARS:,} characters: one workload")
    pieces = [piece for chunk in text.split() for piece in _pieces(chunk)]
    tokens: list[Token] = []
    k = 0
    while k < len(pieces):
        pair, k = _pair_at(pieces, k)
        tokens.extend(pair)
    return tokens


def _pieces(chunk: str) -> list[str]:
    """Split at `;` and at commas that don't group digits (`3,000,000` stays whole)."""
    parts = _SEPARATOR.split(chunk) if _SEPARATORS.intersection(chunk) else [chunk]
    trimmed = (part.lstrip(_LEAD).rstrip(_EDGE) for part in parts)
    return [part for part in trimmed if part]


# A `;` (or a full-width one, or `、`), or a comma without a digit on both sides. Fixed-width
# look-arounds: linear.
_SEPARATOR = re.compile(r"[;；，、]|(?<![0-9]),|,(?![0-9])")
_SEPARATORS = frozenset(";,；，、")


def split_clauses(text: str) -> list[str]:
    """The parts of `text` between `;` and commas that don't group digits: `a, b; c` is three."""
    return [part.strip() for part in _SEPARATOR.split(text) if part.strip()]


def _pair_at(pieces: Sequence[str], k: int) -> tuple[list[Token], int]:
    """The token(s) starting at piece `k`, and the index of the next piece."""
    piece = pieces[k]
    after = pieces[k + 1] if k + 1 < len(pieces) else None
    if "=" in piece.strip("="):
        key, value = piece.split("=", 1)
        return _pair(pieces, key, value, k + 1)
    if piece.endswith("=") and len(piece) > 1:
        return _pair(pieces, piece[:-1], after or "", k + 2)
    if after == "=":
        value = pieces[k + 2] if k + 2 < len(pieces) else ""
        return _pair(pieces, piece, value, k + 3)
    if after is not None and after.startswith("=") and len(after) > 1 and piece != "=":
        return _pair(pieces, piece, after[1:], k + 2)
    key, colon, value = piece.partition(":")
    if colon and _key(key) in PAIR_KEYS:
        return _pair(pieces, key, value or after or "", k + (1 if value else 2))
    return _words(piece.rstrip(":")), k + 1


def _key(text: str) -> str:
    return text.lower().replace("-", "_")


def _pair(pieces: Sequence[str], key: str, value: str, k: int) -> tuple[list[Token], int]:
    """A `key=value` token; a unit typed apart (`duration = 120 ms`) joins its number."""
    if NUMBER.fullmatch(value) and k < len(pieces) and pieces[k].lower() in UNITS:
        value, k = f"{value} {pieces[k]}", k + 1
    return [Token(value.lower(), f"{key}={value}", _key(key))], k


def _words(piece: str) -> list[Token]:
    """One piece as word tokens: `requests/month` is `requests`, `/`, `month`."""
    text = piece.lower().replace("×", "x")
    if text in _WHOLE_WORDS or "/" not in text:
        return [Token(text, piece)]
    parts, raws = text.split("/"), piece.split("/")
    raws = raws if len(raws) == len(parts) else parts  # lower() may change exotic letters
    tokens: list[Token] = []
    for k, (part, raw) in enumerate(zip(parts, raws, strict=True)):
        if k:
            tokens.append(Token("/", "/"))
        if part:
            tokens.append(Token(part, raw))
    return tokens


def as_typed(tokens: Sequence[Token], start: int, end: int) -> str:
    """The words from `start` to `end` as typed: `100 req/min`, `2 vCPU`."""
    return " ".join(token.raw for token in tokens[start:end] if token.raw).replace(" / ", "/")


def text_at(tokens: Sequence[Token], k: int) -> str:
    return tokens[k].text if 0 <= k < len(tokens) else ""


def skip(tokens: Sequence[Token], k: int, words: frozenset[str]) -> int:
    while text_at(tokens, k) in words:
        k += 1
    return k
