"""Korean input: the same quantities and kinds as English, mixed with English in one line."""

from dataclasses import replace
from decimal import Decimal as D

import pytest

from core.errors import InvalidInput
from core.units import parse_count, parse_duration_ms, parse_size_mb
from core.workload import Kind, apply_followup, parse_workload


def same_as(korean, english):
    return replace(parse_workload(korean), notes=()) == replace(parse_workload(english), notes=())


@pytest.mark.parametrize(
    ("korean", "english"),
    [
        ("월 300만 요청, 평균 120ms, 메모리 1.5GB", "3M requests/month, 120ms avg, 1.5GB"),
        ("매일 밤 40분 걸리는 배치", "nightly batch, 40 minutes"),
        ("초당 50건, 200ms", "50 req/s, 200ms"),
        ("최대 초당 200건, 평균 80ms, 메모리 512MB", "peak 200 req/s, 80ms, 512MB"),
        ("하루 10만 요청, 1초", "100k requests a day, 1s"),
        ("300만 요청/월 120ms", "3M requests/month 120ms"),
        ("월300만건의 요청 120밀리초", "3M requests/month 120ms"),
        ("1.5억 요청/월 50ms arm64", "150M requests/month 50ms arm64"),
        ("5천만 호출 월간 100ms", "50M calls 100ms"),
        ("항상 켜진 API 서버 2 vCPU 4GB 3대, 서울 리전", "always-on API 2 vCPU 4GB x3 in ap-northeast-2"),
        ("상시 가동 서비스 vCPU 2개 메모리 4기가 인스턴스 2대", "always-on service 2 vCPU 4GB 2 instances"),
        ("10분마다 실행되는 크론, 2분", "cron every 10 minutes, 2 minutes"),
        ("매시간 도는 작업 5분 걸림", "hourly job 5 minutes"),
        ("하루에 한 번 실행, 30분, 배치", "once a day batch 30 minutes"),
        ("하루 3번 20분 배치", "3 times a day batch 20 minutes"),
        ("주 1회 2시간 배치", "weekly batch 2 hours"),
        ("2주마다 1시간 배치", "every 2 weeks batch 1 hour"),
        ("3M requests 120ms 도쿄", "3M requests 120ms ap-northeast-1"),
        ("3M requests 120ms 버지니아", "3M requests 120ms us-east-1"),
        ("3M requests 120ms 북부 버지니아 리전에서", "3M requests 120ms in us-east-1"),
        ("3M requests 120ms 아일랜드", "3M requests 120ms eu-west-1"),
        ("월 300만 요청 120ms 스팟 윈도우", "3M requests 120ms spot windows"),
        ("월 300만 요청 120ms 지연에 민감한", "3M requests 120ms latency sensitive"),
        ("월 300만 요청 120ms 프리 티어", "3M requests 120ms free tier"),
        ("하루 사용자 1만 명 웹앱", "webapp 10k daily active users"),
        ("동시 접속자 50명 웹 서비스", "webapp 50 concurrent users"),
        ("웹훅 수신", "webhook receiver"),
        ("큐 워커 초당 메시지 50건", "queue worker 50 messages a second"),
        ("웹소켓 서버", "websocket server"),
        ("GPU 추론", "GPU inference"),
        ("GPU 2개 추론 서버", "2 GPUs inference server"),
        ("요청 300만 건/월, 120ms", "3M requests a month, 120ms"),
        ("duration=40분 runs=30 kind=job", "kind=job runs=30 duration=40min"),
        ("memory=2기가 requests=300만 duration=1초", "requests=3M duration=1s memory=2GB"),
    ],
)
def test_korean_reads_as_the_same_workload_as_english(korean, english):
    assert same_as(korean, english)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("월 300만 건, 평균 응답 120ms", {"monthly_requests": D(3_000_000), "duration_ms": D(120)}),
        (
            "하루 평균 5만 요청, 피크 때 초당 30건, 응답시간 200ms, 메모리 512MB",
            {"monthly_requests": D(1_500_000), "peak_rps": D(30), "duration_ms": D(200)},
        ),
        ("매주 월요일 30분 배치", {"kind": Kind.JOB, "monthly_runs": D(52) / D(12)}),
        ("DAU 5만 명 모바일 앱 백엔드", {"monthly_requests": D(50_000 * 50 * 30)}),
        ("한 달에 1억 건 처리하는 람다 함수 50ms", {"monthly_requests": D(10**8), "memory_mb": None}),
        ("GPU 1대로 추론 서버 상시 운영", {"kind": Kind.SERVICE, "gpus": 1, "vcpu": D(4)}),
        ("10분마다 도는 크론잡, 한 번에 30초", {"monthly_runs": D(4320), "duration_ms": D(30_000)}),
        ("웹소켓 서버 동시 접속 1000명", {"kind": Kind.SERVICE, "peak_rps": D(100)}),
        ("초당 최대 500건, 20ms", {"peak_rps": D(500), "rps": None}),
        ("지연 시간에 민감한 API, 월 1천만 요청, 100ms", {"latency": "sensitive"}),
        ("월 300만 요청 120ms 스팟 인스턴스", {"spot": True}),
        ("서버 2 vCPU 2대 상시", {"vcpu": D(2), "count": 2}),
        ("항상 켜져 있는 서버 2대, 4코어 8기가", {"vcpu": D(4), "memory_mb": D(8192), "count": 2}),
    ],
)
def test_korean_as_teams_write_it_is_read(text, expected):
    workload = parse_workload(text)
    assert {name: getattr(workload, name) for name in expected} == expected


