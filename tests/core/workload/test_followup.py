from decimal import Decimal

import pytest

from core.errors import InvalidInput
from core.workload import Kind, apply_followup, parse_workload, read_multiplier

D = Decimal
API = parse_workload("3M requests/month, 120ms avg, 1.5GB")
RATED = parse_workload("avg 20 rps, peak 100 rps, 50ms")
NIGHTLY = parse_workload("nightly job, 40 minutes, 4 vCPU 16GB")
SERVICE = parse_workload("always-on API 2 vCPU 4GB x3")


@pytest.mark.parametrize(
    ("text", "changes"),
    [
        ("what if traffic triples?", ["requests: 3M → 9M"]),
        ("3x traffic", ["requests: 3M → 9M"]),
        ("double the traffic", ["requests: 3M → 6M"]),
        ("half the traffic", ["requests: 3M → 1.5M"]),
        ("traffic x10", ["requests: 3M → 30M"]),
        ("10x", ["requests: 3M → 30M"]),
        ("10 times the traffic", ["requests: 3M → 30M"]),
        ("traffic grows 50%", ["requests: 3M → 4.5M"]),
        ("20% less traffic", ["requests: 3M → 2.4M"]),
        ("traffic drops 10x", ["requests: 3M → 300k"]),
        ("what about arm64?", ["arch: x86_64 → arm64"]),
        ("arm64?", ["arch: x86_64 → arm64"]),
        ("on graviton", ["arch: x86_64 → arm64"]),
        ("with 3 tasks minimum", ["min_tasks: default → 3"]),
        ("in eu-west-1", ["region: us-east-1 → eu-west-1"]),
        ("with 2GB", ["memory: 1.5GB → 2GB"]),
        ("with 2048MB memory", ["memory: 1.5GB → 2GB"]),
        ("200ms", ["duration: 120ms → 200ms"]),
        ("if it took 2s", ["duration: 120ms → 2s"]),
        ("at 60% utilization", ["utilization: default → 60%"]),
        ("with the free tier", ["free_tier: no → yes"]),
        ("latency sensitive", ["latency: not set → sensitive"]),
        ("on spot", ["spot: no → yes"]),
        ("with 5 instances", ["count: not set → 5"]),
        ("memory=2048", ["memory: 1.5GB → 2GB"]),
        ("requests=9M", ["requests: 3M → 9M"]),
        ("region: eu-central-1", ["region: us-east-1 → eu-central-1"]),
        (
            "what if it ran hourly",
            ["kind: request-driven → job", "requests: 3M → not set", "runs: not set → 730"],
        ),
        ("what if it were always-on", ["kind: request-driven → service"]),
    ],
)
def test_follow_ups_change_the_request_driven_workload(text, changes):
    new, lines = apply_followup(text, API)
    assert lines == changes
    assert new.describe() != API.describe()


@pytest.mark.parametrize(
    ("text", "changes"),
    [
        ("3x traffic", ["rps: 20 → 60", "peak_rps: 100 → 300"]),
        ("half the traffic", ["rps: 20 → 10", "peak_rps: 100 → 50"]),
    ],
)
def test_traffic_multipliers_scale_every_rate_that_is_set(text, changes):
    assert apply_followup(text, RATED)[1] == changes


@pytest.mark.parametrize(
    ("text", "changes"),
    [
        ("double the traffic", ["runs: 30 → 60"]),
        ("what if it ran hourly", ["runs: 30 → 730"]),
        ("every 15 minutes", ["runs: 30 → 2.88k"]),
        ("on x86 spot", ["spot: no → yes"]),
    ],
)
def test_follow_ups_change_a_job(text, changes):
    new, lines = apply_followup(text, NIGHTLY)
    assert lines == changes
    assert new.kind is Kind.JOB


def test_a_follow_up_returns_a_new_workload_and_leaves_the_old_one():
    new, _ = apply_followup("what if traffic triples?", API)
    assert new.monthly_requests == D(9_000_000)
    assert API.monthly_requests == D(3_000_000)


def test_a_follow_up_says_what_it_inferred_in_the_notes():
    new, _ = apply_followup("what if it ran hourly", API)
    assert new.notes == ("hourly = 730 runs a month (730 hours)",)


@pytest.mark.parametrize(
    ("text", "workload", "named"),
    [
        ("arm64?", API.changed(arch="arm64"), "arch is already arm64"),
        ("on x86", API, "arch is already x86_64"),
        ("with 1.5GB", API, "memory is already 1.5GB"),
        ("without free tier", API, "free tier is already off"),
        ("daily", NIGHTLY, "runs is already 30"),
        ("1x", API, "nothing to change"),
    ],
)
def test_a_follow_up_that_changes_nothing_says_it_is_already_so(text, workload, named):
    with pytest.raises(InvalidInput) as refused:
        apply_followup(text, workload)
    assert refused.value.field == "follow-up"
    assert named in str(refused.value)


