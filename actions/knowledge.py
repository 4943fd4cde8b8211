"""Knowledge-base actions: each one reads the slots, asks bot.knowledge, and says the result."""
from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.curation.record import note_unanswered
from bot.knowledge.answers import (Answer, contacts_answer, search_answer, source_answer,
                                   topic_answer)
from bot.knowledge.topics import INTENT_TOPICS

AUDIENCE_INTENTS = {"self_young", "self_adult", "self_relative", "self_professional"}
from bot.knowledge.db import KnowledgeBase

_kb: Optional[KnowledgeBase] = None


def kb() -> KnowledgeBase:
    global _kb
    if _kb is None:
        _kb = KnowledgeBase()
    return _kb


def context(tracker: Tracker) -> Dict[str, Any]:
    country = tracker.get_slot("country")
    return {"now": dt.datetime.now(dt.timezone.utc), "audience": tracker.get_slot("audience"),
            "country": country if country in ("SE", "NO") else None}


def language(tracker: Tracker) -> str:
    return tracker.get_slot("language") or "sv"


def say(dispatcher: CollectingDispatcher, answer: Answer) -> List[EventType]:
    # Extra keywords become the bot event's metadata, which the figures broker counts
    # (bot/stores/figures_broker.py); the gateway passes only text and buttons to the page.
    dispatcher.utter_message(text=answer.text, figures=answer.figures())
    return [SlotSet("last_article", answer.article_id)] if answer.article_id else []


def searched(tracker: Tracker) -> Answer:
    """The knowledge search's answer to the message; kept for curators when nothing fitted."""
    answer = search_answer(kb(), tracker.latest_message.get("text") or "", language(tracker),
                           **context(tracker))
    note_unanswered(kb(), answer, tracker.latest_message, language(tracker))
    return answer


class ActionAnswerTopic(Action):
    """The answer to a topic button, a free-text question, or the last topic for a new audience."""

    def name(self) -> Text:
        return "action_answer_topic"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[EventType]:
        intent = tracker.latest_message.get("intent", {}).get("name")
        # A topic button names its topic; "I'm a teacher" right after an answer re-answers it.
        topic = INTENT_TOPICS.get(intent) or (
            tracker.get_slot("last_topic") if intent in AUDIENCE_INTENTS else None)
        answer = topic and topic_answer(kb(), topic, language(tracker), **context(tracker))
        answer = answer or searched(tracker)
        events = say(dispatcher, answer)
        return events + ([SlotSet("last_topic", answer.topic)] if answer.topic else [])


class ActionFindContacts(Action):
    """Contact points for the person's country (both when unknown), audience and the hour."""

    def name(self) -> Text:
        return "action_find_contacts"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[EventType]:
        return say(dispatcher, contacts_answer(kb(), language(tracker), **context(tracker)))


class ActionTellSource(Action):
    """Where the last answer comes from: its sources, review date and owner."""

    def name(self) -> Text:
        return "action_tell_source"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[EventType]:
        answer = source_answer(kb(), tracker.get_slot("last_article"), language(tracker))
        dispatcher.utter_message(text=answer.text)
        return []
