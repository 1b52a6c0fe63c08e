"""`compute-advisor digest`, run as a real process (and in-process for the terminal's progress)."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from bot.digest.cli import run_digest
from tests.aws.seed import REGION_A, REGION_B, World
from tests.bot.digest.race import SETTINGS_ENV
from tests.core.digest_shape import assert_documented_shape
from tests.digest_command import digest_process, environment_without
from tests.golden import assert_golden
from tests.slack_stub import SlackStub

OWN_SETTINGS = ("DIGEST_", "SLACK_", "DATABASE_URL", "AWS_REGIONS")


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without compute-advisor's own settings, plus `extra`."""
    return environment_without(OWN_SETTINGS, **extra)


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return digest_process(*args, env=env or clean_env())


class Terminal(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def slack_env(stub: SlackStub, tmp_path: Path) -> dict[str, str]:
    return clean_env(
        **SETTINGS_ENV,
        SLACK_API_URL=stub.api_url,
        DATABASE_URL=f"sqlite:///{tmp_path / 'digest.db'}",
        AWS_REGIONS=f"{REGION_A},{REGION_B}",
        DIGEST_COST_EXPLORER="false",
    )


def test_the_demo_as_json_has_the_documented_shape() -> None:
    done = run("--demo", "--json")

    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # not a terminal: no progress
    body = json.loads(done.stdout, parse_float=Decimal)
    assert_documented_shape(body)
    assert body["period"]["week"] == "2025-W45"
    first = body["notes"][0]
    assert first["resource"] == "arn:aws:lambda:us-east-1:111122223333:function:events-ingest"
    assert first["current_monthly_usd"] - first["best_monthly_usd"] == first["monthly_savings_usd"]
    assert sum(i["monthly_usd"] for i in first["current_line_items"]) == first["current_monthly_usd"]
    assert (body["checked"], len(body["insufficient_data"])) == (18, 6)
    assert all(item["reasons"] for item in body["insufficient_data"])
    assert [(e["region"], e["operation"]) for e in body["errors"]] == [("eu-west-1", "ListClusters")]


def test_the_demo_prints_the_digest_for_a_terminal() -> None:
    done = run("--demo")

    assert done.returncode == 0, done.stderr
    assert_golden("digest/demo.txt", done.stdout)


def test_the_readme_shows_the_demo_digest_as_it_prints() -> None:
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    golden = (Path(__file__).resolve().parents[2] / "golden" / "digest" / "demo.txt").read_text(
        encoding="utf-8"
    )

    assert f"$ compute-advisor digest --demo\n{golden}```" in readme


def test_the_demo_never_posts_even_with_slack_configured(stub: SlackStub, tmp_path: Path) -> None:
    done = run("--demo", env=slack_env(stub, tmp_path))

    assert done.returncode == 0, done.stderr
    assert stub.calls() == []
    assert not (tmp_path / "digest.db").exists()


def test_a_dry_run_reads_aws_and_composes_but_posts_and_claims_nothing(
    world: World, stub: SlackStub, tmp_path: Path
) -> None:
    done = run("--dry-run", env=slack_env(stub, tmp_path))

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Compute digest ")
    assert f"({REGION_A}, {REGION_B})" in done.stdout
    assert stub.calls() == []
    assert not (tmp_path / "digest.db").exists()  # no claim, no database at all


def test_without_dry_run_it_posts_once_per_iso_week(world: World, stub: SlackStub, tmp_path: Path) -> None:
    env = slack_env(stub, tmp_path)

    first, second = run(env=env), run(env=env)

    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert first.stdout.startswith("Posted the ")
    assert " digest in C0DIGEST (ts " in first.stdout.splitlines()[0]
    assert second.stdout.rstrip().endswith("digest is already posted in C0DIGEST: nothing posted.")
    assert len(stub.calls("chat.postMessage")) == 1


def test_a_cur_digest_is_posted_once_saying_its_source(
    stub: SlackStub, tmp_path: Path, seeded_export: Path
) -> None:
    offline = {
        "AWS_CONFIG_FILE": "/nonexistent/config",
        "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/credentials",
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    no_aws = {k: v for k, v in slack_env(stub, tmp_path).items() if not k.startswith("AWS_")}
    env = no_aws | offline | {"DIGEST_CUR": str(seeded_export)}

    done = run(env=env)

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Posted the ")
    [posted] = stub.calls("chat.postMessage")
    shown = json.dumps(posted.decoded("blocks"))
    assert f"Source: CUR 2.0 export {seeded_export} through DuckDB (1 Parquet files)" in shown
    assert "CloudWatch not read: no AWS credentials" in done.stdout


@pytest.mark.parametrize(
    ("regions", "fragment"),
    [
        ("eu-west-1,mars-1", "--regions: not a region code: mars-1"),
        ("", "--regions: empty"),
        (" , ", "--regions: the list is empty"),
    ],
)
def test_a_bad_regions_value_is_one_clear_line_and_exit_2(regions: str, fragment: str) -> None:
    done = run("--demo", "--regions", regions)

    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith(f"compute-advisor: {fragment}")


def test_on_a_terminal_progress_goes_to_stderr(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in os.environ if n.startswith(OWN_SETTINGS)]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("DIGEST_COST_EXPLORER", "false")
    out, err = io.StringIO(), Terminal()

    code = run_digest(
        dry_run=True, as_json=False, demo=False, regions=f"{REGION_A},{REGION_B}", out=out, err=err
    )

    assert code == 0
    lines = err.getvalue().splitlines()
    assert lines[0] == "reading usage: 1 account(s), 14 days"
    assert sorted(lines[1:3]) == [
        f"region {REGION_A}: 3 functions, 2 services, 4 instances",
        f"region {REGION_B}: 1 functions, 1 services, 2 instances",
    ]
    assert lines[3] == "read 4 functions, 3 services, 6 instances; costing them"
    assert out.getvalue().startswith("Compute digest ")


def no_aws_env() -> dict[str, str]:
    """No compute-advisor settings and no AWS credentials anywhere in boto3's chain."""
    env = {k: v for k, v in clean_env().items() if not k.startswith("AWS_")}
    return env | {
        "AWS_CONFIG_FILE": "/nonexistent/config",
        "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/credentials",
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_DEFAULT_REGION": "eu-west-1",
    }


@pytest.mark.parametrize("args", [(), ("--dry-run",), ("--json",)])
def test_without_aws_credentials_it_exits_non_zero_and_says_why(args: tuple[str, ...]) -> None:
    done = run(*args, env=no_aws_env())

    assert done.returncode != 0
    assert done.stdout == ""
    assert done.stderr.startswith("compute-advisor: no AWS credentials found: set AWS_PROFILE")
    assert done.stderr.count("\n") == 1


def test_when_every_call_fails_it_exits_non_zero_naming_the_first_failure() -> None:
    # A port bound but not listening refuses every connection; AWS_MAX_ATTEMPTS=1 (honoured as
    # botocore honours it) spares the retries' back-off.
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        endpoint = f"http://127.0.0.1:{closed.getsockname()[1]}"
        env = no_aws_env() | {
            "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
            "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_MAX_ATTEMPTS": "1",
        }
        done = run("--dry-run", env=env)

    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("compute-advisor: nothing could be read from AWS: sts GetCallerIdentity")
    assert f'EndpointConnectionError: Could not connect to the endpoint URL: "{endpoint}/"' in done.stderr
    assert "AKIAIOSFODNN7EXAMPLE" not in done.stderr


def test_demo_with_regions_reads_only_those_regions_of_the_demo_account() -> None:
    done = run("--demo", "--regions", "eu-west-1", "--json")

    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout, parse_float=Decimal)
    assert body["regions"] == ["eu-west-1"]
    assert {n["region"] for n in body["notes"]} == {"eu-west-1"}
    assert [n["name"] for n in body["notes"]] == ["search-suggest", "queue-workers (3 x m5.large)"]
    assert {e["region"] for e in body["errors"]} == {"eu-west-1"}
    assert all(i["region"] == "eu-west-1" for i in body["insufficient_data"])
