"""The fields that say how a workload is deployed and sized (issue 9), in plain words and as keys."""

from decimal import Decimal as D

import pytest

from core.errors import InvalidInput
from core.workload import Kind, Workload, parse_workload


@pytest.mark.parametrize(
    ("text", "door"),
    [
        ("1M requests, 100ms, behind API Gateway", "rest-api"),
        ("1M requests, 100ms, REST API", "rest-api"),
        ("1M requests, 100ms, behind API Gateway HTTP API", "http-api"),
        ("1M requests, 100ms, HTTP API", "http-api"),
        ("1M requests, 100ms, function URL", "function-url"),
        ("1M requests, 100ms, behind an ALB", "alb"),
        ("1M requests, 100ms, fronted by a load balancer", "alb"),
        ("1M requests, 100ms, NLB", "nlb"),
        ("1M requests, 100ms, no load balancer", "none"),
        ("1M requests, 100ms, internal", "none"),
        ("1M requests, 100ms front_door=rest", "rest-api"),
        ("1M requests, 100ms door=function-url", "function-url"),
    ],
)
def test_the_front_door_is_read_from_plain_words_and_keys(text, door):
    assert parse_workload(text).front_door == door


@pytest.mark.parametrize(
    ("text", "cpu_bound"),
    [
        ("50 req/s, 300ms, CPU-bound", True),
        ("50 req/s, 300ms, cpu bound", True),
        ("50 req/s, 300ms, compute heavy", True),
        ("50 req/s, 300ms, CPU-intensive", True),
        ("50 req/s, 300ms, I/O-bound", False),
        ("50 req/s, 300ms, io bound", False),
        ("50 req/s, 300ms cpu_bound=yes", True),
    ],
)
def test_cpu_bound_is_read_from_plain_words(text, cpu_bound):
    assert parse_workload(text).cpu_bound is cpu_bound


def test_internal_and_private_subnets_mean_no_public_addresses():
    assert parse_workload("service 1 vCPU 2GB x2 internal").public is False
    assert parse_workload("200 req/s, 20ms, private subnets").public is False
    assert parse_workload("200 req/s, 20ms, internet-facing").public is True
    assert parse_workload("200 req/s, 20ms").public is None  # the default by kind applies


def test_no_autoscaling_prices_the_peak_all_month():
    assert parse_workload("200 req/s, 20ms, no autoscaling").autoscale is False
    assert parse_workload("200 req/s, 20ms autoscale=no").autoscale is False
    assert parse_workload("200 req/s, 20ms").autoscale is True


def test_gpu_takes_a_vendor_or_a_count():
    assert parse_workload("always-on service 4 vCPU 16GB gpu=amd gpus=1").gpu == "amd"
    assert parse_workload("always-on service 4 vCPU 16GB gpu=2").gpus == 2
    assert parse_workload("always-on service 4 vCPU 16GB 1 GPU CUDA").gpu == "nvidia"
    with pytest.raises(InvalidInput, match="nvidia"):
        parse_workload("always-on service 4 vCPU 16GB gpu=intel")


def test_discounts_are_percentages_off_list():
    w = parse_workload("500 req/s, 50ms ec2_discount=40% fargate_discount=0.3 lambda_discount=12")
    assert (w.ec2_discount, w.fargate_discount, w.lambda_discount) == (D("0.4"), D("0.3"), D("0.12"))
    assert parse_workload("500 req/s, 50ms ec2_discount=0").ec2_discount == 0
    with pytest.raises(InvalidInput, match="ec2_discount"):
        Workload(Kind.SERVICE, vcpu=D(1), ec2_discount=D(1))


def test_sizing_keys_are_read_in_their_units():
    w = parse_workload(
        "50 req/s, 100ms cpu_ms=15ms base_memory=1GB request_memory=8MB request_kb=2KB log_kb=0.2 "
        "requests_per_connection=50 nat_gb=1TB average_cpu=35%"
    )
    assert (w.cpu_ms, w.base_memory_mb, w.request_memory_mb) == (D(15), D(1024), D(8))
    assert (w.request_kb, w.log_kb, w.requests_per_connection) == (D(2), D("0.2"), D(50))
    assert (w.nat_gb, w.average_cpu) == (D(1024), D("0.35"))


@pytest.mark.parametrize(
    ("factors", "why"),
    [
        ((D(1),) * 23, "23 values"),
        ((D(2),) * 24, "mean 2"),
        ((D(-1), D(3), *([D(1)] * 22)), "0 or more"),
    ],
)
def test_an_hourly_shape_is_a_day_or_a_week_of_factors_with_mean_one(factors, why):
    with pytest.raises(InvalidInput, match=why):
        Workload(Kind.REQUEST, monthly_requests=D(1), duration_ms=D(1), hourly_shape=factors)


def test_an_hourly_shape_round_trips_through_storage():
    week = tuple(D("0.5") if hour % 2 else D("1.5") for hour in range(168))
    w = Workload(Kind.REQUEST, monthly_requests=D(10**6), duration_ms=D(80), hourly_shape=week)
    again = Workload.from_dict(w.to_dict())
    assert again == w
    assert again.hourly_shape == week
    with pytest.raises(InvalidInput, match="hourly_shape"):
        Workload.from_dict({**w.to_dict(), "hourly_shape": ["1"] * 23})
    with pytest.raises(InvalidInput, match="hourly_shape"):
        Workload.from_dict({**w.to_dict(), "hourly_shape": "1,1"})
