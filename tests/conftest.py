"""Shared fixtures. The `servers` fixture starts the real action server and Rasa server."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

import pytest
import yaml

from bot.eval.rest import send
from helpers import RASA_ENV, SERVER_ENV, free_port, stop, wait_http

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent




def trained_model() -> Path:
    model = os.environ.get("STODLOTSEN_MODEL")
    if not model or not Path(model).is_file():
        pytest.skip("no trained model: scripts/test trains one and sets STODLOTSEN_MODEL")
    return Path(model)


@dataclass
class Servers:
    """A real action server and Rasa server on free localhost ports."""

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
    rasa: Optional[subprocess.Popen] = None
    actions: Optional[subprocess.Popen] = None

    @property
    def rest_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook"

    def _env(self) -> dict[str, str]:
        return {**os.environ, **SERVER_ENV,
                "OPERATOR_DB_URL": self.operator_db_url or f"sqlite:///{self.workdir / 'operator.db'}",
                **({**self.scaled_env, "ACTION_PORT": str(self.action_port)} if self.scaled_env else {})}

    def start_actions(self) -> None:
        self.actions = subprocess.Popen(
            [str(BIN / "rasa"), "run", "actions", "--actions", "actions",
             "--port", str(self.action_port)],
            cwd=ROOT, env=self._env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_http(f"http://127.0.0.1:{self.action_port}/health", 60, self.actions)

    def start_rasa(self) -> None:
        endpoints = self.workdir / "endpoints.yml"
        if self.scaled_env:
            endpoints = ROOT / "endpoints.scaled.yml"
        else:
            config = yaml.safe_load((ROOT / "endpoints.yml").read_text())
            config["action_endpoint"]["url"] = f"http://127.0.0.1:{self.action_port}/webhook"
            config["tracker_store"] = self.tracker_store or {
                "type": "bot.stores.redacting.RedactingSQLTrackerStore", "dialect": "sqlite",
                "db": str(self.workdir / "tracker.db")}
            if self.lock_store:
                config["lock_store"] = self.lock_store
            endpoints.write_text(yaml.safe_dump(config))
        self.rasa = subprocess.Popen(
            [str(BIN / "rasa"), "run", "--interface", "127.0.0.1", "--port", str(self.rasa_port),
             "--model", str(self.model), "--endpoints", str(endpoints),
             "--credentials", str(ROOT / "credentials.yml")],
            cwd=ROOT, env={**self._env(), **RASA_ENV}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_http(f"http://127.0.0.1:{self.rasa_port}/", 240, self.rasa)

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
        python = ROOT / ".venv-web" / "bin" / "python"
        if not python.exists():
            pytest.skip("no .venv-web: scripts/setup creates it")
        self.proc = subprocess.Popen(
            [str(python), "-m", "bot.web", "--port", str(self.port)], cwd=ROOT,
            env={**os.environ, "RASA_URLS": self.rasa_url, "RASA_TIMEOUT": "20"},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_http(f"http://127.0.0.1:{self.port}/api/health", 30, self.proc)
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
