import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import InvalidInput
from core.workload import MAX_TEXT_CHARS, Kind, MissingInput, Workload, parse_workload, validate

D = Decimal
REQUEST, SERVICE, JOB = Kind.REQUEST, Kind.SERVICE, Kind.JOB


def fields_of(workload, names):
    return {name: getattr(workload, name) for name in names}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "3M requests/month, 120ms avg, 1.5GB",
            {"kind": REQUEST, "monthly_requests": D(3_000_000), "duration_ms": D(120), "memory_mb": D(1536)},
        ),
        (
            "50 req/s peak, 200 ms, 512MB arm64 in eu-west-1",
            {
                "kind": REQUEST,
                "peak_rps": D(50),
                "rps": None,
                "duration_ms": D(200),
                "memory_mb": D(512),
                "arch": "arm64",
                "region": "eu-west-1",
            },
        ),
        (
            "nightly job, 40 minutes, 4 vCPU 16GB",
            {
                "kind": JOB,
                "monthly_runs": D(30),
                "duration_ms": D(2_400_000),
                "vcpu": D(4),
                "memory_mb": D(16384),
            },
        ),
        (
            "always-on API 2 vCPU 4GB x3",
            {"kind": SERVICE, "vcpu": D(2), "memory_mb": D(4096), "count": 3, "hours": None},
        ),
        ("10k rps, 50ms", {"kind": REQUEST, "rps": D(10_000), "duration_ms": D(50)}),
        ("api 200 req/s steady, 80ms, 512MB", {"kind": REQUEST, "rps": D(200), "peak_factor": D(1)}),
        ("3M requests, 100ms, constant traffic", {"monthly_requests": D(3_000_000), "peak_factor": D(1)}),
        ("3M requests, 100ms", {"peak_factor": None}),
        ("2 requests per second, 100ms", {"rps": D(2), "monthly_requests": None}),
        (
            "hourly batch 5 min 1 vcpu 2gb",
            {
                "kind": JOB,
                "monthly_runs": D(730),
                "duration_ms": D(300_000),
                "vcpu": D(1),
                "memory_mb": D(2048),
            },
        ),
        (
            "api 100 req/min 80ms 1gb",
            {"kind": REQUEST, "rps": D(100) / D(60), "duration_ms": D(80), "memory_mb": D(1024)},
        ),
        ("7200 requests/hour 100ms", {"rps": D(2)}),
        ("3M requests 120ms on graviton", {"arch": "arm64"}),
        ("3M requests 120ms on x86", {"arch": "x86_64"}),
        ("3M requests 120ms windows", {"os": "windows"}),
        ("3M requests 120ms spot", {"spot": True}),
        ("3M requests 120ms 1 gpu", {"gpus": 1}),
        ("3M requests 120ms free tier", {"free_tier": True}),
        ("3M requests 120ms without free tier", {"free_tier": False}),
        ("3M requests 120ms latency sensitive", {"latency": "sensitive"}),
        ("3M requests 120ms latency-tolerant", {"latency": "tolerant"}),
        ("every 15 minutes, 2s", {"kind": JOB, "monthly_runs": D(2880), "duration_ms": D(2000)}),
        ("daily job 5 minutes", {"kind": JOB, "monthly_runs": D(30)}),
        ("weekly job 1h", {"kind": JOB, "monthly_runs": D(52) / D(12)}),
        ("hourly job 1s", {"monthly_runs": D(730)}),
        ("twice a day job 4 min", {"monthly_runs": D(60)}),
        ("100 runs a day, 3s", {"kind": JOB, "monthly_runs": D(3000)}),
        ("service 3 tasks 2 vCPU", {"kind": SERVICE, "count": 3}),
        ("service x3 2 vCPU", {"count": 3}),
        ("service 3 instances 2 vCPU", {"count": 3}),
        ("m7g.large", {"kind": SERVICE, "instance_type": "m7g.large"}),
        ("3 m7g.large", {"kind": SERVICE, "instance_type": "m7g.large", "count": 3}),
        ("3M requests 120ms us-west-2", {"region": "us-west-2"}),
        ("100k requests a day, 120ms", {"monthly_requests": D(3_000_000)}),
        ("3,000,000 invocations/month 120ms", {"monthly_requests": D(3_000_000)}),
        ("avg 20 rps, peak 100 rps, 50ms", {"rps": D(20), "peak_rps": D(100)}),
        ("20 rps, 100 rps peak, 50ms", {"rps": D(20), "peak_rps": D(100)}),
        ("50 rps at peak 200ms", {"peak_rps": D(50), "duration_ms": D(200)}),
        ("always-on API 500 rps 2 vCPU", {"kind": SERVICE, "rps": D(500), "vcpu": D(2)}),
        ("service 8 hours a day 2 vCPU", {"kind": SERVICE, "hours": D(240)}),
        (
            "1M requests 100ms 2GB memory 10GB ephemeral storage",
            {"memory_mb": D(2048), "storage_mb": D(10240)},
        ),
        ("service 2 vCPU 100GB EBS", {"ebs_gb": D(100)}),
        (
            "always-on 2 vCPU at 60% utilization, min 2 tasks",
            {"target_utilization": D("0.6"), "min_tasks": 2},
        ),
        ("service 2 vcpu, 3 tasks minimum", {"min_tasks": 3, "count": None}),
        ("3M requests 1s, provisioned concurrency of 10", {"provisioned": 10}),
        ("1M requests 100ms 0.25 vCPU per request", {"vcpu_per_request": D("0.25")}),
        ("15m job nightly", {"duration_ms": D(900_000)}),
        ("3M, 120ms", {"monthly_requests": D(3_000_000)}),
    ],
)
def test_phrases_are_read_into_these_fields(text, expected):
    workload = parse_workload(text)
    assert fields_of(workload, expected) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "requests=3M duration=120ms memory=1.5GB",
            {"monthly_requests": D(3_000_000), "duration_ms": D(120), "memory_mb": D(1536)},
        ),
        ("requests: 3M, duration: 120 ms", {"monthly_requests": D(3_000_000), "duration_ms": D(120)}),
        ("requests = 3M duration = 120ms", {"monthly_requests": D(3_000_000)}),
        ("requests=100k/day duration=1s", {"monthly_requests": D(3_000_000)}),
        ("requests=50/s duration=1s", {"rps": D(50)}),
        ("kind=service vcpu=2 memory=4096 tasks=3", {"kind": SERVICE, "memory_mb": D(4096), "count": 3}),
        ("kind=job runs=30 duration=40min", {"kind": JOB, "monthly_runs": D(30)}),
        ("runs=2/day duration=1min", {"kind": JOB, "monthly_runs": D(60)}),
        ("rps=20 peak_rps=100 duration=50", {"rps": D(20), "peak_rps": D(100)}),
        ("always_on=yes rps=500 vcpu=2", {"kind": SERVICE, "rps": D(500)}),
        ("always_on=no service vcpu=2 hours=200", {"kind": SERVICE, "hours": D(200)}),
        (
            "type=m7g.large count=2 ebs=100 gpus=1",
            {"instance_type": "m7g.large", "ebs_gb": D(100), "gpus": 1},
        ),
        ("vcpu=2 utilization=60% min_tasks=2", {"target_utilization": D("0.6"), "min_tasks": 2}),
        ("vcpu=2 utilization=0.6", {"target_utilization": D("0.6")}),
        ("requests=1M duration=1s vcpu_per_request=0.25 peak_factor=3", {"peak_factor": D(3)}),
        (
            "requests=1M duration=1s region=eu-west-1 arch=graviton os=windows",
            {"region": "eu-west-1", "arch": "arm64", "os": "windows"},
        ),
        (
            "requests=1M duration=1s spot=yes free_tier=yes latency=tolerant provisioned=5 storage=10GB",
            {
                "spot": True,
                "free_tier": True,
                "latency": "tolerant",
                "provisioned": 5,
                "storage_mb": D(10240),
            },
        ),
        ("latency: sensitive requests=1M duration=1s", {"latency": "sensitive"}),
        ("monthly_requests=1M duration_ms=120", {"monthly_requests": D(1_000_000), "duration_ms": D(120)}),
    ],
)
def test_key_value_pairs_are_read_into_these_fields(text, expected):
    assert fields_of(parse_workload(text), expected) == expected


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("nightly job, 40 minutes", "read 'nightly' as 30 runs a month"),
        ("daily job 5 minutes", "daily = 30 runs a month"),
        ("hourly job 5 minutes", "hourly = 730 runs a month (730 hours)"),
        ("weekly job 5 minutes", "weekly = 52/12 ≈ 4.33 runs a month"),
        ("3M requests/month, 120ms avg, 1.5GB", "1.5GB = 1536MB"),
        ("100k requests a day, 120ms", "100k requests a day = 3M requests a month (30 days)"),
        ("every 15 minutes, 2s", "every 15 minutes = 2.88k runs a month (30 days × 96 a day)"),
        ("api 100 req/min 80ms", "100 req/min = ~1.67 req/s"),
        ("15m job nightly", "read '15m' as 15 minutes"),
        ("3M, 120ms", "read '3M' as 3M requests a month"),
        ("m7g.large", "read as an always-on service: no request volume or schedule given"),
    ],
)
def test_every_inference_is_said_back_in_a_note(text, note):
    assert note in parse_workload(text).notes


