"""The `figures_daily` table: one count per (day, metric, key), and nothing else.

SQLAlchemy Core only, working on SQLAlchemy 1.4 (Rasa's environment) and 2.0 (the gateway's),
on SQLite and PostgreSQL. Writes are increments (insert .. on conflict do update), so several
Rasa processes and the gateway can add to the same rows.
"""
from __future__ import annotations

import datetime as dt
import logging
from typing import Mapping, NamedTuple, Optional

import sqlalchemy as sa

import bot.db

from bot.figures.vocabulary import allowed
from bot.operator_db import operator_db_url

logger = logging.getLogger(__name__)

_metadata = sa.MetaData()
figures_daily = sa.Table(
    "figures_daily", _metadata,
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("metric", sa.String(32), primary_key=True),
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("count", sa.Integer, nullable=False),
)
_C = figures_daily.c


class FigureRow(NamedTuple):
    day: dt.date
    metric: str
    key: str
    count: int


def _insert(dialect: str):  # the dialect's INSERT with ON CONFLICT
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    elif dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        raise ValueError(f"figures: unsupported database dialect {dialect!r} (sqlite, postgresql)")
    return insert


class FiguresStore:
    def __init__(self, url: Optional[str] = None) -> None:
        self.engine = bot.db.engine(url or operator_db_url())
        self._insert = _insert(self.engine.dialect.name)
        _metadata.create_all(self.engine, tables=[figures_daily], checkfirst=True)

    def add(self, counts: Mapping[tuple[dt.date, str, str], int]) -> None:
        """Add each count to its row; keys outside the closed vocabularies are dropped."""
        values = [{"day": day, "metric": metric, "key": key, "count": int(n)}
                  for (day, metric, key), n in counts.items()
                  if isinstance(day, dt.date) and allowed(metric, key) and int(n) > 0]
        if len(values) < len(counts):
            logger.warning("figures: %d count(s) outside the vocabularies dropped", len(counts) - len(values))
        if not values:
            return
        stmt = self._insert(figures_daily)
        stmt = stmt.on_conflict_do_update(
            index_elements=[_C["day"], _C["metric"], _C["key"]],
            set_={"count": _C["count"] + stmt.excluded["count"]})
        with self.engine.begin() as conn:
            conn.execute(stmt, values)

    def rows(self, start: dt.date, end: dt.date) -> list[FigureRow]:
        """Every row with start <= day <= end, ordered."""
        query = (sa.select(_C["day"], _C["metric"], _C["key"], _C["count"])
                 .where(_C["day"] >= start, _C["day"] <= end)
                 .order_by(_C["day"], _C["metric"], _C["key"]))
        with self.engine.connect() as conn:
            return [FigureRow(*row) for row in conn.execute(query)]
