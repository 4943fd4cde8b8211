"""Rasa tracker stores: adapters that put bot/privacy at the one place every write passes."""
