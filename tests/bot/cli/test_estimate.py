"""`compute-advisor estimate`, run as a user runs it: a real process, its stdout, stderr and exit."""

import json
import subprocess
import sys
from decimal import Decimal

import pytest


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_estimate_prints_a_table_with_the_total_and_the_price_date():
    done = run("estimate", "lambda", "requests=3M", "duration=120ms", "memory=1536MB", "free_tier=yes")
    assert done.returncode == 0, done.stderr
    assert "Lambda in us-east-1: $2.73 a month" in done.stdout
    assert "Prices as of 2025-10-30 (bundled snapshot; over 90 days old)." in done.stdout
    assert done.stderr == ""


def test_estimate_json_has_the_documented_shape_with_exact_numbers():
    done = run(
        "estimate",
        "fargate",
        "tasks=5",
        "vcpu=1",
        "memory=2GB",
        "runs=30",
        "duration=10min",
        "storage=30GB",
        "--json",
    )
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout, parse_float=Decimal)
    assert set(body) == {
        "service",
        "region",
        "monthly_usd",
        "line_items",
        "assumptions",
        "prices_as_of",
    }
    assert body["monthly_usd"] == Decimal("1.26")
    assert [set(i) for i in body["line_items"]] == [
        {"name", "quantity", "unit", "unit_usd", "monthly_usd"}
    ] * 3
    assert body["line_items"][0]["unit_usd"] == Decimal("0.04048")
    assert sum(i["monthly_usd"] for i in body["line_items"]) == body["monthly_usd"]


def test_ec2_estimate_by_need_names_the_type_it_picked():
    done = run("estimate", "ec2", "vcpu=2", "memory=4GB", "count=3", "ebs=50GB", "--json")
    body = json.loads(done.stdout, parse_float=Decimal)
    assert body["line_items"][1]["name"] == "EBS gp3 storage"
    assert any("cheapest x86_64 type" in a for a in body["assumptions"])


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["lambda", "requests=3M", "duration=120ms", "memory=96MB"], "memory: got '96MB'"),
        (
            ["lambda", "requests=lots", "duration=1s", "memory=128"],
            "requests: got 'lots'; a count such as",
        ),
        (["lambda", "requests=3M", "memory=128"], "duration=… is required"),
        (["lambda", "requets=3M"], "closest: requests"),
        (["fargate", "vcpu=0.25", "memory=3GB"], "valid size that covers it is 0.5 vCPU / 3 GB"),
        (["ec2", "type=m5.lrge"], "closest: m5.large"),
        (["ec2", "type=m5.large", "region=us-est-1"], "closest: us-west-1, us-east-1"),
        (["lamda"], "invalid choice: 'lamda'"),
        (["lambda", "memory"], "KEY=VALUE"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_status_2(args, fragment):
    done = run("estimate", *args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert fragment in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr
