"""The CUR digest against moto's server on 127.0.0.1: the export fetched from S3, the same queries
on Athena, accounts named through AWS Organizations, and the candidates read in CloudWatch and
the Lambda API through the assume-role path. The command runs as its own process, configured as
boto3 always is (AWS_ENDPOINT_URL, credentials in the environment)."""

from __future__ import annotations

import json
import re
import subprocess
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import boto3

from bot.cli.render.digest import digest_text
from bot.digest.cur import cur_digest
from bot.settings import load_settings
from core.aws.cur_s3 import fetch_export
from core.aws.session import make_client
from core.prices.catalog import PriceCatalog
from tests.aws.hooks import CallRecorder, deny_region
from tests.aws.seed import ACCOUNT, NOW, OTHER_ACCOUNT, READER_ROLE, World
from tests.cur.athena_results import queue_results
from tests.cur.export import Charge, Resource, write_export
from tests.cur.moto_export import duckdb_answers, glue_table, session_in, upload
from tests.cur.seeded import API, INGEST, OTHER_NAME, OWN_NAME, REPORTS
from tests.digest_command import digest_process, environment_without

OWN_SETTINGS = ("DIGEST_", "SLACK_", "DATABASE_URL")
ROLE = f"arn:aws:iam::{OTHER_ACCOUNT}:role/{READER_ROLE}"
ATHENA_REGION = "ap-southeast-2"  # moto queues Athena's answers per account and region: this test's own


