"""Workloads as people name them, and counts of people: each read as a kind with stated assumptions."""

from decimal import Decimal as D

import pytest

from core.errors import InvalidInput
from core.workload import Kind, apply_followup, parse_workload

REQUEST, SERVICE, JOB = Kind.REQUEST, Kind.SERVICE, Kind.JOB


def fields_of(workload, names):
    return {name: getattr(workload, name) for name in names}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "small django app with a few hundred users",
            {
                "kind": REQUEST,
                "monthly_requests": D(300 * 50 * 30),
                "peak_factor": D(3),
                "duration_ms": D(200),
                "memory_mb": D(512),
            },
        ),
        (
            "webhook receiver",
            {"kind": REQUEST, "monthly_requests": D(100_000), "duration_ms": D(100), "memory_mb": D(256)},
        ),
        (
            "queue worker, 50 messages a second",
            {
                "kind": REQUEST,
                "rps": D(50),
                "duration_ms": D(500),
                "memory_mb": D(512),
                "front_door": "none",
                "public": False,
            },
        ),
        ("3M requests 100ms behind API Gateway", {"front_door": "rest-api", "memory_mb": None}),
        ("api 3M requests 100ms", {"memory_mb": D(512), "front_door": None}),
        ("websocket server", {"kind": SERVICE, "vcpu": D("0.5"), "memory_mb": D(1024), "hours": None}),
        ("websocket server", {"websocket": True, "front_door": "alb", "public": True}),
        ("웹소켓 서버", {"websocket": True, "front_door": "alb", "public": True}),
        ("websocket server 2 vCPU 4GB x3", {"websocket": True, "front_door": "alb", "vcpu": D(2)}),
        ("websocket server internal", {"websocket": True, "front_door": "none", "public": False}),
        ("queue worker, 50 messages a second", {"peak_factor": D(1)}),
        ("Kafka consumer, 2k records a second, 30ms", {"peak_factor": D(1)}),
        ("queue worker, 50 messages a second, peak 200 messages a second", {"peak_factor": None}),
        ("queue worker, 50 messages a second, peak_factor=2", {"peak_factor": D(2)}),
        ("api 50 rps 100ms", {"peak_factor": None, "websocket": False}),
        ("GPU inference", {"kind": SERVICE, "gpus": 1, "vcpu": D(4), "memory_mb": D(16384)}),
        (
            "cron every hour that takes 5 minutes",
            {
                "kind": JOB,
                "monthly_runs": D(730),
                "duration_ms": D(300_000),
                "vcpu": D(1),
                "memory_mb": D(2048),
            },
        ),
        ("static site backend", {"kind": REQUEST, "monthly_requests": D(100_000), "duration_ms": D(50)}),
        ("ML inference 20 req/s 300ms", {"kind": REQUEST, "rps": D(20), "memory_mb": D(2048)}),
        (
            "Kafka consumer, 2k records a second, 30ms",
            {"kind": REQUEST, "rps": D(2000), "duration_ms": D(30)},
        ),
        ("kinesis stream 100 events/s", {"kind": REQUEST, "rps": D(100), "duration_ms": D(200)}),
        ("sqs worker 1 vcpu", {"kind": SERVICE, "vcpu": D(1), "memory_mb": None}),
        ("flask api 20 rps 40ms", {"kind": REQUEST, "duration_ms": D(40), "memory_mb": D(512)}),
        ("nightly backup 20 minutes", {"kind": JOB, "monthly_runs": D(30), "vcpu": D(1)}),
        ("lambda function 3M requests 100ms", {"kind": REQUEST, "memory_mb": None}),
        ("API in Seoul, 200 req/s, 80ms", {"region": "ap-northeast-2", "rps": D(200)}),
        ("3M requests 120ms in northern virginia", {"region": "us-east-1"}),
        ("3M requests 120ms São Paulo", {"region": "sa-east-1"}),
        ("slack bot", {"kind": REQUEST, "monthly_requests": D(100_000), "memory_mb": D(256)}),
        ("image resizing lambda, 500k invocations a month, 2s, 2GB", {"memory_mb": D(2048)}),
        ("celery workers processing 10 tasks a second", {"rps": D(10), "count": None}),
        ("ML model inference on GPU, 5 req/s, 800ms", {"gpus": 1, "rps": D(5), "memory_mb": D(2048)}),
        ("internal admin dashboard, 20 users", {"monthly_requests": D(20 * 50 * 30), "public": False}),
        ("a couple thousand users", {"monthly_requests": D(2000 * 50 * 30)}),
        ("batch job that takes 3 hours, twice a week", {"kind": JOB, "duration_ms": D(3 * 3_600_000)}),
        ("service 3 tasks 2 vcpu", {"kind": SERVICE, "count": 3}),
        ("GPU 2 inference", {"gpus": 2, "vcpu": D(4)}),
    ],
)
def test_named_workloads_are_read_as_a_kind_with_their_defaults(text, expected):
    assert fields_of(parse_workload(text), expected) == expected


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("webhook receiver", "webhook receiver: 100k requests/month, 100ms, 256MB assumed"),
        ("websocket server", "WebSocket server: 0.5 vCPU, 1GB, WebSocket connections (websocket=yes)"),
        ("websocket server", "a public ALB in front (front_door=alb, public=yes)"),
        ("queue worker, 50 messages a second", "peak_factor=1 assumed"),
        (
            "queue worker, 50 messages a second",
            "the queue absorbs bursts, so workers can run near the average",
        ),
        ("GPU inference", "read 'GPU' as 1 GPU"),
        ("cron every hour that takes 5 minutes", "job: 1 vCPU, 2GB assumed"),
        ("small django app with a few hundred users", "read 'few hundred' as 300"),
        ("small django app with a few hundred users", "read 'few hundred users' as daily active users"),
        (
            "10k daily active users",
            "10k daily active users × 50 requests a day each (requests_per_user) = 15M requests a month",
        ),
        ("10k daily active users", "users busy 8 hours a day (busy_hours): peak = 24 / 8 = 3x the average"),
        (
            "50 concurrent users",
            "50 concurrent users, a request every 10s each (think_time) = 5 req/s at peak",
        ),
        ("2M monthly active users", "a fifth of them on a given day = 400k daily active users"),
        ("API in Seoul, 200 req/s, 80ms", "read 'Seoul' as ap-northeast-2"),
    ],
)
def test_every_guess_a_name_makes_is_said_back(text, note):
    notes = parse_workload(text).notes
    assert any(note in said for said in notes), notes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10k users, requests_per_user=20", {"monthly_requests": D(10_000 * 20 * 30)}),
        ("10k users busy_hours=12", {"peak_factor": D(2)}),
        ("10k users peak_factor=5", {"peak_factor": D(5)}),
        ("50 concurrent users, think_time=5s", {"peak_rps": D(10)}),
        ("users=2000 requests_per_user=20 busy_hours=12 duration=80ms", {"monthly_requests": D(1_200_000)}),
        ("concurrent_users=100 think_time=20", {"peak_rps": D(5)}),
        ("mau=1M duration=50ms", {"monthly_requests": D(200_000 * 50 * 30)}),
        ("10k users a day", {"monthly_requests": D(15_000_000)}),
        ("webhook receiver 2M requests 30ms 512MB", {"monthly_requests": D(2_000_000), "memory_mb": D(512)}),
        ("websocket server 2 vCPU 4GB x3", {"vcpu": D(2), "memory_mb": D(4096), "count": 3}),
        ("cron hourly 5 min 4GB", {"memory_mb": D(4096), "vcpu": None}),
    ],
)
def test_what_the_text_says_replaces_the_assumption(text, expected):
    assert fields_of(parse_workload(text), expected) == expected