@pytest.mark.parametrize(
    ("text", "field", "named"),
    [
        ("3M requests, 120ms, frobnicate", "text", "frobnicate"),
        ("3M requests, 120ms, nighly", "text", "nightly"),
        ("3M requests 120ms in mars", "text", "mars"),
        ("3M requests/month at peak, 120ms", "text", "peak 50 req/s"),
        ("reqests=3M duration=120ms", "key", "requests"),
        ("memory=lots requests=3M duration=120ms", "memory", "lots"),
        ("region=mars requests=3M duration=120ms", "region", "mars"),
        ("3M requests", "duration", "missing"),
        ("120ms 1GB", "requests", "missing"),
        ("nightly job", "duration", "such as 40 minutes"),
        ("batch job 40 minutes", "runs", "every 15 minutes"),
        ("always-on service", "vcpu", "missing"),
        ("always_on=no service vcpu=2", "hours", "hours=200"),
        ("", "text", "nothing to size"),
        ("the and with a", "text", "nothing to size"),
        ("x" * (MAX_TEXT_CHARS + 1), "text", "2,000 characters"),
        ("3M requests 120ms 200ms", "duration", "give it once"),
        ("-5ms 3M requests", "duration", "-5"),
        ("0ms 3M requests", "duration", "above 0"),
        ("1e30 requests 100ms", "requests", "at most"),
        ("1" + "0" * 40 + " requests 100ms", "requests", "1000"),
        ("every 0 minutes job 5min", "runs", "above zero"),
        ("100000000 tasks 2 vcpu", "count", "100,000"),
        ("3M requests 120ms 65 gpus", "gpus", "64"),
        ("20 rps peak 10 rps 100ms", "peak_rps", "at least the average"),
        ("peak 3M requests/month 100ms", "peak_rps", "a peak is a rate"),
        ("always-on nightly job 5min", "kind", "kind=job"),
        ("3M requests 40 days", "duration", "at most"),
        ("3M requests 120ms 30TB", "memory", "at most"),
    ],
)
def test_bad_input_is_refused_naming_the_part_that_is_wrong(text, field, named):
    with pytest.raises(InvalidInput) as refused:
        parse_workload(text)
    assert refused.value.field == field
    assert named in str(refused.value)


