"""The prices a Price List refresh stored: written all at once, read back as StoredTables.

A refresh replaces the rows of the tables and regions it read, in one transaction: a failure
halfway (the process killed, the database gone) rolls it all back, so the last good prices stay.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, func, insert, select, tuple_
from sqlalchemy.exc import OperationalError, ProgrammingError

from bot.storage.engine import reading
from bot.storage.tables import PriceTableRow
from core.prices.overlay import StoredTable
from core.prices.pricelist.result import Priced

DELETE_BATCH = 200  # row keys per DELETE: well under every database's limit on bound parameters


def save_prices(engine: Engine, priced: Sequence[Priced], fetched_at: datetime) -> None:
    """Replace the stored rows of every table and region in `priced`, in one transaction."""
    rows = [
        {
            "table_name": p.table,
            "region": p.region,
            "published": p.published or fetched_at.date().isoformat(),
            "fetched_at": fetched_at,
            "entry_json": None
            if p.entry is None
            else json.dumps(p.entry, sort_keys=True, separators=(",", ":")),
        }
        for p in priced
    ]
    keys = [(row["table_name"], row["region"]) for row in rows]
    with engine.begin() as connection:
        for start in range(0, len(keys), DELETE_BATCH):
            batch = keys[start : start + DELETE_BATCH]
            connection.execute(
                delete(PriceTableRow).where(tuple_(PriceTableRow.table_name, PriceTableRow.region).in_(batch))
            )
        if rows:
            connection.execute(insert(PriceTableRow), rows)


def load_prices(engine: Engine) -> list[StoredTable]:
    """Every stored table and region; none when no refresh has run (or the schema predates prices)."""
    query = select(
        PriceTableRow.table_name, PriceTableRow.region, PriceTableRow.published, PriceTableRow.entry_json
    )
    try:
        with reading(engine).connect() as connection:
            found = connection.execute(query).all()
    except (OperationalError, ProgrammingError):  # no price_tables table yet: nothing stored
        return []
    return [StoredTable.from_row(*row) for row in found]


def newest_fetch(engine: Engine) -> tuple[datetime | None, int]:
    """When the newest stored prices were fetched, and how many rows there are: what changes
    when a refresh stores prices (and so when a long-running process should reload them)."""
    query = select(func.max(PriceTableRow.fetched_at), func.count())
    try:
        with reading(engine).connect() as connection:
            newest, count = connection.execute(query).one()
    except (OperationalError, ProgrammingError):  # no price_tables table yet
        return None, 0
    if isinstance(newest, str):  # SQLite hands an aggregate back as text, untyped
        newest = datetime.fromisoformat(newest)
    if newest is not None and newest.tzinfo is None:
        newest = newest.replace(tzinfo=UTC)
    return newest, int(count)
