"""Work done in a short-lived child process, so that what it imports never stays in the caller.

A long-running process keeps every module it ever imported: Alembic (7.5 MB) for one second of
migrating at start-up, boto3 (10 MB) for a credentials check and a weekly price refresh. Such work
runs here instead, in a spawned child (a fresh interpreter, not a fork holding the parent's
threads and database connections) that exits when the work is done.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import ParamSpec, TypeVar

from sqlalchemy.engine import make_url

Params = ParamSpec("Params")
Result = TypeVar("Result")


def in_child(work: Callable[Params, Result], *args: Params.args, **kwargs: Params.kwargs) -> Result:
    """`work(*args, **kwargs)` in a spawned child process, which exits after; its result or error.

    `work` and its arguments go to the child by pickle: a module-level function, plain values."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as child:
        return child.submit(work, *args, **kwargs).result()


def shared_with_child(database_url: str) -> bool:
    """Whether a child opening `database_url` sees this process's database: not an in-memory
    SQLite database, which each process would have a fresh one of."""
    return make_url(database_url).database not in (None, "", ":memory:")
