"""Shared fixtures. The `servers` fixture starts the real action server and Rasa server."""
from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

import pytest
import yaml

from bot.eval.rest import send
from bot.launch.services import WEB_VENV, Layout, action_server, gateway, rasa_server
from helpers import free_port, stop, wait_http

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# Test clients all come from 127.0.0.1, where they stand for many people: the gateway's
# per-client limits (tested on their own in tests/web/test_clients.py) step aside.
MANY_PEOPLE = {"CLIENT_SESSIONS_PER_HOUR": "100000", "CLIENT_MESSAGES_PER_MINUTE": "100000"}




def trained_model() -> Path:
    model = os.environ.get("STODLOTSEN_MODEL")
    if not model or not Path(model).is_file():
        pytest.skip("no trained model: scripts/test trains one and sets STODLOTSEN_MODEL")
    return Path(model)


@dataclass
class Servers:
    """A real action server and Rasa server on free localhost ports, started as bot.launch
    starts them (the same command lines, environment and token as scripts/run)."""

    model: Path
    workdir: Path
    rasa_port: int = field(default_factory=free_port)
    action_port: int = field(default_factory=free_port)
    tracker_store: Optional[dict] = None  # default: SQLite in workdir
    lock_store: Optional[dict] = None     # default: Rasa's in-process lock store
    operator_db_url: Optional[str] = None  # default: SQLite in workdir, never the real .data/
    # The scaled set-up as shipped: endpoints.scaled.yml itself, filled from these variables
    # (PG_*, REDIS_*; ACTION_PORT is set here) instead of a tracker and lock store of the test's.
    scaled_env: Optional[dict] = None
    token: str = field(default_factory=lambda: secrets.token_urlsafe(16))  # shared with the action server
    rasa: Optional[subprocess.Popen] = None
    actions: Optional[subprocess.Popen] = None

    @property
    def rest_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook"

    @property
    def layout(self) -> Layout:
        overrides = {k: v for k, v in (("tracker_store", self.tracker_store), ("lock_store", self.lock_store)) if v}
        return Layout(model=self.model, workdir=self.workdir, action_port=self.action_port,
                      rasa_ports=(self.rasa_port,), web_port=None, scaled=bool(self.scaled_env),
                      token=self.token, operator_db_url=self.operator_db_url or "",
                      extra_env=dict(self.scaled_env or {}), endpoints_overrides=overrides)

    def _start(self, service) -> subprocess.Popen:
        proc = subprocess.Popen(list(service.argv), cwd=ROOT, env=dict(service.env),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_http(service.ready, service.ready_timeout, proc)
        return proc

    def start_actions(self) -> None:
        self.actions = self._start(action_server(self.layout))

    def start_rasa(self) -> None:
        self.rasa = self._start(rasa_server(self.layout, self.rasa_port))

    def texts(self, sender: str, message: str) -> list[str]:
        """The texts Rasa's REST channel answers `message` with."""
        return [r.get("text", "") for r in send(self.rest_url, sender, message)]

    def start(self) -> None:
        """The action server first: Rasa calls it as soon as it answers."""
        self.start_actions()
        self.start_rasa()

    def stop_actions(self) -> None:
        stop(self.actions)

    def stop_rasa(self) -> None:
        stop(self.rasa)

    def stop(self) -> None:
        stop(self.rasa)
        stop(self.actions)


class Gateway:
    """The real web gateway (its own venv) in front of a Rasa URL, as a context manager."""

    def __init__(self, rasa_url: str) -> None:
        self.rasa_url, self.port = rasa_url, free_port()
        self.proc: Optional[subprocess.Popen] = None

    def __enter__(self) -> "Gateway":
        if not WEB_VENV.exists():
            pytest.skip("no .venv-web: scripts/setup creates it")
        service = gateway(Layout(model=Path("-"), workdir=Path(tempfile.mkdtemp()), web_port=self.port,
                                 rasa_url_list=tuple(self.rasa_url.split(",")), extra_env=MANY_PEOPLE))
        self.proc = subprocess.Popen(list(service.argv), cwd=ROOT, env={**service.env, "RASA_TIMEOUT": "20"},
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_http(service.ready, 30, self.proc)
        self.conversation = self._post("/api/session", {})["conversation_id"]
        return self

    def _post(self, path: str, body: dict) -> dict:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read() or b"{}")

    def say(self, text: str, **extra) -> dict:
        return self._post("/api/message", {"conversation_id": self.conversation, "text": text, **extra})

    def __exit__(self, *exc) -> None:
        stop(self.proc)


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    model = trained_model()
    srv = Servers(model=model, workdir=tmp_path_factory.mktemp("servers"))
    try:
        srv.start()
        yield srv
    finally:
        srv.stop()
        shutil.rmtree(srv.workdir, ignore_errors=True)
