"""The escalation answer for a danger level, in the user's language, for their country.

The texts live in domain.yml (utter_danger_<level>, and utter_danger_helper_<level> for a
relative, friend or professional reporting someone else's danger) so that Rasa and the gateway
say the same thing; this is the gateway's way in when Rasa cannot answer.
"""
from __future__ import annotations

from typing import Optional

from bot import responses
from bot.safety.levels import DangerLevel

SAFETY_CHECK = "utter_ask_safe_now"


def response_name(level: DangerLevel, helper: bool = False) -> str:
    return f"utter_danger_{'helper_' if helper else ''}{level.value}"


def escalation_text(level: DangerLevel, language: str, country: Optional[str] = None,
                    helper: bool = False, register: Optional[str] = None) -> str:
    if level is DangerLevel.NONE:
        raise ValueError("no escalation for level none")
    return responses.text(response_name(level, helper), language, country, register)


def safety_check_text(language: str, register: Optional[str] = None) -> str:
    """The middle band: are you safe right now (with 112)?"""
    return responses.text(SAFETY_CHECK, language, register=register)
