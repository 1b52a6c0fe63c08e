"""CloudWatch for the CUR's candidates only: the few workloads whose move could pass the
thresholds, read in their own account (the credentials' own, or through the role of
DIGEST_ROLE_ARNS for it) and region, in as few GetMetricData calls as the limits allow.

The CUR already names every function, service and instance, so the metric queries are built from
its names (a function's name, a service's cluster and name, instance ids). The one listing call,
ListFunctions, is made in a region only where a function is a candidate: it says the memory a
function is configured with, which the CUR's GB-seconds don't.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal

import boto3

from core.aws.assemble import weighted_mean
from core.aws.failures import RegionScope, attempt
from core.aws.lambdas import list_lambda_functions
from core.aws.metrics import MetricFetch, MetricQuery, fetch_metric_series
from core.aws.queries import (
    EC2_CPU,
    EC2_CPU_MAX,
    ECS_CPU,
    ECS_MEMORY,
    LAMBDA_CONCURRENCY,
    LAMBDA_DURATION,
    LAMBDA_INVOCATIONS,
)
from core.aws.session import make_client
from core.cur.model import Candidate, CloudWatchRead, CurWindow, Refinement
from core.usage import ReadError, summarize

Sessions = Callable[[str], boto3.session.Session | ReadError]


def candidate_queries(candidate: Candidate) -> list[MetricQuery]:
    """The metrics that refine one candidate, named after its workload key."""
    name = "|".join(candidate.key)
    dims: tuple[tuple[str, str], ...]
    if candidate.function_name is not None:
        dims = (("FunctionName", candidate.function_name),)
        return [MetricQuery(name, s, dims) for s in (LAMBDA_INVOCATIONS, LAMBDA_DURATION, LAMBDA_CONCURRENCY)]
    if candidate.cluster is not None:
        dims = (("ClusterName", candidate.cluster),)
        if candidate.service_name is not None:
            dims += (("ServiceName", candidate.service_name),)
        return [MetricQuery(name, s, dims) for s in (ECS_CPU, ECS_MEMORY)]
    return [
        MetricQuery(f"{name}|{instance}", spec, (("InstanceId", instance),))
        for instance in candidate.instance_ids
        for spec in (EC2_CPU, EC2_CPU_MAX)
    ]


def refinement(candidate: Candidate, fetch: MetricFetch) -> Refinement:
    """What the fetched series say about one candidate."""
    name = "|".join(candidate.key)
    if candidate.function_name is not None:
        invocations = fetch.of(name, LAMBDA_INVOCATIONS)
        concurrency = [v for _, v in fetch.of(name, LAMBDA_CONCURRENCY)]
        return Refinement(
            candidate.key,
            avg_duration_ms=weighted_mean([(fetch.of(name, LAMBDA_DURATION), invocations)]),
            max_concurrency=max(concurrency) if concurrency else None,
            datapoints=len(invocations),
        )
    if candidate.cluster is not None:
        cpu = [v for _, v in fetch.of(name, ECS_CPU)]
        memory = [v for _, v in fetch.of(name, ECS_MEMORY)]
        return Refinement(
            candidate.key, cpu_percent=summarize(cpu), memory_percent=summarize(memory), datapoints=len(cpu)
        )
    averages = [v for i in candidate.instance_ids for _, v in fetch.of(f"{name}|{i}", EC2_CPU)]
    peaks = [v for i in candidate.instance_ids for _, v in fetch.of(f"{name}|{i}", EC2_CPU_MAX)]
    return Refinement(
        candidate.key,
        cpu_percent=summarize(averages),
        cpu_max_percent=max(peaks) if peaks else None,
        datapoints=len(averages),
    )


def read_candidates(sessions: Sessions, candidates: Sequence[Candidate], window: CurWindow) -> CloudWatchRead:
    """Each candidate's refinement, read account by account and region by region."""
    grouped: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
    for c in candidates:
        grouped[c.account, c.region].append(c)
    refinements: dict[tuple[str, str, str, str], Refinement] = {}
    errors: list[ReadError] = []
    for (account, region), members in sorted(grouped.items()):
        session = sessions(account)
        if isinstance(session, ReadError):
            errors.append(ReadError(account, region, *_error_parts(session)))
            continue
        queries = [q for c in members for q in candidate_queries(c)]
        client = make_client(session, "cloudwatch", region)
        scope = RegionScope(account, region)
        fetch = fetch_metric_series(client, queries, window.lookback, scope)
        memory = _configured_memory(session, members, scope)
        errors += fetch.errors
        if isinstance(memory, ReadError):
            errors.append(memory)
        memories = memory if isinstance(memory, dict) else {}
        refinements |= {c.key: _with_memory(refinement(c, fetch), c, memories) for c in members}
    return CloudWatchRead(refinements, tuple(errors))


def _configured_memory(
    session: boto3.session.Session, members: Sequence[Candidate], scope: RegionScope
) -> dict[str, int] | ReadError:
    """The memory of each function in the region, by ARN and by name: only where one is a candidate."""
    if not any(c.function_name is not None for c in members):
        return {}
    client = make_client(session, "lambda", scope.region)
    listed = attempt(lambda: list_lambda_functions(client), scope.site("lambda", "ListFunctions"))
    if isinstance(listed, ReadError):
        return listed
    return {f.arn: f.memory_mb for f in listed} | {f.name: f.memory_mb for f in listed}


def _with_memory(refined: Refinement, candidate: Candidate, memories: dict[str, int]) -> Refinement:
    if candidate.function_name is None:
        return refined
    memory = memories.get(candidate.key[3], memories.get(candidate.function_name))
    return replace(refined, memory_mb=Decimal(memory)) if memory is not None else refined


def _error_parts(error: ReadError) -> tuple[str, str, str, str]:
    return error.service, error.operation, error.error_code, error.message


def account_sessions(session: boto3.session.Session, role_arns: Sequence[str], session_name: str) -> Sessions:
    """A session for each account: the credentials' own, or one through its role in `role_arns`
    (assumed once, when first needed); a ReadError for an account with neither."""
    from core.aws.accounts import role_account  # noqa: PLC0415 (accounts imports the reader)
    from core.aws.failures import CallSite  # noqa: PLC0415
    from core.aws.session import GLOBAL_REGION, assume_role_session, caller_account  # noqa: PLC0415

    region = session.region_name or GLOBAL_REGION
    own = attempt(lambda: caller_account(session), CallSite(None, region, "sts", "GetCallerIdentity"))
    roles = {role_account(arn): arn for arn in role_arns}
    made: dict[str, boto3.session.Session | ReadError] = {}

    def for_account(account: str) -> boto3.session.Session | ReadError:
        if account == own:
            return session
        if account not in made:
            arn = roles.get(account)
            if arn is None:
                made[account] = ReadError(
                    account,
                    region,
                    "sts",
                    "AssumeRole",
                    "NoRole",
                    "no role for this account in DIGEST_ROLE_ARNS: CloudWatch not read",
                )
            else:
                made[account] = attempt(
                    lambda: assume_role_session(session, arn, session_name),
                    CallSite(account, region, "sts", "AssumeRole"),
                )
        return made[account]

    return for_account
