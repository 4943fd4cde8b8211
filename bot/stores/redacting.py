"""A SQL tracker store that redacts personal data in user messages before they are written.

Every event Rasa stores, and every event it streams to an event broker, passes `save`, so
redacting here covers all of them; the running turn has already been understood from the
original text. Configure it in endpoints.yml as `type: bot.stores.redacting.RedactingSQLTrackerStore`.

Reading and saving are written out rather than delegated to Rasa's, for speed (README,
"Speed"); what they read and write is what Rasa's would:
- `save`: Rasa's version re-reads the whole conversation from the database to find what to
  stream to the broker, and a redacted copy of the tracker cost one more replay of every
  event. Here the new events are found once, by the stored count (Rasa's rule: the events past
  those stored for the latest session), and only they are redacted, streamed and inserted, in
  one statement.
- `retrieve`: the latest session's events, by Rasa's rule, read with statements built once
  (SQLAlchemy's ORM rebuilt and re-keyed them on every message) and decoded by
  `event_codec` (Rasa searched the event classes anew for every event).
- A tracker read here remembers how many of its events are stored, so that its `save` needs
  no count query; Rasa handles a conversation's messages one at a time (lock store), so
  nothing else adds to it in between. Any other tracker is counted, as Rasa does.
"""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Text

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy.redact import redact
from bot.privacy.sanitize import remove_control, sanitize_for_storage
from bot.stores.event_codec import decode, decode_stored


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
    redacted = decode(data)
    if redacted is None:  # cannot happen for a user message; never fall back to the original
        raise ValueError("a user message could not be rebuilt after redaction")
    return redacted


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    # The embedded default writes on the server's event loop: with the rollback journal every
    # commit waited for fsync (a fifth of Rasa's time under load). WAL with synchronous=NORMAL
    # survives a crash of the process; a power cut may lose the last turns, never corrupt.
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


# The count rides on the tracker object itself: Rasa's trackers cannot be dict keys (they
# define __eq__ without __hash__), and it must not outlive the object.
_STORED = "_stodlotsen_stored_events"


def _remember_stored(tracker: DialogueStateTracker, count: int) -> None:
    setattr(tracker, _STORED, count)


def _stored(tracker: DialogueStateTracker) -> Optional[int]:
    count = getattr(tracker, _STORED, None)
    # A tracker now holding fewer events than were stored (cut to a max_event_history) is counted.
    return count if count is not None and count <= len(tracker.events) else None


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
        self._build_statements()

    def _build_statements(self) -> None:
        # Built once with a bound parameter: SQLAlchemy keys a statement object once, where
        # the ORM query Rasa builds per call was traversed anew every time.
        table = self.SQLEvent.__table__
        sender = sa.bindparam("sender")
        session_start = (
            sa.select(sa.func.max(table.c.timestamp).label("start"))
            .where(table.c.sender_id == sender, table.c.type_name == SessionStarted.type_name)
            .scalar_subquery()
        )
        # Rasa's rule for the latest session (SQLTrackerStore._event_query): the events from
        # the latest SessionStarted's timestamp on, or all of them if there is none.
        latest_session = sa.and_(
            table.c.sender_id == sender,
            sa.or_(table.c.timestamp >= session_start, session_start.is_(None)),
        )
        self._read_latest_session = sa.select(table.c.data).where(latest_session).order_by(table.c.id)
        self._count_latest_session = sa.select(sa.func.count(table.c.id)).where(latest_session)
        self._insert = table.insert()

    async def _retrieve(
        self, sender_id: Text, fetch_events_from_all_sessions: bool
    ) -> Optional[DialogueStateTracker]:
        if fetch_events_from_all_sessions or not self.domain:
            return await super()._retrieve(sender_id, fetch_events_from_all_sessions)
        with self.session_scope() as session:
            rows = session.execute(self._read_latest_session, {"sender": sender_id}).scalars().all()
        events = decode_stored(rows)
        if not events:
            return None
        tracker = DialogueStateTracker.from_events(sender_id, events, self.domain.slots)
        _remember_stored(tracker, len(tracker.events))
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        with self.session_scope() as session:
            stored = _stored(tracker)
            if stored is None:
                stored = session.execute(self._count_latest_session, {"sender": tracker.sender_id}).scalar_one()
            new_events: List[Event] = [redact_event(e) for e in list(tracker.events)[stored:]]
            if not new_events:
                return
            rows = []
            for event in new_events:
                data = event.as_dict()
                if self.event_broker is not None:  # what Rasa's _stream_new_events publishes
                    self.event_broker.publish({"sender_id": tracker.sender_id, **data})
                rows.append(self._row(tracker.sender_id, event, data))
            session.execute(self._insert, rows)
            session.commit()
        _remember_stored(tracker, len(tracker.events))

    @staticmethod
    def _row(sender_id: str, event: Event, data: Dict[str, Any]) -> Dict[str, Any]:
        return {
            "sender_id": sender_id,
            "type_name": event.type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": (data.get("parse_data") or {}).get("intent", {}).get("name"),
            "action_name": data.get("name"),
            "data": json.dumps(data),
        }
