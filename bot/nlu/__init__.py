"""Rasa graph components: thin adapters that put bot/ logic into Rasa's NLU pipeline.

This is the only room of bot/ that imports Rasa.
"""
