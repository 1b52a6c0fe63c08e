"""The Slack app under a burst: 50 slash commands at once, against the app as `compute-advisor run` serves it.

Starts the local stand-in for the Slack Web API (tests/slack_stub.py) in this process, then
`compute-advisor run` in HTTP mode (granian) as a process of its own, on a free port, with a fresh
SQLite database. A first burst warms it up (database connections, lazily imported modules) and is
shown but not counted. Each round then sends 50 signed `/compute advise` commands at the same
moment, each from its own channel, and measures:

- the ack: from sending the command to the app's HTTP response (Slack allows 3 s; target 50 ms);
- the answer: from sending the command until the stand-in receives its chat.postMessage
  (target 300 ms);
- the bot's memory: the resident set of the main process and its workers, after the rounds
  (RSS, and PSS, which counts the pages the workers share with the main process once);
- for scale, the same bursts against the same server serving a WSGI app that only answers 200: the
  floor any ack has on this machine.

Prints figures and their ratio to the targets; passes or fails nothing.
Run: `python bench/bench_slack.py [rounds [burst]]` (default 3 rounds of 50; under a minute).
"""

from __future__ import annotations

import json
import os
import selectors
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.slack_stub

from tests.slack_stub import SlackStub, _Reply, signed_headers, slash_command_form

BURST = 50
ROUNDS = 3
ACK_TARGET_MS = 50
ANSWER_TARGET_MS = 300
TIMEOUT_S = 60
WARM_UP = 16  # commands, at least: enough for every worker to answer a few before the clock runs
TOKEN = "xoxb-bench-token"
ANSWERED_PATH = "/bench.answered"  # the stand-in's own method: when each channel's answer arrived
SIGNING_SECRET = "bench-signing-secret"
WORKLOADS = (
    "advise 3M requests/month, 120ms avg, 1.5GB",
    "advise 50 req/s peak, 200 ms, 512MB arm64 in eu-west-1",
    "advise nightly job, 40 minutes, 4 vCPU 16GB",
    "advise always-on API 2 vCPU 4GB x3",
)


class TimedStub(SlackStub):
    """The stand-in, noting when each channel's answer arrived."""

    def __init__(self) -> None:
        super().__init__()
        self.answered_at: dict[str, float] = {}
        self.answered = threading.Condition()

    def handle(self, path: str, headers: Mapping[str, str], raw: bytes) -> Any:
        arrived = time.monotonic()  # CLOCK_MONOTONIC: one clock for every process on the machine
        if path.endswith(ANSWERED_PATH):
            with self.answered:
                return _Reply(200, json.dumps(self.answered_at).encode())
        if path.endswith("/chat.postMessage"):
            channel = channel_of(raw)
            with self.answered:
                self.answered_at[channel] = arrived
                self.answered.notify_all()
        return super().handle(path, headers, raw)

    def wait_answered(self, channels: set[str]) -> None:
        with self.answered:
            if not self.answered.wait_for(lambda: channels <= set(self.answered_at), TIMEOUT_S):
                raise TimeoutError(f"{len(channels - set(self.answered_at))} answers never came")


class RemoteStub:
    """The stand-in in a process of its own (`--stub`), so that its work, 50 answers arriving at
    once, doesn't share a GIL with the load generator timing the acks."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--stub"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        assert self.process.stdout is not None
        urls = json.loads(self.process.stdout.readline())
        self.api_url, self.response_url = str(urls["api_url"]), str(urls["response_url"])

    def __enter__(self) -> RemoteStub:
        return self

    def __exit__(self, *_: object) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()  # the stand-in serves until its stdin closes
        self.process.wait(TIMEOUT_S)

    def answered_at(self) -> dict[str, float]:
        """When each channel's answer arrived (time.monotonic, the same clock in every process)."""
        request = urllib.request.Request(self.api_url + ANSWERED_PATH.lstrip("/"), data=b"", method="POST")
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as reply:
            return {channel: float(at) for channel, at in json.loads(reply.read()).items()}

    def wait_answered(self, channels: set[str]) -> dict[str, float]:
        """The answer times, once every one of `channels` has its answer (polled; bounded)."""
        deadline = time.monotonic() + TIMEOUT_S
        while not channels <= set(answered := self.answered_at()):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{len(channels - set(answered))} answers never came")
            time.sleep(0.02)
        return answered


def serve_stub() -> None:
    """`--stub`: run the stand-in, say where, and serve until stdin closes."""
    with TimedStub() as stub:
        print(json.dumps({"api_url": stub.api_url, "response_url": stub.response_url}), flush=True)
        sys.stdin.read()


