"""The gateway on its own, with Rasa down (nothing listens on its port)."""
import dataclasses

import pytest

from bot import responses
from bot.safety import DangerLevel, escalation_text
from bot.web.app import create_app
from bot.web.clients import ClientLimits
from bot.web.conversations import Conversations, TooManyConversations
from bot.web.security import HEADERS


async def send(client, conversation, text, **extra):
    return await client.post("/api/message", json={"conversation_id": conversation, "text": text, **extra})


async def test_page_is_served_with_security_headers(client) -> None:
    response = await client.get("/")
    assert response.status == 200
    for name, value in HEADERS.items():
        assert response.headers[name] == value
    assert "set-cookie" not in {h.lower() for h in response.headers}


async def test_ids_are_issued_by_the_server_and_unguessable(client) -> None:
    ids = {(await (await client.post("/api/session")).json())["conversation_id"] for _ in range(20)}
    assert len(ids) == 20 and all(len(i) >= 32 for i in ids)


@pytest.mark.parametrize("conversation_id", ["forged", "", None, 123, ["x"]])
async def test_forged_or_missing_conversation_is_refused(client, conversation_id) -> None:
    response = await send(client, conversation_id, "hej")
    assert response.status == 401


@pytest.mark.parametrize(
    "text, language, level",
    [("jag vill dö", "sv", DangerLevel.SELF_HARM),
     ("he is going to kill me", "en", DangerLevel.IMMEDIATE_DANGER),
     ("jeg er fast i pakistan og de har tatt passet mitt", "nb", DangerLevel.ALREADY_ABROAD)],
)
async def test_rasa_down_danger_gets_the_same_escalation(client, conversation, text, language, level) -> None:
    body = await (await send(client, conversation, text, language=language)).json()
    assert body["delivered"] is False
    assert body["messages"][0]["text"] == escalation_text(level, language, None)
    assert body["messages"][1]["text"] == responses.text("utter_service_unavailable", language)


async def test_rasa_down_ordinary_message_is_told_it_was_not_delivered(client, conversation) -> None:
    body = await (await send(client, conversation, "vad är hedersförtryck", language="sv")).json()
    assert body["delivered"] is False and len(body["messages"]) == 1
    notice = body["messages"][0]
    assert notice["text"] == responses.text("utter_service_unavailable", "sv")
    assert notice["kind"] == "system"               # no rating under the gateway's own notice
    assert {"112", "116111"} <= {n["tel"] for n in notice["numbers"]}


async def test_country_from_the_page_picks_the_numbers(client, conversation) -> None:
    body = await (await send(client, conversation, "jeg vil ikke leve mer", language="nb", country="NO")).json()
    assert body["messages"][0]["text"] == escalation_text(DangerLevel.SELF_HARM, "nb", "NO")


async def test_flood_from_one_conversation_is_limited(client, conversation) -> None:
    statuses = [(await send(client, conversation, "hej")).status for _ in range(8)]
    assert statuses[:5] == [200] * 5 and set(statuses[5:]) == {429}


async def test_body_over_the_limit_is_refused(client, conversation) -> None:
    response = await send(client, conversation, "x" * 20_000)
    assert response.status == 413


@pytest.mark.parametrize("body", [b"not json", b"[1,2]", b"\xff\xfe", b'{"text": 5}'])
async def test_bad_json_is_a_clean_400(client, body) -> None:
    response = await client.post("/api/message", data=body, headers={"Content-Type": "application/json"})
    assert response.status in (400, 401)


async def test_wrong_type_of_text_is_a_clean_400(client, conversation) -> None:
    assert (await send(client, conversation, {"a": 1})).status == 400


async def test_empty_text_is_not_sent(client, conversation) -> None:
    body = await (await send(client, conversation, "   \x00\x07 ")).json()
    assert body == {"messages": [], "delivered": False}


async def test_forget_removes_the_conversation(client, conversation) -> None:
    assert (await client.post("/api/forget", json={"conversation_id": conversation})).status == 204
    assert (await send(client, conversation, "hej")).status == 401


def test_typed_intents_are_not_passed_on() -> None:
    from bot.web.app import button_payloads, clean_text

    payloads = button_payloads()
    assert "/affirm" in payloads
    assert clean_text("/affirm", 100, payloads) == "/affirm"
    assert clean_text('/danger_self_harm{"x":1}', 100, payloads) == 'danger_self_harm{"x":1}'


async def test_a_flood_of_new_sessions_is_bounded(aiohttp_client, settings) -> None:
    # One client may hold only a share of the places (tests/web/test_clients.py); here the one
    # test client stands for many people.
    app = create_app(dataclasses.replace(settings, max_conversations=3,
                                         client_limits=ClientLimits(live_share=1.0)))
    client = await aiohttp_client(app)
    issued = [await client.post("/api/session") for _ in range(3)]
    assert [r.status for r in issued] == [200, 200, 200]
    refused = await client.post("/api/session")
    assert refused.status == 503 and await refused.json() == {"error": "busy"}
    # Quick exit frees a place at once.
    forgotten = (await issued[0].json())["conversation_id"]
    assert (await client.post("/api/forget", json={"conversation_id": forgotten})).status == 204
    assert (await client.post("/api/session")).status == 200


def test_expired_conversations_free_their_places() -> None:
    now = [0.0]
    conversations = Conversations(ttl_s=10, rate_messages=5, rate_window_s=60,
                                  clock=lambda: now[0], max_live=2)
    first = conversations.issue()
    now[0] = 5
    second = conversations.issue()
    with pytest.raises(TooManyConversations):
        conversations.issue()
    now[0] = 11  # the first has expired, the second not yet
    conversations.issue()
    assert conversations.get(first) is None and conversations.get(second) is not None


async def test_config_tells_where_quick_exit_goes(client) -> None:
    body = await (await client.get("/api/config")).json()
    assert set(body) == {"exit_url", "languages"}          # the languages: test_languages.py
    assert body["exit_url"] == "https://www.yr.no/"
