"""The internet-facing gateway: serves the chat page and forwards messages to Rasa.

Runs in its own environment (.venv-web: current Python and aiohttp), never on Rasa's pins.
When Rasa cannot answer, it answers itself with bot/safety and the texts of domain.yml.
"""
