"""The bundled demo account: a realistic small account whose digest has something to say."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from core.demo import usage_from_dict
from core.digest import Digest, Thresholds, build_digest
from core.observed import Confidence
from core.prices.catalog import PriceCatalog
from core.usage import UsageReport, monthly

DEMO = Path(__file__).resolve().parents[2] / "core" / "data" / "demo_account.json"


@pytest.fixture(scope="module")
def usage() -> UsageReport:
    return usage_from_dict(json.loads(DEMO.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def digest(usage: UsageReport, catalog: PriceCatalog) -> Digest:
    return build_digest(usage, catalog, Thresholds(Decimal(20), Decimal(10)), week="2025-W45")


def test_the_demo_is_a_small_account_in_two_regions(usage: UsageReport) -> None:
    (demo,) = usage.accounts
    assert demo.regions == ("us-east-1", "eu-west-1")
    assert len(demo.lambda_functions) == 12
    assert {f.region for f in demo.lambda_functions} == {"us-east-1", "eu-west-1"}
    assert len(demo.fargate_services) >= 3
    assert len(demo.ec2_groups) >= 3
    assert demo.spend is not None
    assert demo.spend.usd("AWS Lambda") is not None


def test_the_demo_is_read_the_way_the_reader_reports(usage: UsageReport) -> None:
    (demo,) = usage.accounts
    ingest = next(f for f in demo.lambda_functions if f.name == "events-ingest")
    assert ingest.arn == "arn:aws:lambda:us-east-1:111122223333:function:events-ingest"
    assert ingest.monthly_invocations == monthly(ingest.invocations, usage.window)
    web = next(s for s in demo.fargate_services if s.service_name == "storefront")
    assert web.service_arn == "arn:aws:ecs:us-east-1:111122223333:service/shop/storefront"
    assert web.target_group_arns and web.monthly_alb_requests is not None


def test_the_demo_digest_has_a_note_for_each_kind_of_move(digest: Digest) -> None:
    moves = {(n.service, n.best_service) for n in digest.notes}

    assert {("lambda", "ec2"), ("fargate", "ec2"), ("ec2", "lambda"), ("fargate", "lambda")} <= moves
    assert list(digest.notes) == sorted(digest.notes, key=lambda n: -n.monthly_savings_usd)
    assert {n.confidence for n in digest.notes} >= {Confidence.HIGH, Confidence.LOW}


def test_the_demo_digest_lists_resources_without_enough_data_and_a_region_it_could_not_read(
    digest: Digest,
) -> None:
    assert len(digest.insufficient) >= 3
    assert all(item.reasons for item in digest.insufficient)
    assert {item.resource.service for item in digest.insufficient} == {"lambda", "fargate", "ec2"}
    assert list(digest.errors_by_region) == ["eu-west-1"]
    assert digest.checked > len(digest.notes)


def test_the_demo_digest_compares_every_compute_service_with_cost_explorer(digest: Digest) -> None:
    assert {row.service for row in digest.spend} == {"lambda", "fargate", "ec2"}
    assert all(row.difference_usd is not None for row in digest.spend)
