"""Which languages and countries exist, read from their one home, knowledge/languages.yaml.

Standard library and YAML only: the gateway, the NLU components, the knowledge base, the
channels and the evaluation all ask here instead of spelling the lists out.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Optional

import yaml

from bot.paths import KNOWLEDGE

FULL, ESCALATION = "full", "escalation"


@dataclass(frozen=True)
class Language:
    code: str
    name: str              # in the language itself
    english: str
    direction: str         # ltr | rtl
    content: str           # full | escalation
    raw: dict[str, Any]

    @property
    def script(self) -> str:
        return str(self.raw.get("script", "latin"))


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return yaml.safe_load((KNOWLEDGE / "languages.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def languages() -> dict[str, Language]:
    return {code: Language(code, d["name"], d["english"], d.get("direction", "ltr"),
                           d.get("content", FULL), d)
            for code, d in _data()["languages"].items()}


@lru_cache(maxsize=1)
def full_languages() -> tuple[str, ...]:
    """Languages with every answer (sv, nb, en)."""
    return tuple(code for code, lang in languages().items() if lang.content == FULL)


@lru_cache(maxsize=1)
def escalation_languages() -> tuple[str, ...]:
    """Languages with the escalations and the way to help only (ar, so, fa, ti, ckb)."""
    return tuple(code for code, lang in languages().items() if lang.content == ESCALATION)


def is_escalation_language(code: object) -> bool:
    return isinstance(code, str) and code in escalation_languages()


def content_language(code: object) -> str:
    """The full language an answer is written in: the person's, or content_fallback for an
    escalation language, or the first full language when nothing is known."""
    if isinstance(code, str) and code in full_languages():
        return code
    if is_escalation_language(code):
        return str(_data()["content_fallback"])
    return full_languages()[0]


@lru_cache(maxsize=1)
def all_languages() -> tuple[str, ...]:
    return tuple(languages())


@lru_cache(maxsize=1)
def countries() -> tuple[str, ...]:
    return tuple(str(code) for code in _data()["countries"])


def country_name(code: str, language: str) -> str:
    return _data()["countries"][code]["names"].get(language) or code


def country_of_language(language: Optional[str]) -> Optional[str]:
    """The country a language suggests when nothing else says (nb -> NO, sv -> SE)."""
    for code, data in _data()["countries"].items():
        if data.get("language") == language:
            return str(code)
    return None


def known_language(value: object) -> Optional[str]:
    return value if isinstance(value, str) and value in languages() else None


def known_country(value: object) -> Optional[str]:
    return value if isinstance(value, str) and value in countries() else None
