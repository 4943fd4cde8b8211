"""Language identification for short chat messages.

A message in one of the escalation languages (Arabic, Somali, Persian/Dari, Tigrinya, Sorani)
is recognised first, by script and words (bot/language/community.py). Otherwise lingua (high-accuracy mode) restricted to the bot's three languages (adding Danish and Nynorsk
as candidates, folded into bokmål, measured worse: README, "Language detection"). A short word
list settles one-to-three-word messages; when a message is still too short or the top two
languages are close, the conversation's earlier language (the prior) wins.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from bot.language.community import community_language
from bot.language.community import warm_up as warm_up_community
from bot.languages import full_languages, is_escalation_language

LANGUAGES = full_languages()    # sv, nb, en
DEFAULT_LANGUAGE = LANGUAGES[0]

# Below this margin between the best and the second-best of sv/nb/en the prior decides.
_MIN_MARGIN = 0.25
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# Words that only one of the three languages uses; cheap and decisive on 1-3 word messages.
_MARKERS = {
    "sv": {"jag", "inte", "och", "hej", "tack", "hjälp", "hjalp", "mig", "vad", "hur", "är",
           "vill", "någon", "nagon", "också", "bara", "tjena", "hejdå", "nej", "hejsan",
           "tja", "tjabba", "halloj", "varför", "jätte", "kolla", "sverige"},
    "nb": {"jeg", "ikke", "ikkje", "hei", "takk", "hjelp", "meg", "hva", "hvordan", "hvem",
           "noen", "også", "bare", "æ", "heisann", "hadet", "kjæreste", "nei", "hallo",
           "hallais", "morna", "hvorfor", "kanskje", "veldig", "norge"},
    "en": {"i", "the", "and", "hello", "hi", "thanks", "thank", "help", "me", "what", "how",
           "who", "is", "my", "you", "want", "please", "bye", "hey", "yes", "sure", "why"},
}


@dataclass(frozen=True)
class LanguageGuess:
    code: str
    confidence: float
    used_prior: bool = False


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return (
        LanguageDetectorBuilder.from_languages(
            Language.SWEDISH, Language.BOKMAL, Language.ENGLISH
        )
        .with_preloaded_language_models()
        .build()
    )


def warm_up() -> None:
    """Load lingua's models now rather than on the first message."""
    _detector()
    warm_up_community()


_CODE = {"SWEDISH": "sv", "BOKMAL": "nb", "ENGLISH": "en"}


# lingua's time grows fast on a long run of letters (359 s for 1 MB): a message's first
# thousand characters tell its language as well as all of it.
_LINGUA_MAX_CHARS = 1000


def _lingua_scores(text: str) -> dict[str, float]:
    scores = {code: 0.0 for code in LANGUAGES}
    for value in _detector().compute_language_confidence_values(text[:_LINGUA_MAX_CHARS]):
        scores[_CODE[value.language.name]] = value.value
    return scores


# lingua rules English out for any word with å, ä, ö, æ or ø, so "how do I get a kontaktförbud?" and
# "The Försäkringskassan website is so confusing" were read as Swedish. A message whose other words
# are English, with English function words and no Swedish or Norwegian marker, is read without the
# Swedish or Norwegian terms in it.
_NORDIC_LETTER = re.compile(r"[åäöæø]")
_ENGLISH_FUNCTION_WORDS = frozenset({
    "the", "a", "an", "is", "are", "do", "does", "can", "how", "what", "who", "my", "of", "and", "with",
    "you", "it", "this", "that", "your", "they", "she", "he", "when", "where", "why", "should", "must",
    "will", "would", "have", "has", "about", "from", "im", "dont", "cant", "isnt", "there"})


_SCANDINAVIAN_MARKERS = _MARKERS["sv"] | _MARKERS["nb"]


def _without_nordic_terms(words: list[str]) -> Optional[dict[str, float]]:
    """lingua's scores over the words without å/ä/ö/æ/ø when the message is otherwise English
    (at most a quarter of its words carry those letters), else None."""
    nordic = [w for w in words if _NORDIC_LETTER.search(w)]
    rest = [w for w in words if not _NORDIC_LETTER.search(w)]
    if not nordic or len(nordic) * 4 > len(words) or len(rest) < 3:
        return None
    if sum(w in _ENGLISH_FUNCTION_WORDS for w in rest) < 2 or any(w in _SCANDINAVIAN_MARKERS for w in words):
        return None
    return _lingua_scores(" ".join(rest))


def _marker_vote(words: list[str]) -> Optional[str]:
    counts = {code: sum(w in markers for w in words) for code, markers in _MARKERS.items()}
    best = max(counts, key=counts.get)
    ranked = sorted(counts.values(), reverse=True)
    return best if ranked[0] > ranked[1] else None


# With a prior (the language the person chose, or the conversation's), only a whole message in
# another language switches: this many words at least, and clearly that language. One English
# word in a Swedish chat ("help", "ok", "click") switched the replies and buttons to English.
MIN_SWITCH_WORDS = 4
_SWITCH_MARGIN = 0.5


def _holds(prior: str, words: list[str], best: str, lead: float) -> bool:
    """True when a message is not a whole message in another language than `prior`."""
    if best == prior:
        return True
    if len(words) >= MIN_SWITCH_WORDS:
        return lead < _SWITCH_MARGIN
    if len(words) == 1:
        return True
    # Two or three words: only words that only the other language uses ("vad är hedersförtryck").
    counts = {code: sum(w in markers for w in words) for code, markers in _MARKERS.items()}
    other = max((c for c in counts if c != prior), key=counts.get)
    return not (counts[other] >= 2 and counts[prior] == 0)


def detect_language(text: str, prior: Optional[str] = None) -> LanguageGuess:
    """The message's language: an escalation language when it is written in one, else sv / nb /
    en. `prior` is the language the person chose or the conversation's so far."""
    community = community_language(text)
    if community:
        return LanguageGuess(community, 1.0)
    words = [w.lower() for w in _WORD.findall(text or "")]
    if is_escalation_language(prior):
        # Chosen on the page: "ok" or a name stays in that language; a whole message in
        # Swedish, Norwegian or English is answered in it.
        guess = detect_language(text)
        if len(words) <= 2 and not _marker_vote(words):
            return LanguageGuess(str(prior), 0.0, used_prior=True)
        return guess
    prior = prior if prior in LANGUAGES else None
    if not words:
        return LanguageGuess(prior or DEFAULT_LANGUAGE, 0.0, used_prior=prior is not None)
    scores = _lingua_scores(" ".join(words))
    if max(scores, key=scores.get) != "en":
        plain = _without_nordic_terms(words)
        if plain and plain["en"] - max(plain["sv"], plain["nb"]) >= _MIN_MARGIN:
            scores = plain
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if prior and _holds(prior, words, best, top - scores[prior]):
        return LanguageGuess(prior, scores[prior], used_prior=True)
    if len(words) <= 3:
        marker = _marker_vote(words)
        if marker:
            return LanguageGuess(marker, max(top, 0.5))
        if len(words) <= 2 and prior:
            # "ok", "sure", "bra": too little to overrule the conversation's language.
            return LanguageGuess(prior, scores[prior], used_prior=True)
    if top - second < _MIN_MARGIN and prior:
        return LanguageGuess(prior, scores[prior], used_prior=True)
    return LanguageGuess(best, top)
