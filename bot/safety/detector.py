"""Rule-based danger detection: every message passes here before anything else.

Pure Python on purpose: the Rasa NLU component and the web gateway (when Rasa is down) call
the same function, so the user gets the same escalation whichever part is running.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

import yaml

from bot.safety.levels import DangerLevel
from bot.text import fold

PATTERNS_FILE = Path(__file__).with_name("patterns.yaml")

# Clauses: the rules look inside one clause at a time, so that "kill me if I fail the test"
# does not silence "and my dad has a knife" in the next clause.
_CLAUSE_SPLIT = re.compile(r"[.!?;\n]+|\s(?:but|men|fast|though)\s")
_FIGURATIVE_LEVELS = {DangerLevel.IMMEDIATE_DANGER, DangerLevel.SELF_HARM}


@dataclass(frozen=True)
class Context:
    """What the conversation already knows; all optional."""

    language: Optional[str] = None
    country: Optional[str] = None
    audience: Optional[str] = None
    age: Optional[int] = None


@dataclass(frozen=True)
class Assessment:
    levels: tuple[DangerLevel, ...] = ()
    reasons: tuple[str, ...] = field(default=())

    @property
    def level(self) -> DangerLevel:
        """The most urgent level found, NONE when nothing was found."""
        return self.levels[0] if self.levels else DangerLevel.NONE

    @property
    def is_danger(self) -> bool:
        return bool(self.levels)


@dataclass(frozen=True)
class _Rules:
    by_level: dict[DangerLevel, tuple[tuple[str, re.Pattern[str]], ...]]
    child_age: re.Pattern[str]
    child_words: re.Pattern[str]
    child_harm: re.Pattern[str]
    figurative: tuple[re.Pattern[str], ...]


def _expand(pattern: str, fragments: dict[str, str]) -> str:
    for name, value in fragments.items():
        pattern = pattern.replace("{" + name + "}", value)
    return pattern


@lru_cache(maxsize=4)
def load_rules(path: Path = PATTERNS_FILE) -> _Rules:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    fragments = raw.get("fragments", {})
    compile_ = lambda p: re.compile(_expand(p, fragments))  # noqa: E731
    by_level = {
        DangerLevel(name): tuple((rule["id"], compile_(rule["pattern"])) for rule in rules)
        for name, rules in raw["levels"].items()
    }
    child = raw["child"]
    return _Rules(
        by_level=by_level,
        child_age=compile_(child["age"]),
        child_words=compile_(child["words"]),
        child_harm=compile_(child["harm"]),
        figurative=tuple(compile_(p) for p in raw.get("hyperbole", [])),
    )


def _clauses(folded: str) -> list[str]:
    return [c.strip() for c in _CLAUSE_SPLIT.split(folded) if c and c.strip()]


def assess(text: str, context: Context = Context()) -> Assessment:
    """Danger levels found in `text` (most urgent first) and the ids of the rules that fired."""
    rules = load_rules()
    folded = fold(text)
    if not folded:
        return Assessment()
    found: dict[DangerLevel, list[str]] = {}
    for clause in _clauses(folded):
        figurative = any(p.search(clause) for p in rules.figurative)
        for level, level_rules in rules.by_level.items():
            if figurative and level in _FIGURATIVE_LEVELS:
                continue
            for rule_id, pattern in level_rules:
                if pattern.search(clause):
                    found.setdefault(level, []).append(rule_id)

    minor = (context.age is not None and context.age < 18) or bool(rules.child_age.search(folded))
    about_child = minor or bool(rules.child_words.search(folded))
    if about_child and (rules.child_harm.search(folded) or found):
        reason = "minor_and_harm" if minor else "child_and_harm"
        found.setdefault(DangerLevel.CHILD_AT_RISK, []).append(reason)

    levels = tuple(sorted(found, key=lambda level: level.rank))
    reasons = tuple(f"{level.value}:{rule}" for level in levels for rule in found[level])
    return Assessment(levels=levels, reasons=reasons)
