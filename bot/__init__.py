"""Stödlotsen: the project's own logic, free of Rasa imports (see bot/nlu for the adapters)."""
