"""Which CloudWatch metrics describe each kind of resource: the reader's query plan. Pure."""

from __future__ import annotations

from core.aws.ec2 import Ec2Instance
from core.aws.fargate import FargateServiceConfig
from core.aws.lambdas import LambdaFunctionConfig
from core.aws.metrics import MetricQuery, MetricSpec

LAMBDA_INVOCATIONS = MetricSpec("AWS/Lambda", "Invocations", "Sum")
LAMBDA_DURATION = MetricSpec("AWS/Lambda", "Duration", "Average")
LAMBDA_CONCURRENCY = MetricSpec("AWS/Lambda", "ConcurrentExecutions", "Maximum")
ECS_CPU = MetricSpec("AWS/ECS", "CPUUtilization", "Average")
ECS_MEMORY = MetricSpec("AWS/ECS", "MemoryUtilization", "Average")
ALB_REQUESTS = MetricSpec("AWS/ApplicationELB", "RequestCount", "Sum")
ALB_RESPONSE_TIME = MetricSpec("AWS/ApplicationELB", "TargetResponseTime", "Average")
EC2_CPU = MetricSpec("AWS/EC2", "CPUUtilization", "Average")
EC2_CPU_MAX = MetricSpec("AWS/EC2", "CPUUtilization", "Maximum")


def lambda_queries(function: LambdaFunctionConfig) -> list[MetricQuery]:
    """Invocations, average duration and peak concurrency of one function."""
    dimensions = (("FunctionName", function.name),)
    specs = (LAMBDA_INVOCATIONS, LAMBDA_DURATION, LAMBDA_CONCURRENCY)
    return [MetricQuery(function.arn, spec, dimensions) for spec in specs]


def service_queries(service: FargateServiceConfig) -> list[MetricQuery]:
    """CPU and memory of one service, and requests and response time of each of its ALB targets."""
    dimensions = (("ClusterName", service.cluster), ("ServiceName", service.name))
    queries = [MetricQuery(service.arn, spec, dimensions) for spec in (ECS_CPU, ECS_MEMORY)]
    for target in service.alb_targets:
        alb = (
            ("TargetGroup", target.target_group_dimension),
            ("LoadBalancer", target.load_balancer_dimension),
        )
        for spec in (ALB_REQUESTS, ALB_RESPONSE_TIME):
            queries.append(MetricQuery(target.target_group_arn, spec, alb))
    return queries


def instance_queries(instance: Ec2Instance) -> list[MetricQuery]:
    """Average and peak CPU of one instance."""
    dimensions = (("InstanceId", instance.instance_id),)
    return [MetricQuery(instance.instance_id, spec, dimensions) for spec in (EC2_CPU, EC2_CPU_MAX)]
