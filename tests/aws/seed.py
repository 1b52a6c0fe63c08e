"""A small account in moto's server: what the reader should find, and the metrics it should read.

Two regions. eu-west-1 holds three functions, a cluster with two Fargate services (one behind an
ALB) and one EC2-launch-type service that must be left out, and five instances (one stopped).
us-west-2 holds one function, one Windows Fargate service and two Graviton instances.
OTHER_ACCOUNT holds one function in eu-west-1, and in us-west-2 a busy function and two nearly idle
instances with two weeks of hourly metrics: the weekly digest's notes come from those.
"""

from __future__ import annotations

import io
import json
import urllib.request
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3

NOW = datetime(2024, 5, 15, 12, 34, tzinfo=UTC)  # a Wednesday
WINDOW_END = datetime(2024, 5, 15, 12, 0, tzinfo=UTC)
REGION_A = "eu-west-1"
REGION_B = "us-west-2"
ACCOUNT = "123456789012"
OTHER_ACCOUNT = "111111111111"
READER_ROLE = "compute-advisor-reader"


@dataclass
class World:
    """Names and ARNs the tests look for."""

    target_group_arn: str = ""
    load_balancer_arn: str = ""
    instance_ids: dict[str, list[str]] = field(default_factory=dict)


def hour(k: int) -> datetime:
    """Ten minutes into the k-th whole hour before the window's end."""
    return WINDOW_END - timedelta(hours=k) + timedelta(minutes=10)


