"""HTTP mode's processes over their lifetime: a stop loses no answer, a dead worker is replaced.

`compute-advisor run` runs as a process of its own (granian's main process and two workers, each
answering on its own pool of threads), talking to the Web API stand-in; the tests signal it as an
orchestrator would.
"""

from __future__ import annotations

import os
import signal
import socket
import time
from datetime import datetime, timedelta
from pathlib import Path

from bot.slack.server import HTTP_THREADS, HTTP_WORKERS, STOP_TIMEOUT_S
from tests.bot.slack.app_process import output_of, serving_app, wait_healthy
from tests.bot.slack.slack_app import ADVISE, SIGNING_SECRET, TOKEN, RecordingStub, Response, http_post
from tests.slack_stub import signed_headers, slash_command_form

WAIT_S = 60
POLL_S = 0.05
WORKERS = HTTP_WORKERS
# granian's warning when it kills a worker that ignored a stop for its kill timeout (STOP_TIMEOUT_S).
KILLED = "refused to gracefully stop"
STOPPING = "_granian: Shutting down granian"  # logged before granian stops the workers
LOGGED_AT = "%Y-%m-%d %H:%M:%S,%f"  # the text log's time (bot.logs), to the millisecond
SERVING = "_granian.serve: Started worker-"  # granian's log line once a worker serves


def http_env(stub: RecordingStub, tmp_path: Path) -> dict[str, str]:
    env = {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": stub.api_url}
    return env | {"DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}"}


def children(pid: int) -> list[int]:
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def workers(pid: int) -> list[int]:
    """granian's workers: the app's children spawned by multiprocessing, not its resource tracker."""
    return [
        child
        for child in children(pid)
        if b"resource_tracker" not in Path(f"/proc/{child}/cmdline").read_bytes()
    ]


def workers_killed(output: str) -> list[str]:
    """granian's lines for the workers it killed because they were still running at its kill timeout.

    granian 2.8.9 also logs KILLED for a worker that has already exited on its own (status 0), on
    a loaded machine: two of its threads wait for each worker (its watcher, and the one stopping
    the workers); when the watcher collects the exit first, the other finds no exit status, waits
    1 ms for the watcher to store it, and then warns and signals a process that is gone. A real
    kill comes only once the kill timeout has passed since the stop began; that false one within
    milliseconds of the worker's exit."""
    lines = output.splitlines()
    began = next(logged_at(line) for line in lines if STOPPING in line)
    timeout = timedelta(seconds=STOP_TIMEOUT_S)
    return [line for line in lines if KILLED in line and logged_at(line) - began >= timeout]


def logged_at(line: str) -> datetime:
    return datetime.strptime(line[:23], LOGGED_AT)


def alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return status != "Z"  # a zombie has ended; only its parent hasn't collected it yet


def wait_until(condition: str, check: object) -> None:
    assert callable(check)
    deadline = time.monotonic() + WAIT_S
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(condition)
        time.sleep(POLL_S)


def wait_for_output(home: Path, text: str, count: int = 1) -> None:
    wait_until(f"{text!r} x{count} in the output", lambda: output_of(home).count(text) >= count)


def wait_serving(home: Path) -> None:
    """Until every worker has built its app and serves."""
    wait_for_output(home, SERVING, count=WORKERS)


def command(stub: RecordingStub, port: int, channel: str) -> Response:
    body = slash_command_form(ADVISE, channel_id=channel, response_url=stub.response_url)
    url = f"http://127.0.0.1:{port}/slack/events"
    return http_post(url, body.encode(), signed_headers(SIGNING_SECRET, body))


def test_a_stop_gives_every_answer_already_acked_before_the_app_exits(stub, tmp_path):
    with serving_app(http_env(stub, tmp_path), tmp_path) as (process, port):
        wait_healthy(process, port)
        wait_serving(tmp_path)
        acks = [command(stub, port, f"C{i:02d}") for i in range(24)]
        process.send_signal(signal.SIGTERM)  # most of the answers are still queued
        process.wait(WAIT_S)
    output = output_of(tmp_path)

    assert [ack.status for ack in acks] == [200] * 24
    posted = {call.body.get("channel") for call in stub.calls("chat.postMessage")}
    assert posted == {f"C{i:02d}" for i in range(24)}
    assert process.returncode == 0
    assert not workers_killed(output)  # every worker stopped on its own, within the kill timeout


def test_ctrl_c_reaching_every_process_still_gives_every_answer_already_acked(stub, tmp_path):
    with serving_app(http_env(stub, tmp_path), tmp_path, own_group=True) as (process, port):
        wait_healthy(process, port)
        wait_serving(tmp_path)
        acks = [command(stub, port, f"C{i:02d}") for i in range(24)]
        os.killpg(process.pid, signal.SIGINT)  # the main process and the workers, as Ctrl-C does
        process.wait(WAIT_S)
    output = output_of(tmp_path)

    assert [ack.status for ack in acks] == [200] * 24
    assert not workers_killed(output)  # every worker stopped on its own, within the kill timeout
    posted = {call.body.get("channel") for call in stub.calls("chat.postMessage")}
    assert posted == {f"C{i:02d}" for i in range(24)}
    assert process.returncode == 0


def test_a_stop_while_the_workers_are_still_starting_ends_them_at_once(stub, tmp_path):
    with serving_app(http_env(stub, tmp_path), tmp_path) as (process, _port):
        wait_for_output(tmp_path, "Spawning worker-2")  # forked, and building their apps
        process.send_signal(signal.SIGTERM)
        process.wait(WAIT_S)
    output = output_of(tmp_path)

    assert process.returncode == 0
    assert not workers_killed(output)  # every worker stopped on its own, within the kill timeout
    assert "Traceback" not in output


def test_a_worker_that_dies_is_replaced(stub, tmp_path):
    with serving_app(http_env(stub, tmp_path), tmp_path) as (process, port):
        wait_healthy(process, port)
        # each worker listens on a socket of its own (SO_REUSEPORT) once it serves: with the other
        # one still starting, killing this one would leave nobody listening for a moment
        wait_serving(tmp_path)
        dead = workers(process.pid)[0]
        os.kill(dead, signal.SIGKILL)
        wait_for_output(tmp_path, SERVING, count=WORKERS + 1)  # the replacement
        acks = [command(stub, port, f"C{i}") for i in range(8)]
        stub.wait_for("chat.postMessage", count=8)
        replaced = workers(process.pid)
    assert dead not in replaced and len(replaced) == WORKERS
    assert [ack.status for ack in acks] == [200] * 8
    assert process.returncode == 0


def test_clients_that_send_slowly_hold_up_no_one_else(stub, tmp_path):
    body = slash_command_form(ADVISE, response_url=stub.response_url).encode()
    head = f"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: {len(body)}\r\n\r\n".encode()
    with serving_app(http_env(stub, tmp_path), tmp_path) as (process, port):
        wait_healthy(process, port)
        wait_serving(tmp_path)
        # a client stuck mid-request holds one Python thread until its connection closes: a few
        # of them, as a flaky network makes, must not stop the acks
        stuck = HTTP_THREADS // 2
        slow = [socket.create_connection(("127.0.0.1", port)) for _ in range(stuck)]
        try:
            for connection in slow:
                connection.sendall(head + body[:10])  # and the rest never comes
            ack = command(stub, port, "CFAST")
            [post] = stub.wait_for("chat.postMessage")
        finally:
            for connection in slow:
                connection.close()

    assert ack.status == 200
    assert post.body["channel"] == "CFAST"
    assert process.returncode == 0
