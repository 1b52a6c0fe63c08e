"""Korean, as teams write it in Slack, rewritten word by word into the words the parser reads.

    "월 300만 요청, 평균 120ms, 메모리 1.5GB"   →  300만 requests / month · avg · 120ms · memory · 1.5GB
    "매일 밤 40분 걸리는 배치"                  →  nightly · 40min · (filler) · batch
    "최대 초당 200건", "인스턴스 3대"            →  peak 200 requests / second · 3 instances

Korean puts a period and a counted noun before the number (`월 300만`, `사용자 500명`), writes
counters and particles onto words (`300만건의`, `서울에서`) and counts in 만 (10^4) and 억 (10^8).
So, in one pass each: particles are taken off words the table doesn't know as they stand; known
phrases of two or three words become one; each word becomes its English reading (a number keeps
its digits and Korean scale, which core.units reads: `300만` is 3,000,000); then a period or a
counted noun before a count moves after it. Every rewritten token keeps what was typed in `raw`,
so notes and errors quote the Korean. Answers stay in English.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from core.units import KOREAN_SCALES
from core.workload.quantities import split_suffix
from core.workload.tokens import Token
from core.workload.vocabulary import COUNTED, NUMBER, UNITS

_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
_LEADING_HANGUL = re.compile(r"([\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]+)([0-9.].*)")


@dataclass(frozen=True, slots=True)
class _Before:
    """A period said before what it counts (`월 300만 요청`, `초당 50건`), and the word it is alone."""

    period: str  # the English period word that follows the count once moved: month, day, second…
    alone: str  # its reading with no count after it: a schedule (`매일` is daily), or "" (unread)


_PERIODS_BEFORE = {
    **dict.fromkeys(("월", "한달", "달", "월당"), _Before("month", "month")),
    **dict.fromkeys(("월간", "매월", "매달", "달마다"), _Before("month", "monthly")),
    "일": _Before("day", "day"),
    **dict.fromkeys(("일일", "하루", "매일", "일간", "날마다", "하루하루"), _Before("day", "daily")),
    **dict.fromkeys(("시간당", "시간에"), _Before("hour", "")),
    **dict.fromkeys(("매시간", "시간마다", "매시"), _Before("hour", "hourly")),
    "분당": _Before("minute", ""),
    "매분": _Before("minute", "every minute"),
    "초당": _Before("second", ""),
    "매초": _Before("second", "every second"),
    **dict.fromkeys(("주", "주당", "일주일"), _Before("week", "week")),
    **dict.fromkeys(("주간", "매주", "주마다"), _Before("week", "weekly")),
    **dict.fromkeys(("연", "년", "연당"), _Before("year", "year")),
    **dict.fromkeys(("연간", "매년", "해마다"), _Before("year", "yearly")),
}

# Nouns said before their count (`인스턴스 3대`, `사용자 500명`, `요청 300만 건`): the count's unit.
_COUNTED_NOUNS = {
    **dict.fromkeys(("인스턴스", "서버", "머신", "대수", "노드"), "instances"),
    **dict.fromkeys(("태스크", "컨테이너", "파드", "레플리카"), "tasks"),
    **dict.fromkeys(("사용자", "유저", "이용자", "접속자", "사람"), "users"),
    **dict.fromkeys(("동시접속자", "동시사용자", "동접"), "concurrent-users"),
    **dict.fromkeys(("일일활성사용자", "일간활성사용자"), "dau"),
    "월간활성사용자": "mau",
    **dict.fromkeys(("방문자", "방문객"), "visitors"),
    "고객": "customers",
    **dict.fromkeys(("요청", "요청수", "리퀘스트", "트랜잭션", "건수"), "requests"),
    **dict.fromkeys(("호출", "콜", "호출수"), "calls"),
    **dict.fromkeys(("메시지", "메세지"), "messages"),
    "이벤트": "events",
    "쿼리": "queries",
    "코어": "cores",
    "실행횟수": "runs",
    "dau": "dau",
    "mau": "mau",
    "gpu": "gpus",
}

# Counters written onto a number (`50건`, `3대`, `500명`) and Korean units: the English unit word.
_COUNTERS = {
    "개": "",
    "대": "instances",
    "명": "users",
    "인": "users",
    **dict.fromkeys(("건", "요청", "리퀘스트", "트랜잭션"), "requests"),
    **dict.fromkeys(("호출", "콜"), "calls"),
    **dict.fromkeys(("메시지", "메세지"), "messages"),
    "이벤트": "events",
    **dict.fromkeys(("회", "번"), "times"),
    "코어": "cores",
    "배": "x",
    **dict.fromkeys(("퍼센트", "프로"), "%"),
    "밀리초": "ms",
    "초": "s",
    "분": "min",
    "시간": "h",
    "일": "d",
    "주": "weeks",
    **dict.fromkeys(("메가", "메가바이트"), "mb"),
    **dict.fromkeys(("기가", "기가바이트"), "gb"),
    **dict.fromkeys(("테라", "테라바이트"), "tb"),
}
_COUNTER_GROUPS = frozenset({"count", "users", "volume", "runs"})  # what 대, 개, 명, 건, 회 count
_COUNTER_ORDER = tuple(sorted(_COUNTERS, key=len, reverse=True))
_SCALE_ORDER = tuple(sorted(KOREAN_SCALES, key=len, reverse=True))
_O_CLOCK = "시"  # `새벽 3시`: a time of day, which changes no cost

# Words (as stems, without particles) and the English words the parser reads for them.
_WORDS = {
    # how a figure is qualified
    "평균": "avg",
    **dict.fromkeys(("최대", "피크", "최고", "피크시", "최대치"), "peak"),
    **dict.fromkeys(("최소", "최소한"), "min"),
    **dict.fromkeys(("약", "대략", "정도", "쯤", "가량", "내외", "이상", "이하", "대충", "한"), "about"),
    **dict.fromkeys(("메모리", "램"), "memory"),
    **dict.fromkeys(("스토리지", "저장공간", "디스크", "임시스토리지"), "storage"),
    **dict.fromkeys(("씨피유", "시피유"), "cpu"),
    **dict.fromkeys(("실행시간", "처리시간", "응답시간", "소요시간", "수행시간", "응답"), "runtime"),
    **dict.fromkeys(
        ("건당", "회당", "번당", "요청당", "호출당", "번에", "회에"), "each"
    ),  # 한 번에: each run
    # units said apart from their number (`120 밀리초`, `2 기가`)
    "밀리초": "ms",
    "초": "seconds",
    "분": "minutes",
    "시간": "hours",
    **dict.fromkeys(("메가", "메가바이트"), "mb"),
    **dict.fromkeys(("기가", "기가바이트"), "gb"),
    **dict.fromkeys(("테라", "테라바이트"), "tb"),
    **dict.fromkeys(("회", "번"), "times"),
    "건": "requests",
    "명": "users",
    "대": "instances",
    "개": "about",
    # what kind of workload
    **dict.fromkeys(("배치", "배치잡", "배치작업"), "batch"),
    **dict.fromkeys(("잡", "작업"), "job"),
    **dict.fromkeys(("크론", "크론잡"), "cron"),
    **dict.fromkeys(("스케줄", "예약작업", "정기작업"), "scheduled"),
    "실행": "run",
    "서비스": "service",
    "서버": "server",
    **dict.fromkeys(("앱", "애플리케이션", "어플리케이션", "어플"), "app"),
    **dict.fromkeys(("웹앱", "웹애플리케이션", "웹서비스", "웹서버"), "webapp"),
    **dict.fromkeys(("웹사이트", "홈페이지"), "website"),
    "사이트": "site",
    "백엔드": "backend",
    "워커": "worker",
    **dict.fromkeys(("큐", "메시지큐"), "queue"),
    **dict.fromkeys(("큐워커", "큐컨슈머"), "queue-worker"),
    "컨슈머": "consumer",
    **dict.fromkeys(("스트림", "스트리밍", "스트림처리"), "stream"),
    "카프카": "kafka",
    "키네시스": "kinesis",
    **dict.fromkeys(("웹소켓", "웹소켓서버"), "websocket"),
    **dict.fromkeys(("웹훅", "웹훅수신", "웹훅수신기", "웹훅핸들러", "웹훅처리"), "webhook"),
    **dict.fromkeys(("추론", "모델서빙", "머신러닝추론", "머신러닝", "인공지능"), "inference"),
    "정적사이트백엔드": "static-site-backend",
    "함수": "function",
    "람다": "lambda",
    **dict.fromkeys(("모바일", "사내", "내부용"), "mobile"),
    "엔드포인트": "endpoint",
    "핸들러": "handler",
    **dict.fromkeys(("항상", "상시", "상시가동", "무중단", "연중무휴", "하루종일"), "always-on"),
    **dict.fromkeys(("밤", "새벽", "야간", "밤마다", "매일밤", "매일새벽", "매일야간"), "nightly"),
    # what it runs on, and where
    "스팟": "spot",
    "온디맨드": "on-demand",
    **dict.fromkeys(("윈도우", "윈도우즈", "윈도"), "windows"),
    "리눅스": "linux",
    "그래비톤": "graviton",
    "인텔": "intel",
    **dict.fromkeys(("리전", "지역"), "in"),
    **dict.fromkeys(("아키텍처", "아키텍쳐", "아키"), "arch"),
    # how it must behave
    **dict.fromkeys(("지연", "레이턴시", "응답속도"), "latency"),
    **dict.fromkeys(("민감", "민감한", "민감함"), "sensitive"),
    **dict.fromkeys(("중요", "중요한"), "critical"),
    "저지연": "low-latency",
    **dict.fromkeys(("지연민감", "레이턴시민감"), "latency-sensitive"),
    **dict.fromkeys(("무료티어", "프리티어"), "free-tier"),
    "무료": "free",
    "티어": "tier",
    **dict.fromkeys(("프로비저닝", "프로비저닝된"), "provisioned"),
    "동시성": "concurrency",
    **dict.fromkeys(("트래픽", "요청량"), "traffic"),
    "부하": "load",
    # follow-ups: `트래픽이 3배가 되면?`
    **dict.fromkeys(("절반", "반"), "half"),
    **dict.fromkeys(("두배", "2배"), "double"),
    **dict.fromkeys(("세배", "3배"), "triple"),
    **dict.fromkeys(("늘면", "늘어나면", "증가", "증가하면", "늘리면", "더"), "more"),
    **dict.fromkeys(("줄면", "줄어들면", "감소", "감소하면", "줄이면", "덜"), "less"),
    **dict.fromkeys(("되면", "만약", "하면", "라면", "이라면", "면"), "if"),
    # places (their codes come from the English names: see core.workload.names)
    "서울": "seoul",
    "도쿄": "tokyo",
    "오사카": "osaka",
    **dict.fromkeys(("버지니아", "북부버지니아", "버지니아북부"), "virginia"),
    "오하이오": "ohio",
    **dict.fromkeys(("캘리포니아", "북부캘리포니아"), "california"),
    **dict.fromkeys(("오레곤", "오리건"), "oregon"),
    "아일랜드": "ireland",
    "런던": "london",
    "파리": "paris",
    "프랑크푸르트": "frankfurt",
    "스톡홀름": "stockholm",
    "밀라노": "milan",
    "싱가포르": "singapore",
    "시드니": "sydney",
    "자카르타": "jakarta",
    "뭄바이": "mumbai",
    "홍콩": "hong-kong",
    **dict.fromkeys(("캐나다", "캐나다중부"), "canada"),
    "상파울루": "sao-paulo",
    # words that carry no fact: verbs, endings and joiners
    **dict.fromkeys(("켜진", "켜져", "켜져있는", "켜있는", "켜둔", "켜놓은", "떠있는", "가동"), "running"),
    **dict.fromkeys(("가동되는", "실행되는", "실행중인", "운영", "운영하는", "돌아가는", "도는"), "running"),
    **dict.fromkeys(
        ("돌리는", "걸리는", "걸림", "걸리고", "걸려", "걸리는데", "소요", "소요되는"), "running"
    ),
    **dict.fromkeys(("소요됨", "필요", "필요한", "사용", "쓰는", "있는", "하는", "되는", "인"), "running"),
    **dict.fromkeys(("처리", "처리하는", "받는", "수신", "보내는", "짜리", "정도의", "용"), "running"),
    **dict.fromkeys(("그리고", "및", "또는", "내내", "기준", "환경", "워크로드", "있음", "때", "시"), "and"),
    **dict.fromkeys(("월요일", "화요일", "수요일", "목요일", "금요일", "토요일", "일요일"), "and"),
    **dict.fromkeys(("평일", "주말", "오전", "오후", "아침", "저녁", "낮"), "and"),
    **dict.fromkeys(("입니다", "이에요", "예요", "에요", "해요", "요", "임", "함", "됨", "이고"), "and"),
}

# Phrases whose words mean something together, written as the stems of their words.
_PHRASES = {
    ("매일", "밤"): "nightly",
    ("매일", "새벽"): "nightly",
    ("매일", "야간"): "nightly",
    ("동시", "접속자"): "동시접속자",
    ("동시", "사용자"): "동시사용자",
    ("일일", "활성", "사용자"): "일일활성사용자",
    ("일간", "활성", "사용자"): "일간활성사용자",
    ("월간", "활성", "사용자"): "월간활성사용자",
    ("실행", "시간"): "runtime",
    ("처리", "시간"): "runtime",
    ("응답", "시간"): "runtime",
    ("소요", "시간"): "runtime",
    ("수행", "시간"): "runtime",
    ("무료", "티어"): "free-tier",
    ("프리", "티어"): "free-tier",
    ("지연", "시간"): "지연",
    ("지연", "시간에"): "지연",
    ("동시", "접속"): "동시접속자",
    ("지연", "민감"): "latency-sensitive",
    ("지연", "민감한"): "latency-sensitive",
    ("레이턴시", "민감"): "latency-sensitive",
    ("레이턴시", "민감한"): "latency-sensitive",
    ("웹", "앱"): "webapp",
    ("웹", "애플리케이션"): "webapp",
    ("웹", "서비스"): "webapp",
    ("웹", "서버"): "webapp",
    ("큐", "워커"): "queue-worker",
    ("큐", "컨슈머"): "queue-worker",
    ("메시지", "큐"): "queue",
    ("스트림", "처리"): "stream",
    ("웹소켓", "서버"): "websocket",
    ("웹훅", "수신"): "webhook",
    ("웹훅", "수신기"): "webhook",
    ("웹훅", "핸들러"): "webhook",
    ("웹훅", "처리"): "webhook",
    ("정적", "사이트", "백엔드"): "static-site-backend",
    ("머신러닝", "추론"): "inference",
    ("모델", "서빙"): "inference",
    ("북부", "버지니아"): "virginia",
    ("버지니아", "북부"): "virginia",
    ("북부", "캘리포니아"): "california",
    ("캐나다", "중부"): "canada",
    ("하루", "종일"): "always-on",
    ("24시간", "내내"): "always-on",
    ("연중", "무휴"): "always-on",
    ("한", "달"): "한달",
    ("두", "배"): "double",
    ("세", "배"): "triple",
    ("프로비저닝된", "동시성"): "provisioned concurrency",
}
# Keys of `key=value` pairs (`메모리=2기가`, `리전=서울`): the English key each is. A Korean key not
# here (`평균=120ms`, `최대=500`) is read as the words `평균 120ms`, as if typed without the `=`.
_KEYS = {
    **dict.fromkeys(("메모리", "램"), "memory"),
    **dict.fromkeys(("리전", "지역"), "region"),
    **dict.fromkeys(("아키텍처", "아키텍쳐", "아키"), "arch"),
    **dict.fromkeys(("요청", "요청수", "호출", "호출수"), "requests"),
    **dict.fromkeys(("실행시간", "처리시간", "응답시간", "소요시간", "수행시간"), "duration"),
    **dict.fromkeys(("스토리지", "저장공간", "디스크", "임시스토리지"), "storage"),
    **dict.fromkeys(("지연", "레이턴시", "응답속도"), "latency"),
    **dict.fromkeys(("씨피유", "시피유", "코어"), "vcpu"),
    **dict.fromkeys(("인스턴스", "서버", "태스크", "컨테이너", "대수"), "count"),
    **dict.fromkeys(("인스턴스타입", "인스턴스유형"), "type"),
    **dict.fromkeys(("실행횟수", "실행"), "runs"),
    **dict.fromkeys(("사용자", "유저", "이용자"), "users"),
    **dict.fromkeys(("프로비저닝", "프로비저닝된"), "provisioned"),
    **dict.fromkeys(("스팟",), "spot"),
    **dict.fromkeys(("운영체제", "오에스"), "os"),
}
_NATIVE_NUMBERS = {
    **dict.fromkeys(("한", "하나"), "1"),
    **dict.fromkeys(("두", "둘"), "2"),
    **dict.fromkeys(("세", "셋"), "3"),
    **dict.fromkeys(("네", "넷"), "4"),
    **{"다섯": "5", "여섯": "6", "일곱": "7", "여덟": "8", "아홉": "9", "열": "10"},
}
_NATIVE_COUNTERS = ("번", "회", "대", "개", "명", "건")
_LONGEST_PHRASE = max(len(words) for words in _PHRASES)
_KNOWN_WORDS = frozenset(
    {
        *_WORDS,
        *_PERIODS_BEFORE,
        *_COUNTED_NOUNS,
        *_NATIVE_NUMBERS,
        *(p for phrase in _PHRASES for p in phrase),
    }
)
_ALWAYS_ON_AFTER_24H = frozenset({"켜진", "켜져", "켜져있는", "켜있는", "가동", "운영", "돌아가는", "내내"})

# Particles and endings written onto a word, longest first: taken off only when the word as
# typed is not known, so `시간` stays `시간` (not `시` + `간`).
_PARTICLES = tuple(
    sorted(
        {
            *("에서는", "에서", "으로는", "으로", "로는", "로", "에는", "에", "은", "는", "이", "가"),
            *("을", "를", "의", "와", "과", "도", "씩", "짜리", "정도", "쯤", "가량", "이상", "이하"),
            *("까지", "부터", "간", "이고", "이며", "이나", "나", "요", "이요", "입니다", "이에요"),
            *("예요", "에요", "인", "인데", "이면", "면", "라고", "처럼", "만큼", "한테", "께서", "에게"),
            *("당", "짜리의", "정도의", "씩의", "짜리로", "이라", "라", "야"),
        },
        key=len,
        reverse=True,
    )
)
_EVERY = "마다"


def has_hangul(text: str) -> bool:
    """True when `text` holds a Hangul letter: the only tokens this module rewrites."""
    return _HANGUL.search(text) is not None


def translate(tokens: Sequence[Token]) -> list[Token]:
    """The tokens with every Korean word in the parser's English; others as they were."""
    if not any(has_hangul(token.raw) for token in tokens):
        return list(tokens)
    split = [part for token in tokens for pair in _pair_in_english(token) for part in _split_leading(pair)]
    stems = [_stemmed(token) for token in split]
    words: list[Token | _Pending] = []
    k = 0
    while k < len(stems):
        merged, k = _phrase_at(stems, k)
        words.extend(merged)
    return _periods_after_counts(_nouns_after_counts(words))


