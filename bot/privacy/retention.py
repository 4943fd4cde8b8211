"""Retention: conversations are deleted from the tracker store after a period, or at once.

Works on Rasa's SQL tracker store table (`events`) with SQLAlchemy only, so the gateway and a
scheduled job can use it without Rasa.

    python -m bot.privacy purge [--hours 24] [--url URL] [--every SECONDS]
"""
from __future__ import annotations

import time
from typing import Optional

import sqlalchemy as sa

DEFAULT_HOURS = 24.0
_BATCH = 500  # senders per DELETE: keeps the IN list within every database's limits
_events = sa.table("events", sa.column("sender_id"), sa.column("timestamp"))


def purge_older_than(url: str, hours: float = DEFAULT_HOURS, now: Optional[float] = None) -> int:
    """Delete every conversation whose last event is older than `hours`; returns how many."""
    cutoff = (now if now is not None else time.time()) - hours * 3600
    engine = sa.create_engine(url)
    stale = (sa.select(_events.c.sender_id).group_by(_events.c.sender_id)
             .having(sa.func.max(_events.c.timestamp) < cutoff))
    with engine.begin() as conn:
        if not sa.inspect(conn).has_table("events"):
            return 0
        senders = [row[0] for row in conn.execute(stale)]
        for start in range(0, len(senders), _BATCH):
            conn.execute(_events.delete().where(_events.c.sender_id.in_(senders[start:start + _BATCH])))
    return len(senders)


def forget(url: str, sender_id: str) -> int:
    """Delete one conversation now (the page's quick exit); returns the events deleted."""
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        if not sa.inspect(conn).has_table("events"):
            return 0
        return conn.execute(_events.delete().where(_events.c.sender_id == sender_id)).rowcount
