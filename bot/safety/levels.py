"""Danger levels, most urgent first."""
from __future__ import annotations

from enum import Enum


class DangerLevel(str, Enum):
    IMMEDIATE_DANGER = "immediate_danger"
    SELF_HARM = "self_harm"
    ALREADY_ABROAD = "already_abroad"
    TRIP_ABROAD_SOON = "trip_abroad_soon"
    CHILD_AT_RISK = "child_at_risk"
    NONE = "none"

    @property
    def rank(self) -> int:
        """0 is the most urgent; the escalation answer leads with the lowest rank found."""
        return list(DangerLevel).index(self)


DANGER_LEVELS = tuple(level for level in DangerLevel if level is not DangerLevel.NONE)
