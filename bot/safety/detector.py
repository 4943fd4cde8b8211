"""Rule-based danger detection: every message passes here before anything else.

Pure Python on purpose: the Rasa NLU component and the web gateway (when Rasa is down) call
the same function, so the user gets the same escalation whichever part is running.

How a message is read (the rules themselves live in patterns.yaml):

1. It is folded (bot/text.py: lower case, å/ä/æ -> a, ö/ø -> o, "sooo" -> "soo") and
   apostrophes are dropped ("i'm" -> "im", "can't" -> "cant"), so "I'm", "Im" and "i´m" meet.
2. Figures of speech ("jag dör av skratt", "this homework is killing me", "mamma dreper meg
   hvis jeg stryker på prøven") are masked out: only the figure itself is replaced, so a real
   danger phrase elsewhere in the same message ("... and my dad has a knife") still counts.
   A mask can carry an `unless`: "mum will kill me if she sees me with my boyfriend" is not
   masked, because honour cues (boyfriend, marry, police...) make the threat real.
3. Every rule of every level is searched in the masked message. A rule can carry an `unless`
   pattern (searched in the same masked message) that vetoes it: "pass" + "förnya det".
4. A child is at risk when the message (or the conversation: Context.age) says the person is
   a minor (age under 18, school year, pupil, preschooler, little brother...) or speaks of a
   child (daughter, niece...), together with a harm (violence, bruises, threats, marriage,
   cutting) or any other danger level.
5. The rules of the escalation languages (Arabic, Somali, Persian/Dari, Tigrinya, Sorani;
   bot/safety/community.py) are searched too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

import yaml

from bot.safety import community
from bot.safety.levels import DangerLevel
from bot.safety.regex_files import expand, source
from bot.text import drop_apostrophes, fold

PATTERNS_FILE = Path(__file__).with_name("patterns.yaml")

_MASK = " ~ "

# Chat spellings and Nynorsk/dialect forms, mapped word for word onto the forms the rules are
# written in (after folding), so that every rule meets "mej"/"mig", "eg"/"jeg", "u"/"you".
# Only unambiguous words: not sv "ur" (out of), "bro" (bridge), "nan" (en: grandma).
_WORDS = {
    # Swedish chat
    "mej": "mig", "dej": "dig", "sej": "sig", "kmr": "kommer", "o": "och", "nanting": "nagonting",
    "int": "inte",
    # Nynorsk and dialect -> bokmål
    "eg": "jeg", "ikkje": "ikke", "ikkj": "ikke", "itj": "ikke", "heim": "hjem", "heime": "hjemme",
    "doy": "do", "doyr": "dor", "dei": "de", "deira": "deres", "kjem": "kommer", "kome": "komme",
    "seint": "sent", "nokon": "noen", "noko": "noe", "kva": "hva", "korleis": "hvordan",
    "kvifor": "hvorfor", "berre": "bare", "sjolv": "selv", "meir": "mer", "trur": "tror",
    "skulen": "skolen", "skule": "skole", "veit": "vet", "fekk": "fikk", "heimlandet": "hjemlandet",
    "hja": "hos", "mykje": "mye", "sjolvmord": "selvmord",
    # English chat
    "u": "you", "r": "are", "n": "and", "w": "with", "wk": "week", "bc": "because",
    "cuz": "because", "coz": "because", "cos": "because", "pls": "please", "plz": "please",
    "ppl": "people", "rly": "really", "bros": "brothers",
    "imma": "im going to", "ima": "im going to", "finna": "going to", "tho": "though",
}
_WORD = re.compile(r"[a-z]+")
# "back 2 sweden", "sending me 2 pakistan": a 2 between a travel word and a word is "to"
_TWO = re.compile(r"\b(back|me|her|him|us|go|going|get|come|fly|flying|sent|send|sending|taking|"
                  r"take|took|moving|move|travel|way|went) 2 (?=[a-z])")


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
    escalation_language: bool = False   # rules of an escalation language fired (community.py)

    @property
    def level(self) -> DangerLevel:
        """The most urgent level found, NONE when nothing was found."""
        return self.levels[0] if self.levels else DangerLevel.NONE

    @property
    def is_danger(self) -> bool:
        return bool(self.levels)


@dataclass(frozen=True)
class _Rule:
    id: str
    pattern: re.Pattern[str]
    unless: Optional[re.Pattern[str]] = None

    def fires(self, text: str) -> bool:
        return bool(self.pattern.search(text)) and not (self.unless and self.unless.search(text))


@dataclass(frozen=True)
class _Rules:
    by_level: dict[DangerLevel, tuple[_Rule, ...]]
    child_minor: re.Pattern[str]
    child_words: re.Pattern[str]
    child_harm: re.Pattern[str]
    child_unless: Optional[re.Pattern[str]]
    masks: tuple[_Rule, ...]


def _rule(spec: Any, fragments: dict[str, str], default_id: str = "") -> _Rule:
    compile_ = lambda p: re.compile(expand(source(p), fragments))  # noqa: E731
    if isinstance(spec, dict):
        unless = spec.get("unless")
        return _Rule(
            id=str(spec.get("id", default_id)),
            pattern=compile_(spec["pattern"]),
            unless=compile_(unless) if unless else None,
        )
    return _Rule(id=default_id, pattern=compile_(spec))


@lru_cache(maxsize=4)
def _patterns(path: Path) -> tuple[dict[str, Any], dict[str, str]]:
    """patterns.yaml read once: the whole file and its fragments."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return raw, {k: source(v) for k, v in (raw.get("fragments") or {}).items()}


