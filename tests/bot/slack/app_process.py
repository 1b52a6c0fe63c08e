"""`compute-advisor run` as a process of its own, with exactly the environment a test gives it."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

STOP_TIMEOUT_S = 30
START_TIMEOUT_S = 60
POLL_S = 0.05
OUTPUT_FILE = "app.out"
# The settings compute-advisor reads: none may leak in from the environment the tests run in.
OWN_PREFIXES = ("SLACK_", "DIGEST_")
OWN_NAMES = {"DATABASE_URL", "PORT", "LOG_LEVEL", "AWS_REGIONS"}


def command(via_module: bool = False) -> list[str]:
    """`compute-advisor`, as installed next to this Python; or `python -m bot`."""
    if via_module:
        return [sys.executable, "-m", "bot"]
    script = shutil.which("compute-advisor", path=str(Path(sys.executable).parent))
    assert script, "the project is installed (pip install -e .)"
    return [script]


def clean_env(settings: Mapping[str, str], home: Path) -> dict[str, str]:
    """The process environment without compute-advisor's own settings, then `settings`."""
    base = {
        name: value
        for name, value in os.environ.items()
        if not name.upper().startswith(OWN_PREFIXES) and name.upper() not in OWN_NAMES
    }
    return base | {"HOME": str(home), "PYTHONUNBUFFERED": "1"} | dict(settings)


def free_port() -> int:
    """A port nothing listens on now (the OS picks it; the app binds it a moment later)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def output_of(home: Path) -> str:
    """What `running_app` wrote to stdout and stderr."""
    return (home / OUTPUT_FILE).read_text(encoding="utf-8")


@contextmanager
def running_app(
    settings: Mapping[str, str], home: Path, *, own_group: bool = False
) -> Iterator[subprocess.Popen[str]]:
    """`compute-advisor run` until the block ends; then SIGTERM, and it must stop.

    `own_group`: in a process group of its own, as a shell starts a command, so that a test can
    signal the whole group as Ctrl-C does (its ID is the app's PID).

    Its output goes to a file in `home` (read it with `output_of`): a pipe nobody reads would
    fill up and stall a chatty app.
    """
    with (home / OUTPUT_FILE).open("w", encoding="utf-8") as output:
        process = subprocess.Popen(
            [*command(), "run"],
            env=clean_env(settings, home),
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=own_group,
        )
    try:
        yield process
    except BaseException:
        print(f"--- compute-advisor run's output ---\n{output_of(home)}")  # shown with the failure
        raise
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# The app's line when PORT was taken between `free_port` and the app's start (by another test's
# app or an outgoing connection's ephemeral port, on a machine running several suites at once).
PORT_TAKEN = "PORT: can't listen on"
PORT_TRIES = 5
BOUND = "Starting granian"  # granian's log once the app's own port check has passed (text or JSON)


@contextmanager
def serving_app(
    settings: Mapping[str, str], home: Path, *, own_group: bool = False
) -> Iterator[tuple[subprocess.Popen[str], int]]:
    """`running_app` in HTTP mode on a free port, and the port: started again on another port
    when the one picked was taken before the app could listen on it (and only then)."""
    for _ in range(PORT_TRIES):
        port = free_port()
        with running_app({**settings, "PORT": str(port)}, home, own_group=own_group) as process:
            if _lost_the_port(process, home):
                continue
            yield process, port
            return
    raise AssertionError(f"no free port in {PORT_TRIES} tries")


def _lost_the_port(process: subprocess.Popen[str], home: Path) -> bool:
    """Until granian starts (the port was free), or the app exits: True if it said PORT was taken."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while BOUND not in output_of(home):
        if process.poll() is not None:
            if PORT_TAKEN in output_of(home):
                return True
            raise AssertionError(f"the app exited with status {process.returncode}")
        if time.monotonic() > deadline:
            raise TimeoutError("the app never started serving")
        time.sleep(POLL_S)
    return False


def wait_healthy(process: subprocess.Popen[str], port: int) -> None:
    """Poll /health until it answers (bounded); fail if the app exits instead."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the app exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(POLL_S)
    raise TimeoutError(f"port {port} never answered /health")
