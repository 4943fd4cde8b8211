"""What a message request to the REST channel must look like (pure Python, no Rasa).

Rasa 3.6's own REST channel calls `.get` on whatever JSON arrives (a 500 for an array or an
empty body), takes any type as the text or metadata (an empty answer, the text in its log), and
files a request without `sender` under one shared conversation called "default". Here each of
these gets a 400 with a reason, and only the metadata the pipeline reads is kept.
"""
from __future__ import annotations

from typing import Any, Optional

MAX_SENDER_CHARS = 255   # the SQL tracker store's sender_id column
METADATA_KEYS = ("language", "country", "audience")   # what bot/nlu reads from metadata


def problem(body: Any) -> Optional[str]:
    """Why `body` cannot be a message, or None when it can."""
    if not isinstance(body, dict):
        return "expected an object"
    sender = body.get("sender")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
        return f"sender must be a non-empty string of at most {MAX_SENDER_CHARS} characters"
    if not isinstance(body.get("message"), str):
        return "message must be a string"
    if "metadata" in body and body["metadata"] is not None and not isinstance(body["metadata"], dict):
        return "metadata must be an object"
    return None


def kept_metadata(body: dict) -> dict[str, Any]:
    """Only the keys the pipeline reads, and only text values: nothing else gets stored."""
    metadata = body.get("metadata") or {}
    return {k: v for k, v in metadata.items() if k in METADATA_KEYS and isinstance(v, str)}
