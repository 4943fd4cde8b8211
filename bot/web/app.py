"""The aiohttp application: the chat page, and a small JSON API in front of Rasa.

    POST /api/session            -> {"conversation_id", "exit_url"}
    POST /api/message            {"conversation_id", "text", "language"?, "country"?, "register"?: "easy" | "plain"}
                                 -> {"messages": [{"text", "buttons"?}], "delivered": bool}
    POST /api/forget             {"conversation_id"} -> no content
    POST /api/rate               {"conversation_id", "rating": "up" | "down"} -> no content
                                 (counted per day in the operator figures, nothing else kept)
    GET  /api/health             -> {"gateway": "ok"}  (the gateway only; it does not probe Rasa)
    GET  /api/config             -> {"exit_url", "languages"}  (before any session; the tracks page)

Logs hold event names and counts, never what anyone wrote.
"""
from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, Optional

from aiohttp import web

from bot import responses
from bot.privacy import retention
from bot.languages import all_languages, countries, full_languages, languages
from bot.privacy.sanitize import remove_control
from bot.web.annotate import annotate
from bot.web.clients import Clients, Limited, client_address
from bot.web.conversations import Conversation, Conversations, TooManyConversations
from bot.web.errors import json_errors
from bot.web.fallback import fallback_messages
from bot.web.rasa_client import RasaClient, RasaUnavailable
from bot.web.ratings import RATINGS, Ratings
from bot.web.security import security_headers
from bot.web.settings import Settings

log = logging.getLogger("stodlotsen.web")

LANGUAGES = frozenset(all_languages())    # the full ones and the escalation languages
DEFAULT_LANGUAGE = full_languages()[0]
COUNTRIES = frozenset(countries())
REGISTERS = frozenset({"easy", "plain"})
SETTINGS = web.AppKey("settings", Settings)
CONVERSATIONS = web.AppKey("conversations", Conversations)
RASA = web.AppKey("rasa", RasaClient)
PAYLOADS = web.AppKey("payloads", frozenset)
RATINGS_STORE = web.AppKey("ratings", Ratings)
CLIENTS = web.AppKey("clients", Clients)


# The page's own controls: "another country" in its country choice; a language the bot answers
# only in danger, chosen in its language menu (who the bot is and the way to help, in it).
PAGE_PAYLOADS = frozenset({"/inform_abroad", "/other_language"})


def button_payloads() -> frozenset[str]:
    """The "/intent" payloads a page may always send: the domain's own buttons and the page's."""
    return PAGE_PAYLOADS | frozenset(
        b["payload"] for variations in responses.load_responses().values()
        for v in variations for b in v.get("buttons") or []
    )


def clean_text(text: str, limit: int, payloads: frozenset[str]) -> str:
    """Controls out, cut; a "/payload" only when it is the domain's own or one the bot offered
    in this conversation's last reply (a typed "/something" must not inject an intent)."""
    text = remove_control(text).strip()[:limit]
    if text.startswith("/") and text not in payloads:
        text = text.lstrip("/").strip()
    return text


async def read_json(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError, RecursionError):
        raise web.HTTPBadRequest(text='{"error": "invalid json"}', content_type="application/json")
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text='{"error": "expected an object"}', content_type="application/json")
    return body


def choose(value: object, allowed: frozenset[str]) -> Optional[str]:
    return value if isinstance(value, str) and value in allowed else None


def client_of(request: web.Request) -> str:
    return client_address(request.remote, request.headers.get("X-Forwarded-For"),
                          request.app[SETTINGS].trusted_proxies)


def too_many(limited: Limited, error: str) -> web.HTTPTooManyRequests:
    """429 with how long to wait, for the page to say so (and 112, which always works)."""
    return web.HTTPTooManyRequests(
        text=json.dumps({"error": error, "retry_after": limited.retry_after_s}),
        content_type="application/json", headers={"Retry-After": str(limited.retry_after_s)})


async def new_session(request: web.Request) -> web.Response:
    client = client_of(request)
    if request.app[CONVERSATIONS].full():
        log.warning("no session issued: the live-conversation limit is reached")
        raise web.HTTPServiceUnavailable(text='{"error": "busy"}', content_type="application/json")
    limited = request.app[CLIENTS].may_open(client)
    if limited:
        log.info("session refused: per-client limit (%s)", limited.what)
        raise too_many(limited, "too many sessions")
    try:
        conversation_id = request.app[CONVERSATIONS].issue(client)
    except TooManyConversations:
        request.app[CLIENTS].closed(client)
        log.warning("no session issued: the live-conversation limit is reached")
        raise web.HTTPServiceUnavailable(text='{"error": "busy"}', content_type="application/json")
    log.info("session issued")
    return web.json_response(
        {"conversation_id": conversation_id, "exit_url": request.app[SETTINGS].exit_url}
    )


async def live_conversation(request: web.Request) -> tuple[dict[str, Any], Conversation]:
    """The request's JSON body and its conversation; 401 unless the id is one this gateway issued."""
    body = await read_json(request)
    conversation = request.app[CONVERSATIONS].get(body.get("conversation_id"))
    if conversation is None:
        raise web.HTTPUnauthorized(text='{"error": "unknown conversation"}', content_type="application/json")
    return body, conversation


