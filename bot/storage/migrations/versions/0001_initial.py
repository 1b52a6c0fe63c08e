"""The tables as they were when migrations began: threads, processed_events, digests.

Revision ID: 0001
Revises:
Created: 2025-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SLACK_ID = sa.String(32)


def upgrade() -> None:
    op.create_table(
        "threads",
        sa.Column("team_id", SLACK_ID, primary_key=True),
        sa.Column("channel_id", SLACK_ID, primary_key=True),
        sa.Column("thread_ts", SLACK_ID, primary_key=True),
        sa.Column("workload_json", sa.Text(), nullable=False),
        sa.Column("answer_ts", SLACK_ID, nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "processed_events",
        sa.Column("event_key", sa.String(255), primary_key=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_processed_events_claimed_at", "processed_events", ["claimed_at"])
    op.create_table(
        "digests",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("channel_id", SLACK_ID, nullable=False),
        sa.Column("iso_year", sa.Integer(), nullable=False),
        sa.Column("iso_week", sa.Integer(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("message_ts", SLACK_ID, nullable=True),
        sa.Column("payload_json", sa.Text(), nullable=True),
        sa.UniqueConstraint("channel_id", "iso_year", "iso_week", name="uq_digests_channel_week"),
    )


def downgrade() -> None:
    op.drop_table("digests")
    op.drop_index("ix_processed_events_claimed_at", table_name="processed_events")
    op.drop_table("processed_events")
    op.drop_table("threads")
