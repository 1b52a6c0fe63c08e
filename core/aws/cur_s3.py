"""A CUR 2.0 export in S3, fetched into a local cache so that DuckDB reads plain files (and needs
no httpfs extension to download). A file already in the cache with the same ETag is not fetched
again; only the two newest billing periods are fetched (the window spans at most two)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from core.cur.columns import CurExportError
from core.cur.layout import LEGACY_PROBLEM, is_legacy_file, newest_periods

S3_URI = re.compile(r"^s3://(?P<bucket>[^/]+)/?(?P<prefix>.*)$")


def split_uri(uri: str) -> tuple[str, str]:
    """`s3://bucket/prefix` as (bucket, prefix)."""
    match = S3_URI.match(uri)
    if match is None:
        raise CurExportError(uri, "not an s3://bucket/prefix URI")
    return match["bucket"], match["prefix"]


def list_export(client: Any, uri: str) -> list[tuple[str, str]]:
    """The (key, ETag) of every Parquet file under the URI, in the two newest billing periods."""
    bucket, prefix = split_uri(uri)
    objects: list[tuple[str, str]] = []
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        objects += [(str(o["Key"]), str(o.get("ETag", ""))) for o in page.get("Contents", [])]
    etags = {key: etag for key, etag in objects if key.endswith(".parquet")}
    if not etags:
        if any(is_legacy_file(key) for key, _ in objects):
            raise CurExportError(uri, LEGACY_PROBLEM)
        problem = "no objects: a missing or empty export" if not objects else "holds no Parquet files"
        raise CurExportError(uri, problem)
    return [(key, etags[key]) for key in newest_periods(list(etags))]


def fetch_export(client: Any, uri: str, cache: Path) -> list[Path]:
    """The export's Parquet files as local paths, fetched into `cache` where new or changed."""
    bucket, _ = split_uri(uri)
    paths = []
    for key, etag in list_export(client, uri):
        path = cache / bucket / key
        stamp = path.with_name(path.name + ".etag")
        if not (path.is_file() and stamp.is_file() and stamp.read_text() == etag):
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(path.name + ".part")
            client.download_file(bucket, key, str(partial))
            partial.replace(path)
            stamp.write_text(etag)
        paths.append(path)
    return paths