def test_a_missing_field_says_missing_and_how_to_give_it():
    with pytest.raises(MissingInput) as missing:
        parse_workload("3M requests/month, 1.5GB")
    assert str(missing.value) == "duration: missing; give the average time per request, such as 120ms"


def test_unread_words_are_all_listed():
    with pytest.raises(InvalidInput) as refused:
        parse_workload("3M requests 120ms foo bar")
    assert "'foo', 'bar'" in str(refused.value)


def test_the_description_is_a_short_human_line():
    workload = parse_workload("3M requests/month, 120ms avg, 1.5GB")
    assert workload.describe() == "3M requests/month · 120ms · 1.5GB · x86_64 · us-east-1"


def test_a_service_description_names_its_size_and_count():
    workload = parse_workload("always-on API 2 vCPU 4GB x3 windows")
    assert workload.describe() == "always-on service · 2 vCPU · 4GB · ×3 · windows · x86_64 · us-east-1"


def test_a_job_description_rounds_runs_that_do_not_end():
    workload = parse_workload("weekly job 1h")
    assert workload.describe() == "job · ~4.33 runs/month · 1h · 1 vCPU · 2GB · x86_64 · us-east-1"


def test_unknown_usage_stays_none_never_zero():
    workload = parse_workload("3M requests/month, 120ms")
    assert workload.memory_mb is None
    assert workload.rps is None
    assert workload.count is None


