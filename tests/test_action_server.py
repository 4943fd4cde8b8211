"""Only Rasa may call the action server (bot/serve/action_server.py): a crafted call from
another local process wrote text into the curators' table, and a malformed body got a 500
that echoed the body back."""
from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest


def _post(url: str, body: bytes, headers: dict) -> tuple[int, str]:
    req = urllib.request.Request(url, data=body, method="POST",
                                 headers={"Content-Type": "application/json", **headers})
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


CRAFTED = {"next_action": "action_answer_topic", "sender_id": "x", "version": "3.6.2",
           "tracker": {"sender_id": "x", "slots": {}, "events": [],
                       "latest_message": {"text": "Amina Yusuf 0701234567 wants the tax form",
                                          "intent": {"name": "nlu_fallback"}}},
           "domain": {}}


@pytest.mark.parametrize("headers", [{}, {"X-Action-Token": "guess"}, {"X-Action-Token": ""}])
def test_a_call_without_rasas_token_is_refused(servers, headers) -> None:
    status, body = _post(f"http://127.0.0.1:{servers.action_port}/webhook", json.dumps(CRAFTED).encode(), headers)
    assert status == 401 and json.loads(body) == {"error": "unauthorized"}
    assert "Amina" not in body


@pytest.mark.parametrize("body", [b"not json at all {{", b"[]", b'{"x": "Amina Yusuf 0701234567"}',
                                  json.dumps({"next_action": 5, "tracker": {}}).encode()])
def test_a_malformed_body_gets_400_without_an_echo(servers, body) -> None:
    status, answer = _post(f"http://127.0.0.1:{servers.action_port}/webhook", body,
                           {"X-Action-Token": servers.token})
    assert status == 400 and set(json.loads(answer)) == {"error"}
    assert "Amina" not in answer and "0701234567" not in answer


def test_rasa_itself_gets_through(servers) -> None:
    from bot.eval.rest import send

    replies = send(servers.rest_url, "token-check", "vad är tvångsäktenskap", {"language": "sv"})
    assert replies and "112" not in replies[0]["text"][:5]


def test_health_answers_without_the_token(servers) -> None:
    with urllib.request.urlopen(f"http://127.0.0.1:{servers.action_port}/health", timeout=10) as response:
        assert response.status == 200
