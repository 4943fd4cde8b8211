"""Finding the article that answers a free-text question: BM25 over folded, stemmed tokens.

Tokens come from spaCy's blank tokenizer for the language (no model needed), lower-cased with
Nordic letters folded, stop words dropped, and cut to a prefix stem: Swedish and Norwegian
compounds and inflections ("tvångsäktenskapet", "tvangsekteskap") meet on their first letters,
and spaCy's lookup lemmatizer measured worse on chat text (README, "Search").
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Sequence

import spacy

from bot.knowledge.schema import Article
from bot.text import fold

STEM = 6
K1, B = 1.4, 0.75


@lru_cache(maxsize=4)
def _nlp(language: str):
    return spacy.blank({"sv": "sv", "nb": "nb", "en": "en"}.get(language, "xx"))


def tokens(text: str, language: str) -> list[str]:
    nlp = _nlp(language)
    stop = nlp.Defaults.stop_words
    out = []
    for token in nlp.tokenizer(text):
        word = token.lower_
        if not token.is_alpha or word in stop or len(word) < 2:
            continue
        out.append(fold(word)[:STEM])
    return out


@dataclass(frozen=True)
class Hit:
    article: Article
    score: float


class ArticleIndex:
    """BM25 over the articles of one language (title counted twice)."""

    def __init__(self, articles: Sequence[Article], language: str) -> None:
        self.language = language
        self.articles = [a for a in articles if a.language == language]
        self.docs = [Counter(tokens(f"{a.title} {a.title} {a.text}", language)) for a in self.articles]
        self.lengths = [sum(d.values()) for d in self.docs]
        self.avg = (sum(self.lengths) / len(self.lengths)) if self.lengths else 1.0
        df = Counter(t for d in self.docs for t in d)
        n = len(self.docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    def search(self, query: str, audience: Optional[str] = None, limit: int = 3) -> list[Hit]:
        terms = tokens(query, self.language)
        hits = []
        for article, doc, length in zip(self.articles, self.docs, self.lengths):
            score = 0.0
            for term in terms:
                tf = doc.get(term, 0)
                if tf:
                    score += self.idf[term] * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / self.avg))
            if audience and article.audience == audience:
                score *= 1.15
            if score > 0:
                hits.append(Hit(article, score))
        hits.sort(key=lambda h: -h.score)
        return _best_per_topic(hits)[:limit]


def _best_per_topic(hits: list[Hit]) -> list[Hit]:
    seen, out = set(), []
    for hit in hits:
        if hit.article.topic not in seen:
            seen.add(hit.article.topic)
            out.append(hit)
    return out
