"""The schema migration at start-up, in a short-lived child process.

Alembic stays in memory once imported (about 7.5 MB) and a long-running process needs it for one
second at start: so `compute-advisor run` migrates in a child (bot.child) and keeps only the
store. The child logs as the app does; a database it can't open or migrate comes back as the same
one line naming DATABASE_URL.
"""

from __future__ import annotations

from bot.child import in_child, shared_with_child
from bot.logs import configure_logging
from bot.settings import Settings
from bot.storage import DatabaseUnavailable, Store, make_engine, open_store


def open_migrated_store(settings: Settings) -> Store:
    """The store at DATABASE_URL, migrated to the newest schema by a child process;
    DatabaseUnavailable if it can't be opened or migrated."""
    if not shared_with_child(settings.database_url):
        return open_store(settings.database_url)  # a child would migrate a database of its own
    failure = in_child(migrate, settings)
    if failure is not None:
        raise DatabaseUnavailable(failure)
    return Store(make_engine(settings.database_url))


def migrate(settings: Settings) -> str | None:
    """In the child: migrate, and say why not (the one line) if it can't."""
    configure_logging(settings)
    try:
        open_store(settings.database_url).engine.dispose()
    except DatabaseUnavailable as error:
        return str(error)
    return None
