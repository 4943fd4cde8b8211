"""The stack as scripts/run starts it (bot.launch), with each process killed in turn; and no
message text in any log of any process after bad input, load and failures.

One stack for the module: the action server, Rasa, the gateway and the purge job on free ports,
supervised, writing their logs to a folder of the test's.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Iterator

import pytest

from bot.eval.rest import send
from bot.launch.services import WEB_VENV, Layout, stack
from bot.launch.supervisor import Supervisor, wait_ready
from bot.privacy.logs import scrub
from bad_input_corpus import cases, request, text_of
from conftest import MANY_PEOPLE, ROOT, trained_model
from helpers import free_port

# Said in the messages of this module and nowhere else: none may appear in any log.
MARKERS = [f"Zebrafink{uuid.uuid4().hex[:8]}", f"Kvarnsten{uuid.uuid4().hex[:8]}"]


@pytest.fixture(scope="module")
def supervised(tmp_path_factory) -> Iterator[tuple[Supervisor, Layout, Path]]:
    if not WEB_VENV.exists():
        pytest.skip("no .venv-web: scripts/setup creates it")
    work = tmp_path_factory.mktemp("supervised")
    layout = Layout(model=trained_model(), workdir=work, action_port=free_port(),
                    rasa_ports=(free_port(),), web_port=free_port(), retention_hours=24,
                    extra_env=MANY_PEOPLE)
    supervisor = Supervisor(stack(layout), log_dir=work / "logs")
    supervisor.start()
    try:
        yield supervisor, layout, work / "logs"
    finally:
        supervisor.stop()


def _post(url: str, body: dict, timeout: float = 60) -> dict:
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as response:
        return json.loads(response.read() or b"{}")


def _say(layout: Layout, text: str) -> dict:
    base = f"http://127.0.0.1:{layout.web_port}"
    conversation = _post(f"{base}/api/session", {})["conversation_id"]
    return _post(f"{base}/api/message", {"conversation_id": conversation, "text": text, "language": "sv"})


def _back(supervisor: Supervisor, name: str, old_pid: int, timeout: float = 300) -> None:
    """Wait until the supervisor has started `name` again and it answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        supervisor.check()
        if supervisor.pid(name) != old_pid:
            running = supervisor.running[name]
            wait_ready(running.service, running.proc, timeout=max(1.0, deadline - time.monotonic()))
            return
        time.sleep(0.3)
    raise AssertionError(f"{name} was not started again")


def test_each_process_killed_in_turn_a_message_is_answered_and_it_comes_back(supervised) -> None:
    supervisor, layout, _ = supervised
    for name in [s.service.name for s in supervisor.running.values()]:
        old = supervisor.pid(name)
        os.kill(old, signal.SIGKILL)
        supervisor.running[name].proc.wait(10)
        if name != "web":
            # Meanwhile: a danger message still gets its escalation (from Rasa, or from the
            # gateway itself while Rasa is away), and any message an answer.
            body = _say(layout, "jag vill dö")
            assert body["messages"] and "112" in body["messages"][0]["text"], (name, body)
        _back(supervisor, name, old)
        assert supervisor.restarts(name) == 1
        body = _say(layout, "jag vill dö")
        assert body["delivered"] is True and "112" in body["messages"][0]["text"], (name, body)
        assert _say(layout, "hej")["delivered"] is True, name


def test_no_message_text_in_any_log(supervised) -> None:
    supervisor, layout, logs = supervised
    rest = f"{layout.rasa_urls[0]}/webhooks/rest/webhook"
    base = f"http://127.0.0.1:{layout.web_port}"
    sent: list[str] = []
    # The bad-input corpus, at the REST channel and at the gateway.
    for case in cases():
        for target, url in (("rest", rest), ("gateway", f"{base}/api/message")):
            conversation = _post(f"{base}/api/session", {})["conversation_id"]
            req = request(case, target, conversation)
            try:
                urllib.request.urlopen(urllib.request.Request(
                    url, data=req.body, method=req.method, headers={"Content-Type": req.content_type}),
                    timeout=60).close()
            except OSError:
                pass
        text = text_of(case)
        if text and len(text) >= 12:
            sent.append(text[:60])
    # Load, a failing action server, and marked messages through both doors.
    subprocess.run([str(WEB_VENV), "-m", "bot.eval.load", "--url", layout.rasa_urls[0],
                    "--conversations", "10", "--messages", "5"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    actions = supervisor.pid("actions")
    os.kill(actions, signal.SIGKILL)
    supervisor.running["actions"].proc.wait(10)
    for marker in MARKERS:
        send(rest, f"log-{uuid.uuid4().hex}", f"vad är tvångsäktenskap {marker} 0701234567")
        _say(layout, f"vad gör socialtjänsten {marker}")
    _back(supervisor, "actions", actions)
    time.sleep(1)
    written = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in logs.glob("*.log"))
    assert written.strip(), "the processes wrote no logs at all"
    for text in [*MARKERS, *sent]:
        assert text not in written, f"message text in a log: {text[:40]!r}"
    assert "0701234567" not in written


@pytest.mark.parametrize("record, kept", [
    ('{"text": "jag heter Amina", "event": "rest.message.received.timeout", "log_level": "error"}',
     '{"event": "rest.message.received.timeout", "log_level": "error"}'),
    ("Received user message 'jag heter Amina' with intent 'greet'", "Received user message … with intent …"),
    ('Failed to parse {"message": "jag heter Amina", "x": [1, "Amina"]}', "Failed to parse …"),
])
def test_the_scrubber_keeps_what_is_not_text(record: str, kept: str) -> None:
    assert scrub(record) == kept
