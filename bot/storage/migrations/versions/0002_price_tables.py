"""Prices from the Price List API: one row per table and region, replaced by each refresh.

Revision ID: 0002
Revises: 0001
Created: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "price_tables",
        sa.Column("table_name", sa.String(32), primary_key=True),
        sa.Column("region", sa.String(64), primary_key=True),
        sa.Column("published", sa.String(10), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("entry_json", sa.Text(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("price_tables")
