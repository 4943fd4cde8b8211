"""Knowledge-base actions: each one reads the slots, asks bot.knowledge, and says the result."""
from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.curation.record import note_unanswered
from bot.knowledge.answers import (Answer, Situation, contacts_answer, question_answer, source_answer,
                                   topic_answer, who_asks)
from bot.knowledge.db import KnowledgeBase
from bot.knowledge.item_match import matching_item
from bot.knowledge.topics import INTENT_TOPICS
from bot.languages import content_language, known_country
from bot.understanding.framing import writes_as_man
from bot.understanding.read import read
from bot.understanding.route import out_of_scope_response

AUDIENCE_INTENTS = {"self_young", "self_adult", "self_relative", "self_professional"}
SAFETY_CHECK = "danger_check"     # bot/understanding/route.py: "are you safe right now?" first
ANSWERS_AFTER_CHECK = ("article", "item")
_kb: Optional[KnowledgeBase] = None


def kb() -> KnowledgeBase:
    global _kb
    if _kb is None:
        _kb = KnowledgeBase()
    return _kb


def fallbacks_in_a_row(tracker: Tracker) -> int:
    """1 when the bot's last answer before this message found nothing (or did not understand)."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                return 0
            seen_user = True
        elif event.get("event") == "bot" and seen_user:
            metadata = event.get("metadata") or {}
            figures = metadata.get("figures") or {}
            return int(figures.get("answered") is False or metadata.get("utter_action") == "utter_default")
    return 0


def situation(tracker: Tracker) -> Situation:
    return Situation(language=content_language(tracker.get_slot("language")),
                     now=dt.datetime.now(dt.timezone.utc),
                     country=known_country(tracker.get_slot("country")),
                     audience=tracker.get_slot("audience"),
                     asked_audience=bool(tracker.get_slot("audience_asked")),
                     fallbacks_in_a_row=fallbacks_in_a_row(tracker),
                     register=tracker.get_slot("register"),
                     man=writes_as_man(tracker.latest_message.get("text") or ""))


def say(dispatcher: CollectingDispatcher, answer: Answer) -> List[EventType]:
    # Extra keywords become the bot event's metadata, which the figures broker counts
    # (bot/stores/figures_broker.py); `custom` tells evaluation scripts what kind of answer it
    # was; the gateway passes only text and buttons to the page.
    dispatcher.utter_message(text=answer.text, figures=answer.figures(), json_message=answer.custom(),
                             buttons=[{"title": t, "payload": p} for t, p in answer.buttons])
    events: List[EventType] = []
    if answer.article_id:
        events.append(SlotSet("last_article", answer.article_id))
    if answer.topic:
        events.append(SlotSet("last_topic", answer.topic))
    if answer.asks_audience:
        events.append(SlotSet("audience_asked", True))
    return events


def answered(tracker: Tracker, s: Situation) -> Answer:
    """The answer to free text: a specific item, an article, a question back, or nothing fits."""
    message = tracker.latest_message
    text = message.get("text") or ""
    reading = message.get("understanding") or read(text).as_dict()
    found = matching_item(kb(), text, s.language, who_asks(reading, s), s.country)
    answer = question_answer(kb(), reading, s, found[0] if found else None)
    if not answer.answered:
        note_unanswered(answer, message, s.language, reading)
    return answer


class ActionAnswerTopic(Action):
    """The answer to a topic button, a free-text question, or the last topic for a new audience."""

    def name(self) -> Text:
        return "action_answer_topic"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[EventType]:
        s = situation(tracker)
        intent = tracker.latest_message.get("intent", {}).get("name")
        if intent == SAFETY_CHECK:
            # After "are you safe right now?", the question still gets its answer when one fits
            # (a calm question about the past was left with the check alone); never a question
            # back, whose buttons would compete with the check's.
            answer = answered(tracker, dataclasses.replace(s, after_safety_check=True))
            return say(dispatcher, answer) if answer.kind in ANSWERS_AFTER_CHECK else []
        topic = INTENT_TOPICS.get(intent) or (tracker.get_slot("last_topic") if intent in AUDIENCE_INTENTS else None)
        # A topic button: the article, and who is asking once (answer first, then ask)
        answer: Optional[Answer] = None
        if topic:
            answer = topic_answer(kb(), topic, s, ask=s.audience is None and not s.asked_audience)
        return say(dispatcher, answer or answered(tracker, s))


class ActionOutOfScope(Action):
    """Outside what the service covers: the domain's reply, and the question kept (redacted,
    without the conversation) for curators, who decide whether it belongs in the knowledge base."""

    def name(self) -> Text:
        return "action_out_of_scope"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[EventType]:
        message = tracker.latest_message
        dispatcher.utter_message(response=out_of_scope_response(message.get("understanding")))
        note_unanswered(Answer("", answered=False, kind="out_of_scope"), message,
                        situation(tracker).language, message.get("understanding"))
        return []


class ActionFindContacts(Action):
    """Contact points for the person's country (both when unknown), audience and the hour."""

    def name(self) -> Text:
        return "action_find_contacts"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[EventType]:
        return say(dispatcher, contacts_answer(kb(), situation(tracker)))


class ActionTellSource(Action):
    """Where the last answer comes from: its sources, review date and owner."""

    def name(self) -> Text:
        return "action_tell_source"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[EventType]:
        answer = source_answer(kb(), tracker.get_slot("last_article"), situation(tracker).language)
        dispatcher.utter_message(text=answer.text)
        return []