@dataclass(frozen=True, slots=True)
class _Pending:
    """A Korean word said before its count, waiting to learn whether a count follows."""

    token: Token  # the word as read alone
    before: _Before | None = None
    counted: str | None = None  # the unit of a counted noun: `인스턴스` is instances


def _pair_in_english(token: Token) -> list[Token]:
    """`메모리=2기가` is `memory=2gb`, `리전=서울` `region=seoul`; a Korean key with no English key
    (`평균=120ms`) is its two words, read as if typed apart; other tokens as they were."""
    if token.key is None or not has_hangul(token.raw):
        return [token]
    key = token.key
    if has_hangul(key):
        stem = _stem(key, depth=2)  # `메모리는=2GB`
        english = _KEYS.get(key) or _KEYS.get(stem)
        if english is None:
            typed_key, _, typed_value = token.raw.partition("=")
            return [Token(key, typed_key), Token(token.text, typed_value)]
        key = english
    return [replace(token, text=_value_in_english(token.text), key=key)]


def _value_in_english(value: str) -> str:
    """A pair's value as the English reader takes it: `서울` is seoul, `민감` sensitive. Numbers keep
    their Korean (`2기가`, `40분`, `300만`), which core.units reads and the notes quote."""
    english = _WORDS.get(_stem(value, depth=2))
    return english if english is not None and " " not in english else value


