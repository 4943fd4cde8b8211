"""Phone numbers as written in texts: find them, and compare them whatever their grouping."""
from __future__ import annotations

import re

# Digits grouped by spaces, dashes or "(0)", optionally with a leading +; three digits at least.
PHONE_PATTERN = re.compile(r"(?<![\w+@.])\+?\d(?:[\d \-]|\(0\)){1,18}\d(?![\w@])")
_NORDIC_CODES = ("46", "47")


def canonical(raw: str) -> str:
    """The national significant number: no country code, no trunk 0, no grouping.

    "+46 (0)8-405 50 05", "+46 8 405 50 05" and "08-405 50 05" all give "84055005".
    """
    d = re.sub(r"\D", "", raw)
    if raw.strip().startswith("+") and d[:2] in _NORDIC_CODES:
        d = d[2:]
    return d.lstrip("0") or d


def find_numbers(text: str) -> list[str]:
    """Phone-like strings in a text (years, times and short counts excluded)."""
    found = []
    for match in PHONE_PATTERN.finditer(text):
        raw = match.group().strip(" -")
        d = re.sub(r"\D", "", raw)
        if len(d) >= 3 and not re.fullmatch(r"(19|20)\d\d|\d\d:\d\d", raw):
            found.append(raw)
    return found