@pytest.mark.parametrize(
    ("korean", "english"),
    [
        ("메모리=2기가, 월 300만 요청, 120ms", "memory=2GB requests=3M duration=120ms"),
        ("메모리 2기가, 월 300만 요청, 120ms", "memory=2GB requests=3M duration=120ms"),
        ("메모리는=2기가 월 300만 요청 120ms", "memory=2GB requests=3M duration=120ms"),
        ("램 = 512메가 월 300만 요청 120ms", "memory=512MB requests=3M duration=120ms"),
        ("리전=서울, 월 300만 요청, 120ms", "region=ap-northeast-2 requests=3M duration=120ms"),
        ("서울 리전, 월 300만 요청, 120ms", "region=ap-northeast-2 requests=3M duration=120ms"),
        ("지역: 도쿄 월 300만 요청 120ms", "region=ap-northeast-1 requests=3M duration=120ms"),
        ("region=서울 3M requests 120ms", "region=ap-northeast-2 requests=3M duration=120ms"),
        ("평균 120ms, 월 300만 요청", "requests=3M duration=120ms"),
        ("평균=120ms, 월 300만 요청", "requests=3M duration=120ms"),
        ("아키텍처=arm64, 월 300만 요청, 120ms", "arch=arm64 requests=3M duration=120ms"),
        ("아키텍처 arm64, 월 300만 요청, 120ms", "arch=arm64 requests=3M duration=120ms"),
        ("아키텍처=그래비톤 월 300만 요청 120ms", "arch=arm64 requests=3M duration=120ms"),
        ("요청=300만 실행시간=2초 메모리=1기가", "requests=3M duration=2s memory=1GB"),
        ("지연=민감 월 300만 요청 120ms", "latency=sensitive requests=3M duration=120ms"),
        (
            "월 300만 요청, 평균 120ms, 메모리 1.5GB, 서울",
            "requests=3M duration=120ms memory=1.5GB region=ap-northeast-2",
        ),
        (
            "월 300만 요청, 평균=120ms, 메모리=1.5GB, 리전=서울, 아키텍처=arm64",
            "requests=3M duration=120ms memory=1.5GB region=ap-northeast-2 arch=arm64",
        ),
    ],
)
def test_korean_keys_read_as_their_english_keys(korean, english):
    assert same_as(korean, english)


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("region=seoul 3M requests 120ms", "region=ap-northeast-2 requests=3M duration=120ms"),
        ("region=Hong-Kong 3M requests 120ms", "region=ap-east-1 requests=3M duration=120ms"),
        (
            "region seoul, arch arm64, 3M requests, 120ms",
            "region=ap-northeast-2 arch=arm64 3M requests 120ms",
        ),
    ],
)
def test_a_place_is_a_region_in_a_pair_too(text, english):
    assert same_as(text, english)


