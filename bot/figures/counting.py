"""What each Rasa event adds to the anonymous figures.

Events are the dicts Rasa streams to an event broker (`Event.as_dict()` plus `sender_id`),
already redacted by the tracker store. The day is the event's timestamp in UTC. What counts:

  ("conversations", "all")     each `session_started` (a new session: first message, or back
                               after the domain's session expiry)
  ("messages", sv|nb|en)       each user message, by the `language` entity of its parse data;
                               button payloads skip the NLU, so for them the page's language in
                               the message metadata
  ("audience", value)          each `SlotSet` of `audience`, except the ones Rasa repeats when it
                               carries slots over into a new session (after action_session_start)
  ("topic", topic)             a user intent that names a topic (bot.knowledge.topics); and the
                               topic of an answer to a free-text question (metadata
                               `figures.topic`), so free-text questions count too, once each
  ("danger", level)            each executed `utter_danger_<level>`
  ("contact", id)              each contact id in a bot answer's metadata `figures.contacts`,
                               once per answer
  ("search", answered|unanswered)  a knowledge answer to a free-text question (`figures.answered`)
  ("rating", up|down)          never from events: the gateway adds them (FiguresStore.add)

Only the event type, intent name, language entity, slot name/value, action name and the
`figures` metadata are read; the text, the sender id and everything else are never looked at,
and every key must be in bot.figures.vocabulary or it is dropped.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, OrderedDict
from typing import Any, Hashable, Iterator, Mapping, Optional

from bot.figures.vocabulary import allowed
from bot.knowledge.topics import INTENT_TOPICS
from bot.safety.escalation import parse_response

FigureKey = tuple[dt.date, str, str]   # (day, metric, key)

ANSWER_ACTION = "action_answer_topic"
SESSION_START_ACTION = "action_session_start"


def day_of(event: Mapping[str, Any]) -> Optional[dt.date]:
    stamp = event.get("timestamp")
    if not isinstance(stamp, (int, float)) or isinstance(stamp, bool):
        return None
    return dt.datetime.fromtimestamp(stamp, tz=dt.timezone.utc).date()


def _language(event: Mapping[str, Any]) -> Any:
    parse = event.get("parse_data") or {}
    for entity in parse.get("entities") or []:
        if isinstance(entity, dict) and entity.get("entity") == "language":
            return entity.get("value")
    return (event.get("metadata") or {}).get("language")


def _found(event: Mapping[str, Any], after: Optional[str]) -> Iterator[tuple[Any, Any]]:
    kind = event.get("event")
    if kind == "session_started":
        yield "conversations", "all"
    elif kind == "user":
        yield "messages", _language(event)
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if isinstance(intent, str) and intent in INTENT_TOPICS:
            yield "topic", INTENT_TOPICS[intent]
    elif kind == "slot":
        if event.get("name") == "audience" and after != SESSION_START_ACTION:
            yield "audience", event.get("value")
    elif kind == "action":
        name = event.get("name")
        escalation = parse_response(name) if isinstance(name, str) else None
        if escalation:
            # whoever it was written for, an escalation counts as its level
            yield "danger", escalation[0].value
    elif kind == "bot":
        figures = (event.get("metadata") or {}).get("figures")
        if not isinstance(figures, dict):
            return
        contacts = figures.get("contacts")
        if isinstance(contacts, list):
            yield from (("contact", c) for c in dict.fromkeys(c for c in contacts if isinstance(c, str)))
        answered = figures.get("answered")
        # Free text only: a topic button's answer is counted by its intent above.
        if after == ANSWER_ACTION and figures.get("searched") and isinstance(answered, bool):
            yield "search", "answered" if answered else "unanswered"
            if answered:
                yield "topic", figures.get("topic")


def increments(event: Mapping[str, Any], after: Optional[str] = None) -> Counter[FigureKey]:
    """The counts one event adds. `after`: the last action executed before it in the same
    conversation (needed to tell a search answer, and slots carried into a new session)."""
    day = day_of(event)
    counts: Counter[FigureKey] = Counter()
    if day is None:
        return counts
    for metric, key in _found(event, after):
        if metric != "rating" and allowed(metric, key):
            counts[(day, metric, key)] += 1
    return counts


class Tally:
    """Counts a stream of events. Remembers, in memory only, the last action of the most
    recent conversations (bounded), which is all `increments` needs besides the event."""

    def __init__(self, max_conversations: int = 10_000) -> None:
        self.counts: Counter[FigureKey] = Counter()
        self._last_action: OrderedDict[Hashable, str] = OrderedDict()
        self._max = max_conversations

    def add(self, event: Mapping[str, Any]) -> None:
        sender = event.get("sender_id")
        sender = sender if isinstance(sender, Hashable) else None
        self.counts.update(increments(event, self._last_action.get(sender)))
        if event.get("event") == "action" and isinstance(event.get("name"), str):
            self._last_action[sender] = event["name"]
            self._last_action.move_to_end(sender)
            while len(self._last_action) > self._max:
                self._last_action.popitem(last=False)

    def take(self) -> Counter[FigureKey]:
        """The counts so far, and start afresh."""
        counts, self.counts = self.counts, Counter()
        return counts

    def put_back(self, counts: Mapping[FigureKey, int]) -> None:
        """Counts that could not be written go back, to be written with the next ones."""
        self.counts.update(counts)
