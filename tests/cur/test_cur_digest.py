"""The digest of the generated CUR 2.0 export through DuckDB: what the account pays, the
commitments that cover it, the window, and the aggregation done inside the engine."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from bot.cli.render.digest import digest_text
from bot.digest.blocks import build_digest_blocks
from bot.digest.cur_files import DuckDbEngine, parquet_in
from core.cur.columns import CurExportError
from core.cur.digest import build_cur_digest, choose_candidates, cost_report, is_candidate, potential_savings
from core.cur.model import CloudWatchRead, CurReport, Refinement
from core.cur.read import read_cur, read_shapes
from core.digest import Digest, Thresholds
from core.prices.catalog import PriceCatalog
from core.usage import SeriesStats
from tests.cur.export import write_export
from tests.cur.world import (
    DATA,
    DATA_NAME,
    HOT_API,
    INGEST,
    PROD,
    PROD_NAME,
    START,
    WINDOW_END,
    WINDOW_START,
    resources,
)
from tests.golden import assert_golden

THRESHOLDS = Thresholds(Decimal(20), Decimal(10))
REPORTS = "m5.xlarge|RunInstances|on-demand||reports||"


def read(export: Path) -> tuple[CurReport, DuckDbEngine]:
    engine = DuckDbEngine(parquet_in(str(export), export))
    return read_cur(engine, str(export), "the test export", {}), engine


def digest_of(export: Path, catalog: PriceCatalog, refinements: dict | None = None) -> Digest:  # type: ignore[type-arg]
    report, engine = read(export)
    engine.close()
    costed = cost_report(report, catalog, refinements or {})
    cloudwatch = CloudWatchRead(refinements or {}, ())
    return build_cur_digest(report, costed, THRESHOLDS, week="2024-W20", cloudwatch=cloudwatch)


def test_the_window_is_the_last_fourteen_whole_days_the_export_holds(export: Path) -> None:
    report, engine = read(export)
    engine.close()

    assert (report.window.start, report.window.end) == (WINDOW_START, WINDOW_END)
    assert report.window.hours == 336


def test_the_engine_returns_one_row_per_workload_not_the_hourly_rows(export: Path) -> None:
    report, engine = read(export)
    engine.close()

    # 3 functions, a service, a cluster's untagged tasks, two EC2 groups: 7 of the export's ~6,000 rows.
    assert len(report.workloads) == 7
    web = next(w for w in report.workloads if w.workload == "service/shop/web")
    assert (web.units, web.size, web.peak_members) == (Decimal(672), Decimal(1344), 2)
    assert (web.units_per_member, web.size_per_member) == (Decimal(1), Decimal(2))


def test_heavy_lambda_functions_in_both_accounts_are_noted_at_what_the_account_pays(
    export: Path, catalog: PriceCatalog
) -> None:
    digest = digest_of(export, catalog)

    notes = {n.resource: n for n in digest.notes}
    assert {HOT_API, INGEST} <= set(notes)
    hot, ingest = notes[HOT_API], notes[INGEST]
    assert (hot.account, ingest.account) == (PROD, DATA)
    # to containers: Fargate tasks that follow the traffic (each request keeping Lambda's CPU share
    # busy, as the CPU time isn't read)
    assert hot.best_service == ingest.best_service == "fargate"
    # 2,628M requests x $0.0000002 = $525.60; 6,570,000 GB-s at list $109.50, paid $96.36 under the plan.
    assert hot.list_monthly_usd == Decimal("635.10")
    assert hot.current_monthly_usd == Decimal("621.96")
    assert sum(i.monthly_usd for i in hot.current_line_items) == hot.current_monthly_usd
    assert hot.current_monthly_usd - hot.best_monthly_usd == hot.monthly_savings_usd
    # No commitment: paid is the list price.
    assert ingest.current_monthly_usd == ingest.list_monthly_usd == Decimal("624.15")
    assert dict(digest.account_names) == {PROD: PROD_NAME, DATA: DATA_NAME}


def test_a_compute_savings_plan_follows_the_move_and_says_so(export: Path, catalog: PriceCatalog) -> None:
    digest = digest_of(export, catalog)

    hot = next(n for n in digest.notes if n.resource == HOT_API)
    [text] = hot.commitments
    assert text.startswith("Compute Savings Plan 3c1f6e2a-0d47-4b1e-9d7c-2f6a1e0b9c11 pays $96.36 a month")
    assert "it covers Fargate too" in text


def test_negation_lines_fees_and_tax_are_not_a_workload_s_cost(export: Path, catalog: PriceCatalog) -> None:
    digest = digest_of(export, catalog)

    paid = {(r.account, r.service): r.paid_monthly_usd for r in digest.spend}
    # Lambda in prod: $621.96 (checkout-api) + $0.76 (thumbnailer); the negation line would have
    # taken the plan's covered $109.50 off again, the plan's $120 fee and the tax would add.
    assert paid[PROD, "lambda"] == Decimal("622.72")
    assert paid[DATA, "lambda"] == Decimal("624.15")


def test_a_reserved_instance_does_not_follow_a_move_to_lambda(export: Path, catalog: PriceCatalog) -> None:
    key = (PROD, "us-east-1", "ec2", REPORTS)
    idle = SeriesStats(336 * 2, Decimal("2.5"), Decimal(4), Decimal(14))
    digest = digest_of(export, catalog, {key: Refinement(key, cpu_percent=idle, datapoints=672)})

    reports = next(n for n in digest.notes if n.name == "reports (2 x m5.xlarge)")
    # 1,460 instance-hours at the reservation's $0.121 effective rate; $0.192 at list.
    assert (reports.current_monthly_usd, reports.list_monthly_usd) == (Decimal("176.66"), Decimal("280.32"))
    assert reports.best_service == "lambda"
    [text] = reports.commitments
    assert text.startswith("Reserved Instance 4f1a2b3c-5d6e-7f80-91a2-b3c4d5e6f708 pays $176.66")
    assert "does not follow a move to Lambda: its fee stays due until 2026-06-30" in text
    assert "the move costs" in text  # the whole bill is the reservation's: nothing saved until it ends


def test_services_without_cpu_figures_are_candidates_for_cloudwatch(
    export: Path, catalog: PriceCatalog
) -> None:
    report, engine = read(export)
    engine.close()

    chosen = {c.row.workload for c in cost_report(report, catalog) if is_candidate(c, THRESHOLDS)}

    assert chosen == {HOT_API, INGEST, "service/shop/web", "cluster/batch", REPORTS}


def test_candidates_are_ranked_by_potential_savings_and_capped(export: Path, catalog: PriceCatalog) -> None:
    report, engine = read(export)
    engine.close()
    costed = cost_report(report, catalog)

    choice = choose_candidates(costed, THRESHOLDS, cap=3)

    # Savings on the CUR alone: $522.03 and $513.84 for the functions (to Fargate tasks that follow
    # their traffic); the reports group's move to Lambda needs its CPU, so its whole $176.66 bill is
    # what it could save at most.
    assert [c.row.workload for c in choice.chosen] == [INGEST, HOT_API, REPORTS]
    assert [potential_savings(c, THRESHOLDS) for c in choice.chosen] == [
        Decimal("522.03"),
        Decimal("513.84"),
        Decimal("176.66"),
    ]
    assert (choice.eligible, choice.left_out) == (5, 2)
    digest = build_cur_digest(
        report, costed, THRESHOLDS, week="2024-W20", cloudwatch=CloudWatchRead({}, ()), choice=choice
    )
    assert (
        "CloudWatch candidates: 3 of 5 workloads whose move could pass the thresholds, the largest "
        "potential savings on the CUR alone first, at most 3 a digest (DIGEST_CUR_CANDIDATES); the "
        "other 2 are costed from the CUR alone"
    ) in digest.assumptions


def test_a_function_s_hourly_shape_from_the_cur_is_its_workload_s(
    export: Path, catalog: PriceCatalog
) -> None:
    report, engine = read(export)
    shape = read_shapes(engine, report.window, [HOT_API])[HOT_API]
    engine.close()
    key = (PROD, "us-east-1", "lambda", HOT_API)

    costed = cost_report(report, catalog, {}, {key: shape})

    hot = next(c for c in costed if c.row.key == key)
    assert hot.costed is not None
    assert hot.costed.observed.workload.hourly_shape == shape
    assert (
        "CUR: requests by hour of the week, 0.5 to 1.5 times the mean" in hot.costed.observed.workload.notes
    )
    others = [c.costed.observed.workload for c in costed if c.costed is not None and c.row.key != key]
    assert all(w.hourly_shape is None for w in others)


def test_the_cur_digest_in_slack_and_on_a_terminal_says_its_source_and_what_cloudwatch_read(
    export: Path, catalog: PriceCatalog
) -> None:
    report, engine = read(export)
    engine.close()
    costed = cost_report(report, catalog)
    choice = choose_candidates(costed, THRESHOLDS, cap=3)
    unread = CloudWatchRead({}, (), "CloudWatch not read: no AWS credentials; figures are the CUR's")

    digest = build_cur_digest(report, costed, THRESHOLDS, week="2024-W20", cloudwatch=unread, choice=choice)

    blocks = build_digest_blocks(digest)
    assert_golden("digest/cur_blocks.json", json.dumps(blocks, indent=2, ensure_ascii=False) + "\n")
    assert_golden("digest/cur.txt", digest_text(digest) + "\n")
    summary = blocks[1]["text"]["text"]
    assert "\nSource: the test export\ntoday = what the account pays (CUR effective cost)" in summary
    refined = build_cur_digest(
        report, costed, THRESHOLDS, week="2024-W20", cloudwatch=CloudWatchRead({}, ()), choice=choice
    )
    assert refined.source_notes[1] == (
        "CloudWatch read for 0 of 5 candidate(s), at most 3 a digest (DIGEST_CUR_CANDIDATES); 2 more "
        "costed from the CUR alone"
    )


def test_cloudwatch_s_duration_splits_gb_seconds_into_memory_and_time(
    export: Path, catalog: PriceCatalog
) -> None:
    key = (PROD, "us-east-1", "lambda", HOT_API)
    refined = Refinement(key, avg_duration_ms=Decimal(20), max_concurrency=Decimal(40), datapoints=336)
    digest = digest_of(export, catalog, {key: refined})

    hot = next(n for n in digest.notes if n.resource == HOT_API)
    assert (hot.workload.memory_mb, hot.workload.duration_ms) == (Decimal(128), Decimal(20))
    assert "CloudWatch: 20ms on average, so about 128MB (GB-seconds per request / time)" in hot.workload.notes
    assert hot.confidence.value == "high"  # the peak is CloudWatch's, not the busiest hour's


def test_the_memory_a_function_is_configured_with_splits_gb_seconds_into_time(
    export: Path, catalog: PriceCatalog
) -> None:
    key = (PROD, "us-east-1", "lambda", HOT_API)
    refined = Refinement(key, avg_duration_ms=Decimal("19.5"), memory_mb=Decimal(128), datapoints=336)
    digest = digest_of(export, catalog, {key: refined})

    hot = next(n for n in digest.notes if n.resource == HOT_API)
    # 9,000 GB-seconds an hour over 3.6M requests is 0.0025 GB-seconds each: 20ms at 128MB.
    assert (hot.workload.memory_mb, hot.workload.duration_ms) == (Decimal(128), Decimal(20))
    assert (
        "Lambda: 128MB configured (ListFunctions), so 20ms a request (GB-seconds per request / memory)"
        in hot.workload.notes
    )
    assert "CloudWatch: 19.5ms on average" in hot.workload.notes
    assert not any(reason.startswith("memory assumed") for reason in hot.confidence_reasons)


def test_without_the_lambda_api_or_cloudwatch_a_typical_memory_is_assumed_at_low_confidence(
    export: Path, catalog: PriceCatalog
) -> None:
    digest = digest_of(export, catalog)

    hot = next(n for n in digest.notes if n.resource == HOT_API)
    assert (hot.workload.memory_mb, hot.workload.duration_ms) == (Decimal(1024), Decimal("2.5"))
    assert hot.workload.notes[1].startswith("assumed: 1024MB, a typical function's, so 2.5ms a request")
    assert hot.confidence.value == "low"
    assert any(reason.startswith("memory assumed 1024MB") for reason in hot.confidence_reasons)


def test_the_hourly_shape_has_168_factors_of_mean_one(export: Path) -> None:
    report, engine = read(export)
    shapes = read_shapes(engine, report.window, [HOT_API])
    engine.close()

    shape = shapes[HOT_API]
    assert len(shape) == 168
    assert abs(sum(shape) / 168 - 1) < Decimal("0.001")
    assert max(shape) == Decimal("1.5")  # the function peaks at 1.5x its mean, at 14:00 UTC
    assert shape.index(max(shape)) % 24 == 14


@pytest.mark.parametrize("hours", [15, 24 + 15])
def test_an_export_without_a_whole_day_is_refused(tmp_path: Path, hours: int) -> None:
    # From 06:00 for 15 or 39 hours: it ends at 21:00, the same day or the next; no day is whole.
    folder = write_export(tmp_path, resources()[:1], start=START.replace(hour=6), hours=hours)
    engine = DuckDbEngine(parquet_in(str(folder), folder))

    with pytest.raises(CurExportError, match="holds no whole day"):
        read_cur(engine, str(folder), "t", {})
    engine.close()