@pytest.mark.parametrize(
    ("text", "field", "named"),
    [
        ("10k users, 3M requests, 100ms", "users", "not both"),
        ("10k users, 50 concurrent users", "users", "one count of users"),
        ("busy_hours=8 3M requests 100ms", "busy_hours", "goes with a count of users"),
        ("10k users busy_hours=30", "busy_hours", "at most 24"),
        ("10k users think_time=0", "think_time", "above zero"),
        ("10k users a week", "users", "daily or monthly users"),
        ("3M requests 120ms receiver", "text", "closest phrasing: 'webhook receiver'"),
        ("3M requests 120ms webhok", "text", "did you mean 'webhook'?"),
        ("3M requests 120ms users", "text", "as in '10k daily active users'"),
    ],
)
def test_people_and_names_that_cant_be_used_are_refused_clearly(text, field, named):
    with pytest.raises(InvalidInput) as refused:
        parse_workload(text)
    assert refused.value.field == field
    assert named in str(refused.value)


def test_a_follow_up_can_change_the_count_of_users():
    first = parse_workload("small django app with a few hundred users")
    changed, lines = apply_followup("what if we had 20k users?", first)
    assert changed.monthly_requests == D(20_000 * 50 * 30)
    assert "requests: 450k → 30M" in lines


@pytest.mark.parametrize(
    ("value", "shown"),
    [("8333333.333", "~8.33M"), ("1666.6667", "~1.67k"), ("1.6666667", "~1.67"), ("3000000", "3M")],
)
def test_amounts_that_dont_end_are_shown_short(value, shown):
    from core.workload.model import show_amount

    assert show_amount(D(value)) == shown


def test_a_yearly_volume_is_described_in_millions():
    assert parse_workload("연간 1억 요청 100ms").describe().startswith("~8.33M requests/month")
