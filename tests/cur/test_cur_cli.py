"""`compute-advisor digest --cur`, run as the installed command: the digest of an export, and a
clear line with exit status 2 for an export that can't be digested."""

from __future__ import annotations

import gzip
import json
import subprocess
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from tests.core.digest_shape import assert_documented_shape
from tests.cur.export import Resource, write_export
from tests.cur.world import HOT_API, INGEST, START, resources
from tests.digest_command import digest_process, environment_without

OWN_SETTINGS = ("DIGEST_", "SLACK_", "DATABASE_URL", "AWS_")


def offline_env() -> dict[str, str]:
    """No compute-advisor settings and no AWS credentials at all."""
    return environment_without(
        OWN_SETTINGS,
        AWS_CONFIG_FILE="/nonexistent/config",
        AWS_SHARED_CREDENTIALS_FILE="/nonexistent/credentials",
        AWS_EC2_METADATA_DISABLED="true",
    )


def digest(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return digest_process(*args, env=offline_env() | env)


def test_the_digest_of_an_export_names_the_heavy_functions_of_both_accounts(export: Path) -> None:
    done = digest("--cur", str(export), "--json")

    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout, parse_float=Decimal)
    assert_documented_shape(body)
    assert {HOT_API, INGEST} <= {n["resource"] for n in body["notes"]}
    assert body["source"].startswith(f"CUR 2.0 export {export} through DuckDB")
    assert any("CloudWatch not read: no AWS credentials" in a for a in body["assumptions"])


def test_the_printed_digest_says_its_source_and_what_is_paid(export: Path) -> None:
    done = digest("--cur", str(export))

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[2] == f"Source: CUR 2.0 export {export} through DuckDB (2 Parquet files)"
    assert "in prod (111122223333), analytics (444455556666)" in lines[1]
    assert "   today at list price: $635.10; paid: $621.96" in lines


def test_the_digest_states_how_many_candidates_cloudwatch_may_read(export: Path) -> None:
    done = digest("--cur", str(export), "--json", DIGEST_CUR_CANDIDATES="1")

    assert done.returncode == 0, done.stderr
    assumptions = json.loads(done.stdout)["assumptions"]
    assert any(a.startswith("CloudWatch candidates: 1 of 5 workloads") for a in assumptions)
    assert any("at most 1 a digest (DIGEST_CUR_CANDIDATES); the other 4 are" in a for a in assumptions)


def test_a_bad_candidate_cap_is_one_clear_line_and_exit_2(export: Path) -> None:
    done = digest("--cur", str(export), DIGEST_CUR_CANDIDATES="0")

    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "DIGEST_CUR_CANDIDATES" in done.stderr
    assert "1 to 10000" in done.stderr


def write_parquet(folder: Path, select: str) -> None:
    folder.mkdir(parents=True)
    with duckdb.connect() as con:
        con.execute(f"COPY ({select}) TO '{folder / 'part-0.parquet'}' (FORMAT PARQUET)")


def legacy_csv(folder: Path) -> None:
    folder.mkdir(parents=True)
    with gzip.open(folder / "report-00001.csv.gz", "wt") as out:
        out.write("identity/LineItemId,lineItem/UsageAccountId\nabc,111122223333\n")


def legacy_parquet(folder: Path) -> None:
    write_parquet(
        folder,
        "SELECT '111122223333' AS line_item_usage_account_id, 'Usage' AS line_item_line_item_type, "
        "'reports' AS resource_tags_user_name",
    )


def missing_columns(folder: Path) -> None:
    write_parquet(
        folder,
        "SELECT '111122223333' AS line_item_usage_account_id, 'prod' AS line_item_usage_account_name, "
        "map(['user_name'], ['x']) AS resource_tags",
    )


def no_compute(folder: Path) -> None:
    bucket = Resource("111122223333", "prod", "AmazonS3", "us-east-1", "my-bucket", resources()[-1].charges)
    write_export(folder, [bucket], start=START, hours=48)


def no_rows(folder: Path) -> None:
    source = write_export(folder.with_name("full"), resources()[:1], start=START, hours=48)
    write_parquet(folder, f"SELECT * FROM read_parquet('{source}/data/*/*.parquet') WHERE false")


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (None, "no such folder; give the export's folder or s3://bucket/prefix"),
        (Path.mkdir, "holds no Parquet files: an empty export, or not its folder"),
        (legacy_csv, "holds CSV files, not Parquet: a legacy Cost and Usage Report"),
        (legacy_parquet, "a legacy Cost and Usage Report, not CUR 2.0 (no resource_tags map)"),
        (
            missing_columns,
            "missing CUR 2.0 columns: bill_billing_period_start_date, line_item_line_item_type",
        ),
        (no_compute, "no Lambda, Fargate or EC2 usage rows: nothing to digest"),
        (no_rows, "the export holds no rows"),
    ],
)
def test_an_export_that_can_t_be_digested_is_one_clear_line_and_exit_2(
    tmp_path: Path, make: object, fragment: str
) -> None:
    folder = tmp_path / "export"
    if callable(make):
        make(folder)

    done = digest("--cur", str(folder))

    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith(f"compute-advisor: --cur: {folder}")
    assert fragment in done.stderr


def test_a_bad_engine_or_s3_uri_is_refused_before_anything_is_read() -> None:
    done = digest("--cur", "s3://", "--engine", "duckdb")

    assert done.returncode == 2
    assert done.stderr.startswith("compute-advisor: --cur: not an s3://bucket/prefix URI (got 's3://')")
