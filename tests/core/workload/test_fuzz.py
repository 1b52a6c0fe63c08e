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
]
NUMBERS = st.one_of(
    st.integers(-(10**40), 10**40).map(str),
    st.sampled_from(["1e30", "1e999", "1e-999", "-0", "0", "0.0", "1" * 40, "9" * 29, ".", "1e", "NaN"]),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
UNITS = st.sampled_from(["", "ms", "s", "min", "h", "GB", "MB", "TB", "vCPU", "rps", "req/s", "x", "%"])
QUANTITIES = st.tuples(NUMBERS, UNITS).map("".join)
TOKENS = st.one_of(st.sampled_from(WORDS), QUANTITIES, st.text(max_size=8))
MIXTURES = st.lists(TOKENS, max_size=40).map(" ".join)
TEXTS = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    MIXTURES,
    st.lists(TOKENS, max_size=40).map("".join),
)
LONG = st.text(min_size=MAX_TEXT_CHARS - 50, max_size=MAX_TEXT_CHARS + 50)
LONG_MIXTURES = st.lists(st.sampled_from(WORDS), min_size=300, max_size=600).map(" ".join)
BASES = [
    parse_workload("3M requests/month, 120ms avg, 1.5GB"),
    parse_workload("avg 20 rps, peak 100 rps, 50ms arm64"),
    parse_workload("nightly job, 40 minutes, 4 vCPU 16GB"),
    parse_workload("always-on API 2 vCPU 4GB x3"),
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
@given(QUANTITIES, st.sampled_from(["requests 100ms", "job nightly", "service", "tasks 2 vcpu", ""]))
def test_huge_negative_and_zero_numbers_give_a_workload_or_invalid_input(number, rest):
    parses_or_refuses(f"{number} {rest}")
    parses_or_refuses(f"{rest} {number}")


@FUZZ
@given(TEXTS, st.sampled_from(BASES))
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
