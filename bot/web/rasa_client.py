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

    def url_for(self, conversation_id: str) -> str:
        """The same conversation always goes to the same server (stable hash of the id)."""
        digest = hashlib.sha256(conversation_id.encode()).digest()
        return self._urls[int.from_bytes(digest[:4], "big") % len(self._urls)]

    async def send(self, conversation_id: str, text: str,
                   metadata: dict[str, Any]) -> list[dict[str, Any]]:
        assert self._session is not None, "start() first"
        url = f"{self.url_for(conversation_id)}/webhooks/rest/webhook"
        body = {"sender": conversation_id, "message": text, "metadata": metadata}
        try:
            async with self._session.post(url, json=body) as response:
                if response.status != 200:
                    raise RasaUnavailable(f"status {response.status}")
                replies = await response.json()
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            raise RasaUnavailable(type(error).__name__) from error
        if not isinstance(replies, list):
            raise RasaUnavailable("unexpected reply")
        return replies
