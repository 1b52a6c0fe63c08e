"""What the answer says for workloads named by what they are: a WebSocket server, a queue worker."""

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
