"""Checks every knowledge file and says, per file, what is wrong.

Errors fail the command; a review older than 12 months is a warning (the content may still be
right, but someone must look at it again).
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Optional
from zoneinfo import ZoneInfo

import phonenumbers
import yaml
from phonenumbers import shortnumberinfo

from bot.knowledge.files import article_files, contact_files
from bot.knowledge.schema import (AUDIENCES, COUNTRIES, LANGUAGES, MAX_TEXT_CHARS, TOPICS,
                                  read_front_matter)
from bot.phone import find_numbers

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SPAN = re.compile(r"^([01]\d|2[0-4]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
# EU harmonised numbers of social value (116xxx) are valid in both countries.
_HARMONISED = re.compile(r"^116\d{3}$")
CONTACT_FIELDS = ("id", "country", "names", "purpose", "audiences", "phone", "sources", "reviewed", "owner")
ARTICLE_FIELDS = ("id", "topic", "audience", "language", "country", "title", "sources", "reviewed", "owner")


@dataclass(frozen=True)
class Problem:
    path: str
    message: str
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        return f"{self.severity.upper()} {self.path}: {self.message}"


def valid_phone(raw: str, country: str) -> bool:
    digits = re.sub(r"\D", "", raw)
    if _HARMONISED.match(digits):
        return True
    try:
        number = phonenumbers.parse(raw, country)
    except phonenumbers.NumberParseException:
        return False
    if raw.strip().startswith("+"):
        return phonenumbers.is_valid_number(number)
    return phonenumbers.is_valid_number(number) or shortnumberinfo.is_valid_short_number_for_region(number, country)


def _check_reviewed(value: Any, today: dt.date, where: str) -> Iterable[Problem]:
    try:
        reviewed = dt.date.fromisoformat(str(value))
    except ValueError:
        yield Problem(where, f"reviewed date {value!r} is not YYYY-MM-DD")
        return
    if reviewed > today:
        yield Problem(where, f"reviewed date {reviewed} is in the future")
    elif (today - reviewed).days > 365:
        yield Problem(where, f"reviewed {reviewed}, more than 12 months ago: review it again", "warning")


def _check_sources(value: Any, where: str) -> Iterable[Problem]:
    if not isinstance(value, list) or not value:
        yield Problem(where, "sources must be a non-empty list of URLs")
        return
    for source in value:
        if not isinstance(source, str) or not _URL.match(source):
            yield Problem(where, f"source {source!r} is not a URL")


def _check_hours(hours: Any, where: str) -> Iterable[Problem]:
    if hours is None:
        return
    if not isinstance(hours, dict):
        yield Problem(where, "hours must be a mapping")
        return
    try:
        ZoneInfo(str(hours.get("timezone")))
    except Exception:  # zoneinfo raises several kinds for a bad key
        yield Problem(where, f"hours.timezone {hours.get('timezone')!r} is not a time zone")
    if hours.get("always_open") is True:
        return
    weekly = hours.get("weekly")
    if not isinstance(weekly, dict) or not weekly:
        yield Problem(where, "hours needs always_open: true or a weekly schedule")
        return
    for day, spans in weekly.items():
        if day not in DAYS:
            yield Problem(where, f"hours.weekly: unknown day {day!r} (use {', '.join(DAYS)})")
        for span in spans or []:
            if not isinstance(span, str) or not _SPAN.match(span):
                yield Problem(where, f"hours.weekly.{day}: {span!r} is not HH:MM-HH:MM")


def _missing(data: dict[str, Any], fields: tuple[str, ...], where: str) -> list[Problem]:
    return [Problem(where, f"missing field {name!r}") for name in fields if name not in data]


def check_contact(path: Path, data: Any, today: dt.date) -> Iterable[Problem]:
    where = str(path)
    if not isinstance(data, dict):
        yield Problem(where, "not a YAML mapping")
        return
    missing = _missing(data, CONTACT_FIELDS, where)
    yield from missing
    if missing:
        return
    if data["id"] != path.stem:
        yield Problem(where, f"id {data['id']!r} differs from the file name")
    if data["country"] not in COUNTRIES:
        yield Problem(where, f"country {data['country']!r} is not one of {COUNTRIES}")
    if not isinstance(data["names"], dict) or set(data["names"]) != set(LANGUAGES):
        yield Problem(where, f"names must have exactly {LANGUAGES}")
    for audience in data["audiences"] or []:
        if audience not in AUDIENCES:
            yield Problem(where, f"unknown audience {audience!r}")
    for topic in data.get("topics") or []:
        if topic not in TOPICS:
            yield Problem(where, f"unknown topic {topic!r}")
    for phone in data["phone"] or []:
        if not valid_phone(str(phone), data["country"]):
            yield Problem(where, f"phone {phone!r} is not a valid {data['country']} number")
    yield from _check_sources(data["sources"], where)
    yield from _check_reviewed(data["reviewed"], today, where)
    yield from _check_hours(data.get("hours"), where)


def check_article(path: Path, today: dt.date, contact_ids: set[str]) -> Iterable[Problem]:
    where = str(path)
    try:
        meta, body = read_front_matter(path)
    except (ValueError, yaml.YAMLError) as error:
        yield Problem(where, f"cannot read: {error}")
        return
    missing = _missing(meta, ARTICLE_FIELDS, where)
    yield from missing
    if missing:
        return
    if meta["topic"] not in TOPICS:
        yield Problem(where, f"unknown topic {meta['topic']!r}")
    if meta["audience"] not in AUDIENCES:
        yield Problem(where, f"unknown audience {meta['audience']!r}")
    if meta["language"] not in LANGUAGES:
        yield Problem(where, f"unknown language {meta['language']!r}")
    if meta["country"] not in (*COUNTRIES, "both"):
        yield Problem(where, f"country {meta['country']!r} must be SE, NO or both")
    if meta["id"] != f"{meta['topic']}.{meta['audience']}":
        yield Problem(where, f"id must be <topic>.<audience>, not {meta['id']!r}")
    if path.parent.name != meta["topic"] or path.name != f"{meta['audience']}.{meta['language']}.md":
        yield Problem(where, "file must be articles/<topic>/<audience>.<language>.md")
    if not body:
        yield Problem(where, "the text is empty")
    elif len(body) > MAX_TEXT_CHARS:
        yield Problem(where, f"text has {len(body)} characters; at most {MAX_TEXT_CHARS} fit a chat bubble")
    for number in find_numbers(body):
        yield Problem(where, f"phone-like {number!r} in the text: list the contact point instead")
    for contact in meta.get("contacts") or []:
        if contact not in contact_ids:
            yield Problem(where, f"unknown contact {contact!r}")
    if meta.get("read_more") is not None and not _URL.match(str(meta["read_more"])):
        yield Problem(where, f"read_more {meta['read_more']!r} is not a URL")
    yield from _check_sources(meta["sources"], where)
    yield from _check_reviewed(meta["reviewed"], today, where)


def validate(root: Path, today: Optional[dt.date] = None) -> list[Problem]:
    today = today or dt.date.today()
    problems: list[Problem] = []
    contact_ids = set()
    for path in contact_files(root):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            problems.append(Problem(str(path), f"cannot read: {error}"))
            continue
        problems.extend(check_contact(path, data, today))
        if isinstance(data, dict) and "id" in data:
            contact_ids.add(data["id"])
    languages: dict[str, set[str]] = defaultdict(set)
    first_path: dict[str, Path] = {}
    for path in article_files(root):
        problems.extend(check_article(path, today, contact_ids))
        try:
            meta, _ = read_front_matter(path)
            languages[meta["id"]].add(meta["language"])
            first_path.setdefault(meta["id"], path)
        except (ValueError, KeyError, yaml.YAMLError, TypeError):
            continue
    for article_id, found in sorted(languages.items()):
        lacking = [l for l in LANGUAGES if l not in found]
        if lacking:
            problems.append(Problem(str(first_path[article_id].parent),
                                    f"article {article_id!r} lacks language(s) {', '.join(lacking)}"))
    return problems
