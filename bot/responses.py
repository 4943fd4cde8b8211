"""The bot's texts, read from domain.yml and chosen the way Rasa chooses them.

Rasa picks a conditional response variation whose slot conditions all match (strings
compared case-insensitively), else one without conditions. The gateway needs the very same
texts when Rasa is down, so this module mirrors that rule without importing Rasa, and insists
that at most one variation matches (domain.yml is written so; a test checks it).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, Optional

import yaml

from bot.paths import DOMAIN

Variation = dict[str, Any]


@lru_cache(maxsize=4)
def load_responses(domain: Path = DOMAIN) -> dict[str, list[Variation]]:
    return yaml.safe_load(domain.read_text(encoding="utf-8"))["responses"]


def _matches(variation: Variation, slots: Mapping[str, Any]) -> bool:
    for condition in variation.get("condition") or []:
        expected, actual = condition["value"], slots.get(condition["name"])
        if isinstance(expected, str) and isinstance(actual, str):
            if expected.casefold() != actual.casefold():
                return False
        elif expected != actual:
            return False
    return True


def matching_variations(name: str, slots: Mapping[str, Any]) -> list[Variation]:
    variations = load_responses()[name]
    conditional = [v for v in variations if v.get("condition") and _matches(v, slots)]
    return conditional or [v for v in variations if not v.get("condition")]


@lru_cache(maxsize=1)
def initial_slots() -> dict[str, Any]:
    """The slots' initial values (domain.yml): what Rasa has before anything sets them."""
    slots = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))["slots"]
    return {name: spec["initial_value"] for name, spec in slots.items() if spec.get("initial_value") is not None}


def select(name: str, slots: Mapping[str, Any]) -> Variation:
    """The one variation of response `name` that Rasa would say with these slots (a slot not
    given has its initial value)."""
    slots = {**initial_slots(), **{k: v for k, v in slots.items() if v is not None or k not in initial_slots()}}
    found = matching_variations(name, slots)
    if len(found) != 1:
        raise LookupError(f"{name}: {len(found)} variations match {dict(slots)}")
    return found[0]


def text(name: str, language: str, country: Optional[str] = None, register: Optional[str] = None) -> str:
    """`register` None: the slot's initial value (plain)."""
    return select(name, {"language": language, "country": country, "register": register})["text"]


def identify(said: str) -> Optional[tuple[str, dict[str, Any]]]:
    """(response name, its slot conditions) of the variation whose text is `said`.

    Lets evaluation scripts read from a REST reply which answer, in which language, was given.
    """
    for name, variations in load_responses().items():
        for variation in variations:
            if variation.get("text") == said:
                conditions = {c["name"]: c["value"] for c in variation.get("condition") or []}
                return name, conditions
    return None
