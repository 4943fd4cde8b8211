"""The bad-input corpus (tests/data/bad_input.yaml) through the gateway, Rasa down.

Every case gets its defined status and a JSON body of the defined shape, never a traceback; after
the whole corpus the same gateway still answers /api/health and an ordinary message.
"""
from __future__ import annotations

from typing import Any

import pytest

import bad_input_corpus as corpus

CASES = corpus.cases()


async def _send(client, case: dict[str, Any], conversation: str):
    req = corpus.request(case, "gateway", conversation)
    return await client.request(req.method, "/api/message", data=req.body,
                                headers={"Content-Type": req.content_type})


async def check(client, settings, case: dict[str, Any]) -> None:
    expected = case["gateway"]
    conversation = (await (await client.post("/api/session")).json())["conversation_id"]
    statuses = []
    for _ in range(case.get("repeat", 1)):
        response = await _send(client, case, conversation)
        text = await response.text()
        statuses.append(response.status)
        assert response.status != 500 and not corpus.leaks(text), (response.status, text[:300])
        assert response.content_type == "application/json", (response.status, text[:300])
        body = await response.json()
        if response.status == 200:
            assert set(body) == {"messages", "delivered"}, body
            assert all(isinstance(m.get("text"), str) and m["text"] for m in body["messages"]), body
            if expected.get("answer") == "nothing":
                assert body == {"messages": [], "delivered": False}
            else:
                assert body["messages"], body
        else:
            assert body["error"] == expected["error"], body
            # A refusal for too many messages says how long to wait; nothing else is added.
            assert set(body) <= {"error", "retry_after"}, body
    if expected.get("limited"):
        n = settings.rate_messages
        assert statuses == [200] * n + [expected["status"]] * (len(statuses) - n), statuses
    else:
        assert set(statuses) == {expected["status"]}, statuses


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
async def test_case_gets_its_defined_answer(client, settings, case) -> None:
    await check(client, settings, case)


async def test_gateway_still_answers_after_the_whole_corpus(client, settings) -> None:
    for case in CASES:
        await check(client, settings, case)
    assert await (await client.get("/api/health")).json() == {"gateway": "ok"}
    conversation = (await (await client.post("/api/session")).json())["conversation_id"]
    response = await client.post("/api/message", json={"conversation_id": conversation, "text": "hej"})
    body = await response.json()
    assert response.status == 200 and body["messages"], body


async def test_other_api_errors_are_json_too(client) -> None:
    for method, path, status in [("GET", "/api/nothing", 404), ("GET", "/api/session", 405),
                                 ("POST", "/api/health", 405)]:
        response = await client.request(method, path)
        assert response.status == status and response.content_type == "application/json"
        assert (await response.json())["error"]
    page = await client.get("/nothing")  # outside the API: aiohttp's own page, still no traceback
    assert page.status == 404 and not corpus.leaks(await page.text())


async def test_an_oversize_body_without_a_length_is_refused(client) -> None:
    """Chunked, no Content-Length: the limit still holds while the body streams in."""
    async def chunks():
        for _ in range(200):
            yield b"x" * 50_000

    conversation = (await (await client.post("/api/session")).json())["conversation_id"]
    response = await client.post("/api/message", data=chunks(), headers={"Content-Type": "application/json"})
    assert response.status == 413 and (await response.json()) == {"error": "too large"}
    ok = await client.post("/api/message", json={"conversation_id": conversation, "text": "hej"})
    assert ok.status == 200
