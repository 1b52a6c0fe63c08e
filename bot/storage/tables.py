"""The tables, as SQLAlchemy 2.0 typed mappings; portable between SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, Dialect, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

SLACK_ID_LENGTH = 32
EVENT_KEY_LENGTH = 255
PRICE_TABLE_LENGTH = 32
REGION_LENGTH = 64
ISO_DATE_LENGTH = 10


class UtcDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as UTC; SQLite drops the offset, so it is put back on read."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(
        self,
        value: datetime | None,
        dialect: Dialect,  # noqa: ARG002
    ) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"a naive datetime can't be stored: {value!r}; give it a tzinfo")
        return value.astimezone(UTC)

    def process_result_value(
        self,
        value: datetime | None,
        dialect: Dialect,  # noqa: ARG002
    ) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """The metadata every compute-advisor table belongs to."""


class ThreadRow(Base):
    """The workload a thread is about, so follow-ups can change one field of it."""

    __tablename__ = "threads"

    team_id: Mapped[str] = mapped_column(String(SLACK_ID_LENGTH), primary_key=True)
    channel_id: Mapped[str] = mapped_column(String(SLACK_ID_LENGTH), primary_key=True)
    thread_ts: Mapped[str] = mapped_column(String(SLACK_ID_LENGTH), primary_key=True)
    workload_json: Mapped[str] = mapped_column(Text)
    answer_ts: Mapped[str | None] = mapped_column(String(SLACK_ID_LENGTH))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AnswerRow(Base):
    """Each answer's workload by the answer's own ts: its buttons act on it, whatever came after."""

    __tablename__ = "answers"

    team_id: Mapped[str] = mapped_column(String(SLACK_ID_LENGTH), primary_key=True)
    channel_id: Mapped[str] = mapped_column(String(SLACK_ID_LENGTH), primary_key=True)
    answer_ts: Mapped[str] = mapped_column(String(SLACK_ID_LENGTH), primary_key=True)
    thread_ts: Mapped[str] = mapped_column(String(SLACK_ID_LENGTH))
    workload_json: Mapped[str] = mapped_column(Text)
    posted_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ProcessedEventRow(Base):
    """An event some replica has taken on; the primary key makes the claim exclusive."""

    __tablename__ = "processed_events"

    event_key: Mapped[str] = mapped_column(String(EVENT_KEY_LENGTH), primary_key=True)
    claimed_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class DigestRow(Base):
    """A channel's weekly digest: claimed first, then filled in once posted."""

    __tablename__ = "digests"
    __table_args__ = (UniqueConstraint("channel_id", "iso_year", "iso_week", name="uq_digests_channel_week"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel_id: Mapped[str] = mapped_column(String(SLACK_ID_LENGTH))
    iso_year: Mapped[int] = mapped_column(Integer)
    iso_week: Mapped[int] = mapped_column(Integer)
    claimed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    posted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    message_ts: Mapped[str | None] = mapped_column(String(SLACK_ID_LENGTH))
    payload_json: Mapped[str | None] = mapped_column(Text)


class PriceTableRow(Base):
    """One table of prices for one region, as the newest Price List refresh stored it."""

    __tablename__ = "price_tables"

    table_name: Mapped[str] = mapped_column(String(PRICE_TABLE_LENGTH), primary_key=True)
    region: Mapped[str] = mapped_column(String(REGION_LENGTH), primary_key=True)
    published: Mapped[str] = mapped_column(String(ISO_DATE_LENGTH))  # the price list's publication date
    fetched_at: Mapped[datetime] = mapped_column(UtcDateTime)
    entry_json: Mapped[str | None] = mapped_column(Text)  # NULL: the API listed nothing there
