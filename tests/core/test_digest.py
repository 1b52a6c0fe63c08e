"""The digest, pure: which workloads get a note, in what order, with which figures."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.costs.ec2 import Ec2Deployment, ec2_cost
from core.digest import Digest, Thresholds, build_digest, digest_dict
from core.digest.chart import spend_chart
from core.digest.notes import cost_workload
from core.money import cents
from core.observed import Confidence, observe
from core.prices.catalog import PriceCatalog
from core.usage import ReadError
from tests.core.digest_shape import assert_documented_shape
from tests.core.usage_factory import REGION, account, function, group, report, service, spend

DEFAULT = Thresholds(Decimal(20), Decimal(10))
NONE = Thresholds(Decimal(0), Decimal(0))


def busy_function(name: str = "ingest") -> object:
    """1,000 requests a second of 18ms at 128MB, steady: cheaper on instances."""
    return function(
        name, per_hour="3600000", avg_duration_ms=Decimal(18), memory_mb=128, max_concurrency=Decimal(45)
    )


def digest_of(*accounts: object, thresholds: Thresholds = DEFAULT, catalog: PriceCatalog) -> Digest:
    return build_digest(report(*accounts), catalog, thresholds, week="2025-W45")


@pytest.mark.parametrize(
    ("current", "savings", "passed"),
    [
        ("100", "20", True),  # exactly 20% and at least $10
        ("100", "19.99", False),  # $19.99 but under 20%
        ("40", "10", True),  # 25% and exactly $10
        ("40", "9.99", False),  # 25% but under $10
        ("1000", "150", False),  # $150 but 15%
        ("0", "0", False),
        ("100", "-5", False),
    ],
)
def test_a_note_needs_both_the_percentage_and_the_dollar_threshold(
    current: str, savings: str, passed: bool
) -> None:
    assert DEFAULT.passed(Decimal(current), Decimal(savings)) is passed


def test_nothing_saved_is_never_a_note_even_with_zero_thresholds() -> None:
    assert NONE.passed(Decimal(100), Decimal(0)) is False
    assert NONE.passed(Decimal(100), Decimal("0.01")) is True


def test_notes_are_sorted_by_savings_and_only_for_workloads_cheaper_elsewhere(catalog: PriceCatalog) -> None:
    digest = digest_of(
        account((busy_function(), function("steady"), function("silent", per_hour=None)), groups=(group(),)),
        catalog=catalog,
    )

    moves = [(n.name, n.service, n.best_service) for n in digest.notes]
    assert moves == [("ingest", "lambda", "fargate"), ("reports (2 x m5.xlarge)", "ec2", "lambda")]
    assert digest.notes[0].monthly_savings_usd > digest.notes[1].monthly_savings_usd
    assert digest.checked == 3  # ingest, steady (already cheapest on Lambda), reports
    assert [i.resource.name for i in digest.insufficient] == ["silent"]


def test_a_note_s_figures_are_its_bills_line_by_line(catalog: PriceCatalog) -> None:
    digest = digest_of(account(groups=(group(),)), catalog=catalog)

    (note,) = digest.notes
    # 2 x 730h x $0.192, and their 8GB root volumes (2 x 8 x $0.08), as every EC2 option is costed
    today = ec2_cost(Ec2Deployment(REGION, "m5.xlarge", None, 2, ebs_gb=Decimal(8)), catalog)
    assert note.current_monthly_usd == today.monthly_usd == Decimal("281.60")
    assert note.current_line_items == today.line_items
    for items, total in (
        (note.current_line_items, note.current_monthly_usd),
        (note.best_line_items, note.best_monthly_usd),
    ):
        assert total == sum(cents(i.quantity * i.unit_usd) for i in items)
    assert note.monthly_savings_usd == note.current_monthly_usd - note.best_monthly_usd
    assert note.savings_pct == (note.monthly_savings_usd * 100 / note.current_monthly_usd).quantize(
        Decimal("0.1")
    )
    assert note.why.startswith(
        f"Lambda would cost ${note.best_monthly_usd} a month against $281.60 on EC2 today"
    )


def test_a_move_to_lambda_on_busy_cpu_has_low_confidence_and_says_why(catalog: PriceCatalog) -> None:
    digest = digest_of(account((busy_function(),), groups=(group(),)), catalog=catalog)

    by_name = {n.name: n for n in digest.notes}
    ec2_to_lambda = by_name["reports (2 x m5.xlarge)"]
    assert ec2_to_lambda.confidence is Confidence.LOW
    assert ec2_to_lambda.confidence_reasons == ("no request metric for EC2: Lambda costed on busy CPU time",)
    assert by_name["ingest"].confidence is Confidence.HIGH
    assert by_name["ingest"].confidence_reasons == ()
    assert any(c.startswith("on Lambda:") for c in ec2_to_lambda.caveats)
    assert any(a.startswith("busy CPU: 2.5% of 8 vCPU = 0.2 vCPU") for a in ec2_to_lambda.assumptions)


@pytest.mark.parametrize(
    ("thresholds", "noted"),
    [
        (NONE, {"ingest", "reports (2 x m5.xlarge)"}),
        (Thresholds(Decimal(80), Decimal(10)), {"ingest"}),  # reports saves 78.5%, ingest 85.6%
        (Thresholds(Decimal(20), Decimal(300)), {"ingest"}),  # reports saves under $300
        (Thresholds(Decimal(90), Decimal(500)), set()),
    ],
)
def test_the_thresholds_decide_which_workloads_get_a_note(
    catalog: PriceCatalog, thresholds: Thresholds, noted: set[str]
) -> None:
    digest = digest_of(account((busy_function(),), groups=(group(),)), thresholds=thresholds, catalog=catalog)

    assert {n.name for n in digest.notes} == noted
    assert digest.checked == 2


def test_notes_with_equal_savings_are_ordered_by_resource(catalog: PriceCatalog) -> None:
    digest = digest_of(account(groups=(group("zeta"), group("alpha"))), catalog=catalog)

    assert [n.name for n in digest.notes] == ["alpha (2 x m5.xlarge)", "zeta (2 x m5.xlarge)"]
    assert digest.monthly_savings_usd == 2 * digest.notes[0].monthly_savings_usd


def test_a_windows_service_is_never_sent_to_ec2_s_linux_prices(catalog: PriceCatalog) -> None:
    usage = report(account(services=(service(os="windows"),)))
    (observed,) = observe(usage, catalog).workloads

    costed = cost_workload(observed, catalog)

    assert costed.best is not None
    assert costed.best.service == "fargate"
    assert build_digest(usage, catalog, NONE, week="2025-W45").notes == ()


def test_a_workload_already_on_its_cheapest_service_gets_no_note(catalog: PriceCatalog) -> None:
    digest = digest_of(account((function("steady"),)), thresholds=NONE, catalog=catalog)

    assert digest.notes == ()
    assert digest.checked == 1
    assert digest.current_monthly_usd > 0


def test_list_price_is_compared_with_cost_explorer_by_service(catalog: PriceCatalog) -> None:
    cost = spend(**{"AWS Lambda": "100", "Amazon Elastic Compute Cloud - Compute": "56.78"})
    digest = digest_of(account((function("steady"),), groups=(group(),), cost=cost), catalog=catalog)

    rows = {row.service: row for row in digest.spend}
    assert set(rows) == {"lambda", "ec2"}  # no Fargate checked, none billed
    assert rows["lambda"].cost_explorer_monthly_usd == Decimal("434.52")  # $100 x 730 / 168, to the cent
    assert rows["ec2"].cost_explorer_weekly_usd == Decimal("56.78")
    assert rows["ec2"].cost_explorer_monthly_usd == Decimal("246.72")
    assert rows["ec2"].list_monthly_usd == Decimal("281.60")  # instances and their root volumes
    assert rows["ec2"].difference_usd == Decimal("34.88")


def test_without_cost_explorer_there_is_no_difference_to_report(catalog: PriceCatalog) -> None:
    digest = digest_of(account(groups=(group(),)), catalog=catalog)

    (row,) = digest.spend
    assert (row.cost_explorer_weekly_usd, row.cost_explorer_monthly_usd, row.difference_usd) == (
        None,
        None,
        None,
    )


def test_a_service_cost_explorer_bills_but_nothing_was_checked_still_shows(catalog: PriceCatalog) -> None:
    cost = spend(**{"Amazon Elastic Container Service": "10"})
    digest = digest_of(account(cost=cost), catalog=catalog)

    (row,) = digest.spend
    assert (row.service, row.list_monthly_usd, row.difference_usd) == ("fargate", 0, Decimal("-43.45"))


def test_read_errors_are_kept_and_grouped_by_region(catalog: PriceCatalog) -> None:
    errors = (
        ReadError("111122223333", "eu-west-1", "ecs", "ListClusters", "AccessDeniedException", "denied"),
        ReadError("111122223333", "us-east-1", "cloudwatch", "GetMetricData", "ThrottlingException", "slow"),
        ReadError("111122223333", "eu-west-1", "lambda", "ListFunctions", "AccessDeniedException", "denied"),
    )
    digest = digest_of(account(errors=errors), catalog=catalog)

    grouped = digest.errors_by_region
    assert list(grouped) == ["eu-west-1", "us-east-1"]
    assert [e.operation for e in grouped["eu-west-1"]] == ["ListClusters", "ListFunctions"]


def test_the_json_shape_starts_with_the_documented_keys(catalog: PriceCatalog) -> None:
    digest = digest_of(account((busy_function(), function("silent", per_hour=None))), catalog=catalog)

    data = digest_dict(digest)

    assert_documented_shape(data)
    (note,) = data["notes"]
    assert note["resource"] == f"arn:aws:lambda:{REGION}:111122223333:function:ingest"
    assert isinstance(note["monthly_savings_usd"], Decimal)
    assert data["checked"] == 1
    assert data["insufficient_data"] == [
        {
            "resource": f"arn:aws:lambda:{REGION}:111122223333:function:silent",
            "region": REGION,
            "service": "lambda",
            "name": "silent",
            "account": "111122223333",
            "reasons": [
                "no Invocations datapoints in the window: never invoked, or its metrics were unreadable"
            ],
        }
    ]
    assert data["period"] == {
        "start": "2025-10-20T00:00:00+00:00",
        "end": "2025-11-03T00:00:00+00:00",
        "days": 14,
        "period_s": 3600,
        "week": "2025-W45",
    }


def test_the_chart_moves_each_note_s_cost_to_its_best_service(catalog: PriceCatalog) -> None:
    digest = digest_of(account((busy_function(),), groups=(group(),)), catalog=catalog)

    chart = spend_chart(digest)

    assert chart is not None
    assert chart.services == ("lambda", "fargate", "ec2")
    assert sum(chart.today) == digest.current_monthly_usd
    assert sum(chart.after_notes) == digest.current_monthly_usd - digest.monthly_savings_usd
    assert chart.cost_explorer is None
    assert spend_chart(digest_of(account(), catalog=catalog)) is None


def test_an_account_that_could_not_be_read_says_so_rather_than_that_nothing_would_save(catalog):
    from core.digest.text import headline

    denied = ReadError(None, REGION, "lambda", "ListFunctions", "NoCredentialsError", "no credentials")
    unreadable = digest_of(account(errors=(denied,)), catalog=catalog)
    empty = digest_of(account(), catalog=catalog)
    quiet = digest_of(account((function(per_hour="1"),)), catalog=catalog)

    assert headline(unreadable).startswith("Nothing could be costed: the account could not be read")
    assert unreadable.prices_as_of == ""  # no price was used: no date is claimed
    assert headline(empty).startswith("No Lambda functions, Fargate services or running EC2 instances")
    assert headline(quiet) == "No workload would cost much less on another service"
    assert quiet.prices_as_of != ""
