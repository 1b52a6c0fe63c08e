"""A throwaway PostgreSQL cluster for tests: initdb in a temp dir, a Unix socket, no TCP port.

Listening only on a socket inside its own directory means parallel test workers can never
collide on a port. PostgreSQL refuses to run as root, so under root the server runs as the
`postgres` user (or `nobody`).
"""

from __future__ import annotations

import glob
import importlib.util
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REQUIRE_ENV = "COMPUTE_ADVISOR_REQUIRE_POSTGRES"


def postgres_bin_dir() -> Path | None:
    """The directory holding initdb and pg_ctl, when PostgreSQL and psycopg are installed."""
    if importlib.util.find_spec("psycopg") is None:
        return None
    found = shutil.which("pg_ctl")
    candidates = [found] if found else []
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
    for pg_ctl in candidates:
        bin_dir = Path(pg_ctl).resolve().parent
        if (bin_dir / "initdb").exists():
            return bin_dir
    return None


def available_backends() -> list[str]:
    """sqlite always; postgresql when it can be started here (required if REQUIRE_ENV is set)."""
    if postgres_bin_dir() is not None:
        return ["sqlite", "postgresql"]
    if os.environ.get(REQUIRE_ENV):
        raise RuntimeError(f"{REQUIRE_ENV} is set but PostgreSQL or psycopg is not installed")
    return ["sqlite"]


@contextmanager
def running_cluster(bin_dir: Path) -> Iterator[str]:
    """Start a cluster, yield its SQLAlchemy URL, then stop it and delete every file."""
    base = Path(tempfile.mkdtemp(prefix="ca-pg-"))
    data = base / "data"
    prefix = _as_unprivileged_user(base)
    try:
        _run(
            [
                *prefix,
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-sync",
            ]
        )
        options = f"-k {base} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
        _run(
            [
                *prefix,
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(base / "log"),
                "-o",
                options,
                "-w",
                "start",
            ]
        )
        try:
            yield f"postgresql+psycopg://postgres@/postgres?host={base}"
        finally:
            _run([*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"])
    finally:
        shutil.rmtree(base, ignore_errors=True)


def _as_unprivileged_user(base: Path) -> list[str]:
    if os.geteuid() != 0:
        return []
    try:
        user = pwd.getpwnam("postgres")
    except KeyError:
        user = pwd.getpwnam("nobody")
    os.chown(base, user.pw_uid, user.pw_gid)
    return ["runuser", "-u", user.pw_name, "--"]


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd="/")
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
