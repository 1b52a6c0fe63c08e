"""`compute-advisor run` (and `python -m bot run`): the mode its settings choose, and a clean start or stop."""

from __future__ import annotations

import logging
import socket
import subprocess
from pathlib import Path

import pytest

from bot.logs import REDACTED, RedactingFormatter
from tests.bot.slack.app_process import clean_env, command, free_port, output_of, serving_app, wait_healthy
from tests.bot.slack.slack_app import ADVISE, SIGNING_SECRET, TOKEN, RecordingStub, http_post
from tests.slack_stub import signed_headers, slash_command_form

RUN_TIMEOUT_S = 60


def http_env(stub: RecordingStub, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": stub.api_url}
    return env | {"DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}"} | extra


def run_once(
    env: dict[str, str], home: Path, *, via_module: bool = False, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*command(via_module), "run"],
        env=clean_env(env, home),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )


def test_http_mode_serves_slack_through_granian_and_logs_no_secret(stub, tmp_path):
    env = http_env(stub, tmp_path, LOG_LEVEL="DEBUG")

    with serving_app(env, tmp_path) as (process, port):
        wait_healthy(process, port)
        body = slash_command_form(ADVISE, response_url=stub.response_url)
        url = f"http://127.0.0.1:{port}/slack/events"
        acked = http_post(url, body.encode(), signed_headers(SIGNING_SECRET, body))
        [post] = stub.wait_for("chat.postMessage")
        forged = http_post(url, body.encode(), signed_headers("forged-secret", body))
    output = output_of(tmp_path)

    assert (acked.status, acked.body) == (200, "")
    assert post.decoded("blocks")[0]["text"]["text"] == "Lambda: $13.67 a month"
    assert forged.status == 401
    assert process.returncode == 0
    assert "_granian: Spawning worker-2" in output  # granian's log, through the redacting handler
    # a refused request is not a fault of the app: INFO. (Other lines may warn: granian warns when
    # a loaded machine keeps a worker from stopping in time, which is no fault of this request.)
    [refused] = [line for line in output.splitlines() if "refused POST /slack/events: 401" in line]
    assert " INFO compute_advisor." in refused
    assert not [line for line in output.splitlines() if " WARNING compute_advisor" in line]
    assert "DEBUG" in output
    assert TOKEN not in output
    assert SIGNING_SECRET not in output


@pytest.mark.parametrize("via_module", [False, True], ids=["compute-advisor run", "python -m bot run"])
def test_a_missing_setting_stops_start_up_with_one_line_naming_it(tmp_path, via_module):
    done = run_once({"SLACK_BOT_TOKEN": TOKEN}, tmp_path, via_module=via_module)

    assert done.returncode == 2
    assert done.stderr.startswith("compute-advisor: SLACK_SIGNING_SECRET: required in HTTP mode")
    assert done.stderr.count("\n") == 1
    assert TOKEN not in done.stderr


def test_a_malformed_setting_is_named_with_what_it_accepts(tmp_path):
    done = run_once(
        {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "PORT": "http"}, tmp_path
    )

    assert done.returncode == 2
    assert done.stderr.startswith("compute-advisor: PORT: ")
    assert "accepted: a TCP port, 1 to 65535" in done.stderr


def test_a_token_slack_refuses_stops_start_up_naming_it_but_not_showing_it(stub, tmp_path):
    stub.fail_next("auth.test", "invalid_auth")

    done = run_once(http_env(stub, tmp_path, PORT=str(free_port())), tmp_path)

    assert done.returncode == 2
    assert done.stderr == (
        "compute-advisor: SLACK_BOT_TOKEN: Slack refused it (invalid_auth); accepted: a bot token (xoxb-...)\n"
    )


