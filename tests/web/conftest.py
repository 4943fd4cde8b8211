import socket

import pytest

from bot.web.app import create_app
from bot.web.clients import ClientLimits
from bot.web.settings import Settings


def closed_port() -> int:
    """A port nothing listens on: Rasa is really down, not mocked."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def settings() -> Settings:
    # Every request comes from the test client's one address: its per-client limits are
    # tested on their own (test_clients.py), so here they stand aside.
    return Settings(rasa_urls=(f"http://127.0.0.1:{closed_port()}",), rasa_timeout=2.0,
                    rate_messages=5, rate_window_s=60,
                    client_limits=ClientLimits(sessions=100_000, messages=100_000, live_share=1.0))


@pytest.fixture
async def client(aiohttp_client, settings):
    return await aiohttp_client(create_app(settings))


@pytest.fixture
async def conversation(client) -> str:
    response = await client.post("/api/session")
    return (await response.json())["conversation_id"]
