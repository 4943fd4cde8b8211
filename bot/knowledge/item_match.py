"""Which specific question-and-answer item a question asks for, if one clearly fits.

Items are written for an audience of a country (knowledge/items/<country>/<audience>/), and
each group has its learned model (bot.understanding: trained on the items' own examples and on
other questions, which teach it "none"). Only the groups that fit who is asking and where are
asked, over the whole question and over each of its sentences (as topics are read); an item
answers when its model is at least ITEM_SURE of it (held-out examples: 84 % of the items chosen
at 0.5 were the right one; python -m bot.eval.understanding_report).
"""
from __future__ import annotations

from typing import Optional

from bot.knowledge.db import KnowledgeBase
from bot.knowledge.schema import Item
from bot.languages import countries, country_of_language
from bot.understanding.features import features, sentences
from bot.understanding.linear import LinearModel
from bot.understanding.models import model

ITEM_SURE = 0.5


def matching_item(kb: KnowledgeBase, text: str, language: str, audience: Optional[str],
                  country: Optional[str]) -> Optional[tuple[Item, float]]:
    if not text.strip() or audience is None:
        return None
    where = [country] if country in countries() else (
        [country_of_language(language)] if country_of_language(language) else list(countries()))
    best: Optional[tuple[str, float]] = None
    whole = features(text)
    parts = [features(part) for part in sentences(text) if part.strip()]
    for code in where:
        learned = model(f"item-{code}-{audience}")
        if learned is None:
            continue
        p = _read(learned, whole, parts)
        item_id = max((k for k in p if k != "none"), key=p.get, default=None)
        if item_id and p[item_id] >= ITEM_SURE and (best is None or p[item_id] > best[1]):
            best = (item_id, p[item_id])
    if best is None:
        return None
    item = kb.item(best[0])
    return (item, best[1]) if item else None


def _read(learned: LinearModel, whole: frozenset[str], parts: list[frozenset[str]]) -> dict[str, float]:
    """As the topics are read (bot/understanding/read.py): the whole message and its best
    sentence for each item, averaged. "Jeg er 34 år. Mister jeg oppholdstillatelsen ...?" read
    whole was "none" (the self-description sounds like the corpus's other questions)."""
    p = learned.probabilities(whole)
    if len(parts) < 2:
        return p
    best = {k: 0.0 for k in p}
    for part in parts:
        for k, v in learned.probabilities(part).items():
            best[k] = max(best[k], v)
    return {k: (p[k] + best[k]) / 2 for k in p}
