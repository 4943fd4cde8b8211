"""Danger detection and escalation. Pure Python: no Rasa import anywhere in this package."""
from bot.safety.detector import Assessment, Context, assess
from bot.safety.levels import DANGER_LEVELS, DangerLevel

__all__ = ["Assessment", "Context", "DANGER_LEVELS", "DangerLevel", "assess"]
from bot.safety.escalation import escalation_text  # noqa: E402

__all__ += ["escalation_text"]