@lru_cache(maxsize=4)
def load_rules(path: Path = PATTERNS_FILE) -> _Rules:
    raw, fragments = _patterns(path)
    compile_ = lambda p: re.compile(expand(source(p), fragments))  # noqa: E731
    by_level = {
        DangerLevel(name): tuple(_rule(spec, fragments) for spec in rules)
        for name, rules in raw["levels"].items()
    }
    child = raw["child"]
    masks = raw.get("masks", raw.get("hyperbole", [])) or []
    return _Rules(
        by_level=by_level,
        child_minor=compile_(child.get("minor", child.get("age"))),
        child_words=compile_(child["words"]),
        child_harm=compile_(child["harm"]),
        child_unless=compile_(child["unless"]) if child.get("unless") else None,
        masks=tuple(_rule(spec, fragments, f"mask{i}") for i, spec in enumerate(masks)),
    )


def fragment(name: str, path: Path = PATTERNS_FILE) -> str:
    """One of patterns.yaml's fragments, expanded (the places the rules know are kept there only)."""
    _, fragments = _patterns(path)
    return expand(fragments[name], fragments)


def warm_up() -> None:
    """Compile the rules now rather than on the first message."""
    load_rules()
    community.load_rules()


def normalise(text: str) -> str:
    """The form the rules are written against: folded, apostrophes dropped, single spaces."""
    folded = drop_apostrophes(fold(text))
    folded = _WORD.sub(lambda m: _WORDS.get(m.group(0), m.group(0)), folded)
    folded = _TWO.sub(r"\1 to ", folded)
    return re.sub(r"\s+", " ", folded).strip()


def mask_figures(text: str, rules: Optional[_Rules] = None) -> str:
    """Replace figures of speech with a neutral mark (see the module docstring)."""
    rules = rules or load_rules()
    for mask in rules.masks:
        if mask.unless and mask.unless.search(text):
            continue
        text = mask.pattern.sub(_MASK, text)
    return text


def assess(text: str, context: Context = Context()) -> Assessment:
    """Danger levels found in `text` (most urgent first) and the ids of the rules that fired."""
    rules = load_rules()
    normalised = normalise(text)
    if not normalised:
        return Assessment()
    masked = mask_figures(normalised, rules)
    found: dict[DangerLevel, list[str]] = community.find(text)
    by_community = bool(found)
    for level, level_rules in rules.by_level.items():
        for rule in level_rules:
            if rule.fires(masked):
                found.setdefault(level, []).append(rule.id)

    minor = (context.age is not None and context.age < 18) or bool(rules.child_minor.search(masked))
    about_child = minor or bool(rules.child_words.search(masked))
    general_question = bool(rules.child_unless and rules.child_unless.search(masked))
    if about_child and not general_question and (rules.child_harm.search(masked) or found):
        reason = "minor_and_harm" if minor else "child_and_harm"
        found.setdefault(DangerLevel.CHILD_AT_RISK, []).append(reason)

    levels = tuple(sorted(found, key=lambda level: level.rank))
    reasons = tuple(f"{level.value}:{rule}" for level in levels for rule in found[level])
    return Assessment(levels=levels, reasons=reasons, escalation_language=by_community)