async def message(request: web.Request) -> web.Response:
    app = request.app
    body, conversation = await live_conversation(request)
    if not isinstance(body.get("text"), str):
        raise web.HTTPBadRequest(text='{"error": "text must be a string"}', content_type="application/json")
    wait = app[CONVERSATIONS].wait_s(conversation)
    limited = Limited("conversation", wait) if wait else app[CLIENTS].may_send(client_of(request))
    if limited:
        log.info("rate limited (%s)", limited.what)
        raise too_many(limited, "too many messages")
    language = choose(body.get("language"), LANGUAGES)
    country = choose(body.get("country"), COUNTRIES)
    text = clean_text(body["text"], app[SETTINGS].max_text_chars, app[PAYLOADS] | conversation.offered)
    if not text:
        return web.json_response({"messages": [], "delivered": False})
    register = choose(body.get("register"), REGISTERS)     # easy Swedish chosen on the page, or back
    metadata = {k: v for k, v in (("language", language), ("country", country), ("register", register)) if v}
    try:
        replies = await app[RASA].send(body["conversation_id"], text, metadata)
    except RasaUnavailable as error:
        log.warning("rasa unavailable (%s): answering with the fallback", error)
        said = fallback_messages(text, language, country, register)
        messages = [annotate({"text": t}, language or DEFAULT_LANGUAGE, country,
                             kind="crisis" if i < len(said) - 1 else "system") for i, t in enumerate(said)]
        return web.json_response({"messages": messages, "delivered": False})
    messages = [
        annotate({"text": r["text"], "buttons": r.get("buttons")}, language or DEFAULT_LANGUAGE, country)
        for r in replies if isinstance(r, dict) and isinstance(r.get("text"), str)
    ]
    if messages:
        conversation.answers += 1
        conversation.offered = frozenset(b["payload"] for m in messages for b in m.get("buttons") or []
                                         if isinstance(b, dict) and isinstance(b.get("payload"), str))
    return web.json_response({"messages": messages, "delivered": True})


async def forget(request: web.Request) -> web.Response:
    """Quick exit and "clear": the id stops working and the stored conversation is deleted."""
    body = await read_json(request)
    conversation_id = body.get("conversation_id")
    if isinstance(conversation_id, str) and request.app[CONVERSATIONS].get(conversation_id):
        request.app[CONVERSATIONS].forget(conversation_id)
        url = request.app[SETTINGS].tracker_db_url
        if url:
            try:
                await asyncio.get_running_loop().run_in_executor(None, retention.forget, url, conversation_id)
            except Exception as error:  # the id is dead anyway; the purge job removes the rest
                log.warning("could not delete a conversation now (%s)", type(error).__name__)
        log.info("conversation forgotten")
    return web.Response(status=204)


async def rate(request: web.Request) -> web.Response:
    """Thumbs up / down on an answer. Whatever happens to the count, the page gets no error."""
    app = request.app
    body, conversation = await live_conversation(request)
    rating = choose(body.get("rating"), set(RATINGS))
    if rating is None:
        raise web.HTTPBadRequest(text='{"error": "rating must be up or down"}', content_type="application/json")
    if not app[CONVERSATIONS].allow(conversation):
        log.info("rate limited")
        raise web.HTTPTooManyRequests(text='{"error": "too many messages"}', content_type="application/json")
    if not app[CONVERSATIONS].may_rate(conversation):
        # More ratings than answers given: not counted, so one conversation cannot stuff the figures.
        log.info("rating not counted: no unrated answer")
        return web.Response(status=204)
    if app[SETTINGS].operator_db_url:
        try:
            await asyncio.get_running_loop().run_in_executor(None, app[RATINGS_STORE].record, rating)
        except Exception as error:  # a lost count is better than an error shown for a rating
            log.warning("could not count a rating (%s)", type(error).__name__)
    return web.Response(status=204)


async def config(request: web.Request) -> web.Response:
    """What a page needs before any session: where quick exit goes (the tracks page uses it)
    and the languages (knowledge/languages.yaml): name, direction, full or escalation only."""
    return web.json_response({
        "exit_url": request.app[SETTINGS].exit_url,
        "languages": [{"code": l.code, "name": l.name, "direction": l.direction, "content": l.content}
                      for l in languages().values()],
    })


async def health(request: web.Request) -> web.Response:
    return web.json_response({"gateway": "ok"})


async def index(request: web.Request) -> web.FileResponse:
    return web.FileResponse(request.app[SETTINGS].static_dir / "index.html")


async def _start(app: web.Application) -> None:
    await app[RASA].start()


async def _stop(app: web.Application) -> None:
    await app[RASA].close()


def create_app(settings: Settings) -> web.Application:
    app = web.Application(middlewares=[security_headers, json_errors], client_max_size=settings.max_body_bytes)
    app[SETTINGS] = settings
    app[CLIENTS] = Clients(settings.client_limits, settings.max_conversations)
    app[CONVERSATIONS] = Conversations(
        settings.conversation_ttl_s, settings.rate_messages, settings.rate_window_s,
        max_live=settings.max_conversations, on_close=lambda c: app[CLIENTS].closed(c.client)
    )
    app[RASA] = RasaClient(settings.rasa_urls, settings.rasa_timeout)
    app[PAYLOADS] = button_payloads()
    app[RATINGS_STORE] = Ratings(settings.operator_db_url)
    app.router.add_get("/", index)
    app.router.add_post("/api/session", new_session)
    app.router.add_post("/api/message", message)
    app.router.add_post("/api/forget", forget)
    app.router.add_post("/api/rate", rate)
    app.router.add_get("/api/health", health)
    app.router.add_get("/api/config", config)
    app.router.add_static("/static/", settings.static_dir, follow_symlinks=False)
    app.on_startup.append(_start)
    app.on_cleanup.append(_stop)
    return app
