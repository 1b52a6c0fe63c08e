"""Durable state for the Slack app and the weekly digest, on SQLite or PostgreSQL.

Build it in the composition root: `Store(make_engine(settings.database_url))`, then
`store.migrate()` once at start-up (Alembic's migrations, bot/storage/migrations).
"""

from bot.storage.engine import make_engine
from bot.storage.opening import DatabaseUnavailable, open_store
from bot.storage.records import DigestRecord, ThreadKey, ThreadRecord
from bot.storage.store import DEFAULT_DIGEST_LEASE, DigestNotClaimed, Store, utc_now

__all__ = [
    "DEFAULT_DIGEST_LEASE",
    "DatabaseUnavailable",
    "DigestNotClaimed",
    "DigestRecord",
    "Store",
    "ThreadKey",
    "ThreadRecord",
    "make_engine",
    "open_store",
    "utc_now",
]
