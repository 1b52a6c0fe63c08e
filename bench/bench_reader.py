"""How many AWS calls, how long and how much memory: our usage reader against a naive one.

Seeds moto's server (run as its own process on 127.0.0.1, so its memory is not counted) with
2,000 Lambda functions, 200 Fargate services and 500 EC2 instances over two regions, then reads
them twice in the same run:

- ours: `core.aws.read_usage`, GetMetricData in batches as large as its limits allow;
- naive: the same listing, then one GetMetricStatistics call per resource and metric, the way
  Cloud Custodian's `metrics` filter asks CloudWatch.

Prints figures only. Wall times are moto's, whose GetMetricData costs grow with queries x periods
x stored datapoints, unlike CloudWatch's; call counts are what AWS would see (except that moto
returns ListFunctions in one page where AWS pages by 50: the minimum column shows AWS's).
Run: `python bench/bench_reader.py` (a few minutes).
"""

from __future__ import annotations

import io
import math
import os
import socket
import subprocess
import sys
import threading
import time
import tracemalloc
import urllib.request
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3

from core.aws import read_usage
from core.aws.failures import RegionScope
from core.aws.inventory import list_region
from core.aws.metrics import queries_per_call
from core.aws.reader import REGIONAL_SERVICES, lookback_window
from core.aws.session import make_client
from core.usage import LookbackWindow

REGIONS = ("eu-west-1", "us-east-2")
FUNCTIONS_PER_REGION = 1000
CLUSTERS_PER_REGION = 2
SERVICES_PER_CLUSTER = 50
ALB_SERVICES_PER_REGION = 20
INSTANCES_PER_REGION = 250
INSTANCES_PER_GROUP = 25
# Resources per region with datapoints: moto's GetMetricData scans every stored datapoint for
# every query and period, so a few keep the run to minutes.
WITH_METRICS = 10
NOW = datetime(2024, 5, 15, 12, 34, tzinfo=UTC)
SEED_THREADS = 8
SERVER_START_TRIES = 200
FAKE_ENV = {
    "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "bench-secret",
    "AWS_DEFAULT_REGION": REGIONS[0],
    "AWS_CONFIG_FILE": "/nonexistent",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
    "AWS_EC2_METADATA_DISABLED": "true",
}
# The limits the fewest calls are counted against.
LIST_FUNCTIONS_PAGE = 50
LIST_PAGE = 100
DESCRIBE_SERVICES_BATCH = 10
TARGET_GROUP_BATCH = 20
DESCRIBE_INSTANCES_PAGE = 1000
BYTES_PER_MIB = 1024 * 1024


@dataclass(frozen=True)
class Run:
    """One reader's figures."""

    calls: Counter[str]
    wall_s: float
    peak_bytes: int
    known_functions: int


# --- the server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def moto_server() -> Iterator[str]:
    """moto's server in its own process on a free port, stopped on the way out."""
    port = free_port()
    env = {**os.environ, "MOTO_EC2_LOAD_DEFAULT_AMIS": "false"}
    command = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(endpoint)
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_until_up(endpoint: str) -> None:
    for _ in range(SERVER_START_TRIES):
        try:
            with urllib.request.urlopen(endpoint + "/moto-api/data.json", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"moto's server did not start at {endpoint}")


# --- seeding ----------------------------------------------------------------------------------


def function_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handle(event, context):\n    return event\n")
    return buffer.getvalue()


def in_parallel(task: Callable[[int], object], count: int) -> None:
    with ThreadPoolExecutor(max_workers=SEED_THREADS) as pool:
        list(pool.map(task, range(count)))


def seed_functions(session: Any, region: str, role: str) -> None:
    client = session.client("lambda", region_name=region)
    code = function_zip()

    def create(i: int) -> None:
        client.create_function(
            FunctionName=f"fn-{i:04d}",
            Runtime="python3.12",
            Role=role,
            Handler="handler.handle",
            Code={"ZipFile": code},
            MemorySize=(128, 512, 1024, 2048)[i % 4],
            Architectures=[("x86_64", "arm64")[i % 2]],
        )

    in_parallel(create, FUNCTIONS_PER_REGION)


