"""Which country (SE / NO) a message says the person is in or asks about, if any."""
from __future__ import annotations

import re
from typing import Optional

from bot.text import fold_letters

# Folded (lower case, no diacritics) country names and larger cities. A message that names
# both countries names neither: the bot then gives both countries' numbers.
_PLACES = {
    "SE": r"sverige|sweden|svensk\w*|swedish|stockholm|goteborg|gothenburg|malmo|uppsala|"
    r"orebro|linkoping|vasteras|umea|lulea|norrkoping|jonkoping|helsingborg|sundsvall|gavle",
    "NO": r"norge|noreg|norway|norsk\w*|norwegian|oslo|bergen|trondheim|stavanger|tromso|"
    r"kristiansand|drammen|fredrikstad|bodo|alesund|hamar|molde",
}
_PATTERNS = {code: re.compile(rf"\b(?:{p})\b") for code, p in _PLACES.items()}


def find_country(text: str) -> Optional[tuple[str, int, int]]:
    """("SE" | "NO", start, end) of the single country the text names, else None."""
    folded = fold_letters(text)
    hits = {code: p.search(folded) for code, p in _PATTERNS.items()}
    found = [(code, m) for code, m in hits.items() if m]
    if len(found) != 1:
        return None
    code, match = found[0]
    return code, match.start(), match.end()



def is_town(word: str) -> bool:
    """True when `word` is a town the project knows (any case, with or without å/ä/ö/ø)."""
    folded = fold_letters(word)
    return any(p.fullmatch(folded) for p in _PATTERNS.values()) and not folded.startswith(("svensk", "norsk"))
