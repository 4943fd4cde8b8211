"""The action server: rasa_sdk's, answering only Rasa, never echoing a body, text out of logs.

    ACTION_SERVER_TOKEN=... python -m bot.serve.action_server [--port 5055]

- Only Rasa may call it: every request but /health must carry the shared token in the
  `X-Action-Token` header (endpoints.yml sends it; scripts/run makes a new one per run).
  A local process without it gets 401 (a crafted call wrote text into the curators' table).
- A body that is not an action call gets 400 {"error": ...}; rasa_sdk's own error answer
  echoed the request body back, and its log printed the request.
- It listens on 127.0.0.1 only.
"""
from __future__ import annotations

import argparse
import hmac
import json
import logging
import os
import zlib
from typing import Any, Optional

from bot.privacy import logs

TOKEN_HEADER = "X-Action-Token"
TOKEN_ENV = "ACTION_SERVER_TOKEN"
log = logging.getLogger("stodlotsen.actions")


def action_call_problem(body: bytes, encoding: Optional[str]) -> Optional[str]:
    """Why `body` is not an action call Rasa would send, or None."""
    try:
        raw = zlib.decompress(body) if encoding == "deflate" else body
        call = json.loads(raw)
    except (ValueError, zlib.error):
        return "invalid body"
    if not isinstance(call, dict) or not isinstance(call.get("next_action"), str) \
            or not isinstance(call.get("tracker"), dict):
        return "not an action call"
    return None


def create_app(token: str) -> Any:
    from rasa_sdk.endpoint import create_app as sdk_app
    from sanic import response

    app = sdk_app("actions", cors_origins=None)

    @app.middleware("request")
    async def only_rasa(request: Any) -> Any:
        if request.path == "/health":
            return None
        given = request.headers.get(TOKEN_HEADER, "")
        if not token or not hmac.compare_digest(given.encode(), token.encode()):
            log.warning("action server: a call without the right token was refused")
            return response.json({"error": "unauthorized"}, status=401)
        if request.path == "/webhook":
            reason = action_call_problem(request.body, request.headers.get("Content-Encoding"))
            if reason:
                return response.json({"error": reason}, status=400)
        return None

    async def failed(request: Any, exception: Exception) -> Any:
        log.error("action failed: %s", type(exception).__name__)
        status = getattr(exception, "status_code", 500)
        return response.json({"error": "action failed" if status >= 500 else "bad request"},
                             status=status if isinstance(status, int) else 500)

    app.error_handler.add(Exception, failed)
    return app


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("ACTION_PORT", "5055")))
    args = parser.parse_args(argv)
    logs.install()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    token = os.environ.get(TOKEN_ENV, "")
    if not token:
        raise SystemExit(f"{TOKEN_ENV} is not set: the action server answers only Rasa, which sends it")
    create_app(token).run(host="127.0.0.1", port=args.port, workers=1, access_log=False,
                          motd=False)


if __name__ == "__main__":
    main()
