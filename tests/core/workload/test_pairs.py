"""A workload written as key=value pairs reads back as the same workload: the edit form relies on it."""

from dataclasses import fields, replace
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import InvalidInput
from core.workload import pairs_text, parse_workload, workload_pairs
from core.workload.phrasebook import PHRASEBOOK
from tests.core.workload.test_fuzz import KOREAN_MIXTURES, MIXTURES

ROUND_TRIP = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WHOLE = st.integers(1, 10**9).map(str)
DECIMALS = st.decimals(min_value="0.001", max_value="100000", places=3).map(str)
# Every key the form may hold, with values as people type them (exact and odd ones alike).
VALUES = {
    "kind": st.sampled_from(["request-driven", "service", "job"]),
    "requests": st.one_of(WHOLE, DECIMALS, st.sampled_from(["3M", "2.5k", "100k/day", "1B", "7/hour"])),
    "rps": DECIMALS,
    "peak_rps": DECIMALS,
    "runs": st.one_of(WHOLE, st.sampled_from(["2/day", "30", "0.5"])),
    "duration": st.one_of(DECIMALS.map(lambda v: f"{v}ms"), st.sampled_from(["1.5s", "40min", "2h", "1d"])),
    "vcpu": st.sampled_from(["0.25", "0.5", "1", "2", "4", "16", "96", "3.3"]),
    "memory": st.one_of(WHOLE.map(lambda v: f"{v}MB"), st.sampled_from(["1.5GB", "0.5GB", "3.3GB"])),
    "storage": st.sampled_from(["1GB", "600MB", "10240MB"]),
    "count": st.integers(1, 100).map(str),
    "type": st.sampled_from(["m7g.large", "c7i.xlarge", "t4g.medium"]),
    "gpus": st.integers(0, 8).map(str),
    "hours": st.integers(1, 744).map(str),
    "ebs": st.sampled_from(["50GB", "0.5GB", "2TB"]),
    "os": st.sampled_from(["linux", "windows"]),
    "arch": st.sampled_from(["x86_64", "arm64"]),
    "region": st.sampled_from(["us-east-1", "eu-west-1", "ap-south-1"]),
    "latency": st.sampled_from(["sensitive", "tolerant"]),
    "free_tier": st.sampled_from(["yes", "no"]),
    "spot": st.sampled_from(["yes", "no"]),
    "provisioned": st.integers(0, 50).map(str),
    "utilization": st.one_of(st.integers(1, 100).map(lambda v: f"{v}%"), st.sampled_from(["0.35", "12.5%"])),
    "min_tasks": st.integers(0, 10).map(str),
    "vcpu_per_request": DECIMALS,
    "peak_factor": st.sampled_from(["1", "2.5", "3", "1000"]),
    "cpu_ms": st.sampled_from(["20ms", "0.5s", "3.3ms"]),
    "cpu_bound": st.sampled_from(["yes", "no"]),
    "websocket": st.sampled_from(["yes", "no"]),
    "base_memory": st.sampled_from(["512MB", "1.5GB", "300MB"]),
    "request_memory": st.sampled_from(["32MB", "0MB", "1GB"]),
    "average_cpu": st.sampled_from(["30%", "0.05", "100%"]),
    "autoscale": st.sampled_from(["yes", "no"]),
    "hourly_shape": st.sampled_from([",".join(["1"] * 24), ",".join(["0.5", "1.5"] * 84)]),
    "front_door": st.sampled_from(["http-api", "rest-api", "function-url", "alb", "nlb", "none", "rest"]),
    "public": st.sampled_from(["yes", "no"]),
    "request_kb": st.sampled_from(["10", "0.5KB", "2MB"]),
    "requests_per_connection": st.sampled_from(["1", "10", "250"]),
    "log_kb": st.sampled_from(["0", "0.5", "4KB"]),
    "nat_gb": st.sampled_from(["100GB", "0.5TB"]),
    "gpu": st.sampled_from(["nvidia", "amd", "any"]),
    "ec2_discount": st.sampled_from(["30%", "0.2", "0"]),
    "fargate_discount": st.sampled_from(["20%", "0.52"]),
    "lambda_discount": st.sampled_from(["12%", "17"]),
}
PAIRS = st.fixed_dictionaries({}, optional=VALUES).map(lambda d: " ".join(f"{k}={v}" for k, v in d.items()))


