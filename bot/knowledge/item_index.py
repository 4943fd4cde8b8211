"""Which question-and-answer item, if any, a question asks for.

Each item is the centre of its examples and its title in one language: their word and
letter-group features (bot.understanding.features), weighted by how rare a feature is among
all items (idf) and normalised. A question is compared with every item of its language by
cosine similarity; the best ones come back with their scores. Built once per process and
knowledge base, never per message.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

from bot.knowledge.schema import Item
from bot.understanding.features import features


@dataclass(frozen=True)
class ItemHit:
    item: Item
    score: float


def _normalised(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
    return {f: w / norm for f, w in vector.items()}


class ItemIndex:
    def __init__(self, items: Iterable[Item]) -> None:
        self.items = list(items)
        texts: dict[tuple[str, str], list[str]] = defaultdict(list)   # (item id, language) -> texts
        for item in self.items:
            for language, examples in item.examples.items():
                texts[(item.id, language)] += [item.title.get(language, ""), *examples]
        documents = {key: Counter(f for text in values for f in features(text)) for key, values in texts.items()}
        df = Counter(f for doc in documents.values() for f in doc)
        n = max(len(documents), 1)
        self.idf = {f: math.log((1 + n) / (1 + count)) + 1 for f, count in df.items()}
        by_id = {item.id: item for item in self.items}
        self.vectors: dict[str, list[tuple[Item, dict[str, float]]]] = defaultdict(list)
        for (item_id, language), doc in documents.items():
            vector = {f: (1 + math.log(c)) * self.idf[f] for f, c in doc.items()}
            self.vectors[language].append((by_id[item_id], _normalised(vector)))

    def search(self, question: str, language: str, *, audiences: Optional[Sequence[str]] = None,
               countries: Optional[Sequence[str]] = None, limit: int = 3) -> list[ItemHit]:
        """The best-matching items of `language` (and of those audiences and countries)."""
        query = _normalised({f: self.idf[f] for f in features(question) if f in self.idf})
        hits = []
        for item, vector in self.vectors.get(language, ()):
            if audiences and item.audience not in audiences:
                continue
            if countries and item.country not in countries:
                continue
            score = sum(w * vector.get(f, 0.0) for f, w in query.items())
            hits.append(ItemHit(item, score))
        return sorted(hits, key=lambda h: h.score, reverse=True)[:limit]