def digest(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`compute-advisor digest` with this process's AWS environment (aimed at moto) and `env`."""
    return digest_process(*args, env=environment_without(OWN_SETTINGS, **env))


def digest_json(*args: str, **env: str) -> dict[str, Any]:
    done = digest(*args, "--json", **env)
    assert done.returncode == 0, done.stderr
    body: dict[str, Any] = json.loads(done.stdout, parse_float=Decimal)
    return body


def without_source(body: dict[str, Any]) -> dict[str, Any]:
    """A digest without the lines that name where it was read."""
    rest = {k: v for k, v in body.items() if k != "source"}
    rest["assumptions"] = [a for a in body["assumptions"] if not a.startswith("source: ")]
    return rest


def test_an_export_in_s3_is_fetched_and_digested_as_its_local_copy(
    world: World, seeded_export: Path, tmp_path: Path
) -> None:
    uri = upload(seeded_export, f"billing-{uuid.uuid4().hex[:12]}", "cur2")
    offline = {"DIGEST_CUR_CLOUDWATCH": "false", "DIGEST_CUR_CACHE": str(tmp_path / "cache")}

    from_s3 = digest_json("--cur", uri, **offline)
    local = digest_json("--cur", str(seeded_export), **offline)

    assert from_s3["source"] == f"CUR 2.0 export {uri} through DuckDB (1 Parquet files)"
    assert without_source(from_s3) == without_source(local)
    assert {n["resource"] for n in from_s3["notes"]} >= {API, INGEST}
    cached = sorted(p.name for p in (tmp_path / "cache").rglob("*") if p.is_file())
    assert len(cached) == 2
    assert cached[1] == cached[0] + ".etag"


def test_a_file_in_the_cache_is_not_fetched_again_while_its_etag_holds(
    session: Any, seeded_export: Path, tmp_path: Path
) -> None:
    uri = upload(seeded_export, f"billing-{uuid.uuid4().hex[:12]}", "cur2")
    recorder = CallRecorder()
    recorder.attach(session)
    s3 = make_client(session, "s3", "us-east-1")

    first = fetch_export(s3, uri, tmp_path)
    fetched = recorder.operations["s3", "GetObject"]
    again = fetch_export(s3, uri, tmp_path)

    assert first == again
    assert fetched >= 1
    assert recorder.operations["s3", "GetObject"] == fetched  # nothing fetched the second time
    assert recorder.operations["s3", "ListObjectsV2"] == 2


def test_candidates_are_refined_in_their_own_account_through_the_reader_role(
    world: World, seeded_export: Path
) -> None:
    body = digest_json("--cur", str(seeded_export), DIGEST_ROLE_ARNS=ROLE)

    assert body["errors"] == []
    assert body["account_names"] == {ACCOUNT: OWN_NAME, OTHER_ACCOUNT: OTHER_NAME}
    notes = {n["resource"]: n for n in body["notes"]}
    assert set(notes) == {API, INGEST, REPORTS}
    api, ingest, reports = notes[API], notes[INGEST], notes[REPORTS]
    assert "Lambda: 1024MB configured (ListFunctions), so 50ms a request" in " ".join(api["assumptions"])
    assert (
        "Lambda: 128MB configured (ListFunctions), so 18ms a request (GB-seconds per request / memory)"
        in ingest["assumptions"]
    )
    assert "CloudWatch: 18ms on average" in ingest["assumptions"]
    assert any(a.startswith("CloudWatch: peak concurrency 45") for a in ingest["assumptions"])
    assert any(a.startswith("CloudWatch: CPU") for a in reports["assumptions"])
    assert any(a.startswith("CloudWatch read for 3 candidate(s) only") for a in body["assumptions"])


def as_duckdb(query: str, relation: str, duckdb_relation: str) -> str:
    """An Athena query in DuckDB's words: its relation, and tags read by subscript."""
    tags = re.sub(r"element_at\(resource_tags, ('[a-z_]+')\)", r"resource_tags[\1]", query)
    return tags.replace(relation, duckdb_relation)


def athena_queries(database: str) -> list[str]:
    """The queries Athena was sent in `database`."""
    athena = boto3.session.Session().client("athena", region_name=ATHENA_REGION)
    ids = athena.list_query_executions(WorkGroup="primary")["QueryExecutionIds"]
    executions = [athena.get_query_execution(QueryExecutionId=i)["QueryExecution"] for i in ids]
    return [e["Query"] for e in executions if e["QueryExecutionContext"]["Database"] == database]


def test_athena_is_sent_the_same_queries_and_its_answers_make_the_same_digest(
    world: World, seeded_server: tuple[str, World], seeded_export: Path, catalog: PriceCatalog
) -> None:
    database = f"cur_{uuid.uuid4().hex[:8]}"
    glue_table(database, "cur2", ATHENA_REGION)
    duckdb = duckdb_answers(seeded_export, catalog)
    queue_results(seeded_server[0], ACCOUNT, ATHENA_REGION, duckdb.answers)
    offline = {"DIGEST_CUR_CLOUDWATCH": "false"}

    athena = digest_json(
        "--cur",
        "s3://billing/cur2/cur2-export",
        "--engine",
        "athena",
        DIGEST_ATHENA_DATABASE=database,
        DIGEST_ATHENA_TABLE="cur2",
        DIGEST_ATHENA_REGION=ATHENA_REGION,
        **offline,
    )
    local = digest_json("--cur", str(seeded_export), **offline)

    assert athena["source"] == (
        f"CUR 2.0 table {database}.cur2 through Amazon Athena ({ATHENA_REGION}, workgroup primary)"
    )
    assert without_source(athena) == without_source(local)
    sent = athena_queries(database)
    assert len(sent) == len(duckdb.answers) == 6  # bounds, workloads, charges, plans, instances, shapes
    relation = f'"{database}"."cur2"'
    assert all(relation in query for query in sent)
    assert ["element_at(resource_tags, " in query for query in sent] == [False, True, True, False, True, True]
    # The same text as DuckDB's but for the relation and how a tag is read.
    assert [as_duckdb(q, relation, duckdb.relation) for q in sent] == [q for q, _ in duckdb.answers]


def two_accounts(root: Path, named: tuple[str, str], unnamed: str) -> Path:
    """A two-day export: a busy function in an account the CUR names and in one it doesn't."""
    (account, name), function = named, "arn:aws:lambda:us-east-1:{}:function:api"
    charges = (Charge("Request", 720_000, "0.0000002"), Charge("Lambda-GB-Second", 36_000, "0.0000166667"))
    resources = [
        Resource(account, name, "AWSLambda", "us-east-1", function.format(account), charges),
        Resource(unnamed, "", "AWSLambda", "us-east-1", function.format(unnamed), charges),
    ]
    return write_export(root, resources, start=datetime(2024, 5, 1, tzinfo=UTC), hours=48)


def test_accounts_are_named_as_aws_organizations_names_them(world: World, tmp_path: Path) -> None:
    management = f"{uuid.uuid4().int % 10**11 + 2 * 10**11:012d}"  # a fresh organisation per run
    session = session_in(management)
    organizations = session.client("organizations", region_name="us-east-1")
    organizations.create_organization(FeatureSet="ALL")
    created = organizations.create_account(AccountName="analytics", Email="analytics@example.com")
    analytics = created["CreateAccountStatus"]["AccountId"]
    export = two_accounts(tmp_path, (management, "payer-in-the-cur"), analytics)
    credentials = session.get_credentials().get_frozen_credentials()

    body = digest_json(
        "--cur",
        str(export),
        DIGEST_CUR_CLOUDWATCH="false",
        AWS_ACCESS_KEY_ID=credentials.access_key,
        AWS_SECRET_ACCESS_KEY=credentials.secret_key,
        AWS_SESSION_TOKEN=credentials.token,
    )

    # moto names an organisation's management account "master".
    assert body["account_names"] == {management: "master", analytics: "analytics"}


def test_without_aws_organizations_accounts_are_named_as_the_cur_names_them_or_by_id(
    session: Any, tmp_path: Path, catalog: PriceCatalog
) -> None:
    denied = f"User: arn:aws:sts::{ACCOUNT}:assumed-role/reader/digest is not authorized"
    session.events.register("before-call.organizations", deny_region("us-east-1", denied))
    recorder = CallRecorder()
    recorder.attach(session)
    export = two_accounts(tmp_path, (ACCOUNT, "platform"), OTHER_ACCOUNT)
    settings = load_settings({"DIGEST_CUR": str(export), "DIGEST_CUR_CLOUDWATCH": "false"})

    digest = cur_digest(settings, NOW, week="2024-W19", catalog=catalog, session_source=lambda: session)

    assert recorder.operations["organizations", "ListAccounts"] == 1
    assert dict(digest.account_names) == {ACCOUNT: "platform"}
    scope = digest_text(digest).splitlines()[1]
    assert scope.endswith(f"in {OTHER_ACCOUNT}, platform ({ACCOUNT}) (us-east-1)")
