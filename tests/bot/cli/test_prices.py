"""`compute-advisor prices update` and `prices REGION`, as a user runs them: real processes, boto3
against the Price List stand-in, prices stored in a SQLite file, then used by `estimate`."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from tests.aws.pricelist_stub import deny


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )


def environment(tmp_path: Path) -> dict[str, str]:
    """This process's environment (aimed at the stand-in by the fixture), with a fresh database."""
    return {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'prices.db'}"}


def test_an_update_is_stored_and_estimate_then_names_the_price_list_api(price_list_api, tmp_path):
    env = environment(tmp_path)
    done = run(env, "prices", "update", "--regions", "us-east-1,eu-west-1,ap-east-2")
    assert done.returncode == 0, done.stderr
    assert "3 region(s)" in done.stdout
    assert "0 failed" in done.stdout
    assert "Stored: answers now use these prices" in done.stdout
    estimate = run(
        env, "estimate", "lambda", "requests=3M", "duration=120ms", "memory=1536MB", "region=eu-west-1"
    )
    assert estimate.returncode == 0, estimate.stderr
    assert "Prices as of 2025-10-30 (Price List API; over 90 days old)." in estimate.stdout


def test_regions_the_update_did_not_touch_still_answer_from_the_snapshot(price_list_api, tmp_path):
    env = environment(tmp_path)
    assert run(env, "prices", "update", "--regions", "eu-west-1").returncode == 0
    estimate = run(
        env, "estimate", "lambda", "requests=3M", "duration=120ms", "memory=1536MB", "region=us-west-2"
    )
    assert "(bundled snapshot; over 90 days old)" in estimate.stdout


def test_prices_region_shows_each_source_and_date(price_list_api, tmp_path):
    env = environment(tmp_path)
    assert run(env, "prices", "update", "--regions", "eu-west-1").returncode == 0
    shown = run(env, "prices", "eu-west-1").stdout
    assert "Lambda: Price List API, 2025-10-30; over 90 days old: AWSLambda, eu-west-1" in shown
    assert "Load balancers: Price List API, 2025-10-01" in shown
    assert "ALB: $0.0252 per hour + $0.008 per LCU-hour\n" in shown  # its own price, no fallback
    assert "(Linux; Windows: 1)" in shown
    elsewhere = run(env, "prices", "us-west-2").stdout
    assert "Lambda: bundled snapshot, 2025-10-30" in elsewhere


def test_a_failed_update_exits_1_names_what_failed_and_changes_nothing(price_list_api, tmp_path):
    env = environment(tmp_path)
    assert run(env, "prices", "update", "--regions", "eu-west-1").returncode == 0
    before = (tmp_path / "prices.db").read_bytes()
    price_list_api.stub.faults.append(
        deny("eu-west-1", "User is not authorized to perform pricing:GetProducts")
    )
    done = run(env, "prices", "update", "--regions", "us-east-1,eu-west-1")
    assert done.returncode == 1
    assert "nothing was stored, the last good prices stay" in done.stderr
    assert "lambda in eu-west-1: AccessDeniedException: User is not authorized" in done.stderr
    assert "us-east-1" not in done.stderr.split("stay.", 1)[1]  # only what failed is named
    assert "Traceback" not in done.stderr
    shown = run(env, "prices", "us-east-1").stdout
    assert "Lambda: bundled snapshot" in shown  # us-east-1 was read fine, but nothing was stored
    assert (tmp_path / "prices.db").read_bytes() == before


def test_bad_regions_are_refused_with_what_is_accepted(price_list_api, tmp_path):
    done = run(environment(tmp_path), "prices", "update", "--regions", "Ireland")
    assert done.returncode == 2
    assert "--regions: got 'Ireland'; a comma list of AWS region codes" in done.stderr


def test_savings_plans_rates_are_stored_with_the_prices_and_listed_with_their_date(price_list_api, tmp_path):
    env = environment(tmp_path)
    done = run(env, "prices", "update", "--regions", "eu-west-1", "--savings-plans")
    assert done.returncode == 0, done.stderr
    shown = run(env, "prices", "eu-west-1").stdout
    today = datetime.now(UTC).date().isoformat()
    assert (
        f"Compute Savings Plans: Savings Plans API, {today}: Compute Savings Plans rates, eu-west-1" in shown
    )
    assert "Compute Savings Plans: none stored" in run(env, "prices", "us-east-1").stdout


def test_advise_after_an_update_prices_with_the_new_rates_and_says_so(price_list_api, tmp_path):
    # AWS raises Lambda's request price in eu-west-1 in a newer price list: advise must use it
    for item in price_list_api.stub.items["AWSLambda"]:
        attributes = item["product"]["attributes"]
        if attributes["regionCode"] == "eu-west-1" and attributes["usagetype"] == "EU-Request":
            item["publicationDate"] = "2026-11-20T00:00:00Z"
            for term in item["terms"]["OnDemand"].values():
                for dimension in term["priceDimensions"].values():
                    dimension["pricePerUnit"]["USD"] = "0.0000003000"
    env = environment(tmp_path)
    workload = "3M requests/month, 120ms, 1.5GB, region=eu-west-1"
    before = run(env, "advise", workload).stdout
    assert run(env, "prices", "update", "--regions", "eu-west-1").returncode == 0

    after = run(env, "advise", workload)

    assert after.returncode == 0, after.stderr
    [requests] = [line for line in after.stdout.splitlines() if line.lstrip().startswith("Requests ")]
    assert requests.split() == ["Requests", "3,000,000", "request", "x", "$0.0000003", "=", "$0.90"]
    assert "$0.0000002 =  $0.60" in before
    # the answer's prices line names the Price List API and the oldest date among the prices used
    assert "(Price List API; over 90 days old), eu-west-1" in after.stdout
    assert "(bundled snapshot; over 90 days old), eu-west-1" in before
    elsewhere = run(env, "advise", "3M requests/month, 120ms, 1.5GB, region=us-west-2").stdout
    assert "(bundled snapshot; over 90 days old), us-west-2" in elsewhere
