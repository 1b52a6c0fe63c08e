"""Alembic's migrations build exactly the tables the code maps, and keep the rows of older databases."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from bot.storage import Store, ThreadKey
from bot.storage.schema import migrate, migration_config
from bot.storage.tables import Base

ROOT = Path(__file__).resolve().parents[2]
INITIAL_TABLES = {"threads", "processed_events", "digests"}  # revision 0001: what create_all made
OUR_TABLES = INITIAL_TABLES | {"price_tables", "answers"}


def differences(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def revision_of(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def test_the_migrations_build_exactly_the_tables_the_code_maps(engine):
    migrate(engine)
    assert set(inspect(engine).get_table_names()) >= OUR_TABLES
    assert differences(engine) == []
    assert revision_of(engine) is not None


def test_migrating_again_changes_nothing_and_keeps_the_rows(engine):
    store = Store(engine)
    store.migrate()
    store.save_thread(ThreadKey("T1", "C1", "1.0"), "{}", "1.0")
    head = revision_of(engine)
    store.migrate()
    assert revision_of(engine) == head
    assert store.load_thread(ThreadKey("T1", "C1", "1.0")) is not None


def test_a_database_made_before_migrations_is_stamped_and_keeps_its_rows(engine):
    # what start-up did before Alembic, when only the first revision's tables were mapped
    Base.metadata.create_all(engine, tables=[Base.metadata.tables[name] for name in INITIAL_TABLES])
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO processed_events (event_key, claimed_at) VALUES ('old', :at)"),
            {"at": "2025-01-06 09:00:00+00:00"},
        )
    store = Store(engine)
    store.migrate()
    assert revision_of(engine) is not None
    assert differences(engine) == []
    assert not store.claim_event("old")  # the row is still there, so the claim is taken


def test_every_migration_can_be_undone_and_done_again(engine):
    migrate(engine)
    with engine.begin() as connection:
        command.downgrade(migration_config(connection), "base")
    assert not OUR_TABLES & set(inspect(engine).get_table_names())
    migrate(engine)
    assert differences(engine) == []


def test_the_alembic_command_line_of_the_readme_reads_database_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    env["DATABASE_URL"] = url
    alembic = [sys.executable, "-m", "alembic", "-c", "bot/storage/migrations/alembic.ini"]
    upgraded = subprocess.run(
        [*alembic, "upgrade", "head"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert upgraded.returncode == 0, upgraded.stderr
    current = subprocess.run(
        [*alembic, "current"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert current.returncode == 0, current.stderr
    assert "(head)" in current.stdout


def test_the_answers_of_threads_saved_before_revision_0003_can_be_found_by_their_ts(engine):
    with engine.begin() as connection:
        command.upgrade(migration_config(connection), "0001")
        connection.execute(
            text(
                "INSERT INTO threads (team_id, channel_id, thread_ts, workload_json, answer_ts, updated_at) "
                "VALUES ('T1', 'C1', '1.0', '{\"kind\": \"job\"}', '1.5', :at)"
            ),
            {"at": "2025-01-06 09:00:00+00:00"},
        )
    store = Store(engine)
    store.migrate()
    record = store.load_answer("T1", "C1", "1.5")
    assert record is not None
    assert record.key == ThreadKey("T1", "C1", "1.0")
    assert record.workload_json == '{"kind": "job"}'
