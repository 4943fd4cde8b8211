"""What a knowledge file holds, as plain dataclasses read from YAML / Markdown front matter."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import yaml

_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)

from bot.languages import countries, full_languages

LANGUAGES = full_languages()      # the languages every article and item is written in
AUDIENCES = ("young", "adult", "relative", "professional")
COUNTRIES = countries()
TOPICS = (
    "honour_violence", "forced_marriage", "child_marriage", "fgm", "abroad_before_trip",
    "abroad_already", "close_violence", "protection", "report_police", "social_services",
    "school_role", "healthcare", "lgbtq", "digital_control", "support_structure",
)
MAX_TEXT_CHARS = 700


@dataclass(frozen=True)
class Source:
    """A page a fact was read from, shown to people as "title (organisation)"."""
    url: str
    title: str = ""
    organisation: str = ""
    read: Optional[str] = None      # YYYY-MM-DD: the day the page was (re)read

    def label(self) -> str:
        if not self.title:
            return self.url
        return f"{self.title} ({self.organisation})" if self.organisation else self.title

    def as_dict(self) -> dict[str, Any]:
        return {"url": self.url, "title": self.title, "organisation": self.organisation, "read": self.read}


def source_from(value: Any) -> Source:
    if isinstance(value, dict):
        return Source(url=str(value.get("url", "")), title=str(value.get("title") or ""),
                      organisation=str(value.get("organisation") or ""),
                      read=str(value["read"]) if value.get("read") else None)
    return Source(url=str(value))   # a bare URL (the validator rejects it)


@dataclass(frozen=True)
class Contact:
    id: str
    country: str
    names: dict[str, str]
    purpose: str
    audiences: tuple[str, ...]
    phone: tuple[str, ...]
    sources: tuple[Source, ...]
    reviewed: str
    owner: str
    hours: Optional[dict[str, Any]] = None
    emergency: bool = False
    topics: tuple[str, ...] = ()
    age_min: Optional[int] = None
    age_max: Optional[int] = None
    women_only: bool = False          # serves women and girls (and those around them), not men
    web: Optional[str] = None
    chat: Optional[str] = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names.get("en") or self.id


@dataclass(frozen=True)
class Article:
    id: str
    topic: str
    audience: str
    language: str
    country: str
    title: str
    text: str
    contacts: tuple[str, ...]
    sources: tuple[Source, ...]
    reviewed: str
    owner: str
    read_more: Optional[str] = None
    easy: Optional[str] = None     # the same text in easy Swedish (lättläst), for register "easy"
    path: Optional[str] = None


@dataclass(frozen=True)
class Item:
    """A specific question and its answer (knowledge/items/), in every language."""
    id: str
    country: str
    audience: str
    topic: str
    title: dict[str, str]
    answer: dict[str, str]
    contacts: tuple[str, ...]
    sources: tuple[Source, ...]
    reviewed: str
    owner: str
    examples: dict[str, tuple[str, ...]] = field(default_factory=dict)
    translation: dict[str, str] = field(default_factory=dict)
    path: Optional[str] = None

    def text(self, language: str) -> str:
        return self.answer.get(language) or self.answer.get("en") or ""

    def shown(self, language: str) -> str:
        """The question it answers, then the answer: an item is matched to questions worded
        in many ways, and an answer that opens "No." must say to what (a blind reviewer found
        "Nei." given to an interpreter who had asked something else)."""
        title = self.title.get(language) or self.title.get("en") or ""
        return f"{title}\n{self.text(language)}" if title else self.text(language)


def read_front_matter(path: Path) -> tuple[dict[str, Any], str]:
    """(front matter, body) of a Markdown file that starts with a `---` YAML block."""
    raw = path.read_text(encoding="utf-8")
    # Split on whole "---" lines only: URLs may contain "---" (Länsstyrelsen's news pages).
    parts = _FENCE.split(raw, maxsplit=2)
    if len(parts) != 3 or parts[0].strip():
        raise ValueError("no front matter (the file must start with a --- line)")
    _, head, body = parts
    meta = yaml.safe_load(head)
    if not isinstance(meta, dict):
        raise ValueError("front matter is not a mapping")
    return meta, body.strip()


def _tuple(value: Any) -> tuple:
    if value is None:
        return ()
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


def contact_from(data: dict[str, Any]) -> Contact:
    return Contact(
        id=data["id"], country=data["country"], names=dict(data["names"]),
        purpose=data["purpose"], audiences=_tuple(data.get("audiences")),
        phone=tuple(str(p) for p in _tuple(data.get("phone"))),
        sources=tuple(source_from(x) for x in _tuple(data.get("sources"))),
        reviewed=str(data["reviewed"]), owner=data["owner"],
        hours=data.get("hours"), emergency=bool(data.get("emergency", False)),
        topics=_tuple(data.get("topics")), age_min=data.get("age_min"), age_max=data.get("age_max"),
        women_only=bool(data.get("women_only", False)),
        web=data.get("web") if isinstance(data.get("web"), str) else None,
        chat=data.get("chat") if isinstance(data.get("chat"), str) else None, raw=data,
    )


def article_from(meta: dict[str, Any], body: str, path: Optional[Path] = None) -> Article:
    return Article(
        id=meta["id"], topic=meta["topic"], audience=meta["audience"], language=meta["language"],
        country=meta.get("country", "both"), title=meta["title"], text=body,
        contacts=_tuple(meta.get("contacts")), sources=tuple(source_from(x) for x in _tuple(meta.get("sources"))),
        reviewed=str(meta["reviewed"]), owner=meta["owner"], read_more=meta.get("read_more"),
        easy=str(meta["easy"]).strip() if meta.get("easy") else None, path=str(path) if path else None,
    )


def item_from(data: dict[str, Any], path: Optional[Path] = None) -> Item:
    return Item(
        id=data["id"], country=data["country"], audience=data["audience"], topic=data["topic"],
        title={k: str(v).strip() for k, v in (data.get("title") or {}).items()},
        answer={k: str(v).strip() for k, v in (data.get("answer") or {}).items()},
        contacts=_tuple(data.get("contacts")),
        sources=tuple(source_from(x) for x in _tuple(data.get("sources"))),
        reviewed=str(data["reviewed"]), owner=str(data["owner"]),
        examples={k: tuple(str(x) for x in v or ()) for k, v in (data.get("examples") or {}).items()},
        translation={k: str(v) for k, v in (data.get("translation") or {}).items()},
        path=str(path) if path else None,
    )
