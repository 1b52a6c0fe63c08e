"""latency=sensitive: Lambda is costed kept warm, so its figure, the headline and the recommendation
are what it would take to run it without cold starts."""

from decimal import Decimal as D

import pytest

from core.advice import advise
from core.advice.warm import warm_concurrency
from core.answer import answer
from core.workload import parse_workload


def lambda_of(advice):
    return advice.option("lambda").estimate


@pytest.mark.parametrize(
    ("text", "warm"),
    [
        ("20 req/s, 80ms, 1GB", 5),  # peak 60 req/s x 80ms = 4.8 in flight
        ("3M requests/month, 120ms avg, 1.5GB", 1),
        ("100 req/s peak, 250ms, 512MB", 25),
        ("always-on API 500 rps 2 vCPU 50ms", 75),
    ],
)
def test_latency_sensitive_puts_provisioned_concurrency_for_the_peak_in_flight_into_the_headline(
    text, warm, catalog
):
    cold = advise(parse_workload(text), catalog)
    kept_warm = advise(parse_workload(f"{text}, latency sensitive"), catalog)
    assert warm_concurrency(kept_warm.workload) == warm
    estimate = lambda_of(kept_warm)
    [provisioned] = [item for item in estimate.line_items if item.name == "Provisioned concurrency"]
    memory_gb = D(estimate.choice.split("MB")[0]) / 1024
    assert provisioned.quantity == warm * memory_gb * 730 * 3600
    assert estimate.monthly_usd > lambda_of(cold).monthly_usd
    assert f"with cold starts it would cost ${lambda_of(cold).monthly_usd:,}" in " ".join(
        estimate.assumptions
    )
    if kept_warm.recommendation.service == "lambda":
        assert kept_warm.recommendation.monthly_usd == estimate.monthly_usd
        assert answer(kept_warm).headline == f"Lambda: ${estimate.monthly_usd:,} a month"
    assert any(f"avoided here by provisioned concurrency of {warm}" in c for c in kept_warm.caveats)


@pytest.mark.parametrize(
    "text",
    [
        "20 req/s, 80ms, 1GB",
        "20 req/s, 80ms, 1GB, latency tolerant",
        "20 req/s, 80ms, 1GB, latency sensitive, provisioned=2",
        "hourly job 5 minutes 1GB latency sensitive",
        "always-on API 2 vCPU 4GB x3 latency sensitive",
    ],
)
def test_nothing_is_kept_warm_unless_latency_is_sensitive_and_no_concurrency_is_given(text, catalog):
    advice = advise(parse_workload(text), catalog)
    assert warm_concurrency(advice.workload) is None
    lam = lambda_of(advice)
    if lam is not None:
        given = advice.workload.provisioned or 0
        provisioned = [i for i in lam.line_items if i.name == "Provisioned concurrency"]
        assert bool(provisioned) == bool(given)
        assert "keeps Lambda warm, priced in" not in " ".join(lam.assumptions)


def test_a_latency_tolerant_workload_hears_nothing_of_keeping_it_warm(catalog):
    advice = advise(parse_workload("20 req/s, 80ms, 1GB, latency tolerant"), catalog)
    [cold] = [c for c in advice.caveats if c.startswith("Lambda cold starts")]
    assert "latency=sensitive" not in cold and "provisioned" not in cold
