"""The CUR digest at an organisation's size: wall time and peak memory over millions of hourly rows,
and the AWS calls it makes against those the per-account CloudWatch reader would make.

Generates a CUR 2.0 export (tests/cur/export.py: the rows are made inside DuckDB and written with
`COPY ... (FORMAT PARQUET)`) of 10,000 resources in 10 accounts and 2 regions, hourly over 14
whole days and half a day more (exports end on a partial day):

- 4,000 Lambda functions (requests and GB-seconds lines; a quarter under a Compute Savings Plan,
  with its negation lines);
- 3,000 Fargate tasks in 300 services (vCPU and memory lines, ECS service tags);
- 3,000 EC2 instances in 300 groups of one type (a sixth under a Reserved Instance).

Then runs `compute-advisor digest --cur <folder> --json` as its own process, with no AWS
credentials (the CUR alone, as the first pass of every digest), and prints its wall time and
peak RSS against the targets (2 million rows in under 60 s, peak RSS under 1 GB). Last, the AWS
calls: the CUR digest's for its candidates (CloudWatch and the Lambda API, in their own account;
Organizations; the export's files from S3), against the fewest the per-account CloudWatch reader
would make for the same resources, as a ratio.

Prints figures only. Run: `.venv/bin/python bench/bench_cur.py` (a few minutes on 2 cores).
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.cur.export

import duckdb

from bot.digest.cur import read_export
from bot.digest.cur_files import DuckDbEngine, parquet_in
from bot.prices import bundled_catalog
from bot.settings import load_settings
from core.aws.cur_cloudwatch import candidate_queries
from core.aws.metrics import minimum_calls
from core.cur.model import Candidate
from tests.cur.export import Charge, Resource, write_export

ACCOUNTS = tuple(f"{100000000000 + 111 * i:012d}" for i in range(10))
REGIONS = (("us-east-1", "USE1-", ""), ("eu-west-1", "EUW1-", "EUW1-"))  # code, ECS and EC2 prefixes
FUNCTIONS, TASKS, INSTANCES = 4_000, 3_000, 3_000
TASKS_PER_SERVICE = INSTANCES_PER_GROUP = 10
START = datetime(2024, 5, 1, tzinfo=UTC)
HOURS = 14 * 24 + 12
TARGET_ROWS, TARGET_S, TARGET_RSS_MIB = 2_000_000, 60.0, 1024
PLAN = "arn:aws:savingsplans::{}:savingsplan/bench-compute-plan"
RI = "arn:aws:ec2:{}:{}:reserved-instances/bench-ri"
# The limits the reader's fewest calls are counted against.
LIST_FUNCTIONS_PAGE, LIST_PAGE, DESCRIBE_SERVICES_BATCH, DESCRIBE_INSTANCES_PAGE = 50, 100, 10, 1000
LIST_ACCOUNTS_PAGE, LIST_OBJECTS_PAGE = 20, 1000
KIB = 1024
GENERATE = "--generate"


def place(i: int) -> tuple[str, tuple[str, str, str]]:
    """The account and region of the i-th resource of a kind: spread evenly."""
    return ACCOUNTS[i % len(ACCOUNTS)], REGIONS[(i // len(ACCOUNTS)) % len(REGIONS)]


def functions() -> list[Resource]:
    out = []
    for i in range(FUNCTIONS):
        account, (region, prefix, _) = place(i)
        prefix = "" if region == "us-east-1" else prefix
        requests = 50 + (i * 7919) % 40_000  # from under 1 to 11 a second
        gb_seconds = requests * (0.01 + (i % 50) / 100)  # 10ms at 1GB to 500ms
        duration = Charge(f"{prefix}Lambda-GB-Second", gb_seconds, "0.0000166667")
        if i % 4 == 0:
            plan = PLAN.format(account)
            duration = Charge(
                duration.usage_type,
                gb_seconds,
                "0.0000166667",
                "SavingsPlanCoveredUsage",
                "0.0000146667",
                plan,
            )
        arn = f"arn:aws:lambda:{region}:{account}:function:fn-{i:05d}"
        charges = (Charge(f"{prefix}Request", requests, "0.0000002"), duration)
        out.append(Resource(account, f"acct-{account[-3:]}", "AWSLambda", region, arn, charges, peak=1.8))
    return out


def tasks() -> list[Resource]:
    out = []
    for i in range(TASKS):
        service = i // TASKS_PER_SERVICE
        account, (region, prefix, _) = place(service)
        cluster, name = f"cluster-{service % 7}", f"svc-{service:04d}"
        vcpu, gb = (0.25, 0.5) if service % 3 == 0 else (1.0, 2.0) if service % 3 == 1 else (2.0, 8.0)
        charges = (
            Charge(f"{prefix}Fargate-vCPU-Hours:perCPU", vcpu, "0.04048"),
            Charge(f"{prefix}Fargate-GB-Hours", gb, "0.004445"),
        )
        task = f"arn:aws:ecs:{region}:{account}:task/{cluster}/task-{i:05d}"
        tags = {"aws_ecs_cluster_name": cluster, "aws_ecs_service_name": name}
        out.append(Resource(account, f"acct-{account[-3:]}", "AmazonECS", region, task, charges, tags=tags))
    return out


def instances() -> list[Resource]:
    out = []
    for i in range(INSTANCES):
        group = i // INSTANCES_PER_GROUP
        account, (region, _, prefix) = place(group)
        kind, rate = ("m5.xlarge", "0.192") if group % 2 else ("c5.large", "0.085")
        usage = Charge(f"{prefix}BoxUsage:{kind}", 1.0, rate)
        if group % 6 == 0:
            usage = Charge(
                usage.usage_type, 1.0, rate, "DiscountedUsage", "0.121", "", RI.format(region, account)
            )
        tags = {"user_name": f"group-{group:03d}", "user_environment": "prod"}
        out.append(
            Resource(
                account,
                f"acct-{account[-3:]}",
                "AmazonEC2",
                region,
                f"i-{i:017x}",
                (usage,),
                tags=tags,
                instance_type=kind,
                operation="RunInstances",
            )
        )
    return out


def generate(root: Path) -> tuple[Path, int, float]:
    """The export, its row count and the seconds it took to write."""
    started = time.perf_counter()
    folder = write_export(root, [*functions(), *tasks(), *instances()], start=START, hours=HOURS)
    elapsed = time.perf_counter() - started
    with duckdb.connect() as con:
        counted = con.execute(f"SELECT count(*) FROM read_parquet('{folder}/data/*/*.parquet')").fetchone()
    return folder, int(counted[0]) if counted else 0, elapsed


def generate_apart(root: Path) -> tuple[Path, int, float]:
    """`generate` in a process of its own: DuckDB holds gigabytes while it writes millions of rows,
    and a child forked from a large parent counts the parent's pages in its own peak RSS."""
    command = [sys.executable, __file__, GENERATE, str(root)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    folder, rows, elapsed = done.stdout.split()
    return Path(folder), int(rows), float(elapsed)


def run_digest(folder: Path) -> tuple[float, int]:
    """`compute-advisor digest --cur folder --json` as its own process: wall seconds and its own
    peak RSS in KiB (wait4's figure for that one child)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DIGEST_", "SLACK_", "AWS_"))}
    env |= {
        "AWS_CONFIG_FILE": "/nonexistent",
        "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    command = [sys.executable, "-m", "bot", "digest", "--cur", str(folder), "--json"]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"the digest exited with status {child.returncode}")
    return wall, usage.ru_maxrss


def cur_calls(folder: Path, files: int) -> tuple[Counter[str], Counter[str], int]:
    """The calls the CUR digest makes for its candidates, as it would against AWS (the export
    fetched from S3 the first time), with how many candidates and workloads."""
    settings = load_settings({"DIGEST_CUR": str(folder)})
    engine = DuckDbEngine(parquet_in(str(folder), folder))
    try:
        read = read_export(engine, settings, "bench", {}, bundled_catalog())
    finally:
        engine.close()
    calls: Counter[str] = Counter(
        ListAccounts=math.ceil(len(ACCOUNTS) / LIST_ACCOUNTS_PAGE),
        ListObjectsV2=math.ceil(files / LIST_OBJECTS_PAGE),
        HeadObject=files,
        GetObject=files,
        GetCallerIdentity=1,
    )
    grouped: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
    for c in read.candidates:
        grouped[c.account, c.region].append(c)
    own = ACCOUNTS[0]
    calls["AssumeRole"] = len({account for account, _ in grouped} - {own})
    window = read.report.window.lookback
    functions_in = Counter((w.account, w.region) for w in read.report.workloads if w.service == "lambda")
    for (account, region), members in grouped.items():
        calls["GetMetricData"] += minimum_calls(sum(len(candidate_queries(c)) for c in members), window)
        if any(c.function_name for c in members):
            calls["ListFunctions"] += math.ceil(functions_in[account, region] / LIST_FUNCTIONS_PAGE)
    kinds = Counter(c.key[2] for c in read.candidates)
    return calls, kinds, len(read.report.workloads)


def reader_calls(window_periods: int) -> Counter[str]:
    """The fewest calls the per-account CloudWatch reader makes for the same resources: every
    account and region listed, every resource's metrics fetched, Cost Explorer once an account."""
    per_call = min(500, 100_800 // window_periods)
    calls: Counter[str] = Counter(
        GetCallerIdentity=1, AssumeRole=len(ACCOUNTS) - 1, GetCostAndUsage=len(ACCOUNTS)
    )
    services = TASKS // TASKS_PER_SERVICE
    places = len(ACCOUNTS) * len(REGIONS)
    per_place = {"f": FUNCTIONS / places, "s": services / places, "i": INSTANCES / places}
    clusters = min(7, math.ceil(per_place["s"]))
    calls["ListFunctions"] = places * math.ceil(per_place["f"] / LIST_FUNCTIONS_PAGE)
    calls["ListClusters"] = places
    calls["ListServices"] = places * clusters * math.ceil(per_place["s"] / clusters / LIST_PAGE)
    calls["DescribeServices"] = (
        places * clusters * math.ceil(per_place["s"] / clusters / DESCRIBE_SERVICES_BATCH)
    )
    calls["DescribeTaskDefinition"] = services
    calls["DescribeInstances"] = places * math.ceil(per_place["i"] / DESCRIBE_INSTANCES_PAGE)
    queries = 3 * per_place["f"] + 2 * per_place["s"] + 2 * per_place["i"]
    calls["GetMetricData"] = places * math.ceil(queries / per_call)
    return calls


def main() -> None:
    load_before = os.getloadavg()
    print(f"{os.cpu_count()} CPUs; load average before: {', '.join(f'{x:.2f}' for x in load_before)}")
    with tempfile.TemporaryDirectory(prefix="bench-cur-") as tmp:
        folder, rows, written_s = generate_apart(Path(tmp))
        files = len(list(folder.rglob("*.parquet")))
        size_mib = sum(p.stat().st_size for p in folder.rglob("*.parquet")) / KIB / KIB
        print(
            f"export: {FUNCTIONS + TASKS + INSTANCES:,} resources x {HOURS} hours, {rows:,} rows in "
            f"{files} Parquet files ({size_mib:.0f} MiB), written in {written_s:.1f} s"
        )
        wall, rss_kib = run_digest(folder)
        calls, candidates, workloads = cur_calls(folder, files)
    load_after = os.getloadavg()
    rss_mib = rss_kib / KIB
    per_target = wall * TARGET_ROWS / rows
    print(
        f"\ndigest of {rows:,} rows ({workloads:,} workloads): {wall:.1f} s wall, peak RSS {rss_mib:.0f} MiB"
    )
    print(f"  {rows / wall:,.0f} rows/s; {per_target:.1f} s per 2 million rows")
    print(f"  wall / target (60 s, for all {rows:,} rows): {wall / TARGET_S:.2f}")
    print(f"  peak RSS / target (1 GiB): {rss_mib / TARGET_RSS_MIB:.2f}")
    reader = reader_calls(14 * 24)
    chosen = ", ".join(f"{n} {kind}" for kind, n in sorted(candidates.items()))
    print(f"\nAWS calls for the same resources ({chosen} candidates read in CloudWatch):")
    print(f"{'call':<24}{'CUR digest':>12}{'reader':>12}")
    for op in sorted(set(calls) | set(reader)):
        print(f"{op:<24}{calls[op]:>12,}{reader[op]:>12,}")
    total, theirs = sum(calls.values()), sum(reader.values())
    print(f"{'all calls':<24}{total:>12,}{theirs:>12,}")
    print(
        f"reader / CUR digest: {theirs / total:.1f}x all calls, "
        f"{reader['GetMetricData'] / max(calls['GetMetricData'], 1):.1f}x GetMetricData"
    )
    print(f"\nload average after: {', '.join(f'{x:.2f}' for x in load_after)}")


if __name__ == "__main__":
    if sys.argv[1:2] == [GENERATE]:
        made, count, took = generate(Path(sys.argv[2]))
        print(made, count, took)
    else:
        main()
