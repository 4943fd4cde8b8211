"""A Redis lock store whose ticket operations are atomic across processes, in one round trip.

Rasa 3.6's RedisLockStore issues a ticket by reading the lock, changing it and writing it
back; two Rasa processes that receive the first two messages of a conversation at the same
moment both read "no lock", both take ticket 0, run at once, and one message's events are
lost (tests/test_scaled.py shows it). Here each change to a lock (issue a ticket, finish one,
drop expired ones) is one Lua script that Redis runs atomically: one round trip per change,
where a WATCH/MULTI transaction took three (README, "Speed").

The lock keeps Rasa's format (TicketLock.dumps), so Rasa's own reads (`get_lock`) work on it.
The key also expires with its last ticket, so a process that dies holding a lock leaves no
conversation id behind in Redis.
Configure: `lock_store: {type: bot.stores.locks.AtomicRedisLockStore, url: ..., port: ...}`.
"""
from __future__ import annotations

import time
from typing import Text

import redis
from rasa.core.lock_store import LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

# KEYS[1]: the lock. ARGV: change ("issue" | "finish" | "expire"), now, conversation id, then
# the lifetime (issue) or the ticket number (finish). Returns the ticket issued, else -1.
# Tickets are kept as Rasa stores them: JSON strings {"number", "expires"} in a JSON list.
_CHANGE_LOCK = """
local change, now = ARGV[1], tonumber(ARGV[2])
local raw = redis.call('GET', KEYS[1])
if not raw and change ~= 'issue' then return -1 end
local kept, last, latest = {}, -1, 0
if raw then
  for _, text in ipairs(cjson.decode(raw).tickets or {}) do
    local ticket = cjson.decode(text)
    -- Rasa: a ticket has expired when now > expires
    if ticket.expires >= now and not (change == 'finish' and ticket.number == tonumber(ARGV[4])) then
      table.insert(kept, text)
      last, latest = ticket.number, math.max(latest, ticket.expires)
    end
  end
end
local issued = -1
if change == 'issue' then
  issued = last + 1
  local expires = now + tonumber(ARGV[4])
  table.insert(kept, cjson.encode({number = issued, expires = expires}))
  latest = math.max(latest, expires)
end
if #kept == 0 then
  redis.call('DEL', KEYS[1])
else
  redis.call('SET', KEYS[1], cjson.encode({conversation_id = ARGV[3], tickets = kept}))
  -- relative, so that a clock difference between Rasa's host and Redis's does not matter
  redis.call('EXPIRE', KEYS[1], math.ceil(latest - now) + 1)
end
return issued
"""


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        # Rasa builds custom lock stores from their endpoint configuration.
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)
        self._change_lock = self.red.register_script(_CHANGE_LOCK)

    def _change(self, conversation_id: Text, change: str, argument: float = 0) -> int:
        key = self.key_prefix + conversation_id
        return int(self._change_lock(keys=[key], args=[change, repr(time.time()), conversation_id, argument]))

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = 60) -> int:
        try:
            return self._change(conversation_id, "issue", lock_lifetime)
        except redis.RedisError as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: Text) -> None:
        self._change(conversation_id, "expire")

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        self._change(conversation_id, "finish", ticket_number)
