"""The gateway's settings, from the environment (see README, "Web page")."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from bot.privacy.sanitize import STORED_TEXT_LIMIT
from bot.web.clients import ClientLimits

from bot.operator_db import operator_db_url as default_operator_db_url

STATIC = Path(__file__).with_name("static")


def _urls(value: str) -> tuple[str, ...]:
    return tuple(u.strip().rstrip("/") for u in value.split(",") if u.strip())


@dataclass(frozen=True)
class Settings:
    # One or more Rasa servers; a conversation always goes to the same one (hash of its id).
    rasa_urls: tuple[str, ...] = ("http://127.0.0.1:5005",)
    rasa_timeout: float = 10.0
    max_body_bytes: int = 8 * 1024
    max_text_chars: int = STORED_TEXT_LIMIT  # one home for the limit: bot/privacy/sanitize.py
    rate_messages: int = 12          # messages allowed per conversation ...
    rate_window_s: float = 30.0      # ... within this window
    conversation_ttl_s: float = 24 * 3600
    max_conversations: int = 100_000  # live ids at once; more new sessions get 503 "busy"
    # Per client address (bot/web/clients.py); the addresses of reverse proxies whose
    # X-Forwarded-For is believed (README, "Behind the internet").
    client_limits: ClientLimits = field(default_factory=ClientLimits)
    trusted_proxies: tuple[str, ...] = ()
    exit_url: str = "https://www.yr.no/"
    # The tracker store's database, so that quick exit deletes the conversation at once.
    tracker_db_url: str = ""
    # The operator database, where thumbs up / down are counted per day (empty: not counted).
    operator_db_url: str = field(default_factory=default_operator_db_url)
    static_dir: Path = field(default=STATIC)

    @classmethod
    def from_env(cls) -> "Settings":
        env = os.environ
        return cls(
            rasa_urls=_urls(env.get("RASA_URLS", "")) or cls.rasa_urls,
            rasa_timeout=float(env.get("RASA_TIMEOUT", cls.rasa_timeout)),
            tracker_db_url=env.get("TRACKER_DB_URL", ""),
            operator_db_url=default_operator_db_url(),
            exit_url=env.get("EXIT_URL", cls.exit_url),
            trusted_proxies=tuple(p.strip() for p in env.get("TRUSTED_PROXIES", "").split(",") if p.strip()),
            client_limits=ClientLimits(
                sessions=int(env.get("CLIENT_SESSIONS_PER_HOUR", ClientLimits.sessions)),
                messages=int(env.get("CLIENT_MESSAGES_PER_MINUTE", ClientLimits.messages))),
        )
