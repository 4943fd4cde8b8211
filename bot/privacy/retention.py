"""Retention: conversations are deleted from the tracker store after a period, or at once.

Works on Rasa's SQL tracker store table (`events`) with SQLAlchemy only, so the gateway and a
scheduled job can use it without Rasa.

    python -m bot.privacy purge [--hours 24] [--url URL] [--every SECONDS]

Forgetting is final: quick exit leaves a mark (`forgotten`: the conversation id and when, in
the same database) before it deletes, and the tracker store writes nothing for a marked
conversation and removes what a message already in flight wrote (bot/stores/redacting.py).
Without the mark, a message sent 20 ms before the click was written after the delete and
kept for a day. Marks are deleted with the purge, after twice the retention period.
"""
from __future__ import annotations

import time
from typing import Any, Optional

import sqlalchemy as sa

import bot.db

DEFAULT_HOURS = 24.0
_BATCH = 500  # senders per DELETE: keeps the IN list within every database's limits
_events = sa.table("events", sa.column("sender_id"), sa.column("timestamp"))

_metadata = sa.MetaData()
forgotten = sa.Table(
    "forgotten", _metadata,
    sa.Column("sender_id", sa.String(255), primary_key=True),
    sa.Column("forgotten_at", sa.Float, nullable=False),
)


def create_marks(engine: sa.engine.Engine) -> None:
    _metadata.create_all(engine, tables=[forgotten], checkfirst=True)


def is_forgotten(conn: Any, sender_id: str) -> bool:
    return conn.execute(sa.select(forgotten.c.sender_id).where(forgotten.c.sender_id == sender_id)).first() is not None


def delete_if_forgotten(conn: Any, sender_id: str) -> int:
    """What a message in flight wrote for a forgotten conversation, deleted; returns the rows."""
    marked = sa.exists().where(forgotten.c.sender_id == sender_id)
    return conn.execute(_events.delete().where(_events.c.sender_id == sender_id, marked)).rowcount


def purge_older_than(url: str, hours: float = DEFAULT_HOURS, now: Optional[float] = None) -> int:
    """Delete every conversation whose last event is older than `hours`; returns how many."""
    now = now if now is not None else time.time()
    cutoff = now - hours * 3600
    engine = bot.db.engine(url)
    stale = (sa.select(_events.c.sender_id).group_by(_events.c.sender_id)
             .having(sa.func.max(_events.c.timestamp) < cutoff))
    with engine.begin() as conn:
        if sa.inspect(conn).has_table("forgotten"):
            conn.execute(forgotten.delete().where(forgotten.c.forgotten_at < now - 2 * hours * 3600))
        if not sa.inspect(conn).has_table("events"):
            return 0
        senders = [row[0] for row in conn.execute(stale)]
        for start in range(0, len(senders), _BATCH):
            conn.execute(_events.delete().where(_events.c.sender_id.in_(senders[start:start + _BATCH])))
    return len(senders)


def forget(url: str, sender_id: str, now: Optional[float] = None) -> int:
    """Mark one conversation forgotten and delete it now (quick exit); returns the events deleted."""
    engine = bot.db.engine(url)
    create_marks(engine)
    with engine.begin() as conn:
        if not is_forgotten(conn, sender_id):
            conn.execute(forgotten.insert().values(sender_id=sender_id,
                                                   forgotten_at=now if now is not None else time.time()))
    # The mark is committed first: from now on the store writes nothing for this conversation,
    # and what it is writing at this moment it deletes again after its own commit.
    with engine.begin() as conn:
        if not sa.inspect(conn).has_table("events"):
            return 0
        return conn.execute(_events.delete().where(_events.c.sender_id == sender_id)).rowcount
