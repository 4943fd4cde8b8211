"""Browser tests of the chat page: a real Rasa server (with the action server), the real gateway,
and Debian's Chromium driven by Playwright (never a downloaded browser).

Run with the gateway's environment:  .venv-web/bin/python -m pytest tests/browser
Needs: a trained model (STODLOTSEN_MODEL, else the newest models/*.tar.gz), /work/main/.venv with
Rasa, /usr/bin/chromium, and for the accessibility test axe-core in tests/browser/node_modules
(`npm ci` in tests/browser; the fixture runs it when npm is there and the folder is missing).
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
import urllib.request
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

import pytest
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE.parent))
from bot.launch.services import Layout, action_server, gateway, rasa_server  # noqa: E402
from helpers import free_port, stop, wait_http  # noqa: E402

RASA_BIN = ROOT / ".venv" / "bin" / "rasa"
WEB_PYTHON = ROOT / ".venv-web" / "bin" / "python"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# Where quick exit goes in the tests: a reserved name (.test never resolves), answered by a
# Playwright route with a stub page, so nothing leaves the machine.
EXIT_URL = "http://neutral.test/weather"
NEUTRAL_PAGE = "<!doctype html><html lang='en'><title>Weather</title><h1>Weather</h1></html>"
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"




def find_model() -> Path:
    configured = os.environ.get("STODLOTSEN_MODEL")
    if configured:
        if not Path(configured).is_file():
            pytest.skip(f"STODLOTSEN_MODEL={configured} is not a file")
        return Path(configured)
    models = sorted((ROOT / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        pytest.skip("no trained model: set STODLOTSEN_MODEL or train one into models/ (scripts/test)")
    return models[-1]


@dataclass
class Stack:
    """Action server, Rasa server and web gateway on free localhost ports."""

    model: Path
    workdir: Path
    rasa_port: int = field(default_factory=free_port)
    action_port: int = field(default_factory=free_port)
    web_port: int = field(default_factory=free_port)
    token: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    rasa: Optional[subprocess.Popen] = None
    actions: Optional[subprocess.Popen] = None
    web: Optional[subprocess.Popen] = None

    exit_url: str = EXIT_URL

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    @property
    def layout(self) -> Layout:
        """This stack as bot.launch lays one out: the same commands and token as scripts/run."""
        return Layout(model=self.model, workdir=self.workdir, action_port=self.action_port,
                      rasa_ports=(self.rasa_port,), web_port=self.web_port, token=self.token,
                      tracker_url=f"sqlite:///{self.tracker_db}",
                      operator_db_url=f"sqlite:///{self.operator_db}",
                      knowledge_url=self.knowledge_url,
                      # Every test's browser comes from 127.0.0.1: here it stands for many people
                      # (the per-client limits are tested in tests/web/test_clients.py).
                      extra_env={"EXIT_URL": EXIT_URL, "CLIENT_SESSIONS_PER_HOUR": "100000",
                                 "CLIENT_MESSAGES_PER_MINUTE": "100000"})

    def _log(self, name: str):
        return open(self.workdir / f"{name}.log", "ab")

    def _start(self, service, log: str) -> subprocess.Popen:
        proc = subprocess.Popen(list(service.argv), cwd=ROOT, env=dict(service.env),
                                stdout=self._log(log), stderr=subprocess.STDOUT)
        wait_http(service.ready, service.ready_timeout, proc)
        return proc

    def start_actions(self) -> None:
        self.actions = self._start(action_server(self.layout), "actions")

    def load_knowledge(self) -> None:
        """The action server's knowledge database, built from knowledge/ into the work folder."""
        if not (ROOT / "bot" / "knowledge" / "__main__.py").exists():
            return
        with self._log("knowledge") as log:
            subprocess.run([str(RASA_BIN.parent / "python"), "-m", "bot.knowledge", "load",
                            "--url", self.knowledge_url], cwd=ROOT, env=os.environ,
                           stdout=log, stderr=subprocess.STDOUT, timeout=300, check=False)

    @property
    def tracker_db(self) -> Path:
        return self.workdir / "tracker.db"

    @property
    def knowledge_url(self) -> str:
        return f"sqlite:///{self.workdir / 'knowledge.db'}"

    def start_rasa(self) -> None:
        self.rasa = self._start(rasa_server(self.layout, self.rasa_port), "rasa")
        # Rasa traces its TensorFlow graphs on the first message (seconds on a busy machine):
        # pay that here, not inside a test's wait for its first answer.
        warm_up = urllib.request.Request(
            f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook", method="POST",
            data=json.dumps({"sender": "warm-up", "message": "hej"}).encode(),
            headers={"Content-Type": "application/json"})
        urllib.request.urlopen(warm_up, timeout=120).close()

    def start_web(self) -> None:
        self.web = self._start(gateway(self.layout), "web")

    @property
    def operator_db(self) -> Path:
        """The operator database of this run (figures from Rasa's events and the gateway's ratings)."""
        return self.workdir / "operator.db"

    def figures(self, metric: str) -> dict[str, int]:
        """The counts of one metric in this run's operator database, by key."""
        if not self.operator_db.exists():
            return {}
        with closing(sqlite3.connect(self.operator_db)) as db:
            if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'figures_daily'").fetchone():
                return {}
            return dict(db.execute("SELECT key, SUM(count) FROM figures_daily WHERE metric = ? GROUP BY key",
                                   (metric,)).fetchall())

    def stored_events(self, conversation_id: str) -> int:
        """How many events Rasa's tracker store holds for the conversation."""
        if not self.tracker_db.exists():
            return 0
        with closing(sqlite3.connect(self.tracker_db)) as db:
            if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'events'").fetchone():
                return 0
            return db.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?",
                              (conversation_id,)).fetchone()[0]

    def rasa_running(self) -> bool:
        return self.rasa is not None and self.rasa.poll() is None

    def ensure_rasa(self) -> None:
        """Rasa up again after a test stopped it (that test runs last, but order is not relied on)."""
        if not self.rasa_running():
            self.start_rasa()

    def stop_rasa(self) -> None:
        stop(self.rasa)

    def stop(self) -> None:
        for proc in (self.web, self.rasa, self.actions):
            stop(proc)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not RASA_BIN.exists():
        pytest.skip(f"no Rasa at {RASA_BIN}: scripts/run or scripts/test set it up")
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    model = find_model()
    srv = Stack(model=model, workdir=tmp_path_factory.mktemp("browser-stack"))
    try:
        srv.load_knowledge()
        srv.start_actions()
        srv.start_rasa()
        srv.start_web()
        yield srv
    finally:
        srv.stop()
        shutil.rmtree(srv.workdir, ignore_errors=True)


@pytest.fixture
def live(stack: Stack) -> Stack:
    """The stack, with Rasa running."""
    stack.ensure_rasa()
    return stack


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


class PageProblems(list):
    """Console errors and uncaught exceptions a page produced (CSP violations show up here)."""


def open_context(browser, **kwargs):
    options = {"viewport": {"width": 390, "height": 844}, "locale": "sv-SE"}
    options.update(kwargs)
    context = browser.new_context(**options)
    context.set_default_timeout(30_000)
    context.route(
        "http://neutral.test/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body=NEUTRAL_PAGE),
    )
    return context


def watch(page) -> PageProblems:
    problems = PageProblems()
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    return problems


@pytest.fixture
def make_context(browser):
    """new_context(**options) with the exit-page route; closed after the test."""
    made = []

    def make(**kwargs):
        ctx = open_context(browser, **kwargs)
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.close()


@pytest.fixture
def context(browser):
    ctx = open_context(browser)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def problems(page) -> PageProblems:
    return watch(page)


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        npm = shutil.which("npm")
        if npm:
            subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=HERE, check=False,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `npm ci` in tests/browser")
    return AXE.read_text(encoding="utf-8")
