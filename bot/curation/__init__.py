"""Unanswered questions for curators: the redacted text of questions the bot could not answer,
kept for a short period (default 14 days) with a topic guess, listed grouped by similarity and
deleted once reviewed. Never a conversation id.

    python -m bot.curation list | reviewed ID ... | purge
"""