def _split_leading(token: Token) -> list[Token]:
    """`월300만` is `월` and `300만`; `초당50건` is `초당` and `50건`."""
    if token.key is not None:
        return [token]
    match = _LEADING_HANGUL.fullmatch(token.raw)
    if match is None:
        return [token]
    word, rest = match.groups()
    return [Token(word.lower(), word), Token(rest.lower(), rest)]


def _stemmed(token: Token) -> Token:
    """The token with particles taken off a Korean word the tables don't know as typed."""
    if token.key is not None or not has_hangul(token.text):
        return token
    stem = _stem(token.text, depth=2)
    if stem == token.text:
        return token
    typed = token.raw[: len(stem)] if token.raw.lower().startswith(stem) else token.raw
    return Token(stem, typed)


def _stem(word: str, depth: int) -> str:
    if _known(word) or depth == 0:
        return word
    for particle in _PARTICLES:
        if word.endswith(particle) and len(word) > len(particle):
            rest = _stem(word[: -len(particle)], depth - 1)
            if _known(rest):
                return rest
    return word


def _known(word: str) -> bool:
    return (
        word in _KNOWN_WORDS
        or _number_word(word) is not None
        or not has_hangul(word)
        or (word[:1] in _NATIVE_NUMBERS and word[1:] in _NATIVE_COUNTERS)
    )


