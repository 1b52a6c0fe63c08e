"""The digest from a CUR 2.0 export (DIGEST_CUR or `--cur`): gather (the export through DuckDB or
Athena, account names, CloudWatch for the candidates), then the pure calls of `core.cur`.

boto3 is used only when it is needed: a local folder with no AWS credentials is digested from
the CUR alone, and says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from bot.digest.compose import thresholds
from bot.digest.cur_files import DuckDbEngine, parquet_in
from bot.settings import Settings
from core.aws.accounts import DEFAULT_SESSION_NAME, default_session
from core.aws.athena import AthenaEngine
from core.aws.cur_cloudwatch import account_sessions, read_candidates
from core.aws.cur_s3 import fetch_export
from core.aws.organizations import account_names
from core.aws.session import GLOBAL_REGION, make_client
from core.cur.digest import CandidateChoice, Key, build_cur_digest, candidate, choose_candidates, cost_report
from core.cur.model import Candidate, CloudWatchRead, CurReport
from core.cur.read import CurEngine, read_cur, read_members, read_shapes
from core.digest import Digest, PreviousDigest
from core.errors import AdvisorError
from core.prices.catalog import PriceCatalog
from core.usage import ReadError

Progress = Callable[[str], None]


@contextmanager
def cur_engine(settings: Settings, session_factory: Callable[[], Any]) -> Iterator[tuple[CurEngine, str]]:
    """The engine DIGEST_ENGINE names over DIGEST_CUR, and a line saying what it reads."""
    uri = settings.digest_cur or ""
    if settings.digest_engine == "athena":
        database, table = settings.digest_athena_database, settings.digest_athena_table
        if not database or not table:
            raise AdvisorError(
                "DIGEST_ENGINE: athena needs DIGEST_ATHENA_DATABASE and DIGEST_ATHENA_TABLE "
                "(the CUR 2.0 table)"
            )
        session = session_factory()
        region = settings.digest_athena_region
        yield (
            AthenaEngine(
                make_client(session, "athena", region),
                make_client(session, "glue", region),
                database,
                table,
                settings.digest_athena_workgroup,
                settings.digest_athena_output,
            ),
            f"CUR 2.0 table {database}.{table} through Amazon Athena ({region}, workgroup "
            f"{settings.digest_athena_workgroup})",
        )
        return
    if uri.startswith("s3://"):
        s3 = make_client(session_factory(), "s3", GLOBAL_REGION)
        files = fetch_export(s3, uri, Path(settings.digest_cur_cache).expanduser())
    else:
        files = parquet_in(uri, Path(uri).expanduser())
    engine = DuckDbEngine(files)
    try:
        yield engine, f"CUR 2.0 export {uri} through DuckDB ({len(files)} Parquet files)"
    finally:
        engine.close()


@dataclass(frozen=True, slots=True)
class ExportRead:
    """What the digest reads from the export: its report, the CloudWatch candidates chosen on the
    CUR alone, their instances and their usage by hour of the week (by workload key)."""

    report: CurReport
    choice: CandidateChoice
    candidates: tuple[Candidate, ...]
    shapes: dict[Key, tuple[Decimal, ...]]


def read_export(
    engine: CurEngine,
    settings: Settings,
    source: str,
    names: Mapping[str, str],
    catalog: PriceCatalog,
    *,
    progress: Progress | None = None,
) -> ExportRead:
    """Every query the digest sends the engine, in order: the report, then the candidates' parts."""
    report = read_cur(engine, settings.digest_cur or "", source, names)
    if progress:
        progress(f"read {len(report.workloads)} workloads from the CUR; ranking them")
    ranked = cost_report(report, catalog)
    choice = choose_candidates(ranked, thresholds(settings), settings.digest_cur_candidates)
    chosen = choice.chosen
    members = read_members(engine, report.window, [c.row.workload for c in chosen if c.row.service == "ec2"])
    shapes = read_shapes(engine, report.window, [c.row.workload for c in chosen])
    return ExportRead(
        report,
        choice,
        tuple(candidate(c, members.get(c.row.workload, ())) for c in chosen),
        {c.row.key: shapes[c.row.workload] for c in chosen if c.row.workload in shapes},
    )


def cur_digest(
    settings: Settings,
    now: datetime,
    *,
    week: str,
    catalog: PriceCatalog,
    previous: PreviousDigest | None = None,
    progress: Progress | None = None,
    session_source: Callable[[], Any] | None = None,
) -> Digest:
    """This week's digest of the export DIGEST_CUR names. `session_source` gives the boto3 session
    to read AWS with, or None without credentials (default: boto3's usual configuration)."""
    del now  # the window is the export's own last whole days, not the clock's
    session = (session_source or _session_or_none)()
    with cur_engine(settings, lambda: session or default_session()) as (engine, source):
        read = read_export(engine, settings, source, _names(session), catalog, progress=progress)
    cloudwatch = _cloudwatch(settings, session, list(read.candidates), read.report)
    if progress:
        done = len(cloudwatch.refinements)
        progress(f"CloudWatch: {done} of {len(read.candidates)} candidates read; costing them")
    costed = cost_report(read.report, catalog, cloudwatch.refinements, read.shapes)
    return build_cur_digest(
        read.report,
        costed,
        thresholds(settings),
        week=week,
        cloudwatch=cloudwatch,
        choice=read.choice,
        shapes=read.shapes,
        previous=previous,
    )


def _session_or_none() -> Any:
    """The default session when there are credentials to sign with; None otherwise."""
    session = default_session()
    return session if session.get_credentials() is not None else None


def _names(session: Any) -> dict[str, str]:
    if session is None:
        return {}
    names = account_names(make_client(session, "organizations", GLOBAL_REGION))
    return {} if isinstance(names, ReadError) else names


def _cloudwatch(
    settings: Settings, session: Any, candidates: list[Candidate], report: CurReport
) -> CloudWatchRead:
    if not candidates:
        return CloudWatchRead({}, (), "CloudWatch not read: no candidate could pass the thresholds")
    if not settings.digest_cur_cloudwatch:
        return CloudWatchRead(
            {}, (), "CloudWatch not read (DIGEST_CUR_CLOUDWATCH=false): figures are the CUR's"
        )
    if session is None:
        return CloudWatchRead({}, (), "CloudWatch not read: no AWS credentials; figures are the CUR's")
    sessions = account_sessions(session, settings.digest_role_arns, DEFAULT_SESSION_NAME)
    return read_candidates(sessions, candidates, report.window)
