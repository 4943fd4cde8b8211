"""Rasa event broker that turns the event stream into the anonymous figures (bot/figures).

Rasa publishes every new event from the tracker store's save (already redacted). `publish` only
counts in memory (bot.figures.counting.Tally); a task on Rasa's event loop writes the counts
every `flush_seconds` (10) in a worker thread, and `close()` writes what is left. A database
error is logged by its type only, the counts are kept for the next try, and Rasa carries on.

    event_broker:
      type: bot.stores.figures_broker.FiguresEventBroker
      # url: postgresql://...    default: OPERATOR_DB_URL, else .data/operator.db
      # flush_seconds: 10
"""
from __future__ import annotations

import asyncio
import logging
import threading
from asyncio import AbstractEventLoop
from typing import Any, Dict, Optional, Text

from rasa.core.brokers.broker import EventBroker
from rasa.utils.endpoints import EndpointConfig

from bot.figures.counting import Tally
from bot.figures.store import FiguresStore

logger = logging.getLogger(__name__)


class FiguresEventBroker(EventBroker):
    def __init__(self, url: Optional[str] = None, flush_seconds: float = 10.0) -> None:
        self.url = url
        self.flush_seconds = flush_seconds
        self._tally = Tally()
        self._lock = threading.Lock()     # publish on the loop, flush in a worker thread
        self._store: Optional[FiguresStore] = None
        self._task: Optional[asyncio.Task] = None

    @classmethod
    async def from_endpoint_config(cls, broker_config: Optional[EndpointConfig],
                                   event_loop: Optional[AbstractEventLoop] = None) -> "FiguresEventBroker":
        kwargs = broker_config.kwargs if broker_config else {}
        broker = cls(url=broker_config.url if broker_config else None,
                     flush_seconds=float(kwargs.get("flush_seconds", 10.0)))
        # Rasa does not pass its loop to brokers loaded by module path; this runs on it.
        broker._task = (event_loop or asyncio.get_running_loop()).create_task(broker._flush_periodically())
        return broker

    def publish(self, event: Dict[Text, Any]) -> None:
        try:
            with self._lock:
                self._tally.add(event)
        except Exception as error:  # counting must never break a conversation
            logger.warning("figures: an event was not counted (%s)", type(error).__name__)

    async def _flush_periodically(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(self.flush_seconds)
            await loop.run_in_executor(None, self.flush)

    def flush(self) -> None:
        """Write the counts so far; on failure keep them for the next flush."""
        with self._lock:
            counts = self._tally.take()
        if not counts:
            return
        try:
            if self._store is None:
                self._store = FiguresStore(self.url)
            self._store.add(counts)
        except Exception as error:
            logger.warning("figures: %d count(s) not written yet, kept for the next try (%s)",
                           len(counts), type(error).__name__)
            with self._lock:
                self._tally.put_back(counts)

    async def close(self) -> None:
        if self._task:
            self._task.cancel()
        self.flush()   # at shutdown a short blocking write is fine