def _phrase_at(stems: Sequence[Token], k: int) -> tuple[list[Token | _Pending], int]:
    """The word(s) starting at `k`, with a known phrase of up to three words read as one."""
    for length in range(min(_LONGEST_PHRASE, len(stems) - k), 1, -1):
        words = tuple(token.text for token in stems[k : k + length])
        meaning = _PHRASES.get(words)
        if meaning is not None:
            raw = " ".join(token.raw for token in stems[k : k + length])
            if " " in meaning:
                return list(_english(meaning, raw)), k + length
            return _word(Token(meaning, raw)), k + length
    token = stems[k]
    after = stems[k + 1].text if k + 1 < len(stems) else ""
    if token.text in _NATIVE_NUMBERS and after in _NATIVE_COUNTERS:  # `한 번`, `세 대`
        raw = f"{token.raw} {stems[k + 1].raw}"
        return _word(Token(_NATIVE_NUMBERS[token.text] + _COUNTERS[after], raw)), k + 2
    if token.text == "24시간" and after in _ALWAYS_ON_AFTER_24H:  # `24시간 켜진`: always on
        return [Token("always-on", f"{token.raw} {stems[k + 1].raw}")], k + 2
    return _word(token), k + 1


def _word(token: Token) -> list[Token | _Pending]:
    """One Korean word in English, or a word waiting for the count that may follow it."""
    if token.key is not None:
        return [token]
    text = token.text
    if text in _PERIODS_BEFORE:
        return [_Pending(token, before=_PERIODS_BEFORE[text])]
    if text in _COUNTED_NOUNS:
        return [_Pending(token, counted=_COUNTED_NOUNS[text])]
    if text in _WORDS:
        return list(_english(_WORDS[text], token.raw))
    read = _number_word(text)
    if read is not None:
        *before, number = read
        if before:  # `10분마다`: every 10 minutes
            return [Token("every", _EVERY), Token(number, token.raw.replace(_EVERY, ""))]
        return [replace(token, text=number)]
    if text[:1] in _NATIVE_NUMBERS and text[1:] in _NATIVE_COUNTERS:  # `두번`, `세대`
        return [Token(_NATIVE_NUMBERS[text[:1]] + _COUNTERS[text[1:]], token.raw)]
    if text[:2] in _NATIVE_NUMBERS and text[2:] in _NATIVE_COUNTERS:  # `다섯번`
        return [Token(_NATIVE_NUMBERS[text[:2]] + _COUNTERS[text[2:]], token.raw)]
    return [token]


