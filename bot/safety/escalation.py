"""The escalation answer for a danger level, in the user's language, for their country.

The texts live in domain.yml (utter_danger_<level>) so that Rasa and the gateway say the
same thing; this is the gateway's way in when Rasa cannot answer.
"""
from __future__ import annotations

from typing import Optional

from bot import responses
from bot.safety.levels import DangerLevel


def response_name(level: DangerLevel) -> str:
    return f"utter_danger_{level.value}"


def escalation_text(level: DangerLevel, language: str, country: Optional[str] = None) -> str:
    if level is DangerLevel.NONE:
        raise ValueError("no escalation for level none")
    return responses.text(response_name(level), language, country)