def test_a_parsed_workload_survives_json_exactly():
    workload = parse_workload("weekly job 1h 1.5GB 0.25 vCPU arm64 spot")
    stored = json.dumps(workload.to_dict())
    assert Workload.from_dict(json.loads(stored)) == workload
    assert Workload.from_dict(json.loads(stored)).to_dict() == workload.to_dict()


def _decimals(low, high):
    return st.decimals(min_value=D(low), max_value=D(high), allow_nan=False, allow_infinity=False, places=3)


@st.composite
def workloads(draw):
    kind = draw(st.sampled_from(list(Kind)))
    required = {
        REQUEST: {
            "monthly_requests": draw(_decimals(0, 10**12)),
            "duration_ms": draw(_decimals("0.001", 10**6)),
        },
        SERVICE: {"vcpu": draw(_decimals("0.001", 64))},
        JOB: {"monthly_runs": draw(_decimals(0, 10**6)), "duration_ms": draw(_decimals("0.001", 10**6))},
    }[kind]
    maybe = {
        "memory_mb": _decimals(1, 10**6),
        "storage_mb": _decimals(1, 10**6),
        "rps": _decimals(0, 1000),
        "count": st.integers(1, 1000),
        "hours": _decimals("0.001", 730),
        "gpus": st.integers(0, 64),
        "instance_type": st.sampled_from(["m7g.large", "c7i.2xlarge", "p4d.24xlarge"]),
        "ebs_gb": _decimals("0.001", 1000),
        "latency": st.sampled_from(["sensitive", "tolerant"]),
        "provisioned": st.integers(0, 1000),
        "target_utilization": _decimals("0.001", 1),
        "min_tasks": st.integers(0, 100),
        "vcpu_per_request": _decimals("0.001", 4),
        "peak_factor": _decimals(1, 100),
    }
    optional = {name: draw(st.none() | strategy) for name, strategy in maybe.items()}
    flags = {
        "region": draw(st.sampled_from(["us-east-1", "eu-west-1", "ap-southeast-2", "us-gov-west-1"])),
        "arch": draw(st.sampled_from(["x86_64", "arm64"])),
        "os": draw(st.sampled_from(["linux", "windows"])),
        "free_tier": draw(st.booleans()),
        "spot": draw(st.booleans()),
        "notes": tuple(draw(st.lists(st.text(max_size=20), max_size=3))),
    }
    return Workload(kind=kind, **required, **optional, **flags)


@given(workloads())
def test_any_workload_round_trips_through_json_exactly(workload):
    stored = json.loads(json.dumps(workload.to_dict()))
    again = Workload.from_dict(stored)
    assert again == workload
    assert again.to_dict() == workload.to_dict()  # Decimal digits too: 1.50 stays 1.50
    validate(again)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"kind": "nope", "vcpu": "2"},
        {"kind": "service", "vcpu": 2.5},
        {"kind": "service", "vcpu": "two"},
        {"kind": "service", "vcpu": "NaN"},
        {"kind": "service", "vcpu": "2", "colour": "blue"},
        {"kind": "service", "vcpu": "2", "count": True},
        {"kind": "service", "vcpu": "2", "notes": "not a list"},
        {"kind": "service", "vcpu": "1e-99999999"},
    ],
)
def test_a_stored_workload_that_is_not_one_is_refused(data):
    with pytest.raises(InvalidInput):
        Workload.from_dict(data)


def test_changed_returns_a_validated_copy():
    workload = parse_workload("3M requests/month, 120ms")
    assert workload.changed(memory_mb=D(2048)).memory_mb == D(2048)
    assert workload.memory_mb is None
    with pytest.raises(InvalidInput):
        workload.changed(duration_ms=D(0))


def test_hard_service_limits_are_not_validation_errors():
    workload = parse_workload("3M requests/month, 20 minutes, 64 vCPU, 20GB")
    assert workload.duration_ms == D(1_200_000)
    assert workload.vcpu == D(64)


def test_every_key_the_tokenizer_joins_as_a_pair_has_a_reader_and_every_reader_a_key():
    from core.workload.keyvalues import PAIR_READERS
    from core.workload.vocabulary import PAIR_KEYS

    assert set(PAIR_READERS) == PAIR_KEYS
