"""Text that can be kept at all: no invisible or control characters, valid Unicode, bounded.

Standard library only, so that the gateway (its own environment) can use it on what comes in.
What a person wrote may be stored only through `bot.privacy.storable`, which adds redaction;
this module is the part of that rule that needs nothing but Python.
"""
from __future__ import annotations

import re
import unicodedata

# The gateway's own limit (bot.web.settings.Settings.max_text_chars): nothing longer is stored.
STORED_TEXT_LIMIT = 2000
TRUNCATED = "[TRUNCATED]"

# C0 controls except tab, newline and carriage return; DEL and the C1 controls; lone surrogates
# (valid in JSON as "\ud800" escapes, but not text: they cannot even be encoded as UTF-8).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_LAYOUT = "\t\n\r"


def remove_control(text: str) -> str:
    """Each control character or lone surrogate becomes a space (words stay apart).

    What comes in keeps its format characters (emoji joiners, right-to-left marks): they are
    part of what the person wrote. Storage removes them too (`visible`).
    """
    return _CONTROL.sub(" ", text)


def visible(text: str) -> str:
    """The text as it reads, with nothing hidden in it, for storage and redaction.

    NFKC first (a full-width "＠" or digit becomes "@" or a digit), then controls become spaces
    and format characters (zero-width spaces and joiners, bidirectional overrides), private-use
    and unassigned code points are removed: otherwise a right-to-left override or a zero-width
    space inside a phone number or an e-mail address hides it from redaction.
    """
    text = unicodedata.normalize("NFKC", remove_control(text))
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cc" and ch not in _LAYOUT:
            kept.append(" ")
        elif category[0] != "C" or ch in _LAYOUT:
            kept.append(ch)
    return "".join(kept)


def cut(text: str, limit: int = STORED_TEXT_LIMIT, marker: str = TRUNCATED) -> str:
    """`text`, or its start cut to `limit` characters and ending with `marker`."""
    if len(text) <= limit:
        return text
    if limit < len(marker):
        return text[:limit]
    return text[: limit - len(marker)].rstrip() + marker


def sanitize_for_storage(text: str, limit: int = STORED_TEXT_LIMIT) -> str:
    """Visible and cut: what `bot.privacy.storable` does, less the redaction."""
    return cut(visible(text), limit)
