"""Thumbs up / down on an answer, counted per day in the operator database's figures.

What is written is (day, "rating", "up" | "down") and a count, nothing else: no conversation id,
no text, no answer or message index, so a rating cannot be traced back to anyone. The day is
the UTC date, as for the figures counted from Rasa's events (bot.figures.counting).
"""
from __future__ import annotations

import datetime
import threading
from typing import Optional

from bot.figures.store import FiguresStore

RATINGS = frozenset({"up", "down"})
METRIC = "rating"


class Ratings:
    """Counts ratings through one FiguresStore, made on first use.

    `record` blocks (it writes to the database): the gateway calls it in an executor thread.
    """

    def __init__(self, url: str) -> None:
        self._url = url
        self._store: Optional[FiguresStore] = None
        self._lock = threading.Lock()

    def record(self, rating: str, day: Optional[datetime.date] = None) -> None:
        if rating not in RATINGS:
            raise ValueError("a rating is 'up' or 'down'")
        with self._lock:
            if self._store is None:
                self._store = FiguresStore(self._url)
        day = day or datetime.datetime.now(datetime.timezone.utc).date()
        self._store.add({(day, METRIC, rating): 1})
