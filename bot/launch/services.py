"""What runs, and how: the one place that knows the command line of each server of the stack.

scripts/run, scripts/benchmark and the tests all build their processes here, so a flag, a
port, an environment variable or the token between Rasa and the action server is written once.
Standard library only: any of the project's Python environments can start the stack.
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping, Optional

from bot.paths import ROOT

VENV = ROOT / ".venv" / "bin" / "python"
WEB_VENV = ROOT / ".venv-web" / "bin" / "python"
# Every server: localhost only, no telemetry, and keep-alive longer than its clients' (Rasa's
# and the gateway's aiohttp clients reuse connections for 15 s; a server closing at 5 s lost
# replies under load: README, "Speed").
SERVER_ENV = {"SANIC_HOST": "127.0.0.1", "SANIC_KEEP_ALIVE_TIMEOUT": "75",
              "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
              "PYTHONWARNINGS": "ignore::DeprecationWarning"}
# The most a Rasa server's REST channel reads (not the action server, which gets whole
# conversations): with Sanic's default of 100 MB one 10 MB message blocked Rasa for hours.
RASA_MAX_BODY = "65536"


@dataclass(frozen=True)
class Service:
    name: str
    argv: tuple[str, ...]
    env: Mapping[str, str]
    ready: Optional[str] = None      # a URL that answers once the service is up
    ready_timeout: float = 60.0
    cwd: Path = ROOT


@dataclass(frozen=True)
class Layout:
    """Where one stack's parts listen and keep their files."""

    model: Path
    workdir: Path                               # logs, endpoints file, SQLite files
    action_port: int = 5055
    rasa_ports: tuple[int, ...] = (5005,)
    web_port: Optional[int] = 8080
    scaled: bool = False
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    tracker_url: str = ""                       # default: SQLite in workdir (embedded)
    operator_db_url: str = ""                   # default: SQLite in workdir
    knowledge_url: str = ""                     # default: the project's .data/knowledge.db
    retention_hours: Optional[float] = None     # the hourly purge; None: no purge process
    extra_env: Mapping[str, str] = field(default_factory=dict)  # PG_*, REDIS_*, EXIT_URL, ...
    # Sections of the embedded endpoints file replaced for this stack (tests: a tracker store
    # on an own PostgreSQL, a lock store on an own Redis).
    endpoints_overrides: Mapping[str, dict] = field(default_factory=dict)
    rasa_url_list: tuple[str, ...] = ()         # the gateway's Rasa servers; default: rasa_ports

    def __post_init__(self) -> None:
        if not self.tracker_url:
            object.__setattr__(self, "tracker_url", f"sqlite:///{self.workdir / 'tracker.db'}")
        if not self.operator_db_url:
            object.__setattr__(self, "operator_db_url", f"sqlite:///{self.workdir / 'operator.db'}")

    @property
    def rasa_urls(self) -> tuple[str, ...]:
        return self.rasa_url_list or tuple(f"http://127.0.0.1:{p}" for p in self.rasa_ports)

    def with_ports(self, **ports: object) -> "Layout":
        return replace(self, **ports)


def endpoints_file(layout: Layout) -> Path:
    """The endpoints file Rasa reads: the shipped scaled file as it is (Rasa fills its ${...}
    from the environment), or the embedded one with this stack's tracker database."""
    if layout.scaled:
        return ROOT / "endpoints.scaled.yml"
    import yaml  # every environment of the project has PyYAML

    config = yaml.safe_load((ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    sqlite_path = layout.tracker_url.removeprefix("sqlite:///")
    config["tracker_store"] = {**config["tracker_store"], "dialect": "sqlite", "db": sqlite_path}
    config.update(layout.endpoints_overrides)
    layout.workdir.mkdir(parents=True, exist_ok=True)
    path = layout.workdir / "endpoints.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def _env(layout: Layout, **extra: str) -> dict[str, str]:
    env = {**os.environ, **SERVER_ENV, **layout.extra_env,
           "ACTION_PORT": str(layout.action_port), "ACTION_SERVER_TOKEN": layout.token,
           "OPERATOR_DB_URL": layout.operator_db_url, **extra}
    if layout.knowledge_url:
        env["KNOWLEDGE_DB_URL"] = layout.knowledge_url
    return env


def action_server(layout: Layout) -> Service:
    return Service("actions", (str(VENV), "-m", "bot.serve.action_server", "--port", str(layout.action_port)),
                   _env(layout), f"http://127.0.0.1:{layout.action_port}/health", 60)


def rasa_server(layout: Layout, port: int) -> Service:
    argv = (str(VENV), "-m", "bot.serve.rasa_server", "--interface", "127.0.0.1", "--port", str(port),
            "--model", str(layout.model), "--endpoints", str(endpoints_file(layout)),
            "--credentials", str(ROOT / "credentials.yml"))
    return Service(f"rasa-{port}", argv, _env(layout, SANIC_REQUEST_MAX_SIZE=RASA_MAX_BODY),
                   f"http://127.0.0.1:{port}/", 300)


def gateway(layout: Layout) -> Service:
    python = WEB_VENV if WEB_VENV.exists() else VENV
    return Service("web", (str(python), "-m", "bot.web", "--port", str(layout.web_port)),
                   _env(layout, RASA_URLS=",".join(layout.rasa_urls), TRACKER_DB_URL=layout.tracker_url),
                   f"http://127.0.0.1:{layout.web_port}/api/health", 60)


def purge_job(layout: Layout) -> Service:
    return Service("purge", (str(VENV), "-m", "bot.privacy", "purge", "--every", "3600",
                             "--hours", str(layout.retention_hours)),
                   _env(layout, TRACKER_DB_URL=layout.tracker_url))


def stack(layout: Layout) -> list[Service]:
    """Every service, in the order they start: Rasa calls the action server as soon as it answers."""
    services = [action_server(layout), *(rasa_server(layout, p) for p in layout.rasa_ports)]
    if layout.web_port:
        services.append(gateway(layout))
    if layout.retention_hours is not None:
        services.append(purge_job(layout))
    return services
