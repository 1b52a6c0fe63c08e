"""Opening the database at start-up: a failure names DATABASE_URL, never its password."""

from __future__ import annotations

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot.storage.engine import make_engine
from bot.storage.store import Store
from core.errors import AdvisorError

DATABASE_ACCEPTED = "sqlite:///path.db, or postgresql://user:password@host/db reachable from here"


class DatabaseUnavailable(AdvisorError):
    """The database DATABASE_URL names can't be opened or migrated."""


def open_store(url: str) -> Store:
    """The database at `url`, migrated to the newest schema; DatabaseUnavailable if it can't be."""
    try:
        store = Store(make_engine(url))
        store.migrate()
    except SQLAlchemyError as error:
        raise unavailable(url, error) from None
    return store


def unavailable(url: str, error: SQLAlchemyError) -> DatabaseUnavailable:
    """Where, and the database's own reason (its first line), with the password masked."""
    shown = make_url(url).render_as_string(hide_password=True)
    cause = getattr(error, "orig", None) or error
    reason = str(cause).strip().splitlines()[0] if str(cause).strip() else ""
    password = make_url(url).password
    if password:
        reason = reason.replace(str(password), "***")
    said = f"{type(cause).__name__}: {reason}" if reason else type(cause).__name__
    return DatabaseUnavailable(f"DATABASE_URL: couldn't open {shown} ({said}); accepted: {DATABASE_ACCEPTED}")
