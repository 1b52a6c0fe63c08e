"""What runs in one region: functions, Fargate services and running instances, as configured."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from core.aws.ec2 import Ec2Instance, list_running_instances
from core.aws.failures import RegionScope, attempt
from core.aws.fargate import FargateServiceConfig, list_fargate_services
from core.aws.lambdas import LambdaFunctionConfig, list_lambda_functions
from core.aws.metrics import MetricQuery
from core.aws.queries import instance_queries, lambda_queries, service_queries
from core.usage import ReadError

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RegionInventory:
    """The resources found in one region and the listing calls that failed."""

    functions: tuple[LambdaFunctionConfig, ...]
    services: tuple[FargateServiceConfig, ...]
    instances: tuple[Ec2Instance, ...]
    errors: tuple[ReadError, ...]

    def metric_queries(self) -> list[MetricQuery]:
        """Every CloudWatch query that describes these resources."""
        queries = [q for f in self.functions for q in lambda_queries(f)]
        queries += [q for s in self.services for q in service_queries(s)]
        return queries + [q for i in self.instances for q in instance_queries(i)]


def list_region(clients: Mapping[str, Any], scope: RegionScope) -> RegionInventory:
    """List one region with clients for lambda, ecs, elbv2 and ec2; failures become errors."""
    errors: list[ReadError] = []
    functions = _or_empty(
        attempt(lambda: list_lambda_functions(clients["lambda"]), scope.site("lambda", "ListFunctions")),
        errors,
    )
    fargate = list_fargate_services(clients["ecs"], clients["elbv2"], scope)
    instances = _or_empty(
        attempt(lambda: list_running_instances(clients["ec2"]), scope.site("ec2", "DescribeInstances")),
        errors,
    )
    return RegionInventory(functions, fargate.services, instances, (*errors, *fargate.errors))


def _or_empty(result: tuple[T, ...] | ReadError, errors: list[ReadError]) -> tuple[T, ...]:
    if isinstance(result, ReadError):
        errors.append(result)
        return ()
    return result
