"""Limits per client address (bot/web/clients.py): a flood from one client takes neither the
sessions nor the messages that other people need, and is told how long to wait."""
import dataclasses

import pytest

from bot.web.app import create_app
from bot.web.clients import ClientLimits, Clients, client_address


async def _session(client, **headers):
    return await client.post("/api/session", headers=headers)


@pytest.fixture
def limited_settings(settings):
    return dataclasses.replace(settings, client_limits=ClientLimits(sessions=5, messages=8, live_share=0.5),
                               max_conversations=20, rate_messages=100)


async def test_one_client_cannot_open_sessions_at_will(aiohttp_client, limited_settings) -> None:
    client = await aiohttp_client(create_app(limited_settings))
    for _ in range(5):
        assert (await _session(client)).status == 200
    refused = await _session(client)
    assert refused.status == 429
    body = await refused.json()
    assert body["error"] == "too many sessions" and body["retry_after"] > 0
    assert int(refused.headers["Retry-After"]) == body["retry_after"]


async def test_many_sessions_do_not_get_round_the_message_limit(aiohttp_client, limited_settings) -> None:
    """40 sessions x 5 messages were all accepted: the address's messages are counted together."""
    client = await aiohttp_client(create_app(limited_settings))
    ids = [(await (await _session(client)).json())["conversation_id"] for _ in range(4)]
    statuses = [(await client.post("/api/message", json={"conversation_id": c, "text": "hej"})).status
                for c in ids for _ in range(3)]
    assert statuses[:8] == [200] * 8 and set(statuses[8:]) == {429}


def test_a_flood_leaves_room_for_everyone_else() -> None:
    clients = Clients(ClientLimits(sessions=10_000, live_share=0.01), max_live=1_000)
    opened = sum(clients.may_open("10.0.0.1") is None for _ in range(100))
    assert opened == 10                                  # 1 % of the capacity, no more
    assert clients.may_open("10.0.0.2") is None          # another person still gets in
    clients.closed("10.0.0.1")
    assert clients.may_open("10.0.0.1") is None          # a closed conversation frees a place


@pytest.mark.parametrize("peer, header, trusted, address", [
    ("203.0.113.5", None, (), "203.0.113.5"),
    ("203.0.113.5", "198.51.100.7", (), "203.0.113.5"),                 # not from a trusted proxy
    ("127.0.0.1", "198.51.100.7", ("127.0.0.1",), "198.51.100.7"),
    ("127.0.0.1", "1.2.3.4, 198.51.100.7", ("127.0.0.1",), "198.51.100.7"),  # the client wrote 1.2.3.4
    ("127.0.0.1", "198.51.100.7, 10.0.0.2", ("127.0.0.1", "10.0.0.2"), "198.51.100.7"),
    ("127.0.0.1", "not an address", ("127.0.0.1",), "127.0.0.1"),
])
def test_the_forwarded_address_is_believed_only_from_a_trusted_proxy(peer, header, trusted, address) -> None:
    assert client_address(peer, header, trusted) == address


async def test_behind_a_trusted_proxy_each_client_has_its_own_limit(aiohttp_client, limited_settings) -> None:
    settings = dataclasses.replace(limited_settings, trusted_proxies=("127.0.0.1",))
    client = await aiohttp_client(create_app(settings))
    for _ in range(5):
        assert (await _session(client, **{"X-Forwarded-For": "198.51.100.7"})).status == 200
    assert (await _session(client, **{"X-Forwarded-For": "198.51.100.7"})).status == 429
    assert (await _session(client, **{"X-Forwarded-For": "198.51.100.8"})).status == 200


async def test_no_version_banner(client) -> None:
    response = await client.get("/")
    assert "aiohttp" not in response.headers.get("Server", "") and "Python" not in response.headers.get("Server", "")
