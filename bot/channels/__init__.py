"""Rasa input channels: Rasa's REST channel with the request checked before Rasa reads it."""
