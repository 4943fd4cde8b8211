"""A SQL tracker store that redacts personal data in user messages before they are written.

Every event Rasa stores, and every event it streams to an event broker, passes `save`, so
redacting here covers all of them; the running turn has already been understood from the
original text. Configure it in endpoints.yml as `type: bot.stores.redacting.RedactingSQLTrackerStore`.

`save` is written out rather than delegated to Rasa's for speed (README, "Speed"): Rasa's
version re-reads the whole conversation from the database to find what to stream to the
broker, and a redacted copy of the tracker cost one more replay of every event. Here the new
events are found once, by the stored count, and only they are redacted, streamed and stored.
"""
from __future__ import annotations

import json
from typing import Any, Dict, List

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy.redact import redact
from bot.privacy.sanitize import remove_control, sanitize_for_storage


def stored_text(text: str) -> str:
    # Controls out first (a phone number with a NUL between its digit groups is recognised
    # only once the NUL is a space), the cut last (a cut through a number would leave digits
    # the redaction no longer recognises).
    return sanitize_for_storage(redact(remove_control(text)))


def redact_event(event: Event) -> Event:
    if not isinstance(event, UserUttered) or not event.text:
        return event
    data: Dict[str, Any] = event.as_dict()
    data["text"] = stored_text(event.text)
    parse = data.get("parse_data") or {}
    if parse.get("text"):
        parse["text"] = stored_text(parse["text"])
    for entity in parse.get("entities") or []:
        if isinstance(entity.get("value"), str):
            entity["value"] = redact(entity["value"])
    return Event.from_parameters(data)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    # The embedded default writes on the server's event loop: with the rollback journal every
    # commit waited for fsync (a fifth of Rasa's time under load). WAL with synchronous=NORMAL
    # survives a crash of the process; a power cut may lose the last turns, never corrupt.
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class RedactingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            # Rasa's engine opens and closes a connection per save (NullPool), and closing the
            # last connection checkpoints the WAL: keep a few connections open instead.
            url = self.engine.url
            self.engine.dispose()
            self.engine = sa.create_engine(url, poolclass=sa.pool.QueuePool, pool_size=2,
                                           connect_args={"check_same_thread": False})
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def save(self, tracker: DialogueStateTracker) -> None:
        with self.session_scope() as session:
            # Rasa's own rule for "not yet stored": the events past the count stored for
            # this conversation's latest session.
            new_events: List[Event] = [redact_event(e) for e in self._additional_events(session, tracker)]
            if self.event_broker is not None:
                await self._stream_new_events(self.event_broker, new_events, tracker.sender_id)
            for event in new_events:
                data = event.as_dict()
                session.add(self.SQLEvent(
                    sender_id=tracker.sender_id,
                    type_name=event.type_name,
                    timestamp=data.get("timestamp"),
                    intent_name=(data.get("parse_data") or {}).get("intent", {}).get("name"),
                    action_name=data.get("name"),
                    data=json.dumps(data),
                ))
            session.commit()