def test_a_region_read_from_a_place_says_so():
    assert "read 'seoul' as ap-northeast-2" in parse_workload("리전=서울 월 300만 요청 120ms").notes


@pytest.mark.parametrize(
    ("text", "named"),
    [
        (
            "리전=나니아 월 300만 요청 120ms",
            "region: got '나니아'; a region code such as us-east-1, or a place",
        ),
        ("메모리=많이 월 300만 요청 120ms", "memory: got '많이'"),
        ("모름=3 월 300만 요청 120ms", "couldn't read '모름'"),
    ],
)
def test_a_korean_pair_that_cant_be_used_is_refused_naming_it(text, named):
    with pytest.raises(InvalidInput) as refused:
        parse_workload(text)
    assert named in str(refused.value)


@pytest.mark.parametrize(
    ("text", "value"),
    [("300만", D(3_000_000)), ("1.5억", D(150_000_000)), ("5천만", D(50_000_000)), ("2조", D(2 * 10**12))],
)
def test_man_and_eok_are_numbers(text, value):
    assert parse_count("requests", text) == value


def test_korean_units_are_read_wherever_units_are():
    assert parse_duration_ms("duration", "40분") == D(2_400_000)
    assert parse_duration_ms("duration", "2시간") == D(7_200_000)
    assert parse_size_mb("memory", "1.5기가") == D(1536)
    assert parse_size_mb("memory", "512메가") == D(512)


def test_the_examples_of_the_issue_are_read():
    first = parse_workload("월 300만 요청, 평균 120ms, 메모리 1.5GB")
    assert (first.kind, first.monthly_requests, first.duration_ms, first.memory_mb) == (
        Kind.REQUEST,
        D(3_000_000),
        D(120),
        D(1536),
    )
    batch = parse_workload("매일 밤 40분 걸리는 배치")
    assert (batch.kind, batch.monthly_runs, batch.duration_ms) == (Kind.JOB, D(30), D(2_400_000))
    assert "job: 1 vCPU, 2GB assumed" in " ".join(batch.notes)


def test_notes_quote_the_korean_that_was_typed():
    notes = parse_workload("하루 10만 요청, 1초 서울").notes
    assert "10만 요청/하루 = 3M requests a month (30 days)" in notes
    assert "read '서울' as ap-northeast-2" in notes


@pytest.mark.parametrize(
    ("text", "change"),
    [
        ("트래픽이 3배가 되면?", "requests: 3M → 9M"),
        ("두 배", "requests: 3M → 6M"),
        ("절반", "requests: 3M → 1.5M"),
        ("50% 늘면", "requests: 3M → 4.5M"),
        ("arm64로", "arch: x86_64 → arm64"),
        ("서울 리전으로", "region: us-east-1 → ap-northeast-2"),
        ("메모리 2기가로", "memory: 1.5GB → 2GB"),
    ],
)
def test_korean_follow_ups_change_the_last_workload(text, change):
    base = parse_workload("월 300만 요청, 평균 120ms, 메모리 1.5GB")
    _, lines = apply_followup(text, base)
    assert change in lines


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("월 300만 요청 120ms 바나나", "'바나나'"),
        ("300만 요청 120ms 초당", "'초당' goes with a number, as in '초당 50건'"),
        ("월 300만 요청", "duration: missing"),
        ("월 1e400 요청 1초", "requests"),
    ],
)
def test_korean_that_cant_be_used_is_refused_naming_it(text, named):
    with pytest.raises(InvalidInput) as refused:
        parse_workload(text)
    assert named in str(refused.value)