# Pieces of phrases people write, English and Korean: any few of them, joined, is a phrase to try.
FRAGMENTS = [
    *("3M requests/month", "120ms avg", "1.5GB", "50 req/s peak", "arm64", "in eu-west-1", "nightly job"),
    *("40 minutes", "4 vCPU 16GB", "always-on API", "x3", "a few hundred users", "10k daily active users"),
    *("50 concurrent users", "webhook receiver", "queue worker", "50 messages a second", "websocket server"),
    *("GPU inference", "ML inference", "cron every hour", "takes 5 minutes", "static site backend"),
    *("django app", "kafka consumer", "2k records a second", "in Seoul", "requests_per_user=20"),
    *("busy_hours=7", "think_time=3s", "latency sensitive", "spot", "windows", "free tier", "steady"),
    *("월 300만 요청", "평균 120ms", "메모리 1.5GB", "매일 밤", "40분 걸리는 배치", "최대 초당 200건"),
    *("항상 켜진 서버", "vCPU 2개", "3대", "서울 리전", "하루 사용자 1만 명", "10분마다", "크론", "2분"),
    *("1.5억 요청/월", "도쿄", "동시 접속자 50명", "웹훅", "웹소켓 서버", "GPU 추론", "큐 워커"),
    *("peak 500 per second", "average 50", "초당 최대 500건", "평균 50건", "메모리=2기가", "리전=서울"),
]
PHRASES = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=5).map(", ".join)


NEGLIGIBLE = Decimal("1e-25")  # relative: what cutting a rate to the parser's 30 digits may change


def without_notes(workload):
    return replace(workload, notes=())


def assert_same(again, workload):
    """Equal but for notes, and but for rates cut to the parser's 30 digits."""
    for field in fields(workload):
        if field.name == "notes":
            continue
        was, now = getattr(workload, field.name), getattr(again, field.name)
        if isinstance(was, Decimal) and isinstance(now, Decimal) and was < 1:
            assert abs(now - was) <= was * NEGLIGIBLE, field.name
        else:
            assert now == was, field.name


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        (
            "3M requests/month, 120ms avg, 1.5GB",
            "kind=request-driven region=us-east-1 arch=x86_64 requests=3M duration=120ms memory=1.5GB",
        ),
        (
            "nightly job, 40 minutes, 4 vCPU 16GB",
            "kind=job region=us-east-1 arch=x86_64 runs=30 duration=40min vcpu=4 memory=16GB",
        ),
        (
            "service m7g.large x2 ebs=50GB hours=200 in eu-west-1",
            "kind=service region=eu-west-1 arch=x86_64 count=2 type=m7g.large hours=200h ebs=50GB",
        ),
        (
            "100k requests/day 1234.5ms 1500MB utilization=75% free_tier=yes",
            "kind=request-driven region=us-east-1 arch=x86_64 requests=3M duration=1.2345s memory=1500MB "
            "utilization=75% free_tier=yes",
        ),
        (
            "3333333 requests 7ms arm64 latency=sensitive min_tasks=3 peak_factor=2 vcpu_per_request=0.1",
            "kind=request-driven region=us-east-1 arch=arm64 requests=3333333 duration=7ms latency=sensitive "
            "min_tasks=3 vcpu_per_request=0.1 peak_factor=2",
        ),
    ],
)
def test_pairs_are_short_exact_and_read_back_as_the_same_workload(text, pairs):
    workload = parse_workload(text)

    written = pairs_text(workload_pairs(workload))

    assert written == pairs
    assert without_notes(parse_workload(written)) == without_notes(workload)


def test_what_goes_without_saying_is_left_out():
    pairs = workload_pairs(parse_workload("3M requests 120ms"))

    assert not {"os", "spot", "free_tier"} & set(pairs)


@ROUND_TRIP
@given(st.one_of(PAIRS, MIXTURES, PHRASES, KOREAN_MIXTURES))
def test_any_workload_the_parser_reads_survives_the_round_trip(text):
    """Every accepted phrase, English or Korean, reads back the same from its key=value form."""
    try:
        workload = parse_workload(text)
    except InvalidInput:
        return
    again = parse_workload(pairs_text(workload_pairs(workload)))
    assert_same(again, workload)


def test_a_rate_whose_decimals_dont_end_is_cut_to_the_parsers_30_digits():
    workload = parse_workload("requests=7/hour duration=10ms")

    written = workload_pairs(workload)["rps"]

    assert written == "0.00194444444444444444444444444"
    assert_same(parse_workload(pairs_text(workload_pairs(workload))), workload)


@pytest.mark.parametrize("text", PHRASEBOOK)
def test_every_phrase_of_the_phrasebook_round_trips_through_its_key_value_form(text):
    workload = parse_workload(text)
    again = parse_workload(pairs_text(workload_pairs(workload)))
    assert_same(again, workload)