def test_slack_out_of_reach_stops_start_up_naming_the_api_url(tmp_path):
    closed = f"http://127.0.0.1:{free_port()}/api/"
    env = {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": closed}

    done = run_once(env | {"DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}"}, tmp_path)

    assert done.returncode == 2
    assert done.stderr.startswith(f"compute-advisor: SLACK_API_URL: couldn't reach Slack at {closed}")


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "postgresql://advisor:hunter2-secret@127.0.0.1:{port}/advice",
            "postgresql://advisor:***@127.0.0.1:{port}/advice",
        ),
        (
            "sqlite:////nonexistent-dir/hunter2-secret/app.db",
            "sqlite:////nonexistent-dir/hunter2-secret/app.db",
        ),
    ],
    ids=["postgresql-refused", "sqlite-no-directory"],
)
def test_a_database_that_cant_be_opened_stops_start_up_naming_database_url_not_its_password(
    stub, tmp_path, url, shown
):
    port = free_port()
    env = http_env(stub, tmp_path, PORT=str(free_port())) | {"DATABASE_URL": url.format(port=port)}

    done = run_once(env, tmp_path)

    assert done.returncode == 2
    [line] = done.stderr.splitlines()
    assert line.startswith(f"compute-advisor: DATABASE_URL: couldn't open {shown.format(port=port)} (")
    assert "Traceback" not in done.stderr
    if url.startswith("postgresql"):
        assert "hunter2" not in done.stderr + done.stdout


def test_without_a_slack_token_it_is_the_terminal_chat(tmp_path):
    done = run_once({}, tmp_path, stdin=ADVISE + "\n")

    assert done.returncode == 0
    assert "Lambda: $13.67 a month" in done.stdout


def test_the_log_formatter_blanks_secrets_and_anything_shaped_like_a_slack_token():
    formatter = RedactingFormatter(["s3cret-signing", "hunter2"], "%(message)s")
    try:
        raise RuntimeError("refused xoxb-123-456-abc with s3cret-signing")
    except RuntimeError:
        record = logging.LogRecord(
            "x",
            logging.ERROR,
            __file__,
            1,
            "token %s, app %s, db %s",
            ("xoxp-9-9", "xapp-1-A-2", "hunter2"),
            None,
        )
        import sys

        record.exc_info = sys.exc_info()

    line = formatter.format(record)

    assert line.startswith(f"token {REDACTED}, app {REDACTED}, db {REDACTED}\\nTraceback")
    assert "\n" not in line  # one record, one line
    for secret in ("xoxb-123", "xoxp-9", "xapp-1", "s3cret", "hunter2"):
        assert secret not in line


def test_a_port_another_process_holds_stops_start_up_naming_port(stub, tmp_path):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        done = run_once(http_env(stub, tmp_path, PORT=str(port)), tmp_path)

    assert done.returncode == 2
    said = f"compute-advisor: PORT: can't listen on {port} (in use by another process); accepted: a free TCP port"
    assert said in done.stderr.splitlines()  # among the start-up's log lines (the scheduler's may follow)
    assert "Traceback" not in done.stderr


# Loaded by every Python process of the app (it is on PYTHONPATH): notes the PID of each process
# that imports boto3, as it happens, in a file.
IMPORT_WATCH = """
import os, sys

def note_boto3(event, args):
    if event == "import" and args[0] == "boto3":
        with open(os.environ["BOTO3_IMPORTED_BY"], "a") as noted:
            noted.write(f"{os.getpid()}\\n")

sys.addaudithook(note_boto3)
"""


def test_boto3_stays_out_of_the_serving_processes_a_child_checks_the_credentials(stub, tmp_path):
    watch = tmp_path / "watch"
    watch.mkdir()
    (watch / "sitecustomize.py").write_text(IMPORT_WATCH)
    noted = tmp_path / "boto3-imported-by"
    fake_credentials = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
    env = http_env(stub, tmp_path, PYTHONPATH=str(watch), BOTO3_IMPORTED_BY=str(noted)) | fake_credentials

    with serving_app(env, tmp_path) as (process, port):
        wait_healthy(process, port)
        body = slash_command_form(ADVISE, response_url=stub.response_url)
        acked = http_post(
            f"http://127.0.0.1:{port}/slack/events", body.encode(), signed_headers(SIGNING_SECRET, body)
        )
        stub.wait_for("chat.postMessage")
        main_pid = process.pid
    importers = set(noted.read_text().split())

    assert acked.status == 200
    assert "AWS credentials found: prices are refreshed weekly" in output_of(tmp_path)
    assert len(importers) == 1  # the short-lived child that checked the credentials, and only it
    assert str(main_pid) not in importers
