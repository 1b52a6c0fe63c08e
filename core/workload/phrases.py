"""Words as the parser reads them: tokens, Korean in English, and phrases of several words as one.

    "daily active users"      → `dau`, a unit a count of users can take
    "web app", "queue worker" → `webapp`, `queue-worker`: the names of workloads
    "a few hundred"           → `300`, with a note that says so

`read_words` is the parser's only way from text to tokens (the first message and follow-ups alike).
Each rewrite is a table look-up at each position over at most `_LONGEST` words: linear.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from core.units import plain
from core.workload.korean import translate
from core.workload.periods import carry_periods
from core.workload.tokens import Token, tokenize

# Phrases read as one word: what the word is. Workload names, kinds of user count, places.
_PHRASES: dict[tuple[str, ...], str] = {
    **dict.fromkeys((("daily", "active", "users"), ("daily", "active", "user"), ("active", "users")), "dau"),
    **dict.fromkeys((("daily", "users"), ("daily", "visitors"), ("unique", "visitors")), "dau"),
    **dict.fromkeys((("monthly", "active", "users"), ("monthly", "users"), ("monthly", "visitors")), "mau"),
    **dict.fromkeys(
        (("concurrent", "users"), ("simultaneous", "users"), ("concurrent", "connections")),
        "concurrent-users",
    ),
    **dict.fromkeys((("users", "online"), ("online", "users"), ("concurrent", "user")), "concurrent-users"),
    **dict.fromkeys((("web", "app"), ("web", "application"), ("web", "apps")), "webapp"),
    **dict.fromkeys((("queue", "worker"), ("queue", "consumer"), ("queue", "processor")), "queue-worker"),
    **dict.fromkeys((("sqs", "consumer"), ("sqs", "worker"), ("message", "queue")), "queue-worker"),
    **dict.fromkeys((("stream", "processor"), ("stream", "consumer"), ("kafka", "consumer")), "stream"),
    **dict.fromkeys((("kinesis", "consumer"), ("event", "stream")), "stream"),
    **dict.fromkeys((("websocket", "server"), ("websockets", "server"), ("socket", "server")), "websocket"),
    **dict.fromkeys((("chat", "server"),), "websocket"),
    **dict.fromkeys(
        (("webhook", "receiver"), ("webhook", "handler"), ("webhook", "endpoint"), ("webhook", "listener")),
        "webhook",
    ),
    **dict.fromkeys((("webhook", "consumer"), ("webhooks", "receiver")), "webhook"),
    **dict.fromkeys(
        (("static", "site", "backend"), ("static", "website", "backend"), ("jamstack", "backend")),
        "static-site-backend",
    ),
    **dict.fromkeys((("ml", "inference"), ("model", "inference"), ("model", "serving")), "inference"),
    **dict.fromkeys((("machine", "learning", "inference"), ("ai", "inference")), "inference"),
    **dict.fromkeys((("page", "views"), ("page", "view")), "pageviews"),
    **dict.fromkeys((("northern", "virginia"), ("n", "virginia"), ("north", "virginia")), "virginia"),
    **dict.fromkeys((("northern", "california"), ("n", "california")), "california"),
    **dict.fromkeys((("hong", "kong"),), "hong-kong"),
    **dict.fromkeys((("sao", "paulo"), ("são", "paulo")), "sao-paulo"),
    **dict.fromkeys((("cape", "town"),), "cape-town"),
}
_LONGEST = max(len(words) for words in _PHRASES)

# Vague counts: `a few hundred` is 300, `several thousand` 5,000, `dozens of` 36.
VAGUE = {
    "few": Decimal(3),
    "couple": Decimal(2),
    "several": Decimal(5),
    "handful": Decimal(5),
    "dozen": Decimal(12),
    "dozens": Decimal(36),
    "hundreds": Decimal(300),
    "thousands": Decimal(3000),
}
_OF = frozenset({"of"})
_SCALE_WORDS = {
    "hundred": Decimal(100),
    "thousand": Decimal(1000),
    "k": Decimal(1000),
    "million": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
}


def read_words(text: str) -> list[Token]:
    """The tokens of `text` as the parser reads them: Korean in English, phrases as one word, and a
    period said once carried to the average or peak that follows it."""
    return carry_periods(merge_phrases(translate(tokenize(text))))


def merge_phrases(tokens: Sequence[Token]) -> list[Token]:
    """Known phrases and vague counts, each as one token that keeps the words as typed."""
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        token, k = _phrase_at(tokens, k)
        out.append(token)
    return out


def _phrase_at(tokens: Sequence[Token], k: int) -> tuple[Token, int]:
    for length in range(min(_LONGEST, len(tokens) - k), 1, -1):
        words = tokens[k : k + length]
        meaning = _PHRASES.get(tuple(token.text for token in words))
        if meaning is not None and all(token.key is None for token in words):
            return Token(meaning, _typed(words)), k + length
    if tokens[k].text in VAGUE and tokens[k].key is None:
        return _vague(tokens, k)
    return tokens[k], k + 1


def _vague(tokens: Sequence[Token], k: int) -> tuple[Token, int]:
    """`a few hundred` → 300; `thousands of` → 3000; `few` alone → 3."""
    count = VAGUE[tokens[k].text]
    end = k + 1
    after = tokens[end].text if end < len(tokens) else ""
    if after in _SCALE_WORDS:
        count, end = count * _SCALE_WORDS[after], end + 1
    elif after in _OF:
        end += 1  # `dozens of users`: the `of` goes with the count
    typed, digits = _typed(tokens[k:end]), plain(count)
    return Token(digits, typed, note=f"read {typed!r} as {digits}"), end


def _typed(tokens: Sequence[Token]) -> str:
    return " ".join(token.raw for token in tokens if token.raw)
