"""Limits per client address, so that one client cannot take what others need.

A conversation's own rate limit (bot/web/conversations.py) is no limit at all when one client
opens new conversations at will: 500 sessions took 0.3 s, so the 100,000 live conversations
filled in a minute, and 40 sessions of 5 messages each were all accepted within 2 s. Here, per
address, in sliding windows:

- new sessions (a person needs one, a page reload another: 20 an hour is plenty);
- messages across all of the address's conversations;
- live conversations at once: no address may hold more than a small share of the gateway's
  capacity, so a flood leaves room for everyone else.

The address is the peer's, or behind the documented reverse proxy the client's address from
X-Forwarded-For, believed only when the peer is a configured trusted proxy (TRUSTED_PROXIES):
anyone can write that header. Only counts and times are kept, in memory, for the window.
"""
from __future__ import annotations

import ipaddress
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional


@dataclass(frozen=True)
class ClientLimits:
    sessions: int = 20               # new sessions per address ...
    sessions_window_s: float = 3600  # ... in this window
    messages: int = 60               # messages per address, all its conversations together ...
    messages_window_s: float = 60    # ... in this window
    live_share: float = 0.01         # at most this share of the live conversations per address


@dataclass
class Limited:
    what: str
    retry_after_s: int


def client_address(peer: Optional[str], forwarded_for: Optional[str],
                   trusted: Iterable[str]) -> str:
    """The client's address: the peer, or behind a trusted proxy the last untrusted hop of
    X-Forwarded-For (the header's earlier entries are whatever the client wrote)."""
    trusted = set(trusted)
    address = peer or "unknown"
    if address not in trusted or not forwarded_for:
        return address
    hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return address   # a garbled header: count it against the proxy itself
    return address


@dataclass
class Clients:
    limits: ClientLimits
    max_live: int
    clock: Callable[[], float] = time.monotonic
    _sessions: dict[str, deque] = field(default_factory=lambda: defaultdict(deque))
    _messages: dict[str, deque] = field(default_factory=lambda: defaultdict(deque))
    _live: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    _calls: int = 0

    def _window(self, stamps: deque, window: float, limit: int) -> Optional[int]:
        now = self.clock()
        while stamps and now - stamps[0] > window:
            stamps.popleft()
        if len(stamps) >= limit:
            return max(1, int(window - (now - stamps[0])) + 1)
        stamps.append(now)
        return None

    def may_open(self, address: str) -> Optional[Limited]:
        """None when the address may open a session now (and it is counted), else why not."""
        self._calls += 1
        if self._calls % 256 == 0:
            self.forget_idle()
        cap = max(1, int(self.max_live * self.limits.live_share))
        if self._live[address] >= cap:
            return Limited("live conversations", int(self.limits.sessions_window_s))
        wait = self._window(self._sessions[address], self.limits.sessions_window_s, self.limits.sessions)
        if wait:
            return Limited("sessions", wait)
        self._live[address] += 1
        return None

    def closed(self, address: str) -> None:
        """A conversation of the address expired or was forgotten."""
        if self._live.get(address, 0) > 0:
            self._live[address] -= 1
            if not self._live[address]:
                del self._live[address]

    def may_send(self, address: str) -> Optional[Limited]:
        wait = self._window(self._messages[address], self.limits.messages_window_s, self.limits.messages)
        return Limited("messages", wait) if wait else None

    def forget_idle(self) -> None:
        """Drop addresses with nothing in their windows (bounded memory)."""
        now = self.clock()
        for table, window in ((self._sessions, self.limits.sessions_window_s),
                              (self._messages, self.limits.messages_window_s)):
            for address in [a for a, stamps in table.items() if not stamps or now - stamps[-1] > window]:
                del table[address]
