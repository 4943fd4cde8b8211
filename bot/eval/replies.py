"""What a reply of the bot was, read from the REST channel's messages alone.

Evaluation scripts talk to the bot only through its public REST channel, so they read the
answer from what came back: a domain response (by its exact text), a knowledge article or
question-and-answer item (by its text), contact points, and the buttons offered (a clarifying
question offers topics, an audience question offers roles). Texts change from one commit to
the next, so a reply is read with the texts of the commit that gave it: a measurement stores
its readings (`Reply.as_dict`) next to the raw messages.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any, Iterable, Optional

from bot.paths import KNOWLEDGE
from bot.responses import identify
from bot.safety.escalation import Writer, parse_response

# Responses that ask whether the person is safe now: the middle band between escalation and none.
SAFETY_CHECKS = ("utter_ask_safe_now",)
AUDIENCE_PAYLOADS = {"/self_young": "young", "/self_adult": "adult",
                     "/self_relative": "relative", "/self_professional": "professional"}


@dataclass(frozen=True)
class Answered:
    """One knowledge text that was given: its topic, audience and language."""
    id: str
    topic: str
    audience: str
    language: str


@dataclass
class Reply:
    """Everything one turn's messages said, in order."""
    responses: list[str] = field(default_factory=list)       # domain response names
    answered: list[Answered] = field(default_factory=list)   # articles and Q&A items
    languages: list[str] = field(default_factory=list)       # language of each recognised text
    offered_topics: list[str] = field(default_factory=list)  # topics offered as buttons
    offered_audiences: list[str] = field(default_factory=list)
    not_found: bool = False
    texts: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)           # the knowledge action's own account
    pending_topic: Optional[str] = None   # the topic the bot will answer once it knows who asks

    def as_dict(self) -> dict[str, Any]:
        found = asdict(self)
        found.pop("texts")       # the raw messages are stored beside it
        return found

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Reply":
        return cls(**{**data, "answered": [Answered(**a) for a in data.get("answered") or []]})

    @property
    def escalations(self) -> list[str]:
        """The danger levels escalated, in order (whoever the text was written for)."""
        return [found[0].value for found in map(parse_response, self.responses) if found]

    @property
    def helper_escalation(self) -> bool:
        """The escalation was one written for someone helping another person (a relative,
        a friend or a professional)."""
        return any(found[1] is not Writer.SELF for found in map(parse_response, self.responses) if found)

    @property
    def escalated(self) -> bool:
        return bool(self.escalations)

    @property
    def safety_check(self) -> bool:
        return any(r in SAFETY_CHECKS for r in self.responses)

    @property
    def language(self) -> Optional[str]:
        return self.languages[0] if self.languages else None


@lru_cache(maxsize=1)
def _knowledge_texts() -> list[tuple[str, Answered]]:
    """(text, what it is) of every article and Q&A item, longest first (prefix matching)."""
    from bot.knowledge.files import read_articles

    found = [(a.text, Answered(a.id, a.topic, a.audience, a.language)) for a in read_articles(KNOWLEDGE)]
    try:
        from bot.knowledge.files import read_items
    except ImportError:  # before question-and-answer items existed
        read_items = None
    if read_items is not None:
        found += [(i.shown(language),
                   Answered(i.id, i.topic, i.audience, language))
                  for i in read_items(KNOWLEDGE) for language in i.answer]
    return sorted(found, key=lambda pair: len(pair[0]), reverse=True)


@lru_cache(maxsize=1)
def _ui_markers() -> dict[str, tuple[str, str]]:
    from bot.knowledge.answers import labels

    return {lang: (ui["contacts_heading"], ui["not_found"].rstrip(":")) for lang, ui in labels().items()}


def _topic_of_payload(payload: str) -> Optional[str]:
    from bot.knowledge.topics import INTENT_TOPICS

    name = payload.lstrip("/").split("{", 1)[0]
    if name in INTENT_TOPICS:
        return INTENT_TOPICS[name]
    if name == "choose_topic" and "{" in payload:   # /choose_topic{"topic": "fgm"}
        import json

        try:
            return json.loads(payload[payload.index("{"):]).get("topic")
        except (ValueError, AttributeError):
            return None
    return None


def read_reply(messages: Iterable[dict[str, Any]]) -> Reply:
    reply = Reply()
    for message in messages:
        answer = (message.get("custom") or {}).get("answer") if isinstance(message.get("custom"), dict) else None
        if isinstance(answer, dict):
            # The knowledge action says what it answered (a message of its own, without text).
            reply.kinds.append(str(answer.get("kind")))
            if answer.get("kind") == "ask_audience":
                reply.pending_topic = answer.get("topic")
            if answer.get("kind") == "not_found":
                reply.not_found = True
            continue
        text = message.get("text") or ""
        reply.texts.append(text)
        for button in message.get("buttons") or []:
            payload = str(button.get("payload", ""))
            topic = _topic_of_payload(payload)
            if topic:
                reply.offered_topics.append(topic)
            if payload in AUDIENCE_PAYLOADS:
                reply.offered_audiences.append(AUDIENCE_PAYLOADS[payload])
        found = identify(text)
        if found:
            reply.responses.append(found[0])
            if found[1].get("language"):
                reply.languages.append(found[1]["language"])
            continue
        for body, answered in _knowledge_texts():
            if body and text.startswith(body):
                reply.answered.append(answered)
                reply.languages.append(answered.language)
                break
        else:
            for language, (heading, not_found) in _ui_markers().items():
                if not_found in text:
                    reply.not_found = True
                    reply.languages.append(language)
                    break
                if heading in text:
                    reply.languages.append(language)
                    break
    return reply
