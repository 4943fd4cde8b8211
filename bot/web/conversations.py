"""Conversation ids issued by the server, and a per-conversation rate limit.

Ids are random (24 bytes, URL-safe) and known only to the tab that asked for one; a message with an id
this gateway did not issue is refused, so nobody can write into someone else's conversation.
"""
from __future__ import annotations

import secrets
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Callable, Optional


@dataclass
class Conversation:
    created: float
    client: str = ""     # the address that opened it (bot/web/clients.py), in memory only
    sent: deque = field(default_factory=deque)
    # Kept in memory only, so that a conversation cannot rate more answers than it was given.
    answers: int = 0
    ratings: int = 0
    # The buttons the bot offered in its last reply: their payloads may come back as typed.
    offered: frozenset = frozenset()


class TooManyConversations(Exception):
    """Every place is taken: a flood of new sessions must not exhaust the gateway's memory."""


class Conversations:
    def __init__(self, ttl_s: float, rate_messages: int, rate_window_s: float,
                 clock: Callable[[], float] = time.monotonic, max_live: int = 100_000,
                 on_close: Callable[[Conversation], None] = lambda _: None) -> None:
        self._ttl, self._limit, self._window, self._clock = ttl_s, rate_messages, rate_window_s, clock
        self._max_live = max_live
        self._on_close = on_close
        self._known: dict[str, Conversation] = {}

    def full(self) -> bool:
        self._expire()
        return len(self._known) >= self._max_live

    def issue(self, client: str = "") -> str:
        if self.full():
            raise TooManyConversations()
        conversation_id = secrets.token_urlsafe(24)
        self._known[conversation_id] = Conversation(created=self._clock(), client=client)
        return conversation_id

    def get(self, conversation_id: object) -> Optional[Conversation]:
        if not isinstance(conversation_id, str):
            return None
        conversation = self._known.get(conversation_id)
        if conversation and self._clock() - conversation.created > self._ttl:
            self._close(conversation_id)
            return None
        return conversation

    def allow(self, conversation: Conversation) -> bool:
        """Sliding-window rate limit: True when one more message is allowed now."""
        return self.wait_s(conversation) == 0

    def wait_s(self, conversation: Conversation) -> int:
        """0 when one more message is allowed now (and it is counted), else the seconds to wait."""
        now = self._clock()
        while conversation.sent and now - conversation.sent[0] > self._window:
            conversation.sent.popleft()
        if len(conversation.sent) >= self._limit:
            return max(1, int(self._window - (now - conversation.sent[0])) + 1)
        conversation.sent.append(now)
        return 0

    def may_rate(self, conversation: Conversation) -> bool:
        """True (and counted) while the conversation has an answer it has not rated yet."""
        if conversation.ratings >= conversation.answers:
            return False
        conversation.ratings += 1
        return True

    def forget(self, conversation_id: str) -> None:
        self._close(conversation_id)

    def _close(self, conversation_id: str) -> None:
        conversation = self._known.pop(conversation_id, None)
        if conversation is not None:
            self._on_close(conversation)

    def _expire(self) -> None:
        # Ids are issued in time order and a dict keeps insertion order, so the expired ones are
        # at the front: the cost is what expires, not the number of live conversations.
        now = self._clock()
        while self._known:
            oldest = next(iter(self._known))
            if now - self._known[oldest].created <= self._ttl:
                break
            self._close(oldest)
