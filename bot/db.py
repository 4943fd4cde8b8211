"""The one place that opens a database: one engine per URL and process, one policy per dialect.

Works on SQLAlchemy 1.4 (Rasa's environment) and 2.0 (the gateway's). Every store of the
project (tracker store, knowledge base, figures, unanswered questions, retention, ratings)
asks here, so a URL gets the same pool however many modules use it, and a quick-exit click
reuses the pool instead of building an engine.

- SQLite: a file beside the others (its folder is made), a small pool kept open (closing the
  last connection checkpoints the write-ahead log), WAL with synchronous=NORMAL (a crash of the
  process loses nothing; a power cut may lose the last turns, never corrupts), and usable from
  the event loop's executor threads.
- PostgreSQL and others: a pool that checks a connection before use (a restarted database
  server must not cost the first user an error).
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import sqlalchemy as sa

_engines: dict[str, sa.engine.Engine] = {}
_lock = threading.Lock()


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _create(url: str) -> sa.engine.Engine:
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        memory = parsed.database in (None, "", ":memory:")
        if not memory:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(
            url, poolclass=sa.pool.StaticPool if memory else sa.pool.QueuePool,
            **({} if memory else {"pool_size": 2, "max_overflow": 8}),
            connect_args={"check_same_thread": False})
        if not memory:
            sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def engine(url: str) -> sa.engine.Engine:
    """The process's engine for `url`, made on first use."""
    with _lock:
        if url not in _engines:
            _engines[url] = _create(url)
        return _engines[url]


def dispose_all() -> None:
    """Close every pool (tests that stop a database server, and process shutdown)."""
    with _lock:
        for eng in _engines.values():
            eng.dispose()
        _engines.clear()
