"""The parsers are total: any str gives a valid Workload or InvalidInput, never another exception."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import InvalidInput
from core.workload import MAX_TEXT_CHARS, Workload, apply_followup, parse_workload, validate

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

WORDS = [
    *("3M", "requests", "/", "month", "120ms", "1.5GB", "peak", "rps", "req/s", "nightly", "every"),
    *("15", "minutes", "x3", "arm64", "eu-west-1", "m7g.large", "=", "requests=", "duration=", ":"),
    *("memory:", "always-on", "api", "job", "free", "tier", "no", "spot", "per", "day", "a", "min"),
    *("tasks", "%", "60%", "k", "M", "m", "x", "twice", "weekly", "hours", "8h", "gb", "ms", "s"),
    *("provisioned", "concurrency", "ebs", "storage", ",", ";", "24/7", "latency", "sensitive"),
    *(".5", "1,2", "3,000,000", "triples", "half", "traffic", "+50%", "-50%", "less", "kind=job"),
    *("runs=", "rps=", "vcpu", "4", "16GB", "without", "utilization", "hourly", "ran", "took"),
    *("webhook", "receiver", "queue", "worker", "websocket", "server", "gpu", "inference", "django"),
    *("few", "hundred", "users", "daily", "active", "concurrent", "dozens", "of", "seoul", "kafka"),
    *("requests_per_user=", "busy_hours=", "think_time=", "users=", "mau=", "static", "site", "backend"),
]
# Korean words and forms the parser reads, and ones it doesn't, with particles and counters.
KOREAN = [
    *("월", "300만", "요청", "평균", "메모리", "1.5억", "5천만", "매일", "밤", "40분", "걸리는", "배치"),
    *("초당", "50건", "최대", "하루", "10만", "건", "항상", "켜진", "서버", "3대", "인스턴스", "2개"),
    *("서울", "리전에서", "도쿄", "버지니아", "사용자", "1만", "명", "동시", "접속자", "웹훅", "웹소켓"),
    *("추론", "큐", "워커", "마다", "10분마다", "한", "번", "두", "배", "3배", "절반", "기가", "2기가로"),
    *("시간당", "2시간", "120밀리초", "메모리는", "요청이", "의", "을", "를", "에서", "바나나", "ㅋㅋ"),
    *("월300만", "초당50건", "300만건의", "3시에", "새벽", "일", "주", "회", "1e400만", "만", "억"),
]
HANGUL = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
JAMO = st.characters(min_codepoint=0x3131, max_codepoint=0x318E)
NUMBERS = st.one_of(
    st.integers(-(10**40), 10**40).map(str),
    st.sampled_from(["1e30", "1e999", "1e-999", "-0", "0", "0.0", "1" * 40, "9" * 29, ".", "1e", "NaN"]),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
UNITS = st.sampled_from(["", "ms", "s", "min", "h", "GB", "MB", "TB", "vCPU", "rps", "req/s", "x", "%"])
QUANTITIES = st.tuples(NUMBERS, UNITS).map("".join)
KOREAN_QUANTITIES = st.tuples(
    NUMBERS,
    st.sampled_from(["만", "억", "천만", "분", "초", "시간", "건", "명", "대", "개", "기가", "배", "마다"]),
).map("".join)
TOKENS = st.one_of(
    st.sampled_from(WORDS),
    QUANTITIES,
    st.text(max_size=8),
    st.sampled_from(KOREAN),
    KOREAN_QUANTITIES,
    st.text(alphabet=st.one_of(HANGUL, JAMO, st.sampled_from("0123456789.,/ 만억")), max_size=8),
)
MIXTURES = st.lists(TOKENS, max_size=40).map(" ".join)
KOREAN_MIXTURES = st.lists(st.one_of(st.sampled_from(KOREAN), KOREAN_QUANTITIES), max_size=30).map(" ".join)
TEXTS = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.text(alphabet=st.one_of(HANGUL, JAMO, st.characters(codec="ascii")), max_size=300),
    MIXTURES,
    KOREAN_MIXTURES,
    st.lists(TOKENS, max_size=40).map("".join),
)
LONG = st.text(min_size=MAX_TEXT_CHARS - 50, max_size=MAX_TEXT_CHARS + 50)
LONG_MIXTURES = st.lists(st.sampled_from(WORDS + KOREAN), min_size=300, max_size=600).map(" ".join)
BASES = [
    parse_workload("3M requests/month, 120ms avg, 1.5GB"),
    parse_workload("avg 20 rps, peak 100 rps, 50ms arm64"),
    parse_workload("nightly job, 40 minutes, 4 vCPU 16GB"),
    parse_workload("always-on API 2 vCPU 4GB x3"),
    parse_workload("월 300만 요청, 평균 120ms, 메모리 1.5GB"),
    parse_workload("small django app with a few hundred users"),
]


def parses_or_refuses(text):
    try:
        workload = parse_workload(text)
    except InvalidInput:
        return
    validate(workload)
    assert Workload.from_dict(json.loads(json.dumps(workload.to_dict()))) == workload
    assert workload.describe()


def applies_or_refuses(text, base):
    try:
        workload, changes = apply_followup(text, base)
    except InvalidInput:
        return
    validate(workload)
    assert changes
    assert workload.describe()


@FUZZ
@given(TEXTS)
def test_any_text_gives_a_workload_or_invalid_input(text):
    parses_or_refuses(text)


@FUZZ
@given(MIXTURES)
def test_valid_words_mixed_with_junk_give_a_workload_or_invalid_input(text):
    parses_or_refuses(text)


@settings(FUZZ, max_examples=50)
@given(st.one_of(LONG, LONG_MIXTURES))
def test_long_text_gives_a_workload_or_invalid_input(text):
    parses_or_refuses(text)


@FUZZ
@given(KOREAN_MIXTURES)
def test_korean_words_mixed_with_junk_give_a_workload_or_invalid_input(text):
    parses_or_refuses(text)


@FUZZ
@given(st.lists(st.one_of(st.sampled_from(KOREAN), st.sampled_from(WORDS), KOREAN_QUANTITIES), max_size=30))
def test_korean_and_english_mixed_in_one_line_give_a_workload_or_invalid_input(words):
    parses_or_refuses(" ".join(words))
    parses_or_refuses("".join(words))


@FUZZ
@given(QUANTITIES, st.sampled_from(["requests 100ms", "job nightly", "service", "tasks 2 vcpu", ""]))
def test_huge_negative_and_zero_numbers_give_a_workload_or_invalid_input(number, rest):
    parses_or_refuses(f"{number} {rest}")
    parses_or_refuses(f"{rest} {number}")


@FUZZ
@given(st.one_of(KOREAN_MIXTURES, TEXTS), st.sampled_from(BASES))
def test_any_follow_up_gives_a_workload_or_invalid_input(text, base):
    applies_or_refuses(text, base)


@FUZZ
@given(
    st.lists(st.one_of(st.sampled_from(WORDS), QUANTITIES), max_size=6).map(" ".join), st.sampled_from(BASES)
)
def test_follow_ups_of_valid_words_give_a_workload_or_invalid_input(text, base):
    applies_or_refuses(text, base)


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from(["kind", "vcpu", "count", "notes", "region", "hours", "spot", "memory_mb", "x"]),
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.floats(),
            st.text(max_size=20),
            NUMBERS,
            st.lists(st.text(max_size=5), max_size=3),
            st.sampled_from(["service", "job", "request-driven"]),
        ),
    )
)
def test_any_stored_dict_gives_a_workload_or_invalid_input(data):
    try:
        workload = Workload.from_dict(data)
    except InvalidInput:
        return
    validate(workload)
