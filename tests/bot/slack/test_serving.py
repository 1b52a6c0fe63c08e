"""HTTP mode's processes over their lifetime: a stop loses no answer, a dead worker is replaced.

`compute-advisor run` runs as a process of its own (granian's main process, two workers, an answer
process under each), talking to the Web API stand-in; the tests signal it as an orchestrator would.
"""

from __future__ import annotations

import os
import signal
import socket
import time
from pathlib import Path

from bot.slack.server import HTTP_THREADS, HTTP_WORKERS
from tests.bot.slack.app_process import free_port, output_of, running_app, wait_healthy
from tests.bot.slack.slack_app import ADVISE, SIGNING_SECRET, TOKEN, RecordingStub, Response, http_post
from tests.slack_stub import signed_headers, slash_command_form

WAIT_S = 60
POLL_S = 0.05
WORKERS = HTTP_WORKERS
# An answer process's log line when its worker died without stopping it: granian kills a worker
# that ignores a stop for 30 s. (granian's own "refused to gracefully stop" warning can also come
# from a race between its two joins of a worker that stopped in time.)
ORPHANED = "the serving process is gone; this answer process ends with it"
SERVING = "_granian.serve: Started worker-"  # granian's log line once a worker serves


def http_env(stub: RecordingStub, tmp_path: Path, port: int) -> dict[str, str]:
    env = {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": stub.api_url}
    return env | {"DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}", "PORT": str(port)}


def children(pid: int) -> list[int]:
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def is_answer_process(pid: int) -> bool:
    return b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()


def workers(pid: int) -> list[int]:
    """granian's workers: the app's children that aren't multiprocessing's helpers."""
    return [
        child
        for child in children(pid)
        if b"multiprocessing" not in Path(f"/proc/{child}/cmdline").read_bytes()
    ]


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


def wait_for_answer_processes(pid: int) -> None:
    """Until every worker has its answer process (and so has finished building its app)."""

    def ready() -> bool:
        found = workers(pid)
        return len(found) == WORKERS and all(any(map(is_answer_process, children(w))) for w in found)

    wait_until("every worker has an answer process", ready)


def command(stub: RecordingStub, port: int, channel: str) -> Response:
    body = slash_command_form(ADVISE, channel_id=channel, response_url=stub.response_url)
    url = f"http://127.0.0.1:{port}/slack/events"
    return http_post(url, body.encode(), signed_headers(SIGNING_SECRET, body))


def test_a_stop_gives_every_answer_already_acked_before_the_app_exits(stub, tmp_path):
    port = free_port()
    with running_app(http_env(stub, tmp_path, port), tmp_path) as process:
        wait_healthy(process, port)
        wait_for_answer_processes(process.pid)
        acks = [command(stub, port, f"C{i:02d}") for i in range(24)]
        process.send_signal(signal.SIGTERM)  # most of the answers are still queued
        process.wait(WAIT_S)
    output = output_of(tmp_path)

    assert [ack.status for ack in acks] == [200] * 24
    posted = {call.body.get("channel") for call in stub.calls("chat.postMessage")}
    assert posted == {f"C{i:02d}" for i in range(24)}
    assert process.returncode == 0
    assert ORPHANED not in output  # no worker had to be killed


def test_ctrl_c_reaching_every_process_still_gives_every_answer_already_acked(stub, tmp_path):
    port = free_port()
    with running_app(http_env(stub, tmp_path, port), tmp_path, own_group=True) as process:
        wait_healthy(process, port)
        wait_for_answer_processes(process.pid)
        acks = [command(stub, port, f"C{i:02d}") for i in range(24)]
        os.killpg(process.pid, signal.SIGINT)  # the main process, the workers, the answer processes
        process.wait(WAIT_S)
    output = output_of(tmp_path)

    assert [ack.status for ack in acks] == [200] * 24
    assert ORPHANED not in output  # no worker had to be killed
    posted = {call.body.get("channel") for call in stub.calls("chat.postMessage")}
    assert posted == {f"C{i:02d}" for i in range(24)}
    assert process.returncode == 0


def test_a_stop_while_the_workers_are_still_starting_ends_them_at_once(stub, tmp_path):
    port = free_port()
    with running_app(http_env(stub, tmp_path, port), tmp_path) as process:
        wait_for_output(tmp_path, "Spawning worker-2")  # forked, and building their apps
        process.send_signal(signal.SIGTERM)
        process.wait(WAIT_S)
    output = output_of(tmp_path)

    assert process.returncode == 0
    assert ORPHANED not in output  # no worker had to be killed
    assert "Traceback" not in output


def test_a_worker_that_dies_is_replaced_and_its_answer_process_ends_with_it(stub, tmp_path):
    port = free_port()
    with running_app(http_env(stub, tmp_path, port), tmp_path) as process:
        wait_healthy(process, port)
        wait_for_answer_processes(process.pid)
        # each worker listens on a socket of its own (SO_REUSEPORT) once it serves: with the other
        # one still starting, killing this one would leave nobody listening for a moment
        wait_for_output(tmp_path, SERVING, count=WORKERS)
        dead = workers(process.pid)[0]
        orphans = [child for child in children(dead) if is_answer_process(child)]
        os.kill(dead, signal.SIGKILL)
        wait_for_output(tmp_path, SERVING, count=WORKERS + 1)  # the replacement
        wait_until("the dead worker's answer process ended", lambda: not any(map(alive, orphans)))
        acks = [command(stub, port, f"C{i}") for i in range(8)]
        stub.wait_for("chat.postMessage", count=8)
        replaced = workers(process.pid)
    output = output_of(tmp_path)

    assert orphans
    assert dead not in replaced and len(replaced) == WORKERS
    assert [ack.status for ack in acks] == [200] * 8
    assert ORPHANED in output
    assert process.returncode == 0


def test_clients_that_send_slowly_hold_up_no_one_else(stub, tmp_path):
    port = free_port()
    body = slash_command_form(ADVISE, response_url=stub.response_url).encode()
    head = f"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: {len(body)}\r\n\r\n".encode()
    with running_app(http_env(stub, tmp_path, port), tmp_path) as process:
        wait_healthy(process, port)
        wait_for_answer_processes(process.pid)
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
