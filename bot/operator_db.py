"""Where the operator side keeps its tables (anonymous figures, unanswered questions).

A database apart from the conversations: `OPERATOR_DB_URL` (PostgreSQL in the scaled set-up),
by default a SQLite file beside the others in .data/.
"""
from __future__ import annotations

import os

from bot.paths import ROOT


def operator_db_url() -> str:
    return os.environ.get("OPERATOR_DB_URL") or f"sqlite:///{ROOT / '.data' / 'operator.db'}"
