"""What the gateway says itself when Rasa cannot answer: danger first, else an honest apology.

Danger is read as Rasa reads it (bot/understanding/read.py: the rules, and the learned model
when this environment has it), so the person gets the same escalation whichever part runs.
"""
from __future__ import annotations

from typing import Optional

from bot import responses
from bot.language import detect_language
from bot.safety import Context, DangerLevel, escalation_text
from bot.safety.escalation import safety_check_text
from bot.understanding.read import danger


def fallback_messages(text: str, language: Optional[str], country: Optional[str],
                      register: Optional[str] = None) -> list[str]:
    """Escalation (or the are-you-safe question) for a danger message; for any message, that it
    was not delivered."""
    lang = detect_language(text, prior=language).code
    found = danger(text, Context(language=lang, country=country))
    messages = []
    if found.escalate:
        messages.append(escalation_text(DangerLevel(found.level), lang, country, writer=found.writer,
                                        register=register))
    elif found.check:
        messages.append(safety_check_text(lang, register))
    messages.append(responses.text("utter_service_unavailable", lang))
    return messages
