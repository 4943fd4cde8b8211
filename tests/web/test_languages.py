"""The gateway and the page's languages: /api/config lists them from knowledge/languages.yaml, a
message in a language the bot answers only in danger is accepted, and "/other_language" (the
page's request for who the bot is and the way to help, in that language) reaches Rasa as sent."""
import dataclasses

from aiohttp import web

from bot import responses
from bot.languages import escalation_languages, full_languages, languages
from bot.web.annotate import annotate
from bot.web.app import button_payloads, clean_text, create_app


async def test_config_lists_every_language_with_its_name_direction_and_content(client) -> None:
    body = await (await client.get("/api/config")).json()
    listed = {entry["code"]: entry for entry in body["languages"]}
    assert list(listed) == list(languages())               # knowledge/languages.yaml, in its order
    assert set(full_languages()) == {"sv", "nb", "en"}
    assert set(escalation_languages()) == {"ar", "so", "fa", "ti", "ckb"}
    for code, entry in listed.items():
        assert set(entry) == {"code", "name", "direction", "content"}
        assert entry["name"] == languages()[code].name
        assert entry["content"] == ("full" if code in full_languages() else "escalation")
    assert {c for c, e in listed.items() if e["direction"] == "rtl"} == {"ar", "fa", "ckb"}
    assert listed["ar"]["name"] == "العربية" and listed["ti"]["name"] == "ትግርኛ"


def test_other_language_is_a_payload_the_page_may_send() -> None:
    payloads = button_payloads()
    assert clean_text("/other_language", 100, payloads) == "/other_language"
    # The buttons under that answer, which take the person back to a full language.
    assert clean_text('/greet{"language": "sv", "register": "easy"}', 100, payloads) == \
        '/greet{"language": "sv", "register": "easy"}'


async def test_a_message_in_arabic_is_accepted_and_answered_in_arabic_when_rasa_is_down(
        client, conversation) -> None:
    response = await client.post("/api/message", json={"conversation_id": conversation,
                                                       "text": "/other_language", "language": "ar"})
    assert response.status == 200
    body = await response.json()
    assert body["delivered"] is False
    notice = body["messages"][-1]
    assert notice["text"] == responses.text("utter_service_unavailable", "ar")
    assert notice["language"] == "ar"                        # the page sets lang and dir from it
    assert "112" in {n["tel"] for n in notice["numbers"]}


async def test_other_language_reaches_rasa_with_the_language(aiohttp_client, aiohttp_server, settings) -> None:
    """A stand-in for Rasa's REST channel records what the gateway forwards and answers with the
    domain's own text and buttons, as Rasa would."""
    received = []
    said = responses.select("utter_other_language", {"language": "ar", "country": None, "register": None})

    async def webhook(request: web.Request) -> web.Response:
        received.append(await request.json())
        return web.json_response([{"recipient_id": "x", "text": said["text"], "buttons": said["buttons"]}])

    rasa = web.Application()
    rasa.router.add_post("/webhooks/rest/webhook", webhook)
    server = await aiohttp_server(rasa)
    client = await aiohttp_client(create_app(dataclasses.replace(
        settings, rasa_urls=(str(server.make_url("")).rstrip("/"),))))
    conversation = (await (await client.post("/api/session")).json())["conversation_id"]

    body = await (await client.post("/api/message", json={
        "conversation_id": conversation, "text": "/other_language", "language": "ar"})).json()
    assert received[0]["message"] == "/other_language"
    assert received[0]["metadata"] == {"language": "ar"}
    assert body["delivered"] is True
    answer = body["messages"][0]
    assert answer["language"] == "ar" and answer["text"] == said["text"]
    assert {"112", "020505050"} <= {n["tel"] for n in answer["numbers"]}

    # Its "Lättläst svenska" button goes on in easy Swedish: the payload passes, with the register.
    easy = next(b["payload"] for b in answer["buttons"] if "register" in b["payload"])
    await client.post("/api/message", json={"conversation_id": conversation, "text": easy,
                                            "language": "sv", "register": "easy"})
    assert received[1]["message"] == easy
    assert received[1]["metadata"] == {"language": "sv", "register": "easy"}


def test_the_bots_own_texts_name_their_language_for_the_page() -> None:
    assert annotate({"text": responses.text("utter_other_language", "fa")}, "fa", None)["language"] == "fa"
    # The language of the text said, not the one the page asked in.
    assert annotate({"text": responses.text("utter_greet", "sv")}, "en", None)["language"] == "sv"
    assert "language" not in annotate({"text": "Ett svar från kunskapsbanken."}, "sv", None)
