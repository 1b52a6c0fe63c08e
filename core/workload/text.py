"""One line of text, written the way people write in Slack, into a validated Workload.

    "3M requests/month, 120ms avg, 1.5GB"        request-driven
    "50 req/s peak, 200 ms, 512MB arm64 in eu-west-1"
    "nightly job, 40 minutes, 4 vCPU 16GB"        job, 30 runs a month
    "always-on API 2 vCPU 4GB x3"                 service
    "requests=3M duration=120ms memory=1.5GB"     key=value (or key: value) pairs

`parse_workload` is total: for every str it returns a Workload or raises InvalidInput; a word it
can't read is reported back, never ignored (only the filler words in `FILLER_WORDS` are skipped).
One pass over the words with a bounded look-ahead and anchored regular expressions without nested
repetition keeps it linear in the length of the text, which is capped at `MAX_TEXT_CHARS`.
Every inference goes into `Workload.notes`, so the answer can say how the text was read.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from types import MappingProxyType

from core.errors import InvalidInput
from core.units import (
    parse_whole,
)
from core.workload.keyvalues import PAIR_READERS, read_pair
from core.workload.kinds import check_always_on, infer_kind
from core.workload.model import (
    INSTANCE_TYPE_PATTERN,
    MAX_COUNT,
    REGION_PATTERN,
    Workload,
)
from core.workload.quantities import read_quantity
from core.workload.reading import Builder, Reading, Said
from core.workload.tokens import Token, as_typed, tokenize
from core.workload.vocabulary import (
    EXAMPLES,
    FILLER_WORDS,
    MODIFIER_WORDS,
    MODIFIERS,
    NUMBER,
    PERIOD_WORDS,
    UNITS,
)
from core.workload.words import WORD_READERS


class UnreadText(InvalidInput):
    """Words in the text that are neither a fact nor filler: names them, with close spellings."""

    def __init__(self, words: Sequence[str]) -> None:
        self.words = tuple(words)
        shown = ", ".join(repr(word) for word in words[:8]) + (" …" if len(words) > 8 else "")
        hints = [hint for word in words[:3] if (hint := _hint_for(word))]
        guess = f" ({'; '.join(hints)})" if hints else ""
        super().__init__("text", " ".join(words[:8]), f"couldn't read {shown}{guess}; {EXAMPLES}")


def _hint_for(word: str) -> str | None:
    """How a word could be read: an example of a modifier, or the closest known word."""
    text = word.lower()
    if text in MODIFIER_WORDS:
        return f"{word!r} goes with what it qualifies, as in {MODIFIERS[MODIFIER_WORDS[text]]!r}"
    if len(text) > 30:
        return None
    close = difflib.get_close_matches(text, _VOCABULARY, n=1, cutoff=0.8)
    return f"did you mean {close[0]!r}?" if close and close[0] != text else None


def parse_workload(text: str) -> Workload:
    """The workload one line of text describes; InvalidInput naming what can't be read or is missing."""
    reading = read_phrases(text)
    if reading.empty:
        raise InvalidInput("text", text, "nothing to size; " + EXAMPLES)
    fields = dict(reading.fields)
    explicit = fields.pop("kind", None)
    kind, why = infer_kind(explicit, fields, reading.hints)
    check_always_on(kind, fields, reading.hints)
    notes = reading.notes + ((why,) if why else ())
    return Workload(kind=kind, notes=notes, **fields)


def read_phrases(text: str, extra_filler: frozenset[str] = frozenset()) -> Reading:
    """Every fact in `text`, without deciding the workload's kind; UnreadText for unknown words."""
    builder = Builder(tokenize(text), FILLER_WORDS | extra_filler)
    while builder.i < len(builder.tokens):
        _step(builder)
    builder.claim()
    if builder.unread:
        raise UnreadText(builder.unread)
    fields = MappingProxyType(builder.fields)
    return Reading(fields, frozenset(builder.hints), tuple(builder.notes))


def _step(b: Builder) -> None:
    """Read the token at `b.i` (and any it takes with it); move `b.i` past them."""
    token = b.tokens[b.i]
    if token.key is not None:
        b.claim()
        b.say(read_pair(token), token.raw)
        b.i += 1
    elif NUMBER.match(token.text):
        _step_quantity(b)
    elif token.text in WORD_READERS:
        b.i = WORD_READERS[token.text](b)
    elif token.text in b.filler:
        b.i += 1  # a pending "peak" or "every" survives filler: "peak of 50 rps"
    else:
        b.claim()
        said = _read_name(token)
        if said is None:
            b.unread.append(token.raw)
        else:
            b.say(said, token.raw)
        b.i += 1


def _step_quantity(b: Builder) -> None:
    modifier = b.pending[0] if b.pending else None
    said = read_quantity(b.tokens, b.i, modifier, look_ahead=True)
    if said is None:
        b.claim()
        b.unread.append(b.tokens[b.i].raw)
        b.i += 1
        return
    if said.used_modifier:
        b.pending = None
    b.claim()
    end = max(said.end, b.i + 1)
    b.say(said, as_typed(b.tokens, b.i, end))
    b.i = end


def _read_name(token: Token) -> Said | None:
    """A region (`eu-west-1`), an instance type (`m7g.large`) or a multiple (`x3`)."""
    if REGION_PATTERN.fullmatch(token.text):
        return Said((("region", token.text),))
    if INSTANCE_TYPE_PATTERN.fullmatch(token.text):
        return Said((("instance_type", token.text),))
    if _TIMES.fullmatch(token.text):
        return Said((("count", parse_whole("count", token.text[1:], 1, MAX_COUNT)),))
    return None


_TIMES = re.compile(r"x[0-9]{1,6}", re.ASCII)


_VOCABULARY = sorted({*WORD_READERS, *UNITS, *PERIOD_WORDS, *PAIR_READERS} - {"x", "s", "h", "d", "g", "t"})
