"""The one call the knowledge actions make after answering: keep the question if unanswered.

Never breaks the answer: any failure (database down, disk full) is logged by its type only,
never with the text.
"""
from __future__ import annotations

import logging
from typing import Any, Mapping, Optional

from bot.curation.guess import topic_guess
from bot.curation.store import record
from bot.knowledge.answers import Answer
from bot.operator_db import operator_db_url

log = logging.getLogger(__name__)


def note_unanswered(answer: Answer, message: Mapping[str, Any], language: str,
                    reading: Optional[Mapping[str, Any]] = None) -> Optional[int]:
    """Store the redacted question with its topic guess when `answer` found nothing; its id."""
    if answer.answered:
        return None
    try:
        text = message.get("text") or ""
        if not text.strip():
            return None
        guess = topic_guess(message.get("intent_ranking"), (reading or {}).get("topics"))
        return record(operator_db_url(), text, language, guess)
    except Exception as error:  # noqa: BLE001 - the answer matters more than the record
        log.error("unanswered question not recorded: %s", type(error).__name__)
        return None
