"""Phone numbers as written in texts: find them, and compare them whatever their grouping."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Optional

# Digits grouped by spaces, dashes or "(0)", optionally with a leading +; three digits at least.
PHONE_PATTERN = re.compile(r"(?<![\w+@.])\+?\d(?:[\d \-]|\(0\)){1,18}\d(?![\w@])")
_NORDIC_CODES = ("46", "47")
# Years, times and dates ("2026-12-06") are digits too.
_NOT_A_NUMBER = re.compile(r"(19|20)\d\d|\d\d:\d\d|(19|20)\d\d-[01]\d-[0-3]\d")


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
        if len(d) >= 3 and not _NOT_A_NUMBER.fullmatch(raw):
            found.append(raw)
    return found


@dataclass(frozen=True)
class Dialable:
    """A phone number found in a text, and what a tel: link dials for it."""
    start: int
    end: int
    tel: str          # the digits as written, with "+" when written in international form


def dialable(text: str, known: Optional[Mapping[str, str]] = None,
             regions: tuple[str, ...] = ("SE", "NO")) -> list[Dialable]:
    """The phone numbers in `text` that phonenumbers knows as real numbers or short numbers of
    Sweden or Norway (years, times and other digits are left alone). `known` maps a number
    (`canonical`) to its country: a Swedish text names Norwegian lines too, and "815 55 201"
    is a different place in each country."""
    import phonenumbers
    from phonenumbers import shortnumberinfo

    found = []
    for match in PHONE_PATTERN.finditer(text):
        raw = match.group().strip(" -")
        if not find_numbers(raw):
            continue
        start = match.start() + match.group().index(raw)
        first = (known or {}).get(canonical(raw))
        for region in ((first,) if first else ()) + tuple(r for r in regions if r != first):
            try:
                number = phonenumbers.parse(raw, region)
            except phonenumbers.NumberParseException:
                continue
            if not (phonenumbers.is_valid_number(number) or (
                    not raw.startswith("+") and shortnumberinfo.is_valid_short_number_for_region(number, region))):
                continue
            # Dialled as written: national numbers from inside the country, "+.." from anywhere.
            tel = ("+" if raw.startswith("+") else "") + re.sub(r"\D", "", raw)
            found.append(Dialable(start, start + len(raw), tel))
            break
    return found