def _number_word(text: str) -> list[str] | None:
    """`300만건` → [`300만requests`]; `10분마다` → [`every`, `10min`]; None if not a number word."""
    match = NUMBER.match(text)
    if match is None or not has_hangul(text):
        return None
    digits, rest = match.group(), text[match.end() :]
    scale = next((s for s in _SCALE_ORDER if rest.startswith(s)), "")
    rest = rest[len(scale) :]
    unit, rest = _unit_of(rest)
    if unit is None:
        return None
    every = rest.startswith(_EVERY)
    rest = rest.removeprefix(_EVERY)
    if rest:  # a particle after it is taken off by _stem first
        return None
    if unit == _O_CLOCK:
        return ["at"]
    number = digits + scale + unit
    return ["every", number] if every else [number]


def _unit_of(rest: str) -> tuple[str | None, str]:
    """The unit written at the start of `rest` (English or Korean), and what follows it."""
    english = re.match(r"[a-z%/]*", rest)
    typed = english.group() if english else ""
    if typed:
        if split_suffix(typed) is None:
            return None, rest
        return typed, rest[len(typed) :]
    counter = next((c for c in _COUNTER_ORDER if rest.startswith(c)), None)
    if counter is not None:
        return _COUNTERS[counter], rest[len(counter) :]
    if rest.startswith(_O_CLOCK):
        return _O_CLOCK, rest[len(_O_CLOCK) :]
    return "", rest


