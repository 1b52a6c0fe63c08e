"""The snapshot ships inside the wheel, and the generator builds it from AWS's own format."""

import importlib.util
import json
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"


def test_the_price_snapshot_is_in_the_built_wheel(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (wheel,) = tmp_path.glob("compute_advisor-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        snapshot = json.loads(archive.read("core/data/prices.json"))
    assert "bot/cli.py" in names
    assert {"lambda", "fargate", "ec2", "ec2_specs", "sources", "regions"} <= set(snapshot)
    assert any(name.endswith("entry_points.txt") for name in names)


def load_generator():
    spec = importlib.util.spec_from_file_location("build_snapshot", ROOT / "scripts" / "build_snapshot.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_table(tmp_path, parsed, name):
    table = {
        "regions": {r: {k: float(v) for k, v in rates.items()} for r, rates in parsed.items() if r != "Any"}
    }
    path = tmp_path / name
    path.write_text(json.dumps(table))
    return path


def test_the_generator_reads_the_price_map_and_checks_it_against_the_table(tmp_path):
    gen = load_generator()
    locs = gen.location_codes(json.loads((DATA / "locations_excerpt.json").read_text()))
    raw = DATA / "pricemap_lambda_excerpt.json"
    parsed = gen.parse_price_map(json.loads(raw.read_text()), locs).prices
    table = make_table(tmp_path, parsed, "lambda_table.json")
    rates, published = gen.build_service(raw, table, gen._arch_labels(gen.LAMBDA_LABELS), locs)
    assert published == "2025-10-30"
    assert set(rates) == {"us-east-1", "eu-west-1"}  # "Any" has no full set of rates
    assert rates["us-east-1"]["arm64.duration_tier2"] == "0.0000120001"
    assert Decimal(rates["eu-west-1"]["x86_64.requests"]) == Decimal("0.0000002")


def test_the_generator_stops_when_the_table_disagrees_with_the_price_map(tmp_path):
    gen = load_generator()
    locs = gen.location_codes(json.loads((DATA / "locations_excerpt.json").read_text()))
    raw = DATA / "pricemap_ecs_excerpt.json"
    parsed = {r: dict(v) for r, v in gen.parse_price_map(json.loads(raw.read_text()), locs).prices.items()}
    parsed["us-east-1"]["perCPU per hour"] = Decimal("0.05")
    table = make_table(tmp_path, parsed, "ecs_table.json")
    with pytest.raises(SystemExit, match="perCPU per hour"):
        gen.build_fargate(raw, table, locs)
