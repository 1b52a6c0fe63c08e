"""The generated two-account export, written once per test process (the export of moto's seeded
accounts, `seeded_export`, is registered in tests/conftest.py: tests/aws uses it too)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cur.world import write_world


@pytest.fixture(scope="session")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The export's folder: the URI `--cur` is given."""
    return write_world(tmp_path_factory.mktemp("cur"))
