"""Finding the article that answers a free-text question: BM25 over folded, stemmed tokens.

Each topic is one document: its articles for every audience plus the chat-style NLU examples
of its intent (from the database), so that everyday wording meets the articles' prose. The
best topic's article for the person's audience is the answer, if its score clears the
threshold. Tokens come from spaCy's blank tokenizer for the language (no model needed),
lower-cased with Nordic letters folded, stop words dropped, cut to a prefix stem:
compounds and inflections ("tvångsäktenskapet", "tvangsekteskap") meet on their first letters.
Stem length and threshold were chosen on held-out NLU examples (python -m bot.eval.search_report --tune).
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping, Optional, Sequence

from bot.knowledge.schema import Article
from bot.text import fold

STEM = 6
K1, B = 1.2, 0.75


@lru_cache(maxsize=4)
def _nlp(language: str):
    import spacy  # imported on first search only: it pulls in TensorFlow through thinc

    return spacy.blank({"sv": "sv", "nb": "nb", "en": "en"}.get(language, "xx"))


def tokens(text: str, language: str, stem: int = STEM) -> list[str]:
    nlp = _nlp(language)
    stop = nlp.Defaults.stop_words
    return [fold(t.lower_)[:stem] for t in nlp.tokenizer(text)
            if t.is_alpha and len(t) > 1 and t.lower_ not in stop]


@dataclass(frozen=True)
class Hit:
    article: Article
    score: float


class ArticleIndex:
    """BM25 over one language's topics (articles + example wordings)."""

    def __init__(self, articles: Sequence[Article], language: str,
                 examples: Optional[Mapping[str, Sequence[str]]] = None, stem: int = STEM) -> None:
        self.language, self.stem = language, stem
        self.by_topic: dict[str, list[Article]] = {}
        for article in articles:
            if article.language == language:
                self.by_topic.setdefault(article.topic, []).append(article)
        self.topics = sorted(self.by_topic)
        texts = {t: " ".join(f"{a.title} {a.text}" for a in self.by_topic[t]) for t in self.topics}
        for topic, lines in (examples or {}).items():
            if topic in texts:
                texts[topic] += " " + " ".join(lines)
        self.docs = [Counter(tokens(texts[t], language, stem)) for t in self.topics]
        self.lengths = [sum(d.values()) for d in self.docs]
        self.avg = (sum(self.lengths) / len(self.lengths)) if self.lengths else 1.0
        df = Counter(term for doc in self.docs for term in doc)
        n = len(self.docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    def scores(self, query: str) -> list[tuple[float, str]]:
        terms = tokens(query, self.language, self.stem)
        out = []
        for topic, doc, length in zip(self.topics, self.docs, self.lengths):
            score = 0.0
            for term in terms:
                tf = doc.get(term, 0)
                if tf:
                    score += self.idf[term] * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / self.avg))
            out.append((score, topic))
        return sorted(out, reverse=True)

    def search(self, query: str, audience: Optional[str] = None, limit: int = 3) -> list[Hit]:
        hits = []
        for score, topic in self.scores(query)[:limit]:
            if score <= 0:
                break
            articles = self.by_topic[topic]
            article = next((a for a in articles if a.audience == audience), articles[0])
            hits.append(Hit(article, score))
        return hits
