"""Rasa custom actions: each a few lines that call bot/. The action server imports this package."""
