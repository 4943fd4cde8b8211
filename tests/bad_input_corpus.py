"""The bad-input corpus (tests/data/bad_input.yaml) made into requests, for both environments.

Standard library and PyYAML only: the gateway tests (.venv-web) and the REST channel tests (.venv)
build the very same bodies from it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import yaml

CORPUS = Path(__file__).resolve().parent / "data" / "bad_input.yaml"
WAYS = ("text", "generate", "fields", "json", "raw", "nesting")
# A Python traceback, or a framework's debug page, in a body means an error leaked out.
LEAKS = ("Traceback (most recent call last)", 'File "/', "Exception:", "Error:")


@dataclass(frozen=True)
class Request:
    method: str
    content_type: str
    body: bytes


def cases() -> list[dict[str, Any]]:
    loaded = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["cases"]
    for case in loaded:
        ways = [w for w in WAYS if w in case]
        assert len(ways) == 1, (case["name"], ways)
        assert "gateway" in case and "rest" in case, case["name"]
    return loaded


def _with_id(value: Any, id_: str) -> Any:
    if value == "$id":
        return id_
    if isinstance(value, list):
        return [_with_id(v, id_) for v in value]
    if isinstance(value, dict):
        return {k: _with_id(v, id_) for k, v in value.items()}
    return value


def text_of(case: dict[str, Any]) -> Optional[str]:
    """The message text when the case sends one in a well-formed body."""
    if "text" in case:
        return case["text"]
    if "generate" in case:
        unit, chars = case["generate"]["unit"], case["generate"]["chars"]
        return (unit * (chars // len(unit) + 1))[:chars]
    return None


def _fields(case: dict[str, Any], id_: str) -> dict[str, Any]:
    text = text_of(case)
    if text is not None:
        return {"conversation_id": id_, "text": text}
    return _with_id(case["fields"], id_)


def _as_rest(fields: dict[str, Any], case: dict[str, Any]) -> dict[str, Any]:
    """Gateway field names -> the REST channel's (sender, message, metadata)."""
    body: dict[str, Any] = {}
    if "conversation_id" in fields:
        body["sender"] = fields["conversation_id"]
    if "text" in fields:
        body["message"] = fields["text"]
    metadata = {k: fields[k] for k in ("language", "country") if k in fields}
    if "metadata" in case:
        body["metadata"] = case["metadata"]
    elif metadata:
        body["metadata"] = metadata
    return body


def request(case: dict[str, Any], target: str, id_: str) -> Request:
    """The request for `target` ("gateway" or "rest"); `id_` is a valid conversation id / sender."""
    method = case.get("method", "POST")
    content_type = case.get("content_type", "application/json")
    if "raw" in case:
        raw = case["raw"]
        for word, (unit, n) in (case.get("expand") or {}).items():
            raw = raw.replace(word, unit * n)
        if target == "rest":
            raw = raw.replace('"conversation_id"', '"sender"').replace('"text"', '"message"')
        body = raw.replace("$id", id_).encode("latin-1")
    elif "json" in case:
        body = json.dumps(case["json"]).encode()
    elif "nesting" in case:
        body = b"[" * case["nesting"] + b"]" * case["nesting"]
    else:
        fields = _fields(case, id_)
        body = json.dumps(fields if target == "gateway" else _as_rest(fields, case)).encode()
    return Request(method, content_type, body)


def leaks(body: str) -> list[str]:
    return [marker for marker in LEAKS if marker in body]
