"""The Slack app under a burst: 50 slash commands at once, against the app as `compute-advisor run` serves it.

Starts the local stand-in for the Slack Web API (tests/slack_stub.py) in a process of its own, then
`compute-advisor run` in HTTP mode (granian) as a process of its own, on a free port, with a fresh
SQLite database. It measures the idle process tree's memory, then a first burst warms the app up
(database connections, lazily imported modules) and is shown but not counted. Each round then sends
50 signed `/compute advise` commands at the same moment, each from its own channel, and measures:

- the ack: from sending the command to the app's HTTP response (Slack allows 3 s; target p99 300 ms);
- the answer: from sending the command until the stand-in receives its chat.postMessage (target
  p99 1 s), and that every answer was posted;
- the idle memory: the RSS of every process of the app (target under 250 MB);
- the floor: the same bursts against a minimal Bolt app (ack, then a lazy listener that posts one
  line) on the same server, as ratios ours / floor.

Prints figures and their ratio to the targets; passes or fails nothing.
Run: `python bench/bench_slack.py [rounds [burst]]` (default 3 rounds of 50; about a minute).
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

from tests.slack_stub import SlackStub, StubReply, signed_headers, slash_command_form

BURST = 50
ROUNDS = 3
ACK_TARGET_MS = 300  # a tenth of Slack's 3 s
ANSWER_TARGET_MS = 1000  # about when a person notices a wait
IDLE_RSS_TARGET_MB = 250
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
                return StubReply(200, json.dumps(self.answered_at).encode())
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


def floor_env(stub: RemoteStub, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DIGEST_"))}
    env |= {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": stub.api_url}
    return env | {"PORT": str(port), "LOG_LEVEL": "WARNING"}


def start_floor(stub: RemoteStub, port: int) -> subprocess.Popen[bytes]:
    """A minimal Bolt app on the same server as the app, the floor for its acks and answers."""
    return subprocess.Popen(
        [sys.executable, __file__, "--floor"], env=floor_env(stub, port), stderr=subprocess.DEVNULL
    )


def minimal_bolt_app() -> Any:
    """The floor's WSGI app (granian's factory, in each worker): Bolt's own ack-then-lazy-listener
    pattern with one line posted, no edge, no database, no advice."""
    from slack_bolt import Ack, App
    from slack_bolt.adapter.wsgi import SlackRequestHandler
    from slack_sdk import WebClient

    from bot.settings import load_settings
    from bot.slack.app import signing_secret

    settings = load_settings()
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    client = WebClient(token=token, base_url=settings.slack_api_url)
    app = App(client=client, signing_secret=signing_secret(settings), process_before_response=True)

    def ack_now(ack: Ack) -> None:
        ack()

    def post(command: dict[str, Any], client: WebClient) -> None:
        client.chat_postMessage(channel=command["channel_id"], text="ok")

    app.command("/compute")(ack=ack_now, lazy=[post])
    bolt = SlackRequestHandler(app, path="/slack/events")

    def serve(environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("PATH_INFO") == "/health":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok"]
        return bolt(environ, start_response)

    return serve


def serve_floor() -> None:
    """`--floor`: the minimal Bolt app, served as the app is (bot.slack.server.serve)."""
    from bot.settings import load_settings
    from bot.slack.server import serve

    serve(load_settings(), target="bench_slack:minimal_bolt_app")


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
    """Until the server has started all its workers (the first one answers /health before the rest)."""
    from bot.slack.server import HTTP_WORKERS

    deadline = time.monotonic() + TIMEOUT_S
    while len(process_tree(pid)) < HTTP_WORKERS + 2:  # the main process, its resource tracker
        if time.monotonic() > deadline:
            raise TimeoutError("the server never started all its workers")
        time.sleep(0.05)
    time.sleep(2)  # the workers build their apps after they start


def memory_kb(pid: int, field: str) -> int:
    """A process's `Rss` or `Pss` in kB."""
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


def tree_rss_mb(pid: int) -> tuple[float, list[float]]:
    rss = [memory_kb(each, "Rss") / 1024 for each in process_tree(pid)]
    return sum(rss), rss


def measure(
    stub: RemoteStub, app: subprocess.Popen[bytes], port: int, rounds: int, size: int
) -> tuple[list[float], list[float]]:
    print(f"{size} signed /compute advise commands at once, {rounds} rounds; HTTP mode (granian)")
    print(f"  {os.cpu_count()} cores, shared with the load generator and the Web API stand-in")
    pids = process_tree(app.pid)
    before = cpu_s(pids), time.process_time() + cpu_s([stub.process.pid])
    acks, answers = run_rounds(stub, port, rounds, size)
    count = len(acks)
    bot_ms = (cpu_s(pids) - before[0]) * 1000 / count
    own_ms = (time.process_time() + cpu_s([stub.process.pid]) - before[1]) * 1000 / count
    print(f"  CPU a command: the bot {bot_ms:.1f} ms; the load and the stand-in {own_ms:.1f} ms")
    print(f" all {count} commands, every answer posted:")
    report("ack", acks, ACK_TARGET_MS)
    report("answer posted", answers, ANSWER_TARGET_MS)
    total, rss = tree_rss_mb(app.pid)
    shown = " + ".join(f"{mb:.0f}" for mb in rss)
    print(f"  memory after the rounds: RSS {total:.0f} MB ({shown})")
    return acks, answers


def measure_floor(stub: RemoteStub, rounds: int, size: int) -> tuple[list[float], list[float]]:
    port = free_port()
    server = start_floor(stub, port)
    try:
        wait_healthy(port)
        wait_for_workers(server.pid)
        burst(stub, port, "FW", max(size, WARM_UP))
        acks, answers = [], []
        for number in range(rounds):
            round_acks, round_answers = burst(stub, port, f"F{number}", size)
            acks += round_acks
            answers += round_answers
        report("ack, floor", acks, ACK_TARGET_MS)
        report("answer, floor", answers, ANSWER_TARGET_MS)
        return acks, answers
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(TIMEOUT_S)


def ratios(ours: tuple[list[float], list[float]], floor: tuple[list[float], list[float]]) -> None:
    for name, mine, base in (("ack", ours[0], floor[0]), ("answer", ours[1], floor[1])):
        print(
            f"  {name:<7} p50 {p(mine, 50) / p(base, 50):5.2f}x the floor   "
            f"p99 {p(mine, 99) / p(base, 99):5.2f}x the floor"
        )


def main() -> None:
    if sys.argv[1:2] == ["--floor"]:
        serve_floor()
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
            idle, rss = tree_rss_mb(app.pid)
            shown = " + ".join(f"{mb:.0f}" for mb in rss)
            print(
                f"idle memory: RSS {idle:.0f} MB over {len(rss)} processes ({shown}); "
                f"{idle / IDLE_RSS_TARGET_MB:.2f}x the target (< {IDLE_RSS_TARGET_MB} MB)"
            )
            cold_acks, cold_answers = burst(stub, port, "W", max(size, WARM_UP))
            ack_ms, answer_ms = p(cold_acks, 99), p(cold_answers, 99)
            print(
                f"first burst after start (not counted): ack p99 {ack_ms:.0f}, answer p99 {answer_ms:.0f} ms"
            )
            ours = measure(stub, app, port, rounds, size)
        finally:
            app.send_signal(signal.SIGTERM)
            app.wait(TIMEOUT_S)
        print(" the same bursts to a minimal Bolt app on the same server (ack, then post one line):")
        floor = measure_floor(stub, rounds, size)
    print(" ours against the floor:")
    ratios(ours, floor)


if __name__ == "__main__":
    main()
