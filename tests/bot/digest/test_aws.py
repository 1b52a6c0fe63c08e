"""The digest end to end against moto's server: the seeded account from tests/aws (two regions, two
accounts through an assumed role, queued Cost Explorer answers), faults survived and reported, and
the post that comes out of it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import boto3
import pytest
from slack_sdk import WebClient

from bot.digest import aws_usage, compose_digest, iso_week, post_digest
from bot.digest.blocks import build_digest_blocks
from bot.settings import Settings, load_settings
from bot.storage import Store
from core.aws.accounts import AwsConfigurationError
from core.digest import Digest
from core.observed import Confidence
from core.prices.catalog import PriceCatalog
from tests.aws.hooks import CallRecorder, Throttle, deny_region
from tests.aws.seed import ACCOUNT, NOW, OTHER_ACCOUNT, READER_ROLE, REGION_A, REGION_B, World
from tests.aws.test_calls import iam_actions, policy_actions
from tests.bot.digest.race import SETTINGS_ENV
from tests.slack_stub import SlackStub

ROLE = f"arn:aws:iam::{OTHER_ACCOUNT}:role/{READER_ROLE}"
REPORTS = "reports (2 x m5.xlarge)"


@pytest.fixture
def settings(world: World) -> Settings:
    return load_settings(SETTINGS_ENV | {"AWS_REGIONS": f"{REGION_A},{REGION_B}", "DIGEST_ROLE_ARNS": ROLE})


@pytest.fixture
def base_session(world: World, monkeypatch: pytest.MonkeyPatch) -> boto3.session.Session:
    """The session the digest reads its own account with, so a test can hook faults into it."""
    session = boto3.session.Session()
    monkeypatch.setattr("core.aws.accounts.default_session", lambda: session)  # imported when reading
    return session


def digest_of(settings: Settings, catalog: PriceCatalog) -> Digest:
    usage = aws_usage(settings, NOW)
    return compose_digest(settings, usage, week=iso_week(NOW, settings.digest_zone), catalog=catalog)


def test_the_digest_of_the_seeded_accounts_has_their_notes(settings: Settings, catalog: PriceCatalog) -> None:
    digest = digest_of(settings, catalog)

    assert digest.accounts == (ACCOUNT, OTHER_ACCOUNT)
    assert digest.regions == (REGION_A, REGION_B)
    assert digest.errors == ()
    figures = {
        (n.account, n.region, n.name): (n.service, n.best_service, n.current_monthly_usd, n.best_monthly_usd)
        for n in digest.notes
    }
    assert figures == {
        # 3.6M invocations an hour of 18ms at 128MB: $525.60 of requests and $98.55 of duration; on
        # Fargate, tasks that follow it, each request keeping Lambda's 128MB CPU share busy.
        (OTHER_ACCOUNT, REGION_B, "ingest"): ("lambda", "fargate", Decimal("624.15"), Decimal("81.09")),
        # 2 x m5.xlarge at 2.5% CPU, and their root volumes ($1.28).
        (OTHER_ACCOUNT, REGION_B, REPORTS): ("ec2", "lambda", Decimal("281.60"), Decimal("60.65")),
    }
    assert [n.name for n in digest.notes] == ["ingest", REPORTS]
    assert [n.confidence for n in digest.notes] == [Confidence.HIGH, Confidence.LOW]


def test_resources_without_enough_data_are_listed_with_why(settings: Settings, catalog: PriceCatalog) -> None:
    digest = digest_of(settings, catalog)

    reasons = {(i.resource.account, i.resource.name): i.reasons[0] for i in digest.insufficient}
    assert set(reasons) == {(ACCOUNT, "idle"), (ACCOUNT, "worker"), (OTHER_ACCOUNT, "billing")}
    assert reasons[ACCOUNT, "worker"].startswith("no Duration datapoints")
    assert reasons[ACCOUNT, "idle"].startswith("no Invocations datapoints")
    # api, etl, web, jobs, crunch, the three instance groups, ingest and reports.
    assert digest.checked == 10


def test_cost_explorer_s_answer_for_each_account_is_set_against_list_price(
    settings: Settings, catalog: PriceCatalog
) -> None:
    digest = digest_of(settings, catalog)

    weekly = {(r.account, r.service): r.cost_explorer_weekly_usd for r in digest.spend}
    assert weekly[ACCOUNT, "lambda"] == Decimal("12.3456")
    assert weekly[OTHER_ACCOUNT, "lambda"] == Decimal("1.50")
    assert weekly[OTHER_ACCOUNT, "ec2"] == Decimal("56.78")
    ingest = next(r for r in digest.spend if (r.account, r.service) == (OTHER_ACCOUNT, "lambda"))
    assert ingest.list_monthly_usd == Decimal("624.15")
    assert ingest.difference_usd == Decimal("624.15") - Decimal("6.52")  # $1.50 x 730 / 168 = $6.52


def test_throttling_and_access_denied_in_one_region_are_survived_and_reported(
    settings: Settings, base_session: boto3.session.Session, catalog: PriceCatalog
) -> None:
    throttle = Throttle(REGION_A, times=1)
    base_session.events.register("before-send.cloudwatch.GetMetricData", throttle)
    base_session.events.register("before-call", deny_region(REGION_B, "not authorized"))

    digest = digest_of(settings, catalog)

    assert throttle.attempts == 2  # throttled once, then read
    failed = {(e.account, e.region, e.service, e.operation, e.error_code) for e in digest.errors}
    assert failed == {
        (ACCOUNT, REGION_B, "lambda", "ListFunctions", "AccessDeniedException"),
        (ACCOUNT, REGION_B, "ecs", "ListClusters", "AccessDeniedException"),
        (ACCOUNT, REGION_B, "ec2", "DescribeInstances", "AccessDeniedException"),
    }
    # The other account's us-west-2 is read through its own role, and still has its notes.
    assert {n.name for n in digest.notes} == {"ingest", REPORTS}
    assert not any(i.resource.name == "etl" for i in digest.insufficient)
    errors = next(b["text"]["text"] for b in build_digest_blocks(digest) if "Could not read" in str(b))
    assert f"• {REGION_B}: lambda ListFunctions in {ACCOUNT}: AccessDeniedException" in errors


def test_a_role_that_can_t_be_assumed_is_an_error_not_a_failure(
    world: World, base_session: boto3.session.Session, catalog: PriceCatalog
) -> None:
    role = "arn:aws:iam::222222222222:role/compute-advisor-reader"
    base_session.events.register("before-call.sts.AssumeRole", deny_region(REGION_A, "no trust"))
    settings = load_settings(SETTINGS_ENV | {"AWS_REGIONS": REGION_B, "DIGEST_ROLE_ARNS": role})

    digest = digest_of(settings, catalog)

    # Reported under the region the call went to (the session's), not STS's global us-east-1.
    assert [(e.account, e.region, e.service, e.operation) for e in digest.errors] == [
        ("222222222222", REGION_A, "sts", "AssumeRole")
    ]
    assert digest.accounts == (ACCOUNT, "222222222222")
    assert digest.checked > 0


def test_every_call_the_digest_makes_is_in_the_iam_policy(
    settings: Settings, base_session: boto3.session.Session
) -> None:
    recorder = CallRecorder()
    recorder.attach(base_session)

    aws_usage(settings, NOW)

    assert iam_actions(recorder) - {"sts:GetCallerIdentity"} <= policy_actions()
    assert ("sts", "AssumeRole") in recorder.operations


def test_a_profile_that_does_not_exist_is_one_clear_error(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_PROFILE", "no-such-profile")

    with pytest.raises(
        AwsConfigurationError, match="AWS configuration: The config profile \\(no-such-profile\\)"
    ):
        aws_usage(load_settings({}), NOW)


def test_the_weekly_post_reads_aws_and_posts_its_notes(
    settings: Settings, stub: SlackStub, store: Store, catalog: Any
) -> None:
    client = WebClient(token=SETTINGS_ENV["SLACK_BOT_TOKEN"], base_url=stub.api_url)

    outcome = post_digest(client, store, settings, now=NOW, catalog=catalog)

    assert outcome.posted
    assert outcome.week.label == "2024-W20"
    [message] = stub.calls("chat.postMessage")
    notes = [
        b["text"]["text"]
        for b in message.decoded("blocks")
        if b.get("block_id", "").startswith("digest_note")
    ]
    assert [text.split("*")[1] for text in notes] == ["1. ingest", f"2. {REPORTS}"]
    assert len(stub.calls("files.completeUploadExternal")) == 1
