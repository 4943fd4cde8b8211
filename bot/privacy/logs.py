"""No message text in any log: what other libraries log is cut down to what cannot hold it.

The project's own loggers (`bot.*`, `actions.*`, `stodlotsen.*`) never log text, by rule. Rasa,
Sanic, aiohttp, rasa_sdk and the rest sometimes do: Rasa's REST channel logs the whole message
on a timeout or a failure (structlog, `text=...`), warnings carry payloads, and an exception's
message or traceback can quote what was sent. `install()` makes every log record of a process
pass `scrub` before any handler sees it, whoever configures the handlers afterwards:

- a structlog record (a JSON object) keeps only its event name, level and logger;
- any other record keeps its message with everything quoted or bracketed removed ('...',
  "...", `...`, {...}, [...]), cut to 200 characters;
- an exception keeps its type and where it was raised, never its message or its locals.
"""
from __future__ import annotations

import json
import logging
import re
import traceback
from typing import Any, Callable

OWN = ("bot", "actions", "stodlotsen", "__main__")
MAX_CHARS = 200
_KEPT_STRUCTLOG_KEYS = ("event", "level", "log_level", "logger")
_QUOTED = re.compile(
    r"'[^'\n]{0,2000}'|\"[^\"\n]{0,2000}\"|`[^`\n]{0,2000}`|\{[^{}]{0,4000}\}|\[[^\[\]]{0,4000}\]")
_installed = False


def _own(name: str) -> bool:
    return name.split(".", 1)[0] in OWN


def scrub(message: str) -> str:
    """A log message with nothing in it that a person may have written."""
    stripped = message.strip()
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except ValueError:
            data = None
        if isinstance(data, dict):
            kept = {k: data[k] for k in _KEPT_STRUCTLOG_KEYS if isinstance(data.get(k), str)}
            return json.dumps(kept)
    for _ in range(3):                 # nested brackets: peel from the inside out
        message = _QUOTED.sub("…", message)
    return message[:MAX_CHARS]


def _where(exc_info: Any) -> str:
    kind, _value, tb = exc_info
    frames = traceback.extract_tb(tb) if tb else []
    place = f" at {frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno}" if frames else ""
    return f"{getattr(kind, '__name__', 'Exception')}{place}"


def clean_record(record: logging.LogRecord) -> logging.LogRecord:
    if _own(record.name):
        return record
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a record that cannot even be formatted says nothing
        message = str(record.msg)
    record.msg, record.args = scrub(message), ()
    if record.exc_info:
        record.msg = f"{record.msg} [{_where(record.exc_info)}]"
        record.exc_info, record.exc_text = None, None
    record.stack_info = None
    return record


def install() -> None:
    """Scrub every log record this process makes from now on (idempotent)."""
    global _installed
    if _installed:
        return
    previous: Callable[..., logging.LogRecord] = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return clean_record(previous(*args, **kwargs))

    logging.setLogRecordFactory(factory)
    logging.captureWarnings(True)      # warnings with payloads go through logging, hence here
    _installed = True
