"""The redacting tracker store reads and writes what Rasa's own SQL tracker store would.

Its reading and saving are written out for speed (bot/stores/redacting.py): these tests hold
them to Rasa's behaviour on SQLite and on the machine's PostgreSQL, across two conversation
sessions, with Rasa's own reading (`SQLTrackerStore._retrieve`) as the reference.
"""
from __future__ import annotations

import uuid
from typing import AsyncIterator, List

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted, ActiveLoop, AllSlotsReset, BotUttered, ConversationPaused, ConversationResumed,
    Event, FollowupAction, Restarted, SessionStarted, SlotSet, UserUttered, UserUtteranceReverted,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses

from bot.stores.event_codec import _classes, decode
from bot.stores.redacting import RedactingSQLTrackerStore
from conftest import ROOT
from helpers import machine_postgres

DOMAIN = Domain.load(str(ROOT / "domain.yml"))


def _user(text: str, intent: str = "greet") -> UserUttered:
    return UserUttered(text, intent={"name": intent, "confidence": 0.9},
                       entities=[{"entity": "language", "value": "sv", "start": 0, "end": 3}],
                       parse_data={"intent_ranking": [{"name": intent, "confidence": 0.9}]},
                       input_channel="rest", message_id=uuid.uuid4().hex)


def _session(start: float, texts: List[str]) -> List[Event]:
    """A session as Rasa writes it: session start, carried-over slot, turns with bot answers."""
    events: List[Event] = [ActionExecuted("action_session_start", timestamp=start),
                           SessionStarted(timestamp=start + 0.001),
                           SlotSet("language", "sv", timestamp=start + 0.002),
                           ActionExecuted("action_listen", timestamp=start + 0.003)]
    t = start + 0.01
    for text in texts:
        events += [_user(text), SlotSet("audience", "young"),
                   ActionExecuted("utter_greet"), BotUttered("Hej!", {"buttons": []}, {"utter_action": "utter_greet"}),
                   ActionExecuted("action_listen")]
        for event in events[-5:]:
            event.timestamp = t
            t += 0.001
    return events


def test_the_codec_builds_what_rasa_builds() -> None:
    samples: List[Event] = [
        _user("jag heter Kim"), BotUttered("svar", {"buttons": [{"title": "Ja", "payload": "/affirm"}]}),
        SlotSet("country", "SE"), ActionExecuted("action_answer_topic", policy="RulePolicy", confidence=1.0),
        SessionStarted(), Restarted(), AllSlotsReset(), FollowupAction("utter_greet"),
        ActiveLoop("some_form"), ConversationPaused(), ConversationResumed(), UserUtteranceReverted(),
    ]
    for event in samples:
        data = event.as_dict()
        ours, rasas = decode(data), Event.from_parameters(data)
        assert type(ours) is type(rasas) and ours == rasas, event
    # Every event name Rasa knows is found, as the class Rasa's own search returns.
    for cls in all_subclasses(Event):
        assert _classes()[cls.type_name] is Event.resolve_by_type(cls.type_name)


@pytest.fixture(params=["sqlite", "postgresql"])
async def store(request, tmp_path) -> AsyncIterator[RedactingSQLTrackerStore]:
    if request.param == "sqlite":
        yield RedactingSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "tracker.db"))
        return
    url = sa.engine.make_url(machine_postgres())
    store = RedactingSQLTrackerStore(domain=DOMAIN, dialect="postgresql", host=url.host, port=url.port,
                                     db=url.database, username=url.username, login_db=url.database)
    yield store
    store.engine.dispose()


def _rows(store: RedactingSQLTrackerStore, sender: str) -> int:
    with store.engine.connect() as conn:
        return conn.execute(sa.text("SELECT count(*) FROM events WHERE sender_id = :s"), {"s": sender}).scalar_one()


async def test_reads_and_saves_what_rasas_store_would(store: RedactingSQLTrackerStore) -> None:
    sender = f"test-{uuid.uuid4().hex}"
    first = _session(1_000.0, ["hej", "tack"])
    tracker = DialogueStateTracker.from_events(sender, first, DOMAIN.slots)
    await store.save(tracker)  # a tracker not read from the store: its stored events are counted
    assert _rows(store, sender) == len(first)

    # One message later, as Rasa's processor does it: read, add the turn, save.
    tracker = await store.retrieve(sender)
    tracker.update_with_events([_user("hur"), ActionExecuted("action_listen")], DOMAIN)
    await store.save(tracker)
    await store.save(tracker)  # nothing new: nothing written
    assert _rows(store, sender) == len(first) + 2

    # A new session: Rasa reads only the latest one.
    tracker = await store.retrieve(sender)
    second = _session(3_000.0, ["hej igen"])
    tracker.update_with_events(second, DOMAIN)
    await store.save(tracker)
    assert _rows(store, sender) == len(first) + 2 + len(second)

    ours = await store.retrieve(sender)
    rasas = await SQLTrackerStore._retrieve(store, sender, fetch_events_from_all_sessions=False)
    # Rasa's latest session starts at its SessionStarted (the action_session_start before it is
    # read with no session).
    assert list(ours.events) == list(rasas.events) == second[1:]
    assert ours.current_slot_values() == rasas.current_slot_values()
    assert ours.latest_message == rasas.latest_message
    full = await store.retrieve_full_tracker(sender)
    assert len(full.events) == _rows(store, sender)


