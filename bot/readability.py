"""LIX, the Swedish readability index: words per sentence plus the share of long words.

LIX = words / sentences + 100 * (words of more than six letters) / words (Björnsson 1968).
Roughly: under 30 very easy, 30-40 easy (children's books, easy-to-read news), 40-50 plain
(newspapers), over 50 hard (official texts). Used to check that easy Swedish is easier.
"""
from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
# A sentence ends at . ! ? : or a line break (the chat texts put one thought per line).
_SENTENCE_END = re.compile(r"[.!?:]+(?=\s|$)|\n+")
LONG_WORD = 6


def lix(text: str) -> float:
    words = _WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(1, len([s for s in _SENTENCE_END.split(text) if _WORD.search(s)]))
    long_words = sum(len(w.replace("-", "")) > LONG_WORD for w in words)
    return len(words) / sentences + 100 * long_words / len(words)