def channel_of(raw: bytes) -> str:
    """The channel a chat.postMessage is for (slack_sdk sends it as JSON; a form would do too)."""
    text = raw.decode()
    if text.startswith("{"):
        return str(json.loads(text).get("channel", ""))
    return parse_qs(text).get("channel", [""])[0]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_app(stub: RemoteStub, port: int, workdir: Path) -> subprocess.Popen[bytes]:
    script = shutil.which("compute-advisor", path=str(Path(sys.executable).parent))
    assert script, "install the project first: pip install -e ."
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DIGEST_"))}
    env |= {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": stub.api_url}
    env |= {"PORT": str(port), "DATABASE_URL": f"sqlite:///{workdir / 'bench.db'}", "LOG_LEVEL": "WARNING"}
    return subprocess.Popen([script, "run"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def start_floor(port: int) -> subprocess.Popen[bytes]:
    """The HTTP server as the app runs it, serving a WSGI app that only says 200: the ack's floor here."""
    return subprocess.Popen([sys.executable, __file__, "--floor", str(port)], stderr=subprocess.DEVNULL)


def serve_floor(port: int) -> None:
    from wsgiref.types import StartResponse, WSGIEnvironment

    from bot.slack.server import HEALTH_PATH, serve

    def ok(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok" if environ["PATH_INFO"] == HEALTH_PATH else b""]

    serve(lambda: ok, port, "WARNING")


def at_once(port: int, requests: list[bytes]) -> list[tuple[float, float]]:
    """Send all `requests` at once from one thread (a selector, no thread per request, so the
    load's own scheduling stays out of the figures); (sent at, ack ms) in order."""
    selector = selectors.DefaultSelector()
    sent = [0.0] * len(requests)
    results: list[tuple[float, float]] = [(0.0, 0.0)] * len(requests)
    replies = [b""] * len(requests)
    for index in range(len(requests)):
        opened = socket.socket()
        opened.setblocking(False)
        opened.connect_ex(("127.0.0.1", port))
        selector.register(opened, selectors.EVENT_WRITE, index)
    waiting = len(requests)
    deadline = time.monotonic() + TIMEOUT_S
    while waiting:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{waiting} acks never came")
        for key, events in selector.select(timeout=1):
            conn, index = key.fileobj, key.data
            assert isinstance(conn, socket.socket)  # only sockets are registered
            if events & selectors.EVENT_WRITE:
                sent[index] = time.monotonic()
                conn.sendall(requests[index])
                selector.modify(conn, selectors.EVENT_READ, index)
            elif chunk := conn.recv(65536):
                replies[index] += chunk
            else:
                acked = time.monotonic()
                selector.unregister(conn)
                conn.close()
                check_ack(replies[index])
                results[index] = (sent[index], (acked - sent[index]) * 1000)
                waiting -= 1
    selector.close()
    return results


def check_ack(reply: bytes) -> None:
    status = reply.split(b" ", 2)[1] if reply else b"(none)"
    if status != b"200":
        raise RuntimeError(f"the ack was {status.decode()}")


def floor_acks(port: int, rounds: int, size: int) -> list[float]:
    """Ack times of the HTTP server alone, under the same bursts; the first burst only warms it up."""
    requests = [command_request(port, WORKLOADS[0], f"CF{i}", "http://x.invalid/") for i in range(size)]
    acks: list[float] = []
    for number in range(rounds + 1):
        times = [ack_ms for _, ack_ms in at_once(port, requests)]
        acks += times if number else []
    return acks


def wait_healthy(port: int) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError("the app never became healthy")


def command_request(port: int, text: str, channel: str, response_url: str) -> bytes:
    """One signed slash command as the bytes of an HTTP request, built before the clock starts."""
    body = slash_command_form(text, channel_id=channel, response_url=response_url).encode()
    headers = signed_headers(SIGNING_SECRET, body.decode())
    lines = ["POST /slack/events HTTP/1.1", f"Host: 127.0.0.1:{port}", f"Content-Length: {len(body)}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    lines += ["Connection: close", "", ""]
    return "\r\n".join(lines).encode() + body


def burst(stub: RemoteStub, port: int, label: str, size: int) -> tuple[list[float], list[float]]:
    """`size` commands at once, each from its own channel; their ack and answer times in ms."""
    channels = [f"C{label}{i:04d}" for i in range(size)]
    requests = [
        command_request(port, WORKLOADS[i % len(WORKLOADS)], channel, stub.response_url)
        for i, channel in enumerate(channels)
    ]
    results = at_once(port, requests)
    answered_at = stub.wait_answered(set(channels))
    acks = [ack_ms for _, ack_ms in results]
    answers = [(answered_at[c] - sent) * 1000 for c, (sent, _) in zip(channels, results, strict=True)]
    return acks, answers


def process_tree(pid: int) -> list[int]:
    """`pid` and every process under it (Linux /proc)."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        pending += [int(c) for c in Path(f"/proc/{current}/task/{current}/children").read_text().split()]
    return found


def wait_for_workers(pid: int) -> None:
    """Until the server has forked all its workers (the first one answers /health before the rest)."""
    from bot.slack.server import HTTP_WORKERS

    deadline = time.monotonic() + TIMEOUT_S
    while len(process_tree(pid)) < HTTP_WORKERS + 1:
        if time.monotonic() > deadline:
            raise TimeoutError("the server never started all its workers")
        time.sleep(0.05)


def memory_kb(pid: int, field: str) -> int:
    """A process's `Rss` or `Pss` in kB (PSS shares the pages the workers got by fork among them)."""
    lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    return int(next(line.split()[1] for line in lines if line.startswith(f"{field}:")))


def cpu_s(pids: list[int]) -> float:
    """User and system CPU seconds the processes have used."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def p(values: list[float], percent: int) -> float:
    """The `percent` percentile (of a single value, that value)."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def report(name: str, values: list[float], target_ms: float) -> None:
    p50, p99 = p(values, 50), p(values, 99)
    print(
        f"  {name:<14} p50 {p50:6.1f} ms ({p50 / target_ms:.2f}x target)   "
        f"p99 {p99:6.1f} ms ({p99 / target_ms:.2f}x target)   max {max(values):6.1f} ms   "
        f"(target p99 < {target_ms} ms)"
    )


def run_rounds(stub: RemoteStub, port: int, rounds: int, size: int) -> tuple[list[float], list[float]]:
    acks: list[float] = []
    answers: list[float] = []
    for number in range(rounds):
        round_acks, round_answers = burst(stub, port, f"R{number}", size)
        acks += round_acks
        answers += round_answers
        ack_ms, answer_ms = p(round_acks, 99), p(round_answers, 99)
        print(f"  round {number + 1}: ack p99 {ack_ms:.1f} ms, answer p99 {answer_ms:.1f} ms")
    return acks, answers


def measure(stub: RemoteStub, app: subprocess.Popen[bytes], port: int, rounds: int, size: int) -> None:
    print(f"{size} signed /compute advise commands at once, {rounds} rounds; HTTP mode (granian)")
    print(f"  {os.cpu_count()} cores, shared with the load generator and the Web API stand-in")
    pids = process_tree(app.pid)
    answering = [pid for pid in pids if b"multiprocessing" in Path(f"/proc/{pid}/cmdline").read_bytes()]
    serving = [pid for pid in pids if pid not in answering]
    before = cpu_s(serving), cpu_s(answering), time.process_time() + cpu_s([stub.process.pid])
    acks, answers = run_rounds(stub, port, rounds, size)
    count = len(acks)
    serving_ms = (cpu_s(serving) - before[0]) * 1000 / count
    answering_ms = (cpu_s(answering) - before[1]) * 1000 / count
    own_ms = (time.process_time() + cpu_s([stub.process.pid]) - before[2]) * 1000 / count
    print(
        f"  CPU a command: the bot {serving_ms + answering_ms:.1f} ms (serving and acking "
        f"{serving_ms:.1f}, answering {answering_ms:.1f}); the load and the stand-in {own_ms:.1f} ms"
    )
    print(f" all {count} commands:")
    report("ack", acks, ACK_TARGET_MS)
    report("answer posted", answers, ANSWER_TARGET_MS)
    pids = process_tree(app.pid)
    rss = [memory_kb(pid, "Rss") / 1024 for pid in pids]
    pss = sum(memory_kb(pid, "Pss") for pid in pids) / 1024
    shown = " + ".join(f"{mb:.0f}" for mb in rss)
    print(f"  bot memory: RSS {sum(rss):.0f} MB (main + {len(rss) - 1} processes: {shown}); PSS {pss:.0f} MB")


def measure_floor(rounds: int, size: int) -> None:
    port = free_port()
    server = start_floor(port)
    try:
        wait_healthy(port)
        report("ack, floor", floor_acks(port, rounds, size), ACK_TARGET_MS)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(TIMEOUT_S)


def main() -> None:
    if sys.argv[1:2] == ["--floor"]:
        serve_floor(int(sys.argv[2]))
        return
    if sys.argv[1:2] == ["--stub"]:
        serve_stub()
        return
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else ROUNDS
    size = int(sys.argv[2]) if len(sys.argv) > 2 else BURST
    with tempfile.TemporaryDirectory() as workdir, RemoteStub() as stub:
        port = free_port()
        app = start_app(stub, port, Path(workdir))
        try:
            wait_healthy(port)
            wait_for_workers(app.pid)
            cold_acks, cold_answers = burst(stub, port, "W", max(size, WARM_UP))
            ack_ms, answer_ms = p(cold_acks, 99), p(cold_answers, 99)
            print(
                f"first burst after start (not counted): ack p99 {ack_ms:.0f}, answer p99 {answer_ms:.0f} ms"
            )
            measure(stub, app, port, rounds, size)
        finally:
            app.send_signal(signal.SIGTERM)
            app.wait(TIMEOUT_S)
    print(" the same bursts to the server serving an app that only says 200 (what any ack costs here):")
    measure_floor(rounds, size)


if __name__ == "__main__":
    main()
