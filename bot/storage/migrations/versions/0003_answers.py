"""Each answer's workload by its own ts (answers), filled from the threads' latest answers.

Revision ID: 0003
Revises: 0002
Created: 2025-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "answers",
        *(sa.Column(key, sa.String(32), primary_key=True) for key in ("team_id", "channel_id", "answer_ts")),
        sa.Column("thread_ts", sa.String(32), nullable=False),
        sa.Column("workload_json", sa.Text(), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
    )
    # Until now only a thread's latest answer was kept: that one, at least, gets its row.
    op.execute(
        "INSERT INTO answers (team_id, channel_id, answer_ts, thread_ts, workload_json, posted_at) "
        "SELECT team_id, channel_id, answer_ts, thread_ts, workload_json, updated_at "
        "FROM threads WHERE answer_ts IS NOT NULL"
    )


def downgrade() -> None:
    op.drop_table("answers")
