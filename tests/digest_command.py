"""`compute-advisor digest` run as its own process, as a person or a scheduler runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence

TIMEOUT_S = 300


def environment_without(prefixes: Sequence[str], **extra: str) -> dict[str, str]:
    """This process's environment without the variables that start with `prefixes`, plus `extra`."""
    return {k: v for k, v in os.environ.items() if not k.startswith(tuple(prefixes))} | extra


def digest_process(*args: str, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    """`python -m bot digest ARGS` in `env`; its exit status, stdout and stderr."""
    return subprocess.run(
        [sys.executable, "-m", "bot", "digest", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
        env=dict(env),
    )