def _nouns_after_counts(words: Sequence[Token | _Pending]) -> list[Token | _Pending]:
    """A noun before its count goes after it: `인스턴스 3대` → `3 instances`."""
    out: list[Token | _Pending] = []
    k = 0
    while k < len(words):
        word = words[k]
        if not isinstance(word, _Pending) or word.counted is None:
            out.append(word)
            k += 1
            continue
        number = _count_at(words, k + 1, word.counted)
        if number is None:
            out.extend(_alone(word))
            k += 1
            continue
        digits, end = number
        out.extend([Token(digits, f"{word.token.raw} {_raws(words, k + 1, end)}"), Token(word.counted, "")])
        k = end
    return out


def _periods_after_counts(words: Sequence[Token | _Pending]) -> list[Token]:
    """A period before a count goes after it: `월 300만 요청` → `300만 요청 / month`."""
    out: list[Token] = []
    k = 0
    while k < len(words):
        word = words[k]
        if isinstance(word, Token):
            out.append(word)
            k += 1
            continue
        start = k + 1 + _qualifier_at(words, k + 1)  # `초당 최대 500건`: the peak goes first
        end = _counted_end(words, start)
        if end is None or word.before is None:
            out.extend(_alone(word))
            k += 1
            continue
        out.extend(w for w in words[k + 1 : end] if isinstance(w, Token))
        out.extend([Token("/", "/"), Token(word.before.period, word.token.raw)])
        k = end
    return out


