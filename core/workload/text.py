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

from core.errors import InvalidInput, clip
from core.units import (
    parse_whole,
)
from core.workload.keyvalues import PAIR_READERS, read_pair
from core.workload.kinds import Hint, check_always_on, infer_kind
from core.workload.korean import KOREAN_BEFORE_COUNT, KOREAN_WORDS
from core.workload.model import (
    INSTANCE_TYPE_PATTERN,
    MAX_COUNT,
    REGION_PATTERN,
    Kind,
    Workload,
)
from core.workload.names import PRESET_WORDS, fill_preset
from core.workload.people import people_traffic
from core.workload.phrasebook import closest_phrasing
from core.workload.phrases import read_words
from core.workload.quantities import read_quantity
from core.workload.reading import Builder, Reading, Said
from core.workload.tokens import Token, as_typed, text_at
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
    """Words in the text that are neither a fact nor filler: names them, with how to say them."""

    def __init__(self, words: Sequence[str]) -> None:
        self.words = tuple(words)
        shown = _listed(words)
        hints = [hint for word in words[:3] if (hint := hint_for(word))]
        how = "; ".join(hints) + "; or give key=value pairs such as requests=3M" if hints else EXAMPLES
        super().__init__("text", clip(" ".join(words[:8]), 60), f"couldn't read {shown}; {how}")
        self.args = (f"text: {self.accepted}",)


def _listed(words: Sequence[str], limit: int = 60) -> str:
    """`'lots', 'memory'`: the words quoted, as many as fit in about `limit` characters."""
    quoted = [repr(clip(word, 30)) for word in words]
    shown: list[str] = []
    used = 0
    for word in quoted:
        if shown and used + len(word) > limit:
            return ", ".join(shown) + " …"
        shown.append(word)
        used += len(word) + 2
    return ", ".join(shown)


def hint_for(word: str) -> str | None:
    """How a word could be said: a modifier's usage, a unit's number, a close word or phrasing."""
    text = word.lower()
    if text in MODIFIER_WORDS:
        return f"{clip(word, 30)!r} goes with what it qualifies, as in {MODIFIERS[MODIFIER_WORDS[text]]!r}"
    if text in UNITS or text in KOREAN_BEFORE_COUNT:
        example = KOREAN_BEFORE_COUNT.get(text) or _UNIT_EXAMPLES[UNITS[text][0]]
        return f"{clip(word, 30)!r} goes with a number, as in {example!r}"
    if len(text) > 30:
        return None
    close = difflib.get_close_matches(text, _VOCABULARY, n=1, cutoff=0.8)
    if close and close[0] != text:
        return f"did you mean {close[0]!r}?"
    phrasing = closest_phrasing(text)
    return f"closest phrasing: {phrasing!r}" if phrasing else None


_UNIT_EXAMPLES = {
    "users": "10k daily active users",
    "count": "3 tasks",
    "runs": "30 runs a month",
    "volume": "3M requests/month",
    "per second": "50 rps",
    "per minute": "600 rpm",
    "duration": "120ms",
    "size": "1.5GB",
    "vcpu": "2 vCPU",
    "gpus": "2 GPUs",
    "percent": "60%",
    "weeks": "every 2 weeks",
    "provisioned": "10 provisioned",
}


def parse_workload(text: str) -> Workload:
    """The workload one line of text describes; InvalidInput naming what can't be read or is missing."""
    reading = read_phrases(text)
    if reading.empty:
        raise InvalidInput("text", text, "nothing to size; " + EXAMPLES)
    fields = dict(reading.fields)
    explicit = fields.pop("kind", None)
    people = people_traffic(fields)
    kind, why = infer_kind(explicit, fields, reading.hints)
    check_always_on(kind, fields, reading.hints)
    named = reading.presets or (_PEOPLE_USE if people else ())
    assumed = fill_preset(named, kind, fields)
    notes = reading.notes + people + ((why,) if why else ()) + assumed
    if kind is Kind.SERVICE and Hint.WEB in reading.hints and "public" not in fields:
        fields["public"] = True
        notes += ("read as internet-facing (an API or web app): behind an ALB; 'internal' for none",)
    return Workload(kind=kind, notes=notes, **fields)


_A_DOOR = frozenset({"gateway", "gw"})  # `API Gateway` is a front door, not an API
_PEOPLE_USE = ("web app",)  # a count of users, with no workload named: they use a web app or API


def read_phrases(text: str, extra_filler: frozenset[str] = frozenset()) -> Reading:
    """Every fact in `text`, without deciding the workload's kind; UnreadText for unknown words."""
    return read_tokens(read_words(text), extra_filler)


def read_tokens(tokens: Sequence[Token], extra_filler: frozenset[str] = frozenset()) -> Reading:
    """Every fact in words already read (`read_words`); UnreadText for unknown words."""
    builder = Builder(tokens, FILLER_WORDS | extra_filler)
    builder.notes.update((token.note, None) for token in builder.tokens if token.note)
    while builder.i < len(builder.tokens):
        _step(builder)
    builder.claim()
    if builder.unread:
        raise UnreadText(builder.unread)
    fields = MappingProxyType(builder.fields)
    return Reading(fields, frozenset(builder.hints), tuple(builder.notes), tuple(builder.presets))


def _step(b: Builder) -> None:
    """Read the token at `b.i` (and any it takes with it); move `b.i` past them."""
    token = b.tokens[b.i]
    if token.text in PRESET_WORDS and token.key is None and text_at(b.tokens, b.i + 1) not in _A_DOOR:
        b.presets[PRESET_WORDS[token.text]] = None
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


_VOCABULARY = sorted(
    {*WORD_READERS, *UNITS, *PERIOD_WORDS, *PAIR_READERS, *KOREAN_WORDS} - {"x", "s", "h", "d", "g", "t"}
)
