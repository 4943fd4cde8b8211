"""Who is writing: what the message says outright (audience_cues.yaml), else a learned guess."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

import yaml

from bot.text import drop_apostrophes, fold

CUES = Path(__file__).with_name("audience_cues.yaml")


@dataclass(frozen=True)
class Audience:
    value: Optional[str]          # young | adult | relative | professional, or None (unknown)
    explicit: bool = False        # said outright: may change what the conversation had
    confidence: float = 0.0
    likely: Optional[str] = None  # the learned model's best audience even when not sure enough


@lru_cache(maxsize=1)
def _cues() -> list[tuple[str, re.Pattern[str]]]:
    data = yaml.safe_load(CUES.read_text(encoding="utf-8"))
    return [(key.split(",")[0].strip(), re.compile("|".join(f"(?:{p})" for p in patterns))) for key, patterns in data.items()]


def stated(text: str) -> Optional[str]:
    """The audience the message states outright, or None."""
    folded = drop_apostrophes(fold(text))
    for audience, pattern in _cues():
        if pattern.search(folded):
            return audience
    return None
