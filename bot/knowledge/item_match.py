"""Which specific question-and-answer item a question asks for, if one clearly fits.

Items are written for an audience of a country (knowledge/items/<country>/<audience>/), and
each group has its learned model (bot.understanding: trained on the items' own examples and on
other questions, which teach it "none"). Only the groups that fit who is asking and where are
asked, over the whole question and over each of its sentences (as topics are read); an item
answers when its model is at least ITEM_SURE of it. Held out (python -m bot.eval.held_out_items,
186 items, balanced models with the items' own texts): at 0.55, 497 of 915 item questions got
their item and 81 another; at 0.5, 526 and 94; at 0.6, 474 and 66 (before, unbalanced models
without the items' own texts at 0.5: 375 and 65 of 872).
"""
from __future__ import annotations

from typing import Optional

from bot.knowledge.db import KnowledgeBase
from bot.knowledge.schema import Item
from bot.languages import countries, country_of_language
from bot.understanding.linear import LinearModel
from bot.understanding.models import model
from bot.understanding.read import by_sentence

ITEM_SURE = 0.55


def groups(language: str, audience: str, country: Optional[str] = None) -> list[str]:
    """The item models to ask: the audience's, of the known country, else of the language's
    country, else of every country."""
    where = [country] if country in countries() else (
        [country_of_language(language)] if country_of_language(language) else list(countries()))
    return [f"item-{code}-{audience}" for code in where]


def best_item(learned: LinearModel, text: str) -> tuple[Optional[str], float]:
    """The model's likeliest item for the text (whole and best sentence), and how sure it is."""
    _, p = by_sentence(learned, text)
    item_id = max((k for k in p if k != "none"), key=p.get, default=None)
    return item_id, p[item_id] if item_id else 0.0


def matching_item(kb: KnowledgeBase, text: str, language: str, audience: Optional[str],
                  country: Optional[str]) -> Optional[tuple[Item, float]]:
    if not text.strip() or audience is None:
        return None
    best: Optional[tuple[str, float]] = None
    for name in groups(language, audience, country):
        learned = model(name)
        if learned is None:
            continue
        item_id, p = best_item(learned, text)
        if item_id and p >= ITEM_SURE and (best is None or p > best[1]):
            best = (item_id, p)
    if best is None:
        return None
    item = kb.item(best[0])
    return (item, best[1]) if item else None
