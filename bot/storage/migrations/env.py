"""Alembic's environment for compute-advisor.

The app hands over an open connection (`bot.storage.schema.migrate`, in a transaction that holds
the database's write lock). Run from the `alembic` command line (README, "Changing the schema"),
it opens the database DATABASE_URL names, through the same settings and engine as the app.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from bot.settings import load_settings
from bot.storage.engine import make_engine
from bot.storage.tables import Base


def _ours(name: str | None, type_: str, _parents: object) -> bool:
    # Tables of others in the same database (APScheduler's job store) are neither compared nor dropped.
    return type_ != "table" or name in Base.metadata.tables


def _configure(connection: Connection) -> None:
    # SQLite can't ALTER most of a table: batch mode copies it instead, on both databases alike.
    context.configure(
        connection=connection, target_metadata=Base.metadata, render_as_batch=True, include_name=_ours
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_from_the_command_line() -> None:
    if context.is_offline_mode():
        url = load_settings().database_url
        context.configure(url=url, target_metadata=Base.metadata, literal_binds=True, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(load_settings().database_url)
    try:
        with engine.connect() as connection:
            _configure(connection)
    finally:
        engine.dispose()


_given: Connection | None = context.config.attributes.get("connection")
if _given is not None:
    _configure(_given)
else:
    _run_from_the_command_line()
