"""What the answer says for workloads named by what they are: a WebSocket server, a queue worker;
and that no break-even is claimed against Lambda kept warm."""

import pytest

from core.advice import advise
from core.answer import answer
from core.workload import parse_workload


def assumptions_of(advice, service):
    return " ".join(advice.option(service).estimate.assumptions)


def test_a_websocket_server_is_behind_a_public_alb_and_lambda_says_why_it_cant_hold_it(catalog):
    advice = advise(parse_workload("websocket server"), catalog)
    lam = advice.option("lambda")
    assert not lam.feasible
    assert "long-lived" in lam.reason and "API Gateway WebSocket API" in lam.reason
    assert "connection-minute" in lam.reason and "the snapshot doesn't have" in lam.reason
    for service in ("fargate", "ec2"):
        items = {item.name for item in advice.option(service).estimate.line_items}
        assert "Application Load Balancer" in items
        assert any(name.startswith("Public IPv4, ALB") for name in items)
        notes = assumptions_of(advice, service)
        assert "each 3,000 held open at once take an LCU all month ($5.84)" in notes
        assert "no load balancer" not in notes


def test_a_websocket_server_with_a_rate_still_keeps_lambda_out(catalog):
    advice = advise(parse_workload("websocket server 200 rps 20ms"), catalog)
    assert not advice.option("lambda").feasible
    assert advice.recommendation is not None and advice.recommendation.service in ("fargate", "ec2")


def test_a_queue_worker_fleet_is_sized_for_the_average_and_says_so(catalog):
    drained = advise(parse_workload("queue worker, 50 messages a second"), catalog)
    bursty = advise(parse_workload("queue worker, 50 messages a second, peak_factor=3"), catalog)
    notes = " ".join(answer(drained).assumptions)
    assert "the queue absorbs bursts" in notes
    assert "steady: the same rate every hour (peak_factor=1)" in notes
    # a flat day needs fewer task-hours than one peaking at 3x
    assert drained.option("fargate").monthly_usd < bursty.option("fargate").monthly_usd
    # Lambda bills per message either way
    assert drained.option("lambda").monthly_usd == bursty.option("lambda").monthly_usd


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("20 req/s, 80ms, 1GB, latency=sensitive", "keeps 5 environments provisioned for the peak"),
        ("3M requests/month, 120ms, latency=sensitive", "keeps 1 environment provisioned for the peak"),
        ("always-on API 500 rps 2 vCPU 50ms latency=sensitive", "keeps 75 environments"),
        ("3M requests/month, 120ms, provisioned=2", "No break-even solved with provisioned=2"),
    ],
)
def test_no_break_even_is_claimed_against_lambda_kept_warm_and_the_answer_says_why(text, said, catalog):
    advice = advise(parse_workload(text), catalog)
    assert all(b.value is None for b in advice.break_even)
    [line] = answer(advice).break_even
    assert said in line
    assert "there is no one volume" in line or "doesn't model" in line


def test_without_latency_needs_the_break_even_is_solved(catalog):
    advice = advise(parse_workload("3M requests/month, 120ms"), catalog)
    assert advice.break_even and all(b.value is not None for b in advice.break_even)
