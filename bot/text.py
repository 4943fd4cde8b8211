"""Text normalisation shared by the rule layers (safety, country)."""
from __future__ import annotations

import re
import unicodedata

# People type without å/ä/ö/ø/æ on borrowed phones and foreign keyboards; the rules are
# written against the folded form so that "hjälp", "hjalp" and "hjelp" meet the same way.
_LETTERS = str.maketrans("åäæöøéü’`", "aaaooeu''")
_REPEATS = re.compile(r"(\w)\1{2,}")
_SPACE = re.compile(r"\s+")
_APOSTROPHES = re.compile(r"['\u00b4\u2018\u2019\u201b\u02bc]")


def fold_letters(text: str) -> str:
    """Lower-case and fold Nordic letters one for one (offsets stay valid)."""
    return unicodedata.normalize("NFC", text or "").lower().translate(_LETTERS)


def fold(text: str) -> str:
    """fold_letters, then "sooo" -> "soo" and single spaces: the form the rules match."""
    return _SPACE.sub(" ", _REPEATS.sub(r"\1\1", fold_letters(text))).strip()


def drop_apostrophes(text: str) -> str:
    """"I'm" -> "Im", "don’t" -> "dont": the rules and cues are written without apostrophes."""
    return _APOSTROPHES.sub("", text)
