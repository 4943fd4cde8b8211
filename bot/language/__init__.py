"""Which of the bot's languages (sv, nb, en) a message is written in."""
from bot.language.detector import LANGUAGES, LanguageGuess, detect_language, warm_up

__all__ = ["LANGUAGES", "LanguageGuess", "detect_language", "warm_up"]
