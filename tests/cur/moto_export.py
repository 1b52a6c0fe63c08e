"""The CUR digest's AWS parts in moto's server: the export uploaded to S3, its table in the Glue
Data Catalog, DuckDB's answers to queue for moto's Athena, credentials in another account."""

from __future__ import annotations

from pathlib import Path

import boto3

from bot.digest.cur import read_export
from bot.digest.cur_files import DuckDbEngine, parquet_in
from bot.settings import load_settings
from core.cur.columns import REQUIRED_COLUMNS
from core.prices.catalog import PriceCatalog
from tests.aws.seed import READER_ROLE
from tests.cur.athena_results import RecordingEngine


def upload(folder: Path, bucket: str, prefix: str) -> str:
    """Every file of the export under s3://bucket/prefix/<export folder name>/; that URI."""
    s3 = boto3.session.Session().client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket=bucket)
    for path in sorted(folder.rglob("*.parquet")):
        s3.upload_file(str(path), bucket, f"{prefix}/{folder.name}/{path.relative_to(folder)}")
    return f"s3://{bucket}/{prefix}/{folder.name}"


def glue_table(database: str, table: str, region: str) -> None:
    """The CUR 2.0 table in the Glue Data Catalog, with its documented columns and partition."""
    glue = boto3.session.Session().client("glue", region_name=region)
    glue.create_database(DatabaseInput={"Name": database})
    columns = [{"Name": name, "Type": kind} for name, kind in REQUIRED_COLUMNS.items()]
    glue.create_table(
        DatabaseName=database,
        TableInput={
            "Name": table,
            "StorageDescriptor": {"Columns": columns},
            "PartitionKeys": [{"Name": "billing_period", "Type": "string"}],
        },
    )


def duckdb_answers(export: Path, catalog: PriceCatalog) -> RecordingEngine:
    """DuckDB having answered every query the digest sends its engine, in order."""
    settings = load_settings({"DIGEST_CUR": str(export)})
    duckdb = DuckDbEngine(parquet_in(str(export), export))
    engine = RecordingEngine(duckdb)
    try:
        read_export(engine, settings, "DuckDB", {}, catalog)
    finally:
        duckdb.close()
    return engine


def session_in(account: str) -> boto3.session.Session:
    """Credentials in `account`, through AssumeRole as moto models it."""
    sts = boto3.session.Session().client("sts", region_name="us-east-1")
    role = f"arn:aws:iam::{account}:role/{READER_ROLE}"
    credentials = sts.assume_role(RoleArn=role, RoleSessionName="organization")["Credentials"]
    return boto3.session.Session(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )
