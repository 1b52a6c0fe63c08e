"""`compute-advisor advise` and `compute-advisor chat`, run as real processes."""

import json
import subprocess
import sys
from decimal import Decimal

import pytest

from tests.golden import assert_golden


def run(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_advise_prints_the_answer():
    done = run("advise", "3M requests/month, 120ms avg, 1.5GB")
    assert done.returncode == 0, done.stderr
    assert_golden("terminal/advise_request.txt", done.stdout)


def test_advise_json_names_the_cheapest_service_with_exact_numbers():
    done = run("advise", "nightly job, 40 minutes, 4 vCPU 16GB", "--json")
    body = json.loads(done.stdout, parse_float=Decimal)
    assert body["recommendation"]["service"] == "ec2"
    lam = body["options"][0]
    assert (lam["service"], lam["feasible"], lam["monthly_usd"]) == ("lambda", False, None)
    assert "15 minutes" in lam["reason"]
    fargate = body["options"][1]
    assert sum(i["monthly_usd"] for i in fargate["line_items"]) == fargate["monthly_usd"]


def test_advise_draws_the_chart_as_a_png(tmp_path):
    target = tmp_path / "cost.png"
    done = run("advise", "1000 req/s, 20ms, 128MB, peak_factor=1", "--chart", str(target))
    assert done.returncode == 0, done.stderr
    data = target.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 10_000


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "workload: got ''"),
        ("3M requests/month, 120ms, banana", "banana"),
        ("3M requests/month", "duration: missing"),
        ("requests=3M duration=120ms region=mars-1", "region"),
        ("requests=3M duration=120ms region=eu-wst-1", "closest: eu-west-1"),
    ],
)
def test_bad_workloads_exit_2_with_one_clear_line(text, fragment):
    done = run("advise", text)
    assert done.returncode == 2
    assert fragment in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_the_chat_works_piped_and_follow_ups_change_the_last_workload():
    script = "\n".join(
        [
            "/compute advise 3M requests/month, 120ms avg, 1.5GB",
            "what if traffic triples?",
            "arm64?",
            "with 3 tasks minimum",
            "traffic x3 & in eu-west-1",
            "banana split",
            "help",
        ]
    )
    done = run("chat", stdin=script + "\n")
    assert done.returncode == 0, done.stderr
    assert_golden("terminal/chat_session.txt", done.stdout)
    assert "requests: 3M → 9M" in done.stdout
    assert "arch: x86_64 → arm64" in done.stdout
    assert "requests: 9M → 27M" in done.stdout  # several changes at once, each said
    assert "region: us-east-1 → eu-west-1" in done.stdout
    assert "Sorry: follow-up" in done.stdout


def test_a_follow_up_before_any_workload_says_how_to_start():
    done = run("chat", stdin="what if traffic triples?\n")
    assert "Start with `advise <workload>`" in done.stdout
