"""Alembic's migration scripts for compute-advisor's tables (see bot.storage.schema)."""