@pytest.mark.parametrize(
    ("text", "workload", "field", "named"),
    [
        ("blah blah", API, "follow-up", "'blah'"),
        ("what if?", API, "follow-up", "what if traffic triples?"),
        ("", API, "follow-up", "3x traffic"),
        ("0x", API, "follow-up", "above zero"),
        ("double", SERVICE, "follow-up", "no traffic to scale"),
        ("reqests=5", API, "key", "requests"),
        ("memory=lots", API, "memory", "lots"),
        ("kind=job", API, "runs", "missing"),
        ("with 0ms", API, "duration", "above 0"),
        ("1000000000x", API, "requests", "at most"),
    ],
)
def test_a_follow_up_that_cannot_be_applied_is_refused_naming_why(text, workload, field, named):
    with pytest.raises(InvalidInput) as refused:
        apply_followup(text, workload)
    assert refused.value.field == field
    assert named in str(refused.value)


@pytest.mark.parametrize(
    ("words", "factor"),
    [
        (["traffic", "triples"], D(3)),
        (["3x"], D(3)),
        (["x", "3"], D(3)),
        (["3", "times", "the", "traffic"], D(3)),
        (["half"], D("0.5")),
        (["+50%"], D("1.5")),
        (["-50%"], D("0.5")),
        (["traffic", "drops", "2x"], D("0.5")),
        (["x86"], None),
        (["arm64"], None),
        (["50%"], None),
        (["twice", "a", "day"], None),
        (["3", "tasks"], None),
    ],
)
def test_multipliers_are_read_from_words(words, factor):
    assert read_multiplier(words) == factor


@pytest.mark.parametrize(
    ("text", "changes"),
    [
        ("what if traffic triples and arm64?", ["arch: x86_64 → arm64", "requests: 3M → 9M"]),
        ("traffic x3 & arm64", ["arch: x86_64 → arm64", "requests: 3M → 9M"]),
        ("on arm64 with 2GB memory", ["arch: x86_64 → arm64", "memory: 1.5GB → 2GB"]),
        ("트래픽 3배, arm64로", ["arch: x86_64 → arm64", "requests: 3M → 9M"]),
        ("트래픽 3배 그리고 arm64로", ["arch: x86_64 → arm64", "requests: 3M → 9M"]),
        ("double the traffic and memory=2048", ["requests: 3M → 6M", "memory: 1.5GB → 2GB"]),
        ("20% more traffic with 2GB", ["requests: 3M → 3.6M", "memory: 1.5GB → 2GB"]),
        (
            "3x traffic in eu-west-1 on spot",
            ["region: us-east-1 → eu-west-1", "requests: 3M → 9M", "spot: no → yes"],
        ),
    ],
)
def test_a_follow_up_with_several_changes_applies_them_all_together(text, changes):
    new, lines = apply_followup(text, API)
    assert lines == changes
    applied = {line.split(":")[0] for line in lines}
    assert ("arm64" if "arch" in applied else "x86_64") == new.arch
    assert (new.monthly_requests != API.monthly_requests) == ("requests" in applied)


def test_traffic_x3_next_to_another_change_scales_traffic_not_the_instance_count():
    new, _ = apply_followup("traffic x3 & arm64", API)
    assert (new.monthly_requests, new.count, new.arch) == (D(9_000_000), None, "arm64")
    assert "traffic × 3" in new.notes


def test_several_changes_scale_every_rate_that_is_set():
    new, lines = apply_followup("what if traffic doubles and arm64?", RATED)
    assert (new.rps, new.peak_rps, new.arch) == (D(40), D(200), "arm64")
    assert lines == ["arch: x86_64 → arm64", "rps: 20 → 40", "peak_rps: 100 → 200"]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("what if traffic triples & blah?", "couldn't read 'blah', so nothing changed"),
        (
            "traffic triples, arm64 and with purple paint",
            "'purple', 'paint' in 'with purple paint', so nothing",
        ),
        ("traffic doubles and triples", "one traffic change at a time, not 'traffic doubles' and 'triples'"),
        ("traffic x3 and requests=5M", "requests is both given and scaled × 3: say one"),
        ("double and arm64", "no traffic to scale"),
    ],
)
def test_a_part_of_several_changes_that_cant_be_read_is_named_and_nothing_changes(text, named):
    workload = SERVICE if text.startswith("double and") else API
    with pytest.raises(InvalidInput) as refused:
        apply_followup(text, workload)
    assert refused.value.field == "follow-up"
    assert named in str(refused.value)
    assert len(str(refused.value).splitlines()) == 1
