"""Every error under /api/ answers in JSON, like the API's own refusals.

aiohttp's own errors (413 for a body over client_max_size, 404, 405) are plain text; the page and
any client read one shape instead: {"error": "..."} with the same status.
"""
from __future__ import annotations

from typing import Awaitable, Callable

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# Our own words: reason phrases change between Python versions (413 is "Content Too Large" in 3.13).
MESSAGES = {404: "not found", 405: "method not allowed", 413: "too large"}


@web.middleware
async def json_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except web.HTTPException as error:
        if not request.path.startswith("/api/") or error.empty_body or error.content_type == "application/json":
            raise
        message = MESSAGES.get(error.status, (error.reason or "error").lower())
        return web.json_response({"error": message}, status=error.status, headers=_kept(error))


def _kept(error: web.HTTPException) -> dict[str, str]:
    """Headers worth keeping from the original (Allow on a 405); content headers are rebuilt."""
    return {k: v for k, v in error.headers.items() if k.lower() == "allow"}
