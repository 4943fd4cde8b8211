"""Reading knowledge/ from disk (the only place that knows the folder layout)."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import yaml

from bot.knowledge.schema import (Article, Contact, Item, article_from, contact_from, item_from,
                                  read_front_matter)
from bot.paths import ROOT


def contact_files(root: Path) -> list[Path]:
    return sorted((root / "contacts").glob("*.yaml"))


def article_files(root: Path) -> list[Path]:
    return sorted((root / "articles").glob("*/*.md"))


def item_files(root: Path) -> list[Path]:
    return sorted((root / "items").glob("*/*/*.yaml"))


def example_files() -> list[Path]:
    return sorted((ROOT / "data" / "nlu").glob("*/topics.yml"))


def read_topic_examples() -> Iterator[tuple[str, str, str]]:
    """(knowledge topic, language, example) from the topic intents' NLU training data."""
    from bot.knowledge.topics import INTENT_TOPICS

    for path in example_files():
        language = path.parent.name
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            topic = INTENT_TOPICS.get(block["intent"])
            if topic:
                for line in block["examples"].splitlines():
                    if line.strip().startswith("- "):
                        yield topic, language, line.strip()[2:]


def read_contacts(root: Path) -> Iterator[Contact]:
    for path in contact_files(root):
        yield contact_from(yaml.safe_load(path.read_text(encoding="utf-8")))


def read_articles(root: Path) -> Iterator[Article]:
    for path in article_files(root):
        meta, body = read_front_matter(path)
        yield article_from(meta, body, path)


def read_items(root: Path) -> Iterator[Item]:
    for path in item_files(root):
        yield item_from(yaml.safe_load(path.read_text(encoding="utf-8")), path)
