"""The rough edges of issue 10, each through the installed `compute-advisor` command, as a person meets it."""

import json
import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

COMMAND = str(Path(sys.executable).with_name("compute-advisor"))
MAX_ERROR_CHARS = 200


def run(*args, stdin=None):
    return subprocess.run(
        [COMMAND, *args], input=stdin, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize(
    ("text", "headline", "shown"),
    [
        ("small django app with a few hundred users", "Lambda: $", "450k requests/month"),
        ("webhook receiver", "Lambda: $", "webhook receiver: 100k requests/month, 100ms, 256MB assumed"),
        ("queue worker, 50 messages a second", ": $", "queue worker: 500ms, 512MB, nothing in front"),
        ("websocket server", ": $", "WebSocket server: 0.5 vCPU, 1GB, WebSocket connections (websocket=yes)"),
        ("GPU inference", "EC2: $", "Lambda has no GPUs"),
        ("cron every hour that takes 5 minutes", ": $", "job: 1 vCPU, 2GB assumed"),
        ("10k daily active users", ": $", "peak = 24 / 8 = 3x the average"),
        (
            "월 300만 요청, 평균 120ms, 메모리 1.5GB",
            "Lambda: $13.67 a month",
            "3M requests/month · 120ms · 1.5GB",
        ),
        ("매일 밤 40분 걸리는 배치", ": $", "read 'nightly' as 30 runs a month"),
        ("웹훅 수신", "Lambda: $", "webhook receiver: 100k requests/month"),
        ("하루 사용자 1만 명 웹앱, 도쿄", ": $", "ap-northeast-1"),
        ("GPU 추론", "EC2: $", "GPU inference: 4 vCPU, 16GB assumed"),
    ],
)
def test_workloads_named_as_people_name_them_get_an_answer_that_says_what_it_guessed(text, headline, shown):
    done = run("advise", text)
    assert done.returncode == 0, done.stderr
    assert headline in done.stdout.splitlines()[0]
    assert shown in done.stdout
    assert "Assumptions:" in done.stdout


def test_the_korean_example_costs_the_same_as_the_english_one():
    korean = run("advise", "월 300만 요청, 평균 120ms, 메모리 1.5GB", "--json")
    english = run("advise", "3M requests/month, 120ms avg, 1.5GB", "--json")
    assert korean.returncode == english.returncode == 0
    assert korean.stdout.replace("", "") == english.stdout


@pytest.mark.parametrize(
    ("korean", "english"),
    [
        (
            "월 300만 요청, 평균 120ms, 메모리 1.5GB, 서울",
            "3M requests/month, 120ms avg, 1.5GB, region=ap-northeast-2",
        ),
        (
            "월 300만 요청, 평균=120ms, 메모리=1.5GB, 리전=서울, 아키텍처=arm64",
            "requests=3M duration=120ms memory=1.5GB region=ap-northeast-2 arch=arm64",
        ),
        (
            "메모리 2기가, 서울 리전, 월 300만 요청, 120ms",
            "memory=2GB region=seoul requests=3M duration=120ms",
        ),
    ],
)
def test_korean_keys_cost_the_same_as_the_english_keys(korean, english):
    def costs(text):
        done = run("advise", text, "--json")
        assert done.returncode == 0, done.stderr
        return [(option["service"], option["monthly_usd"]) for option in json.loads(done.stdout)["options"]]

    assert costs(korean) == costs(english)


def test_a_korean_region_key_names_the_region_it_read():
    done = run("advise", "리전=서울, 메모리=2기가, 월 300만 요청, 평균 120ms")
    assert done.returncode == 0, done.stderr
    assert "3M requests/month · 120ms · 2GB · x86_64 · ap-northeast-2" in done.stdout
    assert "read 'seoul' as ap-northeast-2" in done.stdout
    assert "2기가 = 2048MB" in done.stdout


@pytest.mark.parametrize(
    ("text", "typed"),
    [
        ("초당 최대 500건, 평균 50건, 20ms", "평균 50건"),
        ("peak 500 per second, average 50, 20ms", "average 50"),
    ],
)
def test_an_average_after_a_peak_rate_takes_its_period(text, typed):
    done = run("advise", text, "--json")
    assert done.returncode == 0, done.stderr
    workload = json.loads(done.stdout)["workload"]
    assert (workload["rps"], workload["peak_rps"]) == (50, 500)
    assert (
        f"read '{typed}' as per second: the period of the figure before it carries over" in workload["notes"]
    )
    shown = run("advise", text)
    assert "50 req/s · 500 req/s peak · 20ms" in shown.stdout
    assert "peaking at 10x the average" in shown.stdout


def test_a_websocket_server_has_a_public_alb_and_lambda_is_not_offered():
    done = run("advise", "websocket server")
    assert done.returncode == 0, done.stderr
    assert "  Lambda        —  can't: WebSocket connections are long-lived" in done.stdout
    assert "a public ALB in front (front_door=alb, public=yes)" in done.stdout
    assert "behind an ALB (front_door=alb)" in done.stdout
    assert "no load balancer or API in front" not in done.stdout
    options = {
        o["service"]: o for o in json.loads(run("advise", "websocket server", "--json").stdout)["options"]
    }
    assert "API Gateway WebSocket API" in options["lambda"]["reason"]
    for service in ("fargate", "ec2"):
        names = [item["name"] for item in options[service]["line_items"]]
        assert "Application Load Balancer" in names


def test_a_queue_worker_states_its_peak_factor():
    done = run("advise", "queue worker, 50 messages a second")
    assert done.returncode == 0, done.stderr
    assert "peak_factor=1 assumed" in done.stdout
    assert "the queue absorbs bursts, so workers can run near the average rate" in done.stdout
    assert "traffic: steady: the same rate every hour (peak_factor=1)" in done.stdout


def test_latency_sensitive_claims_no_break_even_and_says_why():
    done = run("advise", "20 req/s, 80ms, 1GB, latency=sensitive")
    assert done.returncode == 0, done.stderr
    section = done.stdout.split("Break-even:\n", 1)[1].split("\n\n", 1)[0]
    assert section.splitlines() == [
        "  - No break-even against Lambda kept warm: latency=sensitive keeps 5 environments provisioned "
        "for the peak, a cost that steps up with the peak rather than growing request by request, so there "
        "is no one volume where it crosses a fleet; the table compares them at this traffic"
    ]
    data = json.loads(run("advise", "20 req/s, 80ms, 1GB, latency=sensitive", "--json").stdout)
    assert [b["value"] for b in data["break_even"]] == [None]


def test_a_word_it_cant_use_gets_the_closest_phrasing():
    done = run("advise", "3M requests, 120ms, receiver")
    assert done.returncode == 2
    assert "closest phrasing: 'webhook receiver'" in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("advise", "1e400 requests, 100ms"),
        ("advise", "requests=1e400 duration=100ms"),
        ("advise", "9" * 400 + " requests, 100ms"),
        ("advise", "requests=" + "9" * 400 + " duration=100ms"),
        ("advise", "3M requests, " + "1" * 400 + "ms"),
        ("advise", "3M requests, 120ms, " + "banana" * 70),
        ("advise", "type=" + "m" * 300 + ".large always on"),
        ("advise", "월 " + "9" * 400 + "만 요청 1초"),
        ("advise", "peak_factor=1e400 3M requests 100ms"),
        ("advise", "x" + "9" * 400 + " 2 vcpu"),
        ("advise", "k" * 300 + "=3 duration=1"),
        ("advise", "zzz=3M duration=100ms"),
        ("estimate", "lambda", "requests=" + "9" * 400, "duration=100ms"),
        ("estimate", "ec2", "type=" + "c" * 400),
        ("estimate", "fargate", "vcpu=1e400", "memory=2GB"),
        ("advise", "--chart", "x" * 400 + "/a.png", "3M requests 100ms"),
    ],
)
def test_an_absurd_value_is_echoed_abbreviated_in_one_short_line(args):
    done = run(*args)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert len(lines[0]) <= MAX_ERROR_CHARS, lines[0]
    assert "Traceback" not in done.stderr


