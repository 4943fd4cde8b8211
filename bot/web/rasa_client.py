"""Forwards a message to one of the Rasa servers' REST channel."""
from __future__ import annotations

import hashlib
from typing import Any, Optional

import aiohttp


class RasaUnavailable(Exception):
    """Rasa did not answer in time, refused, or answered with an error."""


class RasaClient:
    def __init__(self, urls: tuple[str, ...], timeout_s: float) -> None:
        self._urls = urls
        self._timeout = aiohttp.ClientTimeout(total=timeout_s)
        self._session: Optional[aiohttp.ClientSession] = None

    async def start(self) -> None:
        # One pooled session for the gateway's life: keep-alive connections to Rasa.
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=200, limit_per_host=100),
            timeout=self._timeout,
        )

    async def close(self) -> None:
        if self._session:
            await self._session.close()

    def urls_for(self, conversation_id: str) -> list[str]:
        """The conversation's own server first (stable hash of its id), then the others.

        With one shared tracker store and lock store (the scaled set-up) any server can carry
        on a conversation, so a server that refuses connections is skipped.
        """
        digest = hashlib.sha256(conversation_id.encode()).digest()
        first = int.from_bytes(digest[:4], "big") % len(self._urls)
        return [self._urls[(first + i) % len(self._urls)] for i in range(len(self._urls))]

    async def send(self, conversation_id: str, text: str,
                   metadata: dict[str, Any]) -> list[dict[str, Any]]:
        assert self._session is not None, "start() first"
        body = {"sender": conversation_id, "message": text, "metadata": metadata}
        error: Exception = RasaUnavailable("no server")
        for base in self.urls_for(conversation_id):
            try:
                return await self._post(f"{base}/webhooks/rest/webhook", body)
            except aiohttp.ClientConnectorError as refused:
                error = refused  # never reached that server: the message was not handled; next
            except (aiohttp.ClientError, TimeoutError, ValueError, RasaUnavailable) as failed:
                # It may have been handled: sending it again elsewhere could answer it twice.
                raise RasaUnavailable(type(failed).__name__) from failed
        raise RasaUnavailable(type(error).__name__) from error

    async def _post(self, url: str, body: dict[str, Any]) -> list[dict[str, Any]]:
        assert self._session is not None
        async with self._session.post(url, json=body) as response:
            if response.status != 200:
                raise RasaUnavailable(f"status {response.status}")
            replies = await response.json()
        if not isinstance(replies, list):
            raise RasaUnavailable("unexpected reply")
        if not replies:
            # Rasa answers every message; an empty list means it failed inside (e.g. its lock
            # store is down) and the REST channel swallowed the error.
            raise RasaUnavailable("empty reply")
        return replies
