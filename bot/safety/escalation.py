"""The escalation answer for a danger level, in the user's language, for their country, for who
is writing.

The texts live in domain.yml so that Rasa and the gateway say the same thing; this is the
gateway's way in when Rasa cannot answer, and the one home of the names: `danger_<level>` (the
intent) and `utter_danger_<level>` (the text) for the person in danger, `adult_` for one of 18
or more where the next steps differ by age, `helper_` for a relative or friend telling of
someone else's danger and `professional_` for someone who meets it at work (their duty to report
and where they get advice). The tenth blind set's parents and young friends were given the
professionals' text, and adults of 19 to 24 before a trip barnevernet and the school.
"""
from __future__ import annotations

from enum import Enum
from typing import Optional

from bot import responses
from bot.safety.levels import DangerLevel

SAFETY_CHECK = "utter_ask_safe_now"
INTENT_PREFIX = "danger_"
RESPONSE_PREFIX = "utter_danger_"


class Writer(str, Enum):
    SELF = "self"                    # the person in danger (a young person, or age not known)
    ADULT = "adult"                  # the person in danger, 18 or older
    HELPER = "helper"                # a relative or friend, about someone else
    PROFESSIONAL = "professional"    # at work, about someone else


# The levels whose next steps differ for an adult (the police, a shelter, Kompetanseteamet; not
# barnevernet or the school); for the others the person's own text fits any age.
ADULT_LEVELS = frozenset({DangerLevel.IMMEDIATE_DANGER, DangerLevel.TRIP_ABROAD_SOON})


def _infix(level: DangerLevel, writer: Writer) -> str:
    if writer is Writer.SELF or (writer is Writer.ADULT and level not in ADULT_LEVELS):
        return ""
    return f"{writer.value}_"


def intent_name(level: DangerLevel, writer: Writer = Writer.SELF) -> str:
    return f"{INTENT_PREFIX}{_infix(level, writer)}{level.value}"


def response_name(level: DangerLevel, writer: Writer = Writer.SELF) -> str:
    return f"{RESPONSE_PREFIX}{_infix(level, writer)}{level.value}"


def parse_response(name: str) -> Optional[tuple[DangerLevel, Writer]]:
    """The level and writer of an escalation response's name, or None for any other name."""
    if not name.startswith(RESPONSE_PREFIX):
        return None
    rest = name[len(RESPONSE_PREFIX):]
    for writer in (w for w in Writer if w is not Writer.SELF):
        if rest.startswith(f"{writer.value}_"):
            rest, found = rest[len(writer.value) + 1:], writer
            break
    else:
        found = Writer.SELF
    try:
        level = DangerLevel(rest)
    except ValueError:
        return None
    return (level, found) if level is not DangerLevel.NONE else None


def escalation_text(level: DangerLevel, language: str, country: Optional[str] = None,
                    writer: Writer = Writer.SELF, register: Optional[str] = None) -> str:
    if level is DangerLevel.NONE:
        raise ValueError("no escalation for level none")
    return responses.text(response_name(level, writer), language, country, register)


def safety_check_text(language: str, register: Optional[str] = None) -> str:
    """The middle band: are you safe right now (with 112)?"""
    return responses.text(SAFETY_CHECK, language, register=register)