def seed_network(session: Any, region: str) -> tuple[str, list[str], str]:
    ec2 = session.client("ec2", region_name=region)
    vpc = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
    subnets = [s["SubnetId"] for s in ec2.describe_subnets()["Subnets"]][:2]
    return vpc, subnets, ec2.describe_security_groups()["SecurityGroups"][0]["GroupId"]


def seed_target_groups(session: Any, region: str, vpc: str, subnets: list[str]) -> list[str]:
    elb = session.client("elbv2", region_name=region)
    balancer = elb.create_load_balancer(Name="bench-alb", Subnets=subnets, Type="application")
    lb_arn = balancer["LoadBalancers"][0]["LoadBalancerArn"]
    arns = []
    for i in range(ALB_SERVICES_PER_REGION):
        group = elb.create_target_group(Name=f"tg-{i}", Protocol="HTTP", Port=80, VpcId=vpc, TargetType="ip")
        arn = group["TargetGroups"][0]["TargetGroupArn"]
        action = {"Type": "forward", "TargetGroupArn": arn}
        elb.create_listener(LoadBalancerArn=lb_arn, Protocol="HTTP", Port=8000 + i, DefaultActions=[action])
        arns.append(arn)
    return arns


def seed_services(session: Any, region: str) -> None:
    vpc, subnets, group = seed_network(session, region)
    target_groups = seed_target_groups(session, region, vpc, subnets)
    ecs = session.client("ecs", region_name=region)
    tasks = [
        ecs.register_task_definition(
            family=f"task-{size}",
            requiresCompatibilities=["FARGATE"],
            networkMode="awsvpc",
            cpu=str(size),
            memory=str(size * 2),
            containerDefinitions=[{"name": "app", "image": "nginx"}],
        )["taskDefinition"]["taskDefinitionArn"]
        for size in (256, 512, 1024, 2048)
    ]
    awsvpc = {"awsvpcConfiguration": {"subnets": subnets, "securityGroups": [group]}}
    for c in range(CLUSTERS_PER_REGION):
        ecs.create_cluster(clusterName=f"cluster-{c}")

    def create(i: int) -> None:
        extra: dict[str, Any] = {}
        if i < ALB_SERVICES_PER_REGION:
            lb = {"targetGroupArn": target_groups[i], "containerName": "app", "containerPort": 80}
            extra["loadBalancers"] = [lb]
        ecs.create_service(
            cluster=f"cluster-{i % CLUSTERS_PER_REGION}",
            serviceName=f"svc-{i:03d}",
            taskDefinition=tasks[i % len(tasks)],
            desiredCount=1 + i % 3,
            launchType="FARGATE",
            networkConfiguration=awsvpc,
            **extra,
        )

    in_parallel(create, CLUSTERS_PER_REGION * SERVICES_PER_CLUSTER)


