"""Text fit to keep: no control characters, no broken Unicode, and bounded in length.

Standard library only: the gateway (its own environment, without the redaction libraries) uses
`remove_control` on what comes in, and the tracker store uses `sanitize_for_storage` on what it
writes, so a message sent straight to Rasa's REST channel is stored no longer than one that came
through the gateway. Redact before cutting (`sanitize_for_storage(redact(remove_control(t)))`):
a cut through the middle of a phone number would leave digits the redaction no longer recognises.
"""
from __future__ import annotations

import re

# The gateway's own limit (bot.web.settings.Settings.max_text_chars): nothing longer is stored.
STORED_TEXT_LIMIT = 2000
TRUNCATED = "[TRUNCATED]"

# C0 controls except tab, newline and carriage return; DEL and the C1 controls; lone surrogates
# (valid in JSON as "\ud800" escapes, but not text: they cannot even be encoded as UTF-8).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def remove_control(text: str) -> str:
    """Each control character or lone surrogate becomes a space (words stay apart)."""
    return _CONTROL.sub(" ", text)


def sanitize_for_storage(text: str, limit: int = STORED_TEXT_LIMIT) -> str:
    """Without control characters, and cut to `limit` characters marked with [TRUNCATED]."""
    text = remove_control(text)
    if len(text) <= limit:
        return text
    if limit < len(TRUNCATED):
        return text[:limit]
    return text[: limit - len(TRUNCATED)] + TRUNCATED
