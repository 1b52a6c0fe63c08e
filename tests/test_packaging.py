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
    assert "bot/cli/main.py" in names
    assert {"bot/storage/migrations/env.py", "bot/storage/migrations/script.py.mako"} <= names
    assert any(name.startswith("bot/storage/migrations/versions/0001") for name in names)
    assert {"lambda", "fargate", "ec2", "ec2_specs", "sources", "regions", "apigateway", "elb"} <= set(
        snapshot
    )
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


def test_the_generator_reads_api_gateway_tiers_from_the_price_map():
    gen = load_generator()
    locs = gen.location_codes(json.loads((DATA / "locations_excerpt.json").read_text()))
    tiers, published = gen.build_price_map(
        DATA / "pricemap_apigateway_excerpt.json", locs, gen.pick_apigateway
    )
    assert published == "2025-10-20"
    assert tiers["us-east-1"]["http"] == [["300000000", "0.000001"], [None, "0.0000009"]]
    assert tiers["us-east-1"]["rest"] == [
        ["333000000", "0.0000035"],
        ["1000000000", "0.0000028"],
        ["20000000000", "0.00000238"],
        [None, "0.00000151"],
    ]
    assert set(tiers["ap-east-2"]) == {"rest"}  # Taipei has no HTTP API price


def test_the_generator_reads_ipv4_nat_and_log_prices_from_their_price_maps():
    gen = load_generator()
    locs = gen.location_codes(json.loads((DATA / "locations_excerpt.json").read_text()))
    vpc, vpc_date = gen.build_price_map(
        DATA / "pricemap_vpc_excerpt.json", locs, lambda p: gen._pick(p, gen.VPC_LABELS)
    )
    assert (vpc, vpc_date) == (
        {"us-east-1": {"public_ipv4_hour": "0.005"}, "eu-west-1": {"public_ipv4_hour": "0.005"}},
        "2025-11-04",
    )  # the Wavelength Zone lists no in-use IPv4 price, so it is left out
    nat, _ = gen.build_price_map(
        DATA / "pricemap_natgateway_excerpt.json", locs, lambda p: gen._pick(p, gen.NAT_LABELS)
    )
    assert nat["eu-west-1"] == {"hour": "0.048", "gb": "0.048"}
    logs, logs_date = gen.build_price_map(DATA / "pricemap_cloudwatch_excerpt.json", locs, gen.pick_logs)
    assert logs_date == "2025-09-23"
    assert logs["eu-west-1"] == {
        "ingestion_gb": "0.57",
        "vended_gb": [["10240", "0.57"], ["30720", "0.285"], ["51200", "0.114"], [None, "0.057"]],
    }


def test_the_generator_leaves_out_a_region_missing_a_tier(tmp_path):
    gen = load_generator()
    document = json.loads((DATA / "pricemap_cloudwatch_excerpt.json").read_text())
    del document["regions"]["EU (Ireland)"]["Vended Logs over 50TB"]
    raw = tmp_path / "cloudwatch.json"
    raw.write_text(json.dumps(document))
    locs = gen.location_codes(json.loads((DATA / "locations_excerpt.json").read_text()))
    logs, _ = gen.build_price_map(raw, locs, gen.pick_logs)
    assert set(logs) == {"us-east-1"}


def test_the_generator_can_lay_the_price_list_api_over_the_snapshot(price_list_api, tmp_path):
    from importlib import resources

    from core.prices.catalog import PriceCatalog

    out = tmp_path / "prices.json"
    out.write_text(resources.files("core").joinpath("data/prices.json").read_text())
    gen = load_generator()
    assert gen.main(["--from-api", "--regions", "eu-west-1", "--out", str(out)]) == 0
    catalog = PriceCatalog(json.loads(out.read_text()))
    alb, note = catalog.load_balancer("eu-west-1", "alb")
    assert (alb.hour.usd, note) == (Decimal("0.0252"), None)
    source = catalog.sources[alb.hour.source]
    assert source.kind == "bundled snapshot"  # what ships is a snapshot, however it was read
    assert source.origin.endswith("read by scripts/build_snapshot.py --from-api")
    assert catalog.lambda_rates("us-east-1", "x86_64").requests.source == "lambda"  # untouched region


def test_the_generator_writes_nothing_when_the_api_read_fails(price_list_api, tmp_path):
    from tests.aws.pricelist_stub import deny

    out = tmp_path / "prices.json"
    out.write_text('{"regions": {"eu-west-1": "EU (Ireland)"}, "sources": {}}')
    price_list_api.stub.faults.append(deny("eu-west-1"))
    with pytest.raises(SystemExit, match="nothing written"):
        load_generator().main(["--from-api", "--out", str(out)])
    assert out.read_text() == '{"regions": {"eu-west-1": "EU (Ireland)"}, "sources": {}}'