def test_a_misspelt_type_in_advise_gets_the_closest_types():
    done = run("advise", "type=m5.lrge always on")
    assert done.returncode == 2
    assert "closest: m5.large" in done.stderr


@pytest.mark.parametrize(
    ("args", "meant"),
    [(("advize", "3M requests 100ms"), "advise"), (("chatt",), "chat"), (("estimate", "lamda"), "lambda")],
)
def test_a_near_miss_of_a_subcommand_gets_did_you_mean(args, meant):
    done = run(*args)
    assert done.returncode == 2
    assert f"did you mean {meant}?" in done.stderr


def test_the_chat_says_did_you_mean_for_a_near_miss_and_keeps_going():
    done = run("chat", stdin="/compute advize 3M requests 100ms\n/compute advise 3M requests 100ms\n")
    assert done.returncode == 0, done.stderr
    assert "Sorry: `advize` isn't a command: did you mean advise?" in done.stdout
    assert "Lambda: $" in done.stdout


class Terminal:
    """`compute-advisor chat` on a pseudo-terminal, as a person at a keyboard has it."""

    def __init__(self):
        self.fd, child = pty.openpty()
        self.process = subprocess.Popen([COMMAND, "chat"], stdin=child, stdout=child, stderr=child)
        os.close(child)

    def read_until(self, ending, timeout=60.0):
        seen, deadline = b"", time.monotonic() + timeout
        while ending not in seen.decode(errors="replace") and time.monotonic() < deadline:
            ready, _, _ = select.select([self.fd], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:  # the chat ended: the terminal is closed
                    break
                seen += chunk
        return seen.decode(errors="replace")

    def type(self, keys):
        os.write(self.fd, keys)

    def close(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(10)
        os.close(self.fd)


@pytest.fixture
def terminal():
    opened = Terminal()
    yield opened
    opened.close()


def test_the_chat_on_a_terminal_says_how_to_leave_and_leaves_on_ctrl_d(terminal):
    greeting = terminal.read_until("compute> ")
    assert "To leave: exit, quit or Ctrl-D." in greeting
    terminal.type(b"\x04")
    assert terminal.process.wait(30) == 0


def test_the_chat_on_a_terminal_recalls_the_last_line_with_the_up_arrow(terminal):
    terminal.read_until("compute> ")
    terminal.type(b"advise 3M requests, 120ms\r")
    first = terminal.read_until("compute> ")
    assert "Lambda: $10.67 a month" in first
    terminal.type(b"\x1b[A\r")  # up arrow, enter: readline's history gives the line again
    again = terminal.read_until("compute> ")
    assert "advise 3M requests, 120ms" in again
    assert "Lambda: $10.67 a month" in again
    terminal.type(b"exit\r")
    assert terminal.process.wait(30) == 0


def test_the_chat_on_a_terminal_drops_a_line_on_ctrl_c_and_stays(terminal):
    terminal.read_until("compute> ")
    terminal.type(b"advise half a line")
    time.sleep(0.5)
    terminal.process.send_signal(signal.SIGINT)  # what Ctrl-C sends the terminal's foreground process
    dropped = terminal.read_until("compute> ")
    assert "to leave: exit, quit or Ctrl-D" in dropped
    terminal.type(b"quit\r")
    assert terminal.process.wait(30) == 0


@pytest.mark.parametrize(
    ("where", "reason"),
    [
        ("missing/folder/cost.png", "the folder"),
        ("/proc/compute-advisor-cost.png", "can't write there"),  # read-only, even for root
        ("cost.jpg", "a file name ending .png, .svg or .pdf"),
        ("cost", "a file name ending .png, .svg or .pdf"),
    ],
)
def test_a_chart_that_cant_be_written_is_a_clear_error_after_the_advice(tmp_path, where, reason):
    target = where if where.startswith("/") else str(tmp_path / where)
    done = run("advise", "3M requests/month, 120ms avg, 1.5GB", "--chart", target)
    assert done.returncode == 2
    assert done.stdout.startswith("Lambda: $13.67 a month")
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("compute-advisor: chart: got ")
    assert reason in line
    assert not Path(target).exists()


@pytest.mark.parametrize(
    ("name", "magic"),
    [("cost.png", b"\x89PNG\r\n\x1a\n"), ("cost.svg", b"<?xml"), ("cost.PDF", b"%PDF-")],
)
def test_the_chart_is_written_in_the_format_its_name_says_and_the_output_says_where(tmp_path, name, magic):
    target = tmp_path / name
    done = run("advise", "3M requests/month, 120ms avg, 1.5GB", "--chart", str(target))
    assert done.returncode == 0, done.stderr
    data = target.read_bytes()
    assert data.startswith(magic)
    assert len(data) > 5_000
    assert f"chart written to {target}" in done.stderr


@pytest.mark.parametrize(
    "text",
    [
        "always-on API 2 vCPU 4GB x3",
        "websocket server",
        "nightly job, 40 minutes, 4 vCPU 16GB",
        "매일 밤 40분 걸리는 배치",
    ],
)
def test_always_on_services_and_jobs_get_a_chart_instead_of_a_refusal(tmp_path, text):
    target = tmp_path / "cost.svg"
    done = run("advise", text, "--chart", str(target))
    assert done.returncode == 0, done.stderr
    data = target.read_bytes()
    assert data.startswith(b"<?xml") and b"<svg" in data[:500]
    assert len(data) > 10_000
    assert f"chart written to {target} (svg," in done.stderr


def test_latency_sensitive_costs_lambda_kept_warm():
    # 20 req/s of 80ms: on EC2 either way, but Lambda's own figure is what running warm takes
    cold = run("advise", "20 req/s, 80ms, 1GB", "--json")
    warm = run("advise", "20 req/s, 80ms, 1GB, latency=sensitive", "--json")
    assert cold.returncode == warm.returncode == 0
    cold_lambda, warm_lambda = (json.loads(done.stdout)["options"][0] for done in (cold, warm))
    assert (cold_lambda["monthly_usd"], warm_lambda["monthly_usd"]) == (151.95, 177.5)
    notes = " ".join(warm_lambda["assumptions"])
    assert "provisioned concurrency of 5 (the requests in flight at the peak)" in notes
    assert "with cold starts it would cost $151.95 a month" in notes


def test_an_absurd_follow_up_in_the_chat_is_answered_in_one_short_line():
    lines = [
        "/compute advise 3M requests 100ms",
        "what if traffic x" + "9" * 400,
        "banana" * 80,
        "requests=" + "9" * 400,
        "트래픽이 " + "9" * 400 + "배가 되면?",
    ]
    done = run("chat", stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    sorry = [line for line in done.stdout.splitlines() if line.startswith("Sorry: ")]
    assert len(sorry) == 4
    assert all(len(line) <= MAX_ERROR_CHARS for line in sorry), sorry
