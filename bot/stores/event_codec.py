"""Stored event dicts back to Rasa events, without Rasa's per-event class search.

Rasa's `Event.from_parameters` finds the event's class by walking every subclass of `Event`
(with `inspect.isabstract` on each) for every event it reads: 4 ms for a 130-event
conversation, read back on every message (README, "Speed"). Here the walk is done once and
kept as a table; the event is then built by the same class method Rasa calls, so the result is
the same object Rasa would build. A name not in the table (an event class imported later, or
an unknown name) goes to Rasa's own search, with its own handling.
"""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, Dict, Iterable, List, Optional, Type

from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses


@lru_cache(maxsize=1)
def _classes() -> Dict[str, Type[Event]]:
    table: Dict[str, Type[Event]] = {}
    for cls in all_subclasses(Event):
        table.setdefault(cls.type_name, cls)  # Rasa takes the first match: so does this
    return table


def decode(data: Dict[str, Any]) -> Optional[Event]:
    """One event from its dict, as `Event.from_parameters` would build it."""
    cls = _classes().get(data.get("event"))  # type: ignore[arg-type]
    if cls is None:
        return Event.from_parameters(data)
    return cls._from_parameters(data)


def decode_stored(rows: Iterable[str]) -> List[Event]:
    """Events from their stored JSON; like Rasa's `deserialise_events`, skips what it cannot read."""
    events = []
    for raw in rows:
        data = json.loads(raw)
        if "event" in data:
            event = decode(data)
            if event is not None:
                events.append(event)
    return events
