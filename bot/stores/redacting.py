"""A SQL tracker store that redacts personal data in user messages before they are written.

Every event Rasa stores (and every event it streams to an event broker) passes `save`, so
redacting here covers all of them; the running turn has already been understood from the
original text. Configure it in endpoints.yml as `type: bot.stores.redacting.RedactingSQLTrackerStore`.
"""
from __future__ import annotations

from typing import Any, Dict

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy.redact import redact


def redact_event(event: Event) -> Event:
    if not isinstance(event, UserUttered) or not event.text:
        return event
    data: Dict[str, Any] = event.as_dict()
    data["text"] = redact(event.text)
    parse = data.get("parse_data") or {}
    if parse.get("text"):
        parse["text"] = redact(parse["text"])
    for entity in parse.get("entities") or []:
        if isinstance(entity.get("value"), str):
            entity["value"] = redact(entity["value"])
    return Event.from_parameters(data)


def redacted(tracker: DialogueStateTracker) -> DialogueStateTracker:
    copy = DialogueStateTracker.from_events(
        tracker.sender_id, [redact_event(e) for e in tracker.events],
        slots=list(tracker.slots.values()), max_event_history=tracker._max_event_history,
    )
    return copy


class RedactingSQLTrackerStore(SQLTrackerStore):
    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(redacted(tracker))
