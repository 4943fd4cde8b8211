"""What a message request to the REST channel must look like (pure Python, no Rasa).

Every field Rasa would store is checked before Rasa reads it: the sender id, the text, the
metadata values, and the entities of a typed intent ("/inform_country{...}"). Each must be
valid text (it can be written as UTF-8: no lone surrogates) of bounded length from the right
vocabulary, or the request gets a 400 with the reason. Rasa 3.6's own channel took any of
them as given: a sender SQLite cannot encode ended the whole server (sys.exit in its tracker
store), free text in metadata or a typed intent's entities was stored raw.
"""
from __future__ import annotations

import json
import re
from typing import Any, Callable, Optional

from bot.knowledge.schema import AUDIENCES
from bot.languages import content_language, is_escalation_language, known_country, known_language
from bot.safety.escalation import Writer, intent_name
from bot.safety.levels import DANGER_LEVELS

MAX_SENDER_CHARS = 255          # the SQL tracker store's sender_id column
MAX_MESSAGE_CHARS = 20_000      # Rasa reads at most 64 KB; storage keeps 2,000 (bot.privacy)
# A conversation id: printable, no spaces or controls (the gateway's are URL-safe base64).
_SENDER = re.compile(r"[\x21-\x7e]+")
# Rasa's own reading of a typed intent: /name, optionally @confidence, then the entities.
_TYPED_INTENT = re.compile(r"^/([^{@]+)(@[0-9.]+)?(\{.*)?$", re.DOTALL)

# What the pipeline reads from metadata and from a typed intent's entities, and what each may be.
VOCABULARIES: dict[str, Callable[[object], Optional[str]]] = {
    "language": known_language,
    "country": known_country,
    "audience": lambda v: v if isinstance(v, str) and v in AUDIENCES else None,
    "register": lambda v: v if v in ("easy", "plain") else None,   # easy Swedish on the page, or back
}
METADATA_KEYS = tuple(VOCABULARIES)
# The intents whose answers exist in the escalation languages (domain.yml); any other button
# pressed in such a conversation is answered in the content fallback language, not in silence.
ESCALATION_LANGUAGE_INTENTS = frozenset(
    {"other_language"} | {intent_name(level, writer) for level in DANGER_LEVELS for writer in Writer})


def _is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:   # a lone surrogate ("\ud800"): JSON allows it, text does not
        return False
    return True


def _entities_problem(message: str) -> Optional[str]:
    typed = _TYPED_INTENT.match(message.strip())
    if not typed or not typed.group(3):
        return None
    try:
        entities = json.loads(typed.group(3))
    except ValueError:
        return "a typed intent's entities must be a JSON object"
    if not isinstance(entities, dict):
        return "a typed intent's entities must be a JSON object"
    for name, value in entities.items():
        check = VOCABULARIES.get(name)
        if check is None:
            return f"a typed intent may carry only {', '.join(VOCABULARIES)}"
        if check(value) is None:
            return f"entity {name} has a value outside its vocabulary"
    return None


def problem(body: Any) -> Optional[str]:
    """Why `body` cannot be a message, or None when it can."""
    if not isinstance(body, dict):
        return "expected an object"
    sender = body.get("sender")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
        return f"sender must be a non-empty string of at most {MAX_SENDER_CHARS} characters"
    if not _SENDER.fullmatch(sender):
        return "sender must be printable ASCII without spaces"
    message = body.get("message")
    if not isinstance(message, str):
        return "message must be a string"
    if not _is_text(message):
        return "message must be valid text (no lone surrogates)"
    if len(message) > MAX_MESSAGE_CHARS:
        return f"message must be at most {MAX_MESSAGE_CHARS} characters"
    metadata = body.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        return "metadata must be an object"
    for key, check in VOCABULARIES.items():
        if metadata and key in metadata and metadata[key] is not None and check(metadata[key]) is None:
            return f"metadata {key} has a value outside its vocabulary"
    return _entities_problem(message)


def kept_metadata(body: dict) -> dict[str, Any]:
    """Only the keys the pipeline reads, with checked values: nothing else gets stored."""
    metadata = body.get("metadata") or {}
    return {k: metadata[k] for k in METADATA_KEYS if metadata.get(k) is not None}


def with_page_context(message: str, metadata: dict[str, Any]) -> str:
    """A button's typed intent with the page's language and country as its entities.

    Rasa reads a typed intent ("/danger_immediate_danger") without the NLU pipeline, so the
    language and country the page sends as metadata never reached the slots: a Norwegian chat
    pressing "I'm in danger now" after choosing Norway got the Swedish police's number.
    """
    typed = _TYPED_INTENT.match(message.strip())
    context = {k: metadata[k] for k in ("language", "country", "register") if metadata.get(k)}
    if not typed or not context:
        return message
    entities = json.loads(typed.group(3)) if typed.group(3) else {}
    if not isinstance(entities, dict):
        return message
    merged = {**context, **entities}
    if is_escalation_language(merged.get("language")) and typed.group(1).strip() not in ESCALATION_LANGUAGE_INTENTS:
        merged["language"] = content_language(merged["language"])
    return f"/{typed.group(1).strip()}{typed.group(2) or ''}{json.dumps(merged, ensure_ascii=False)}"