async def test_a_conversation_deleted_meanwhile_is_read_as_new(store: RedactingSQLTrackerStore) -> None:
    sender = f"test-{uuid.uuid4().hex}"
    await store.save(DialogueStateTracker.from_events(sender, _session(1_000.0, ["hej"]), DOMAIN.slots))
    with store.engine.begin() as conn:  # what the page's quick exit does (bot/privacy/retention.py)
        conn.execute(sa.text("DELETE FROM events WHERE sender_id = :s"), {"s": sender})
    assert await store.retrieve(sender) is None


async def test_user_messages_are_stored_redacted(store: RedactingSQLTrackerStore) -> None:
    sender = f"test-{uuid.uuid4().hex}"
    events = _session(1_000.0, ["jag heter Kim och min mejl är kim@example.se"])
    await store.save(DialogueStateTracker.from_events(sender, events, DOMAIN.slots))
    with store.engine.connect() as conn:
        stored = " ".join(conn.execute(sa.text("SELECT data FROM events WHERE sender_id = :s"), {"s": sender}).scalars())
    assert "Kim" not in stored and "kim@example.se" not in stored
    assert "heter" in (await store.retrieve(sender)).latest_message.text


async def test_everything_a_person_typed_is_stored_redacted(store: RedactingSQLTrackerStore) -> None:
    """Text, entity values, slot values and metadata: a typed intent that set a slot stored it raw."""
    sender = f"test-{uuid.uuid4().hex}"
    typed = UserUttered('/inform_country{"country": "Amina 0701234584"}',
                        intent={"name": "inform_country", "confidence": 1.0},
                        entities=[{"entity": "country", "value": "Amina 0701234584"}],
                        parse_data={"metadata": {"audience": "kim@example.se"}},
                        metadata={"audience": "Ahmed Yusuf"}, input_channel="rest")
    events = [*_session(1_000.0, ["hej"]), typed, SlotSet("country", "Amina 0701234584"),
              SlotSet("last_topic", ["Ahmed Yusuf", {"mejl": "kim (at) example (dot) se"}])]
    await store.save(DialogueStateTracker.from_events(sender, events, DOMAIN.slots))
    with store.engine.connect() as conn:
        stored = " ".join(conn.execute(sa.text("SELECT data FROM events WHERE sender_id = :s"), {"s": sender}).scalars())
    for secret in ("Amina", "0701234584", "Ahmed", "Yusuf", "kim@example", "kim (at)"):
        assert secret not in stored, secret
    assert "[NAME]" in stored and "[PHONE]" in stored and "[EMAIL]" in stored


async def test_a_store_error_never_ends_the_process(tmp_path) -> None:
    """A sender SQLite cannot encode made Rasa's store call sys.exit (and scripts/run then stopped
    every server). Now the error reaches the one request that caused it."""
    store = RedactingSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "tracker.db"))
    with pytest.raises(Exception) as raised:
        await store.save(DialogueStateTracker.from_events("x\ud800", _session(1_000.0, ["hej"]), DOMAIN.slots))
    assert not isinstance(raised.value, SystemExit)
    sender = f"test-{uuid.uuid4().hex}"   # and the store goes on working
    await store.save(DialogueStateTracker.from_events(sender, _session(1_000.0, ["hej"]), DOMAIN.slots))
    assert _rows(store, sender) > 0


async def test_forgetting_is_final(store: RedactingSQLTrackerStore) -> None:
    """Quick exit 20 ms after a message: the message in flight must not be written afterwards."""
    from bot.privacy.retention import forget

    sender = f"test-{uuid.uuid4().hex}"
    tracker = DialogueStateTracker.from_events(sender, _session(1_000.0, ["hej"]), DOMAIN.slots)
    await store.save(tracker)
    in_flight = await store.retrieve(sender)               # Rasa has read the conversation ...
    url = store.engine.url.render_as_string(hide_password=False)
    assert forget(url, sender) > 0                          # ... the person presses quick exit ...
    in_flight.update_with_events([_user("jag heter Kim"), ActionExecuted("action_listen")], DOMAIN)
    await store.save(in_flight)                             # ... and Rasa saves the turn
    assert _rows(store, sender) == 0
    assert await store.retrieve(sender) is None
    # A message whose save began before the mark: its rows are removed after its own commit.
    other = f"test-{uuid.uuid4().hex}"
    with store.engine.begin() as conn:
        from bot.privacy.retention import forgotten
        conn.execute(forgotten.insert().values(sender_id=other, forgotten_at=1.0))
    with store.session_scope() as session:
        session.execute(store._insert, [store._row(other, e, e.as_dict()) for e in _session(1_000.0, ["hej"])])
        session.commit()
        from bot.privacy.retention import delete_if_forgotten
        assert delete_if_forgotten(session, other) > 0
        session.commit()
    assert _rows(store, other) == 0