def _quantity_at(words: Sequence[Token | _Pending], k: int) -> tuple[str, str, int, bool] | None:
    """The number at `words[k]` with its scale (`300만`), its unit (typed onto it or said apart,
    else ""), where it ends, and whether the unit was typed onto it; None if no number is there."""
    first = words[k] if k < len(words) else None
    if not isinstance(first, Token) or first.key is not None:
        return None
    match = NUMBER.match(first.text)
    split = split_suffix(first.text[match.end() :]) if match else None
    if match is None or split is None:
        return None
    scale, unit = split
    end, attached = k + 1, bool(unit)
    after = words[end] if end < len(words) else None
    if not unit and isinstance(after, Token) and after.text in UNITS:
        unit, end = after.text, end + 1  # `요청 300만 건`: the counter said apart
    return match.group() + scale, unit, end, attached


def _count_at(words: Sequence[Token | _Pending], k: int, noun: str) -> tuple[str, int] | None:
    """A number counting `noun` (`300만`, `3대`) and where it ends; None if none is there or it
    counts something else (`서버 2 vCPU`)."""
    quantity = _quantity_at(words, k)
    if quantity is None:
        return None
    digits, unit, end, attached = quantity
    group = UNITS[unit][0] if unit else ""
    # a counter typed onto the number (`GPU 1대`) counts the noun; a unit said apart must match it
    counter = attached and group in _COUNTER_GROUPS
    if unit and not counter and group != UNITS[noun][0]:
        return None
    return digits, end


