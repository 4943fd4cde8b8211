"""What the gateway says itself when Rasa cannot answer: danger first, else an honest apology."""
from __future__ import annotations

from typing import Optional

from bot import responses
from bot.language import detect_language
from bot.safety import Context, assess, escalation_text


def fallback_messages(text: str, language: Optional[str], country: Optional[str]) -> list[str]:
    """Escalation for a danger message; for any message, that it was not delivered."""
    lang = detect_language(text, prior=language).code
    messages = []
    assessment = assess(text, Context(language=lang, country=country))
    if assessment.is_danger:
        messages.append(escalation_text(assessment.level, lang, country))
    messages.append(responses.text("utter_service_unavailable", lang))
    return messages
