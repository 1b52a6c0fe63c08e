"""Phrasings the parser reads, in English and Korean: the README's table of what each is read as,
and the phrasing to suggest for a word it can't read.

Strings only, so that the parser's error path can look here without importing the parser.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

PHRASEBOOK = (
    "3M requests/month, 120ms avg, 1.5GB",
    "50 req/s peak, 200 ms, 512MB arm64 in eu-west-1",
    "nightly job, 40 minutes, 4 vCPU 16GB",
    "always-on API 2 vCPU 4GB x3",
    "small django app with a few hundred users",
    "10k daily active users",
    "50 concurrent users, 150ms",
    "webhook receiver",
    "queue worker, 50 messages a second",
    "Kafka consumer, 2k records a second, 30ms",
    "websocket server",
    "GPU inference",
    "ML inference 20 req/s 300ms",
    "cron every hour that takes 5 minutes",
    "static site backend",
    "API in Seoul, 200 req/s, 80ms",
    "월 300만 요청, 평균 120ms, 메모리 1.5GB",
    "매일 밤 40분 걸리는 배치",
    "최대 초당 200건, 평균 80ms, 메모리 512MB, 도쿄",
    "항상 켜진 API 서버 2 vCPU 4GB 3대, 서울 리전",
    "하루 사용자 1만 명 웹앱",
    "10분마다 실행되는 크론, 2분",
    "1.5억 요청/월 50ms arm64",
    "월 300만 요청, 평균 120ms, 메모리 1.5GB, 서울",
    "메모리=2기가, 리전=서울, 아키텍처=arm64, 월 300만 요청, 평균=120ms",
    "peak 500 per second, average 50, 20ms",
    "초당 최대 500건, 평균 50건, 20ms",
)

_FILLER = frozenset({"a", "an", "the", "with", "in", "of", "that", "avg", "per", "and"})


def _words(phrase: str) -> Iterable[str]:
    for word in phrase.lower().replace(",", " ").replace("/", " ").split():
        if word not in _FILLER and not word[:1].isdigit():
            yield word


# Each word of the phrasebook, and the first phrasing that uses it.
_PHRASING_OF: dict[str, str] = {}
for _phrase in PHRASEBOOK:
    for _word in _words(_phrase):
        _PHRASING_OF.setdefault(_word, _phrase)


def closest_phrasing(word: str) -> str | None:
    """The phrasebook's phrasing with a word most like `word`, or None if none is close."""
    close = difflib.get_close_matches(word.lower()[:30], _PHRASING_OF, n=1, cutoff=0.7)
    return _PHRASING_OF[close[0]] if close else None
