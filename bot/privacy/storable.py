"""The one rule for what of a person's text may be kept anywhere: visible, redacted, bounded.

Everything that stores or writes down something a person wrote goes through here: the tracker
store (message text, entity and slot values, metadata values), the curators' unanswered
questions, and the log filter (bot.privacy.logs), which keeps no message text at all.

The order matters: invisible characters out first (a zero-width space or a bidirectional
override inside a number hides it from redaction), redaction of the whole text next, the cut
last (a cut through a phone number would leave digits that no longer look like one).
"""
from __future__ import annotations

import re

from bot.privacy.redact import redact
from bot.privacy.sanitize import STORED_TEXT_LIMIT, TRUNCATED, cut, visible

CURATION_LIMIT = 500          # a curator needs the question, not the story
_SPACE = re.compile(r"\s+")


def storable(text: str, limit: int = STORED_TEXT_LIMIT, marker: str = TRUNCATED) -> str:
    """What may be stored of `text`."""
    return cut(redact(visible(text or "")), limit, marker)


def storable_line(text: str, limit: int = CURATION_LIMIT) -> str:
    """`storable` on one line (runs of white space as one space), cut with an ellipsis."""
    return storable(_SPACE.sub(" ", visible(text or "")).strip(), limit, "…")


def storable_value(value: object) -> object:
    """A value a person may have typed (slot, entity, metadata): strings made storable, other
    JSON values kept, containers walked."""
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, list):
        return [storable_value(v) for v in value]
    if isinstance(value, dict):
        return {k: storable_value(v) for k, v in value.items()}
    return value
