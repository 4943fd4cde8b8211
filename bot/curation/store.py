"""The `unanswered` table in the operator database: only redacted, cleaned, shortened text.

SQLAlchemy Core only (works on 1.4 and 2.0), its own MetaData, so other operator tables in the
same database (the figures) are never created or touched here.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Iterable, Optional

import sqlalchemy as sa

import bot.db

from bot.privacy.storable import CURATION_LIMIT, storable_line

DEFAULT_RETENTION_DAYS = 14.0
MAX_CHARS = CURATION_LIMIT

metadata = sa.MetaData()
unanswered = sa.Table(
    "unanswered", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("created_at", sa.DateTime, nullable=False),   # naive UTC, to the hour
    sa.Column("language", sa.String(2), nullable=False),
    sa.Column("topic_guess", sa.String(64), nullable=True),
    sa.Column("text", sa.Text, nullable=False),
)


@dataclass(frozen=True)
class Question:
    id: int
    created_at: dt.datetime   # naive UTC
    language: str
    topic_guess: Optional[str]
    text: str


def retention_days() -> float:
    return float(os.environ.get("UNANSWERED_RETENTION_DAYS") or DEFAULT_RETENTION_DAYS)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def clean(text: str) -> str:
    """What may be stored of a question: bot.privacy.storable's rule, on one line, cut to
    MAX_CHARS."""
    return storable_line(text, MAX_CHARS)


_created: set[str] = set()


def engine(url: str) -> sa.engine.Engine:
    """The process's engine for `url` (bot.db), with the table created once."""
    eng = bot.db.engine(url)
    if url not in _created:
        metadata.create_all(eng, tables=[unanswered], checkfirst=True)
        _created.add(url)
    return eng


def record(url: str, text: str, language: str, topic_guess: Optional[str],
           now: Optional[dt.datetime] = None) -> Optional[int]:
    """Store one question (cleaned here, whatever the caller passed); returns its id."""
    stored = clean(text)
    if not stored:
        return None
    # To the hour: enough to age and purge, less to line it up with anything else.
    at = (now or utcnow()).replace(minute=0, second=0, microsecond=0)
    with engine(url).begin() as conn:
        result = conn.execute(unanswered.insert().values(
            created_at=at, language=(language or "")[:2], text=stored,
            topic_guess=topic_guess[:64] if topic_guess else None))
        return int(result.inserted_primary_key[0])


def fetch(url: str, *, days: Optional[float] = None, language: Optional[str] = None,
          through_id: Optional[int] = None, now: Optional[dt.datetime] = None) -> list[Question]:
    """Stored questions, oldest first, optionally only the last `days`, one language, ids ≤ N."""
    query = sa.select(unanswered).order_by(unanswered.c.id)
    if days is not None:
        query = query.where(unanswered.c.created_at >= (now or utcnow()) - dt.timedelta(days=days))
    if language:
        query = query.where(unanswered.c.language == language)
    if through_id is not None:
        query = query.where(unanswered.c.id <= through_id)
    with engine(url).connect() as conn:
        return [Question(r.id, r.created_at, r.language, r.topic_guess, r.text)
                for r in conn.execute(query)]


def delete(url: str, ids: Iterable[int]) -> int:
    """Delete reviewed questions by id; returns how many were there."""
    ids = sorted(set(int(i) for i in ids))
    deleted = 0
    with engine(url).begin() as conn:
        for start in range(0, len(ids), 500):
            deleted += conn.execute(
                unanswered.delete().where(unanswered.c.id.in_(ids[start:start + 500]))).rowcount
    return deleted


def purge(url: str, days: Optional[float] = None, now: Optional[dt.datetime] = None) -> int:
    """Delete questions older than the retention period; returns how many."""
    cutoff = (now or utcnow()) - dt.timedelta(days=retention_days() if days is None else days)
    with engine(url).begin() as conn:
        return conn.execute(unanswered.delete().where(unanswered.c.created_at < cutoff)).rowcount