def seed_instances(session: Any, region: str) -> list[str]:
    ec2 = session.client("ec2", region_name=region)
    ids: list[str] = []
    for g in range(INSTANCES_PER_REGION // INSTANCES_PER_GROUP):
        tags = [{"Key": "Name", "Value": f"group-{g}"}]
        response = ec2.run_instances(
            ImageId="ami-12345678",
            MinCount=INSTANCES_PER_GROUP,
            MaxCount=INSTANCES_PER_GROUP,
            InstanceType=("m5.large", "c6g.xlarge", "t3.medium")[g % 3],
            TagSpecifications=[{"ResourceType": "instance", "Tags": tags}],
        )
        ids += [str(i["InstanceId"]) for i in response["Instances"]]
    return ids


def seed_metrics(session: Any, region: str, instance_ids: Sequence[str]) -> None:
    """Two hourly samples for the first few functions, services and instances."""
    stamps = [NOW - timedelta(hours=h) for h in (2, 3)]
    data: list[tuple[str, str, dict[str, str]]] = []
    for i in range(WITH_METRICS):
        function = {"FunctionName": f"fn-{i:04d}"}
        data += [("AWS/Lambda", name, function) for name in ("Invocations", "Duration")]
        service = {"ClusterName": f"cluster-{i % CLUSTERS_PER_REGION}", "ServiceName": f"svc-{i:03d}"}
        data += [("AWS/ECS", "CPUUtilization", service)]
        data += [("AWS/EC2", "CPUUtilization", {"InstanceId": instance_ids[i]})]
    cloudwatch = session.client("cloudwatch", region_name=region)
    for namespace in {n for n, _, _ in data}:
        cloudwatch.put_metric_data(
            Namespace=namespace,
            MetricData=[
                {
                    "MetricName": name,
                    "Dimensions": [{"Name": k, "Value": v} for k, v in dims.items()],
                    "Timestamp": stamp,
                    "Value": 10.0 + h,
                }
                for n, name, dims in data
                if n == namespace
                for h, stamp in enumerate(stamps)
            ],
        )


def seed(session: Any) -> None:
    iam = session.client("iam", region_name=REGIONS[0])
    role = iam.create_role(RoleName="bench", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    for region in REGIONS:
        seed_functions(session, region, role)
        seed_services(session, region)
        seed_metrics(session, region, seed_instances(session, region))


# --- the two readers --------------------------------------------------------------------------


def record_calls(session: Any) -> Counter[str]:
    calls: Counter[str] = Counter()
    lock = threading.Lock()

    def count(model: Any, **_: Any) -> None:
        with lock:
            calls[str(model.name)] += 1

    session.events.register("provide-client-params", count)
    return calls


def measure(read: Callable[[Any], int]) -> Run:
    session = boto3.session.Session()
    calls = record_calls(session)
    tracemalloc.start()
    started = time.perf_counter()
    known = read(session)
    wall_s = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return Run(calls, wall_s, peak, known)


def ours(session: Any) -> int:
    report = read_usage(session, REGIONS, now=NOW, cost_explorer=False)
    assert not report.errors, report.errors
    functions = report.accounts[0].lambda_functions
    return sum(f.invocations is not None for f in functions)


def naive(session: Any) -> int:
    window = lookback_window(NOW, 14, 3600)
    clients = [{s: make_client(session, s, r) for s in REGIONAL_SERVICES} for r in REGIONS]
    with ThreadPoolExecutor(max_workers=4) as pool:
        counts = pool.map(naive_region, clients, REGIONS, [window] * len(REGIONS))
        return sum(counts)


def naive_region(clients: dict[str, Any], region: str, window: LookbackWindow) -> int:
    """List like ours, then ask for each resource's each metric alone."""
    inventory = list_region(clients, RegionScope(None, region))
    known = 0
    for query in inventory.metric_queries():
        answer = clients["cloudwatch"].get_metric_statistics(
            Namespace=query.spec.namespace,
            MetricName=query.spec.name,
            Dimensions=[{"Name": n, "Value": v} for n, v in query.dimensions],
            StartTime=window.start,
            EndTime=window.end,
            Period=window.period_s,
            Statistics=[query.spec.stat],
        )
        known += bool(answer["Datapoints"]) and query.spec.name == "Invocations"
    return known


# --- the figures ------------------------------------------------------------------------------


def fewest_calls(window: LookbackWindow) -> dict[str, int]:
    """The fewest calls AWS's page and batch limits allow for the seeded account."""
    regions = len(REGIONS)
    services = CLUSTERS_PER_REGION * SERVICES_PER_CLUSTER
    queries = 3 * FUNCTIONS_PER_REGION + 2 * services + 2 * ALB_SERVICES_PER_REGION + 2 * INSTANCES_PER_REGION
    per_cluster = SERVICES_PER_CLUSTER
    return {
        "GetCallerIdentity": 1,
        "ListFunctions": regions * math.ceil(FUNCTIONS_PER_REGION / LIST_FUNCTIONS_PAGE),
        "ListClusters": regions * math.ceil(CLUSTERS_PER_REGION / LIST_PAGE),
        "ListServices": regions * CLUSTERS_PER_REGION * math.ceil(per_cluster / LIST_PAGE),
        "DescribeServices": regions * CLUSTERS_PER_REGION * math.ceil(per_cluster / DESCRIBE_SERVICES_BATCH),
        "DescribeTaskDefinition": regions * 4,
        "DescribeTargetGroups": regions * math.ceil(ALB_SERVICES_PER_REGION / TARGET_GROUP_BATCH),
        "DescribeInstances": regions * math.ceil(INSTANCES_PER_REGION / DESCRIBE_INSTANCES_PAGE),
        "GetMetricData": regions * math.ceil(queries / queries_per_call(window)),
    }


def ratio(naive_value: float, ours_value: float) -> str:
    return f"{naive_value / ours_value:,.1f}x" if ours_value else "-"


def row(label: str, *cells: str) -> str:
    return f"{label:<24}" + "".join(f"{cell:>12}" for cell in cells)


def report(mine: Run, theirs: Run, window: LookbackWindow) -> None:
    fewest = fewest_calls(window)
    print(row("AWS calls", "ours", "naive", "minimum"))
    for op in sorted(set(mine.calls) | set(theirs.calls) | set(fewest)):
        least = f"{fewest[op]:,}" if op in fewest else "-"
        print(row(op, f"{mine.calls[op]:,}", f"{theirs.calls[op]:,}", least))
    total_mine, total_theirs = sum(mine.calls.values()), sum(theirs.calls.values())
    print(row("all calls", f"{total_mine:,}", f"{total_theirs:,}", f"{sum(fewest.values()):,}"))
    metric_mine, metric_theirs = mine.calls["GetMetricData"], theirs.calls["GetMetricStatistics"]
    peak_mine, peak_theirs = mine.peak_bytes / BYTES_PER_MIB, theirs.peak_bytes / BYTES_PER_MIB
    print()
    print(row("", "ours", "naive", "naive/ours"))
    print(row("metric calls", f"{metric_mine:,}", f"{metric_theirs:,}", ratio(metric_theirs, metric_mine)))
    print(row("all calls", f"{total_mine:,}", f"{total_theirs:,}", ratio(total_theirs, total_mine)))
    print(row("wall time s", f"{mine.wall_s:.1f}", f"{theirs.wall_s:.1f}", ratio(theirs.wall_s, mine.wall_s)))
    print(row("peak memory MiB", f"{peak_mine:.1f}", f"{peak_theirs:.1f}", ratio(peak_theirs, peak_mine)))
    print(row("functions with data", f"{mine.known_functions:,}", f"{theirs.known_functions:,}"))


def main() -> None:
    window = lookback_window(NOW, 14, 3600)
    with moto_server() as endpoint:
        os.environ.update(FAKE_ENV, AWS_ENDPOINT_URL=endpoint)
        started = time.perf_counter()
        seed(boto3.session.Session())
        seeded_s = time.perf_counter() - started
        services = CLUSTERS_PER_REGION * SERVICES_PER_CLUSTER
        print(
            f"seeded in {seeded_s:.0f} s: {len(REGIONS)} regions x ({FUNCTIONS_PER_REGION:,} "
            f"functions, {services} Fargate services ({ALB_SERVICES_PER_REGION} behind an ALB), "
            f"{INSTANCES_PER_REGION} instances)"
        )
        print(
            f"window: 14 days hourly = {window.periods} points a query; GetMetricData holds "
            f"min(500, 100,800 // {window.periods}) = {queries_per_call(window)} queries a call"
        )
        print("wall time and memory measured with tracemalloc on, moto in another process\n")
        mine = measure(ours)
        theirs = measure(naive)
    report(mine, theirs, window)


if __name__ == "__main__":
    main()
