"""Danger rules in the community languages (Arabic, Somali, Persian/Dari, Tigrinya, Sorani).

The bot answers these languages with the escalations and the way to help only (knowledge/
languages.yaml, content: escalation), so danger is all it must find in them. The learned
danger model reads letter groups and has few examples in these scripts; these rules carry the
recall. They are written against `normalise` below and live in community_patterns.yaml; a
language's rules run on every message with letters of its script (the Somali ones use Somali
words only, checked against the Swedish, Norwegian and English corpora by the tests).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

import yaml

from bot.languages import languages
from bot.safety.levels import DangerLevel
from bot.safety.regex_files import expand, source

PATTERNS_FILE = Path(__file__).with_name("community_patterns.yaml")

# Short vowels and other marks, the tatweel and the zero-width joiners people type or not.
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d\u200f\u200e]")
# One form for letters that keyboards and writers mix: Arabic and Persian yeh and kaf, the
# alef forms, teh marbuta and the Kurdish and Persian heh forms (Sorani written on an Arabic
# keyboard meets the same rules).
_LETTERS = str.maketrans({
    "ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ة": "ه", "ە": "ه", "ۀ": "ه", "ھ": "ه", "ؤ": "و",
    "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4", "٥": "5", "٦": "6", "٧": "7", "٨": "8", "٩": "9",
    "۰": "0", "۱": "1", "۲": "2", "۳": "3", "۴": "4", "۵": "5", "۶": "6", "۷": "7", "۸": "8", "۹": "9",
    "’": "'", "‘": "'", "`": "'",
})
_APOSTROPHES = re.compile("'")
# The letters of each script (knowledge/languages.yaml gives each language's script): a rule
# runs only on a message that has letters of its language's script.
SCRIPTS = {
    "latin": re.compile("[a-z]"),
    "arabic": re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]"),
    "geez": re.compile("[\u1200-\u137f\u2d80-\u2ddf\uab00-\uab2f]"),
}
_REPEATS = re.compile(r"(\w)\1{2,}")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The form community_patterns.yaml is written against (see the file's header)."""
    text = unicodedata.normalize("NFC", text or "").lower()
    text = _MARKS.sub("", text).translate(_LETTERS)
    text = _APOSTROPHES.sub("", text)
    return _SPACE.sub(" ", _REPEATS.sub(r"\1\1", text)).strip()


LATIN_SUFFIX = "_latn"   # "ar_latn": Arabic typed in Latin letters (Arabizi), Finglish


@dataclass(frozen=True)
class _Rule:
    id: str
    language: str      # a language of knowledge/languages.yaml
    script: str        # the script its messages are written in (SCRIPTS)
    level: DangerLevel
    pattern: re.Pattern[str]
    unless: Optional[re.Pattern[str]] = None

    def fires(self, text: str) -> bool:
        return bool(self.pattern.search(text)) and not (self.unless and self.unless.search(text))


@lru_cache(maxsize=2)
def load_rules(path: Path = PATTERNS_FILE) -> tuple[_Rule, ...]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    rules: list[_Rule] = []
    for key, spec in (raw.get("languages") or {}).items():
        language = str(key).removesuffix(LATIN_SUFFIX)
        if language not in languages():
            raise ValueError(f"{path.name}: {key!r} is not a language of knowledge/languages.yaml")
        script = "latin" if str(key).endswith(LATIN_SUFFIX) else languages()[language].script
        fragments = {k: source(v) for k, v in (spec.get("fragments") or {}).items()}
        compile_ = lambda p: re.compile(expand(source(p), fragments))  # noqa: E731
        for level, entries in (spec.get("levels") or {}).items():
            for entry in entries:
                rules.append(_Rule(f"{key}:{entry['id']}", language, script, DangerLevel(level),
                                   compile_(entry["pattern"]),
                                   compile_(entry["unless"]) if entry.get("unless") else None))
    return tuple(rules)


def find(text: str) -> dict[DangerLevel, list[str]]:
    """The community rules that fire on `text`: level -> rule ids."""
    normalised = normalise(text)
    found: dict[DangerLevel, list[str]] = {}
    if not normalised:
        return found
    present = {name for name, letters in SCRIPTS.items() if letters.search(normalised)}
    for rule in load_rules():
        if rule.script in present and rule.fires(normalised):
            found.setdefault(rule.level, []).append(rule.id)
    return found
