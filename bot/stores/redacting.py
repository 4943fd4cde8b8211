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

import contextlib
import json
from typing import Any, Dict, Generator, List, Optional, Text

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

import bot.db
from bot.privacy import retention
from bot.privacy.storable import storable, storable_value
from bot.stores.event_codec import decode, decode_stored


def redact_event(event: Event) -> Event:
    """The event as it may be stored: every text a person may have typed made storable
    (bot.privacy.storable). Bot messages and actions are the project's own words."""
    if isinstance(event, UserUttered) and event.text is not None:
        data: Dict[str, Any] = event.as_dict()
        data["text"] = storable(event.text)
        parse = data.get("parse_data") or {}
        if parse.get("text"):
            parse["text"] = storable(parse["text"])
        for entity in parse.get("entities") or []:
            entity["value"] = storable_value(entity.get("value"))
        if parse.get("metadata"):
            parse["metadata"] = storable_value(parse["metadata"])
        if data.get("metadata"):
            data["metadata"] = storable_value(data["metadata"])
    elif isinstance(event, SlotSet) and isinstance(event.value, (str, list, dict)):
        # "/inform_country{\"country\": \"Amina 0701234584\"}" sets a slot from typed text.
        data = event.as_dict()
        data["value"] = storable_value(event.value)
    else:
        return event
    redacted = decode(data)
    if redacted is None:  # cannot happen for these events; never fall back to the original
        raise ValueError("an event could not be rebuilt after redaction")
    return redacted


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
        # The project's one engine for this URL and its pooling policy (bot.db), not Rasa's
        # (a new connection per save on SQLite, which also checkpointed the journal each time).
        url = self.engine.url.render_as_string(hide_password=False)
        self.engine.dispose()
        self.engine = bot.db.engine(url)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        retention.create_marks(self.engine)
        self._build_statements()

    @contextlib.contextmanager
    def session_scope(self) -> Generator[sa.orm.Session, None, None]:
        """A session; an error propagates to the request that caused it and never ends the
        process (Rasa's own turns any ValueError, e.g. a sender id SQLite cannot encode, into
        sys.exit with a message about a missing PostgreSQL schema)."""
        session = self.sessionmaker()
        try:
            yield session
        finally:
            session.close()

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
        sender = tracker.sender_id
        with self.session_scope() as session:
            if retention.is_forgotten(session, sender):
                return  # quick exit was pressed: nothing of this conversation is written again
            stored = _stored(tracker)
            if stored is None:
                stored = session.execute(self._count_latest_session, {"sender": sender}).scalar_one()
            new_events: List[Event] = [redact_event(e) for e in list(tracker.events)[stored:]]
            if not new_events:
                return
            rows = []
            for event in new_events:
                data = event.as_dict()
                if self.event_broker is not None:  # what Rasa's _stream_new_events publishes
                    self.event_broker.publish({"sender_id": sender, **data})
                rows.append(self._row(sender, event, data))
            session.execute(self._insert, rows)
            session.commit()
            # Forgotten while this was being written: delete it again, after the commit, so that
            # either this sees the mark or the forget's delete (after its mark) sees these rows.
            if retention.delete_if_forgotten(session, sender):
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
