"""Rasa's REST channel (`/webhooks/rest/webhook`) with the request checked first.

Configured in credentials.yml as `bot.channels.rest.CheckedRestInput`; it keeps the name
"rest", so the URL and everything that talks to it stay the same.
"""
from __future__ import annotations

from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.requests import kept_metadata, problem, with_page_context


class CheckedRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        return kept_metadata(request.json)

    def _extract_message(self, req: Request) -> Optional[Text]:
        return with_page_context(req.json.get("message"), kept_metadata(req.json))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)

        @webhook.middleware("request")
        async def check(request: Request) -> Optional[HTTPResponse]:
            if request.method != "POST" or not request.path.rstrip("/").endswith("/webhook"):
                return None
            reason = problem(request.json)   # a body that is not JSON at all: Sanic's own 400
            return response.json({"error": reason}, status=400) if reason else None

        return webhook
