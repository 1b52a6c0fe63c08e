"""The Slack app's memory: thread and answer workloads, events already answered, digests posted.

Every write is one transaction. Exclusive claims (an event, a digest week) are INSERTs against a
primary key or UNIQUE constraint, so the database picks exactly one winner even when several
processes or replicas race; nothing is read first and then written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, Engine, Insert, and_, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from bot.storage.engine import reading
from bot.storage.records import DigestRecord, ThreadKey, ThreadRecord
from bot.storage.tables import EVENT_KEY_LENGTH, AnswerRow, Base, DigestRow, ProcessedEventRow, ThreadRow
from core.errors import AdvisorError

# A replica that claimed a week and died before posting must not cost the channel its
# digest; after this long with nothing posted, another replica may take the claim over.
DEFAULT_DIGEST_LEASE = timedelta(hours=1)
THREAD_KEYS = ("team_id", "channel_id", "thread_ts")
ANSWER_KEYS = ("team_id", "channel_id", "answer_ts")


class DigestNotClaimed(AdvisorError):
    """A digest post was recorded for a week no replica had claimed."""

    def __init__(self, channel_id: str, iso_year: int, iso_week: int) -> None:
        super().__init__(f"no claimed digest for {channel_id} in {iso_year}-W{iso_week:02d}")


def utc_now() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


class Store:
    """Threads, processed events and digests in one SQL database (SQLite or PostgreSQL)."""

    def __init__(
        self,
        engine: Engine,
        *,
        clock: Callable[[], datetime] = utc_now,
        digest_lease: timedelta = DEFAULT_DIGEST_LEASE,
    ) -> None:
        self._engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        # reads begin without the write lock (bot.storage.engine): they never wait behind a writer
        self._reads = sessionmaker(reading(engine), expire_on_commit=False)
        self._clock = clock
        self._digest_lease = digest_lease
        # built once: every answer saves one of each
        self._thread_upsert = _upsert(engine.dialect.name, ThreadRow, THREAD_KEYS)
        self._answer_upsert = _upsert(engine.dialect.name, AnswerRow, ANSWER_KEYS)

    @property
    def engine(self) -> Engine:
        """The engine the store works through (the digest's job store shares it)."""
        return self._engine

    def migrate(self) -> None:
        """Bring the schema to the newest migration (Alembic); rows are kept."""
        # Alembic is imported only by the process that migrates: the serving workers never load it.
        from bot.storage.schema import migrate  # noqa: PLC0415

        migrate(self._engine)

    def save_thread(self, key: ThreadKey, workload_json: str, answer_ts: str | None) -> ThreadRecord:
        """Remember the thread's workload and answer, replacing what was there; and the answer's
        workload under its own ts. Saving the same again changes nothing (a retry is safe)."""
        record = ThreadRecord(key, workload_json, answer_ts, self._clock())
        values = {
            "team_id": key.team_id,
            "channel_id": key.channel_id,
            "thread_ts": key.thread_ts,
            "workload_json": workload_json,
            "answer_ts": answer_ts,
            "updated_at": record.updated_at,
        }
        with self._engine.begin() as connection:  # Core, not a Session: a quarter of the CPU
            connection.execute(self._thread_upsert, values)
            if answer_ts is not None:
                answer = {"answer_ts": answer_ts, "posted_at": record.updated_at}
                connection.execute(self._answer_upsert, values | answer)
        return record

    def load_answer(self, team_id: str, channel_id: str, answer_ts: str) -> ThreadRecord | None:
        """The workload of the answer posted as `answer_ts`, in its thread; None if never saved."""
        with self._reads() as session:
            row = session.get(AnswerRow, (team_id, channel_id, answer_ts))
            if row is None:
                return None
            key = ThreadKey(team_id, channel_id, row.thread_ts)
            return ThreadRecord(key, row.workload_json, row.answer_ts, row.posted_at)

    def load_thread(self, key: ThreadKey) -> ThreadRecord | None:
        """The thread's saved workload and answer, or None for a thread never saved."""
        with self._reads() as session:
            row = session.get(ThreadRow, (key.team_id, key.channel_id, key.thread_ts))
            if row is None:
                return None
            return ThreadRecord(key, row.workload_json, row.answer_ts, row.updated_at)

    def claim_event(self, event_key: str) -> bool:
        """True for the first caller ever to claim `event_key`, False for every later one."""
        if not event_key or len(event_key) > EVENT_KEY_LENGTH:
            raise ValueError(f"an event key has 1 to {EVENT_KEY_LENGTH} characters: {event_key!r}")
        return self._insert_once(ProcessedEventRow(event_key=event_key, claimed_at=self._clock()))

    def prune_events(self, older_than: datetime) -> int:
        """Forget events claimed before `older_than` (Slack retries for minutes, not days)."""
        if older_than.tzinfo is None:
            raise ValueError(f"older_than needs a time zone: {older_than!r}")
        statement = delete(ProcessedEventRow).where(ProcessedEventRow.claimed_at < older_than)
        with self._engine.begin() as connection:
            return connection.execute(statement).rowcount

    def claim_digest(self, channel_id: str, iso_year: int, iso_week: int) -> bool:
        """True for the one caller that should post this channel's digest for this ISO week.

        A claim never followed by `record_digest_post` may be taken over once the lease runs out.
        """
        now = self._clock()
        row = DigestRow(channel_id=channel_id, iso_year=iso_year, iso_week=iso_week, claimed_at=now)
        if self._insert_once(row):
            return True
        takeover = (
            update(DigestRow)
            .where(_week(channel_id, iso_year, iso_week), DigestRow.posted_at.is_(None))
            .where(DigestRow.claimed_at < now - self._digest_lease)
            .values(claimed_at=now)
        )
        with self._engine.begin() as connection:
            return connection.execute(takeover).rowcount == 1

    def record_digest_post(
        self, channel_id: str, iso_year: int, iso_week: int, message_ts: str, payload_json: str
    ) -> None:
        """Mark the claimed week's digest as posted, as `message_ts`, with what it said."""
        statement = (
            update(DigestRow)
            .where(_week(channel_id, iso_year, iso_week))
            .values(posted_at=self._clock(), message_ts=message_ts, payload_json=payload_json)
        )
        with self._engine.begin() as connection:
            if connection.execute(statement).rowcount != 1:
                raise DigestNotClaimed(channel_id, iso_year, iso_week)

    def last_digest(self, channel_id: str) -> DigestRecord | None:
        """The channel's most recent posted digest, or None before the first one."""
        return self._latest_posted(DigestRow.channel_id == channel_id)

    def previous_digest(
        self, channel_id: str, before_iso_year: int, before_iso_week: int
    ) -> DigestRecord | None:
        """The channel's latest posted digest from a week before the given one."""
        earlier = or_(
            DigestRow.iso_year < before_iso_year,
            and_(DigestRow.iso_year == before_iso_year, DigestRow.iso_week < before_iso_week),
        )
        return self._latest_posted(DigestRow.channel_id == channel_id, earlier)

    def _insert_once(self, row: Base) -> bool:
        try:
            with self._sessions.begin() as session:
                session.add(row)
        except IntegrityError:
            return False
        return True

    def _latest_posted(self, *conditions: ColumnElement[bool]) -> DigestRecord | None:
        statement = (
            select(DigestRow)
            .where(DigestRow.posted_at.is_not(None), *conditions)
            .order_by(DigestRow.iso_year.desc(), DigestRow.iso_week.desc())
            .limit(1)
        )
        with self._reads() as session:
            row = session.scalars(statement).one_or_none()
            return None if row is None else _digest_record(row)


def _week(channel_id: str, iso_year: int, iso_week: int) -> ColumnElement[bool]:
    return and_(
        DigestRow.channel_id == channel_id,
        DigestRow.iso_year == iso_year,
        DigestRow.iso_week == iso_week,
    )


def _upsert(dialect_name: str, table: type[ThreadRow | AnswerRow], keys: tuple[str, ...]) -> Insert:
    # Both databases spell an upsert as INSERT ... ON CONFLICT DO UPDATE; SQLAlchemy keeps
    # the construct per dialect. The values come with each execution.
    updated = [column.name for column in table.__table__.columns if column.name not in keys]
    if dialect_name == "sqlite":
        lite = sqlite.insert(table)
        return lite.on_conflict_do_update(
            index_elements=list(keys), set_={name: lite.excluded[name] for name in updated}
        )
    pg = postgresql.insert(table)
    return pg.on_conflict_do_update(
        index_elements=list(keys), set_={name: pg.excluded[name] for name in updated}
    )


def _digest_record(row: DigestRow) -> DigestRecord:
    return DigestRecord(
        channel_id=row.channel_id,
        iso_year=row.iso_year,
        iso_week=row.iso_week,
        claimed_at=row.claimed_at,
        posted_at=row.posted_at,
        message_ts=row.message_ts,
        payload_json=row.payload_json,
    )
