"""The knowledge database: built from knowledge/ by `load`, read by the action server.

SQLite file by default (.data/knowledge.db), PostgreSQL by URL (KNOWLEDGE_DB_URL). Loading is
idempotent: one transaction replaces the content, and an unchanged fingerprint loads nothing.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Iterable, Optional

import sqlalchemy as sa
import yaml

import bot.db

from bot.knowledge.files import (article_files, contact_files, example_files, item_files,
                                 read_articles, read_contacts, read_items, read_topic_examples)
from bot.knowledge.schema import Article, Contact, Item, contact_from, item_from, source_from
from bot.paths import ROOT

DEFAULT_URL = f"sqlite:///{ROOT / '.data' / 'knowledge.db'}"

metadata = sa.MetaData()
contacts = sa.Table(
    "kb_contacts", metadata,
    sa.Column("id", sa.String(100), primary_key=True),
    sa.Column("country", sa.String(2), nullable=False, index=True),
    sa.Column("data", sa.Text, nullable=False),  # the reviewed file, as JSON
)
articles = sa.Table(
    "kb_articles", metadata,
    sa.Column("id", sa.String(100), primary_key=True),
    sa.Column("language", sa.String(2), primary_key=True),
    sa.Column("topic", sa.String(50), nullable=False, index=True),
    sa.Column("audience", sa.String(20), nullable=False),
    sa.Column("country", sa.String(4), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("contacts", sa.Text, nullable=False),
    sa.Column("sources", sa.Text, nullable=False),
    sa.Column("read_more", sa.Text),
    sa.Column("easy", sa.Text),
    sa.Column("reviewed", sa.String(10), nullable=False),
    sa.Column("owner", sa.Text, nullable=False),
)
# Question-and-answer items: the reviewed file as JSON, with the keys the actions filter on.
items = sa.Table(
    "kb_items", metadata,
    sa.Column("id", sa.String(200), primary_key=True),
    sa.Column("country", sa.String(2), nullable=False),
    sa.Column("audience", sa.String(20), nullable=False),
    sa.Column("topic", sa.String(50), nullable=False),
    sa.Column("data", sa.Text, nullable=False),
)
# Chat-style wordings of each topic (the NLU examples of its intent), which the search indexes
# beside the articles so that "they took my pass" finds the article written in plain prose.
examples = sa.Table(
    "kb_topic_examples", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("topic", sa.String(50), nullable=False, index=True),
    sa.Column("language", sa.String(2), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
)
loads = sa.Table(
    "kb_load", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("fingerprint", sa.String(64), nullable=False),
)


def database_url() -> str:
    return os.environ.get("KNOWLEDGE_DB_URL", DEFAULT_URL)


def engine(url: Optional[str] = None) -> sa.engine.Engine:
    return bot.db.engine(url or database_url())


def fingerprint(root: Path) -> str:
    digest = hashlib.sha256()
    for path in contact_files(root) + article_files(root) + item_files(root) + example_files():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _drop_outdated(eng: sa.engine.Engine) -> None:
    """The tables are built from the files: a table whose columns differ from this code's (an
    older release's) is dropped and built again, with the rest, rather than migrated."""
    inspector = sa.inspect(eng)
    for table in metadata.sorted_tables:
        if inspector.has_table(table.name):
            found = {c["name"] for c in inspector.get_columns(table.name)}
            if found != {c.name for c in table.columns}:
                metadata.drop_all(eng)
                return


def load(root: Path, url: Optional[str] = None) -> bool:
    """Build the tables from the files; False when the database already holds this content."""
    eng = engine(url)
    _drop_outdated(eng)
    metadata.create_all(eng)
    print_ = fingerprint(root)
    with eng.begin() as conn:
        current = conn.execute(sa.select(loads.c.fingerprint).where(loads.c.id == 1)).scalar()
        if current == print_:
            return False
        conn.execute(articles.delete())
        conn.execute(contacts.delete())
        conn.execute(examples.delete())
        conn.execute(items.delete())
        conn.execute(loads.delete())
        contact_rows = [{"id": c.id, "country": c.country, "data": json.dumps(c.raw, default=str)}
                        for c in read_contacts(root)]
        if contact_rows:
            conn.execute(contacts.insert(), contact_rows)
        article_rows = [_article_row(a) for a in read_articles(root)]
        if article_rows:
            conn.execute(articles.insert(), article_rows)
        item_rows = [{"id": i.id, "country": i.country, "audience": i.audience, "topic": i.topic,
                      "data": json.dumps(yaml.safe_load(Path(i.path).read_text(encoding="utf-8")), default=str)}
                     for i in read_items(root)]
        if item_rows:
            conn.execute(items.insert(), item_rows)
        example_rows = [{"topic": t, "language": l, "text": x} for t, l, x in read_topic_examples()]
        if example_rows:
            conn.execute(examples.insert(), example_rows)
        conn.execute(loads.insert(), [{"id": 1, "fingerprint": print_}])
    return True


def _article_row(article: Article) -> dict:
    row = asdict(article)
    row.pop("path")
    row["contacts"] = json.dumps(list(article.contacts))
    row["sources"] = json.dumps([s.as_dict() for s in article.sources])
    return row


def _article(row: sa.engine.Row) -> Article:
    data = dict(row._mapping)
    data["contacts"] = tuple(json.loads(data["contacts"]))
    data["sources"] = tuple(source_from(x) for x in json.loads(data["sources"]))
    return Article(**data)


class KnowledgeBase:
    """Read access for the actions: articles and contact points, from the database only."""

    def __init__(self, url: Optional[str] = None) -> None:
        self._engine = engine(url)

    def article(self, topic: str, audience: str, language: str) -> Optional[Article]:
        query = sa.select(articles).where(articles.c.topic == topic, articles.c.audience == audience,
                                          articles.c.language == language)
        with self._engine.connect() as conn:
            row = conn.execute(query).first()
        return _article(row) if row else None

    def articles(self, language: Optional[str] = None) -> list[Article]:
        query = sa.select(articles).order_by(articles.c.id)
        if language:
            query = query.where(articles.c.language == language)
        with self._engine.connect() as conn:
            return [_article(r) for r in conn.execute(query)]

    def topic_examples(self, language: str) -> dict[str, list[str]]:
        query = sa.select(examples.c.topic, examples.c.text).where(examples.c.language == language)
        found: dict[str, list[str]] = {}
        with self._engine.connect() as conn:
            for topic, text in conn.execute(query):
                found.setdefault(topic, []).append(text)
        return found

    def items(self, country: Optional[str] = None) -> list[Item]:
        """Question-and-answer items (of one country, or all)."""
        query = sa.select(items.c.data).order_by(items.c.id)
        if country:
            query = query.where(items.c.country == country)
        with self._engine.connect() as conn:
            return [item_from(json.loads(r.data)) for r in conn.execute(query)]

    def item(self, item_id: str) -> Optional[Item]:
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(items.c.data).where(items.c.id == item_id)).first()
        return item_from(json.loads(row.data)) if row else None

    def contacts(self, ids: Optional[Iterable[str]] = None) -> list[Contact]:
        query = sa.select(contacts.c.data).order_by(contacts.c.id)
        if ids is not None:
            query = query.where(contacts.c.id.in_(list(ids)))
        with self._engine.connect() as conn:
            return [contact_from(json.loads(r.data)) for r in conn.execute(query)]
