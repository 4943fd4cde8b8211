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
from bot.understanding.models import model
from bot.understanding.read import by_sentence

ITEM_SURE = 0.55


def matching_item(kb: KnowledgeBase, text: str, language: str, audience: Optional[str],
                  country: Optional[str]) -> Optional[tuple[Item, float]]:
    if not text.strip() or audience is None:
        return None
    where = [country] if country in countries() else (
        [country_of_language(language)] if country_of_language(language) else list(countries()))
    best: Optional[tuple[str, float]] = None
    for code in where:
        learned = model(f"item-{code}-{audience}")
        if learned is None:
            continue
        _, p = by_sentence(learned, text)
        item_id = max((k for k in p if k != "none"), key=p.get, default=None)
        if item_id and p[item_id] >= ITEM_SURE and (best is None or p[item_id] > best[1]):
            best = (item_id, p[item_id])
    if best is None:
        return None
    item = kb.item(best[0])
    return (item, best[1]) if item else None

