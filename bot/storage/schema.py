"""The schema, through Alembic's migrations: every start brings the database to the newest revision.

A database made before migrations existed (by `create_all`) has the tables of the first revision
and no `alembic_version`: it is stamped with that revision, then upgraded like any other.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, inspect, text

INITIAL_REVISION = "0001"
SCRIPT_LOCATION = "bot.storage:migrations"
# Any fixed number: the key of PostgreSQL's advisory lock that lets one process migrate at a time.
MIGRATION_LOCK_KEY = 0x636F6D70
VERSION_TABLE = "alembic_version"


def migration_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for the packaged scripts; with `connection`, they run on it."""
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database to `revision`, one process at a time, in one transaction.

    On SQLite the transaction begins IMMEDIATE (bot.storage.engine), which takes the write lock;
    on PostgreSQL an advisory lock does the same, so replicas starting together migrate once.
    """
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        config = migration_config(connection)
        tables = set(inspect(connection).get_table_names())
        if VERSION_TABLE not in tables and "threads" in tables:
            command.stamp(config, INITIAL_REVISION)
        command.upgrade(config, revision)
