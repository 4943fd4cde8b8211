"""Composes what the knowledge actions say: an article, its contact points, its sources.

Pure Python over a KnowledgeBase, so it is tested without Rasa; actions/ only pass slots in.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Optional

import yaml

from bot.knowledge.db import KnowledgeBase
from bot.knowledge.routing import Route, route
from bot.knowledge.schema import Article
from bot.knowledge.search import ArticleIndex
from bot.paths import KNOWLEDGE

DEFAULT_AUDIENCE = "young"   # the people the service is first of all for
SEARCH_THRESHOLD = 3.0       # BM25 score below which no article is good enough (tuned: --tune)


@dataclass(frozen=True)
class Answer:
    text: str
    article_id: Optional[str] = None
    # What the anonymous figures count (bot/figures): never the question, only closed values.
    topic: Optional[str] = None
    contacts: tuple[str, ...] = ()       # ids of the contact points offered
    answered: bool = True                # False: nothing in the knowledge base fitted
    searched: bool = False               # the answer to free text, not to a topic button

    def figures(self) -> dict[str, Any]:
        return {"topic": self.topic, "contacts": list(self.contacts), "answered": self.answered,
                "searched": self.searched}


@lru_cache(maxsize=1)
def labels() -> dict[str, Any]:
    return yaml.safe_load((KNOWLEDGE / "ui.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def general_contacts() -> tuple[str, ...]:
    data = yaml.safe_load((KNOWLEDGE / "routing.yaml").read_text(encoding="utf-8"))
    return tuple(data["general_contacts"])


def _contact_line(r: Route, language: str, several_countries: bool) -> str:
    ui = labels()[language]
    c = r.contact
    parts = [c.name(language)]
    if c.phone and not all(p in parts[0] for p in c.phone):
        parts.append(", ".join(c.phone))
    elif c.web:
        parts.append(c.web)
    if r.open_now is True:
        parts.append(f"({ui['always_open'] if c.hours and c.hours.get('always_open') else ui['open_now']})")
    elif r.opens_at:
        parts.append(f"({ui['opens_at'].format(day=ui['days'][r.opens_at.weekday()], time=r.opens_at.strftime('%H:%M'))})")
    prefix = f"{ui['country_names'][c.country]}: " if several_countries else ""
    return f"• {prefix}" + " ".join(parts[:1]) + (": " + " ".join(parts[1:]) if parts[1:] else "")


def contact_block(kb: KnowledgeBase, language: str, *, now: dt.datetime, country: Optional[str],
                  audience: Optional[str], topic: Optional[str], age: Optional[int],
                  preferred: tuple[str, ...] = ()) -> tuple[str, tuple[str, ...]]:
    """The contact lines under a heading, and the ids of the contacts offered."""
    contacts = kb.contacts()
    countries = [country] if country in ("SE", "NO") else ["SE", "NO"]
    per_country = 3 if len(countries) == 1 else 2
    preferred = preferred or general_contacts()
    lines, ids = [], []
    for c in countries:
        routes = route(contacts, now=now, country=c, audience=audience, topic=topic, age=age,
                       preferred=preferred, limit=per_country)
        lines += [_contact_line(r, language, len(countries) > 1) for r in routes]
        ids += [r.contact.id for r in routes]
    if not lines:
        return "", ()
    return "\n".join([labels()[language]["contacts_heading"], *lines]), tuple(ids)


def _article_answer(kb: KnowledgeBase, article: Article, language: str, *, now: dt.datetime,
                    country: Optional[str], audience: Optional[str], age: Optional[int],
                    asked_role: bool) -> Answer:
    ui = labels()[language]
    contacts, ids = contact_block(kb, language, now=now, country=country, audience=audience,
                                  topic=article.topic, age=age, preferred=article.contacts)
    # Rasa's REST channel sends each "\n\n"-separated part as its own message: at most three
    # bubbles a turn (the article and where to read more, the contacts, a question).
    body = f"{article.text}\n{ui['read_more']} {article.read_more}" if article.read_more else article.text
    parts = [body, contacts, ui["ask_role"] if asked_role else ""]
    return Answer("\n\n".join(p for p in parts if p), article.id, article.topic, ids)


def topic_answer(kb: KnowledgeBase, topic: str, language: str, *, now: dt.datetime,
                 audience: Optional[str] = None, country: Optional[str] = None,
                 age: Optional[int] = None) -> Optional[Answer]:
    article = kb.article(topic, audience or DEFAULT_AUDIENCE, language)
    if article is None:
        return None
    return _article_answer(kb, article, language, now=now, country=country, audience=audience,
                           age=age, asked_role=audience is None)


def search_answer(kb: KnowledgeBase, question: str, language: str, *, now: dt.datetime,
                  audience: Optional[str] = None, country: Optional[str] = None,
                  age: Optional[int] = None) -> Answer:
    index = ArticleIndex(kb.articles(language), language, kb.topic_examples(language))
    hits = index.search(question, audience or DEFAULT_AUDIENCE)
    if hits and hits[0].score >= SEARCH_THRESHOLD:
        best = hits[0].article
        article = kb.article(best.topic, audience or DEFAULT_AUDIENCE, language) or best
        found = _article_answer(kb, article, language, now=now, country=country, audience=audience,
                                age=age, asked_role=False)
        return replace(found, searched=True)
    contacts, ids = contact_block(kb, language, now=now, country=country, audience=audience,
                                  topic=None, age=age)
    return Answer("\n\n".join([labels()[language]["not_found"].rstrip(":") + ".", contacts]),
                  contacts=ids, answered=False, searched=True)


def contacts_answer(kb: KnowledgeBase, language: str, *, now: dt.datetime,
                    audience: Optional[str] = None, country: Optional[str] = None,
                    age: Optional[int] = None) -> Answer:
    text, ids = contact_block(kb, language, now=now, country=country, audience=audience,
                              topic=None, age=age)
    return Answer(text, contacts=ids)


def source_answer(kb: KnowledgeBase, article_id: Optional[str], language: str) -> Answer:
    ui = labels()[language]
    article = next((a for a in kb.articles(language) if a.id == article_id), None) if article_id else None
    if article is None:
        return Answer(ui["no_source_yet"])
    lines = [ui["sources"], *(f"• {s.label()}: {s.url}" for s in article.sources),
             ui["reviewed"].format(date=article.reviewed, owner=article.owner)]
    return Answer("\n".join(lines), article.id)
