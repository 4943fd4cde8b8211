"""The closed vocabularies of the figures: every (metric, key) stored must be listed here.

Keys come from the project's own files (knowledge schema, contact files, danger levels), never
from what a user wrote, and anything outside them is dropped before it reaches the table.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml

from bot.knowledge.schema import AUDIENCES, TOPICS
from bot.languages import all_languages
from bot.paths import CONTACTS
from bot.safety.levels import DANGER_LEVELS

# Metrics in the order the report shows them.
METRICS = ("conversations", "messages", "audience", "topic", "danger", "contact", "search",
           "rating")


@lru_cache(maxsize=1)
def contact_ids() -> tuple[str, ...]:
    """The id of every contact point in knowledge/contacts/, sorted."""
    files = (yaml.safe_load(p.read_text(encoding="utf-8")) for p in CONTACTS.glob("*.yaml"))
    return tuple(sorted(c["id"] for c in files if isinstance(c, dict) and isinstance(c.get("id"), str)))


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, tuple[str, ...]]:
    """metric -> its keys, in the order the report lists them."""
    return {
        "conversations": ("all",),
        "messages": all_languages(),     # the escalation languages' messages count too
        "audience": AUDIENCES,
        "topic": TOPICS,
        "danger": tuple(level.value for level in DANGER_LEVELS),
        "contact": contact_ids(),
        "search": ("answered", "unanswered"),
        "rating": ("up", "down"),
    }


def allowed(metric: Any, key: Any) -> bool:
    return isinstance(metric, str) and isinstance(key, str) and key in vocabulary().get(metric, ())
