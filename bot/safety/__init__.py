"""Danger detection and escalation. Pure Python: no Rasa import anywhere in this package."""
from bot.safety.detector import Assessment, Context, assess, warm_up
from bot.safety.escalation import Writer, escalation_text
from bot.safety.levels import DANGER_LEVELS, DangerLevel

__all__ = ["Assessment", "Context", "DANGER_LEVELS", "DangerLevel", "assess", "Writer", "escalation_text", "warm_up"]