def post_json(endpoint: str, path: str, body: dict[str, Any]) -> None:
    """POST to moto's own API (reset, static results)."""
    request = urllib.request.Request(
        endpoint + path,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status in (200, 201)


def function_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handle(event, context):\n    return event\n")
    return buffer.getvalue()


def create_functions(session: Any, region: str, specs: list[dict[str, Any]]) -> None:
    iam = session.client("iam", region_name=region)
    try:
        role = iam.get_role(RoleName="lambda-exec")["Role"]["Arn"]
    except iam.exceptions.NoSuchEntityException:
        role = iam.create_role(RoleName="lambda-exec", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    client = session.client("lambda", region_name=region)
    for spec in specs:
        client.create_function(
            Runtime="python3.12",
            Role=role,
            Handler="handler.handle",
            Code={"ZipFile": function_zip()},
            **spec,
        )


def network(session: Any, region: str) -> tuple[str, list[str], str]:
    ec2 = session.client("ec2", region_name=region)
    vpc = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
    subnets = [s["SubnetId"] for s in ec2.describe_subnets()["Subnets"]][:2]
    group = ec2.describe_security_groups()["SecurityGroups"][0]["GroupId"]
    return vpc, subnets, group


def create_alb(session: Any, region: str, vpc: str, subnets: list[str]) -> tuple[str, str]:
    elb = session.client("elbv2", region_name=region)
    balancer = elb.create_load_balancer(Name="shop-alb", Subnets=subnets, Type="application")
    lb_arn = balancer["LoadBalancers"][0]["LoadBalancerArn"]
    group = elb.create_target_group(Name="web-tg", Protocol="HTTP", Port=80, VpcId=vpc, TargetType="ip")
    tg_arn = group["TargetGroups"][0]["TargetGroupArn"]
    elb.create_listener(
        LoadBalancerArn=lb_arn,
        Protocol="HTTP",
        Port=80,
        DefaultActions=[{"Type": "forward", "TargetGroupArn": tg_arn}],
    )
    return lb_arn, tg_arn


def register_task(ecs: Any, family: str, cpu: str, memory: str, **extra: Any) -> str:
    response = ecs.register_task_definition(
        family=family,
        requiresCompatibilities=["FARGATE"],
        networkMode="awsvpc",
        cpu=cpu,
        memory=memory,
        containerDefinitions=[{"name": "app", "image": "nginx"}],
        **extra,
    )
    return str(response["taskDefinition"]["taskDefinitionArn"])


def create_service(ecs: Any, cluster: str, name: str, task: str, count: int, **extra: Any) -> None:
    ecs.create_service(cluster=cluster, serviceName=name, taskDefinition=task, desiredCount=count, **extra)


def run_instances(
    session: Any, region: str, instance_type: str, count: int, tags: dict[str, str]
) -> list[str]:
    ec2 = session.client("ec2", region_name=region)
    response = ec2.run_instances(
        ImageId="ami-12345678",
        MinCount=count,
        MaxCount=count,
        InstanceType=instance_type,
        TagSpecifications=[
            {"ResourceType": "instance", "Tags": [{"Key": k, "Value": v} for k, v in tags.items()]}
        ],
    )
    return [str(i["InstanceId"]) for i in response["Instances"]]


def put(cloudwatch: Any, namespace: str, name: str, dims: dict[str, str], values: list[float]) -> None:
    """One sample per hour, in hours 1, 2, 3... before the window's end."""
    cloudwatch.put_metric_data(
        Namespace=namespace,
        MetricData=[
            {
                "MetricName": name,
                "Dimensions": [{"Name": k, "Value": v} for k, v in dims.items()],
                "Timestamp": hour(k),
                "Value": value,
            }
            for k, value in enumerate(values, start=1)
        ],
    )


def seed_region_a(session: Any, world: World) -> None:
    create_functions(
        session,
        REGION_A,
        [
            {
                "FunctionName": "api",
                "MemorySize": 1024,
                "Timeout": 30,
                "Architectures": ["arm64"],
                "EphemeralStorage": {"Size": 1024},
            },
            {"FunctionName": "worker", "MemorySize": 512, "Timeout": 300},
            {"FunctionName": "idle", "MemorySize": 128, "Timeout": 3},
        ],
    )
    vpc, subnets, group = network(session, REGION_A)
    world.load_balancer_arn, world.target_group_arn = create_alb(session, REGION_A, vpc, subnets)
    ecs = session.client("ecs", region_name=REGION_A)
    ecs.create_cluster(clusterName="shop")
    platform = {"cpuArchitecture": "ARM64", "operatingSystemFamily": "LINUX"}
    web = register_task(ecs, "web", "512", "1024", runtimePlatform=platform)
    jobs = register_task(ecs, "jobs", "256", "512")
    awsvpc = {"awsvpcConfiguration": {"subnets": subnets, "securityGroups": [group]}}
    balancer = {"targetGroupArn": world.target_group_arn, "containerName": "app", "containerPort": 80}
    create_service(
        ecs,
        "shop",
        "web",
        web,
        2,
        launchType="FARGATE",
        networkConfiguration=awsvpc,
        loadBalancers=[balancer],
    )
    create_service(ecs, "shop", "jobs", jobs, 1, launchType="FARGATE", networkConfiguration=awsvpc)
    create_service(ecs, "shop", "legacy", jobs, 1, launchType="EC2")
    api = run_instances(session, REGION_A, "m5.large", 3, {"Name": "api", "Environment": "prod"})
    bastion = run_instances(session, REGION_A, "t3.micro", 1, {"Name": "bastion", "Owner": "ops"})
    stopped = run_instances(session, REGION_A, "m5.large", 1, {"Name": "api", "Environment": "prod"})
    session.client("ec2", region_name=REGION_A).stop_instances(InstanceIds=stopped)
    world.instance_ids.update(api=api, bastion=bastion, stopped=stopped)
    seed_metrics_a(session, world)


def seed_metrics_a(session: Any, world: World) -> None:
    cw = session.client("cloudwatch", region_name=REGION_A)
    put(cw, "AWS/Lambda", "Invocations", {"FunctionName": "api"}, [100, 300])
    put(cw, "AWS/Lambda", "Duration", {"FunctionName": "api"}, [50, 150])
    put(cw, "AWS/Lambda", "ConcurrentExecutions", {"FunctionName": "api"}, [3, 7])
    put(cw, "AWS/Lambda", "Invocations", {"FunctionName": "worker"}, [10])
    service = {"ClusterName": "shop", "ServiceName": "web"}
    put(cw, "AWS/ECS", "CPUUtilization", service, [20, 40, 60])
    put(cw, "AWS/ECS", "MemoryUtilization", service, [50, 50])
    alb = {
        "TargetGroup": world.target_group_arn.rsplit(":", 1)[-1],
        "LoadBalancer": world.load_balancer_arn.split(":loadbalancer/", 1)[-1],
    }
    put(cw, "AWS/ApplicationELB", "RequestCount", alb, [1000, 3000])
    put(cw, "AWS/ApplicationELB", "TargetResponseTime", alb, [0.1, 0.2])
    for instance, values in zip(world.instance_ids["api"], ([10, 30], [20], [90]), strict=True):
        put(cw, "AWS/EC2", "CPUUtilization", {"InstanceId": instance}, values)


def seed_region_b(session: Any, world: World) -> None:
    create_functions(session, REGION_B, [{"FunctionName": "etl", "MemorySize": 2048, "Timeout": 900}])
    _, subnets, group = network(session, REGION_B)
    ecs = session.client("ecs", region_name=REGION_B)
    ecs.create_cluster(clusterName="batch")
    windows = {"cpuArchitecture": "X86_64", "operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"}
    task = register_task(ecs, "crunch", "1024", "2048", runtimePlatform=windows)
    awsvpc = {"awsvpcConfiguration": {"subnets": subnets, "securityGroups": [group]}}
    create_service(ecs, "batch", "crunch", task, 3, launchType="FARGATE", networkConfiguration=awsvpc)
    world.instance_ids["batch"] = run_instances(session, REGION_B, "c6g.large", 2, {"Name": "batch"})
    cw = session.client("cloudwatch", region_name=REGION_B)
    put(cw, "AWS/Lambda", "Invocations", {"FunctionName": "etl"}, [5, 5, 5, 5])
    put(cw, "AWS/Lambda", "Duration", {"FunctionName": "etl"}, [60_000] * 4)


SPEND_RESULT = {
    "ResultsByTime": [
        {
            "TimePeriod": {"Start": "2024-05-06", "End": "2024-05-13"},
            "Total": {},
            "Groups": [
                {
                    "Keys": ["AWS Lambda"],
                    "Metrics": {"UnblendedCost": {"Amount": "12.3456", "Unit": "USD"}},
                },
                {
                    "Keys": ["Amazon Elastic Compute Cloud - Compute"],
                    "Metrics": {"UnblendedCost": {"Amount": "56.78", "Unit": "USD"}},
                },
            ],
            "Estimated": False,
        }
    ],
    "DimensionValueAttributes": [],
}


def seed_spend(endpoint: str, account: str, amount: str = "12.3456") -> None:
    """Queue one Cost Explorer answer for `account` (moto answers the next new request with it)."""
    result = json.loads(json.dumps(SPEND_RESULT))
    result["ResultsByTime"][0]["Groups"][0]["Metrics"]["UnblendedCost"]["Amount"] = amount
    post_json(
        endpoint,
        "/moto-api/static/ce/cost-and-usage-results",
        {
            "results": [result],
            "account_id": account,
        },
    )


def other_account_session(base: Any) -> Any:
    """A session in OTHER_ACCOUNT, through STS AssumeRole as moto models it."""
    sts = base.client("sts", region_name=REGION_A)
    credentials = sts.assume_role(
        RoleArn=f"arn:aws:iam::{OTHER_ACCOUNT}:role/{READER_ROLE}", RoleSessionName="seed"
    )["Credentials"]
    return boto3.session.Session(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )


WINDOW_HOURS = 14 * 24


def seed_other_account_b(other: Any, world: World) -> None:
    """A steady, busy 128MB function (1,000 req/s of 18ms) and two m5.xlarge at 2-3% CPU."""
    create_functions(other, REGION_B, [{"FunctionName": "ingest", "MemorySize": 128, "Timeout": 10}])
    ids = run_instances(other, REGION_B, "m5.xlarge", 2, {"Name": "reports", "Environment": "prod"})
    world.instance_ids["reports"] = ids
    cw = other.client("cloudwatch", region_name=REGION_B)
    function = {"FunctionName": "ingest"}
    put(cw, "AWS/Lambda", "Invocations", function, [3_600_000.0] * WINDOW_HOURS)
    put(cw, "AWS/Lambda", "Duration", function, [18.0] * WINDOW_HOURS)
    put(cw, "AWS/Lambda", "ConcurrentExecutions", function, [45.0] * WINDOW_HOURS)
    for instance in ids:
        put(cw, "AWS/EC2", "CPUUtilization", {"InstanceId": instance}, [2.0, 3.0] * (WINDOW_HOURS // 2))


def seed_world(endpoint: str) -> World:
    """Everything above, in the default account, plus OTHER_ACCOUNT's function and its us-west-2."""
    world = World()
    session = boto3.session.Session()
    seed_region_a(session, world)
    seed_region_b(session, world)
    other = other_account_session(session)
    create_functions(other, REGION_A, [{"FunctionName": "billing", "MemorySize": 256, "Timeout": 10}])
    seed_other_account_b(other, world)
    return world
