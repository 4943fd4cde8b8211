"""Small counts are never shown: the one place that decides it.

Every output (report tables, plots, the command's printout) is built from `suppress`ed counts
only, never from the stored numbers, so a count under THRESHOLD (zero included: an absent
row looks the same as 1 to 4) cannot be seen, and no total or share derived from the shown
counts can give it back.
"""
from __future__ import annotations

from typing import Optional

THRESHOLD = 5
SUPPRESSED = f"<{THRESHOLD}"

Shown = Optional[int]   # a count as outputs may use it: None when suppressed


def suppress(count: int) -> Shown:
    return count if count >= THRESHOLD else None


def shown(value: Shown) -> str:
    return SUPPRESSED if value is None else str(value)