def _counted_end(words: Sequence[Token | _Pending], k: int) -> int | None:
    """Where a count (a number of requests, runs, users, or a bare one) starting at `k` ends."""
    quantity = _quantity_at(words, k)
    if quantity is None or (quantity[1] and UNITS[quantity[1]][0] not in COUNTED):
        return None
    return quantity[2]


def _qualifier_at(words: Sequence[Token | _Pending], k: int) -> int:
    """1 if `words[k]` qualifies the count after it (`최대`, `평균`, `약`), else 0."""
    word = words[k] if k < len(words) else None
    return int(isinstance(word, Token) and word.text in _QUALIFIERS)


_QUALIFIERS = frozenset({"peak", "avg", "about", "min"})


def _raws(words: Sequence[Token | _Pending], start: int, end: int) -> str:
    return " ".join(w.raw for w in words[start:end] if isinstance(w, Token) and w.raw)


def _alone(word: _Pending) -> list[Token]:
    """A period or noun with no count after it: its reading alone (`매일` is daily)."""
    token = word.token
    if word.before is not None:
        if not word.before.alone:
            return [token]  # `초당` with no count: unread, and said so
        return _english(word.before.alone, token.raw)
    if not has_hangul(token.text):  # `GPU` with no count: as English reads it
        return [token]
    return _english(_WORDS.get(token.text, word.counted or token.text), token.raw)


def _english(words: str, raw: str) -> list[Token]:
    """English words for one Korean word: the first keeps what was typed."""
    return [Token(part, raw if i == 0 else "") for i, part in enumerate(words.split())]


# For the hint when a word can't be read: every Korean word known, and how a period goes before a count.
KOREAN_WORDS = frozenset(_KNOWN_WORDS)
KOREAN_BEFORE_COUNT = {
    word: f"{word} 50건" if before.period in ("second", "minute", "hour") else f"{word} 300만 요청"
    for word, before in _PERIODS_BEFORE.items()
}
