"""Checks every knowledge file and says, per file, what is wrong.

Errors fail the command; a review older than 12 months is a warning (the content may still be
right, but someone must look at it again).
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Optional
from zoneinfo import ZoneInfo

import phonenumbers
import yaml
from phonenumbers import shortnumberinfo

from bot.knowledge.files import article_files, contact_files, item_files
from bot.knowledge.schema import (AUDIENCES, COUNTRIES, LANGUAGES, MAX_TEXT_CHARS, TOPICS,
                                  read_front_matter)
from bot.paths import KNOWLEDGE
from bot.readability import lix
from bot.phone import find_numbers

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SPAN = re.compile(r"^([01]\d|2[0-4]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
# EU harmonised numbers of social value (116xxx) are valid in both countries.
_HARMONISED = re.compile(r"^116\d{3}$")
CONTACT_FIELDS = ("id", "country", "names", "purpose", "audiences", "phone", "sources", "reviewed", "owner")
ARTICLE_FIELDS = ("id", "topic", "audience", "language", "country", "title", "sources", "reviewed", "owner")
ITEM_FIELDS = ("id", "country", "audience", "topic", "title", "answer", "contacts", "sources", "reviewed",
               "owner", "translation", "examples")
SOURCE_FIELDS = ("title", "organisation", "url", "read")
MIN_EXAMPLES = 6
TRANSLATION = ("reviewed", "needs native-speaker review")
# Sites that serve no https: an http:// source is an error unless its host is listed here.
HTTP_ONLY: frozenset[str] = frozenset()
# Whose readers are abroad (topic, audience): every number they are given must be dialable
# from there. A relative or professional asking about someone abroad is at home.
ABROAD_READERS = {("abroad_already", "young"), ("abroad_already", "adult")}
# Words that make a sentence a legal claim, which must then carry its source (`claims:`).
LEGAL = {
    "sv": r"\b(?:olaglig\w*|förbjud\w*|brott|brottet|brotten|straff\w*|fängelse\w*|lagen|lagar|paragraf\w*|åtal\w*)\b|§",
    "nb": r"\b(?:ulovlig\w*|forbudt\w*|straff\w*|fengsel\w*|lovbrudd\w*|loven|lovverk\w*|paragraf\w*|tiltal\w*)\b|§",
    "en": r"\b(?:illegal\w*|unlawful\w*|crime|crimes|criminal\w*|punishable|prison|penalt\w+|the law|laws|section \d+)\b|§",
}


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


def _check_sources(value: Any, where: str, today: Optional[dt.date] = None) -> Iterable[Problem]:
    """Each source: its title and organisation (people see them), an https URL, the day read."""
    if not isinstance(value, list) or not value:
        yield Problem(where, "sources must be a non-empty list")
        return
    for source in value:
        if not isinstance(source, dict):
            yield Problem(where, f"source {source!r} is a bare URL: give title, organisation, url and read")
            continue
        missing = [f for f in SOURCE_FIELDS if not source.get(f)]
        if missing:
            yield Problem(where, f"source {source.get('url')!r} lacks {', '.join(missing)}")
        url = str(source.get("url") or "")
        if not _URL.match(url):
            yield Problem(where, f"source url {url!r} is not a URL")
        elif url.startswith("http://") and url.split("/")[2] not in HTTP_ONLY:
            yield Problem(where, f"source {url!r}: use https (the site serves it), or list the host in HTTP_ONLY")
        if source.get("read"):
            try:
                read = dt.date.fromisoformat(str(source["read"]))
                if today and read > today:
                    yield Problem(where, f"source {url!r} read on {read}, in the future")
            except ValueError:
                yield Problem(where, f"source {url!r}: read {source['read']!r} is not YYYY-MM-DD")


@lru_cache(maxsize=1)
def _wording() -> dict[str, re.Pattern[str]]:
    words = yaml.safe_load((KNOWLEDGE / "wording.yaml").read_text(encoding="utf-8"))
    return {lang: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in ws) + r")\b", re.IGNORECASE)
            for lang, ws in words.items()}


def wrong_language_words(text: str, language: str) -> list[str]:
    """Ordinary words of another language in a text of `language` (knowledge/wording.yaml)."""
    pattern = _wording().get(language)
    return sorted({m.group(0).lower() for m in pattern.finditer(text)}) if pattern else []


def legal_claim(text: str, language: str) -> bool:
    return bool(re.search(LEGAL[language], text, re.IGNORECASE)) if language in LEGAL else False


def _check_claims(meta: dict[str, Any], texts: dict[str, str], where: str) -> Iterable[Problem]:
    """A text that states the law needs `claims:`, each with a source among the file's sources."""
    urls = {str(s.get("url")) for s in meta.get("sources") or [] if isinstance(s, dict)}
    claims = meta.get("claims") or []
    if any(legal_claim(text, lang) for lang, text in texts.items()) and not claims:
        yield Problem(where, "the text states the law: list each legal claim under claims: with its source")
    for claim in claims:
        if not isinstance(claim, dict) or not claim.get("claim") or not claim.get("source"):
            yield Problem(where, "each claim needs claim: and source:")
        elif claim["source"] not in urls:
            yield Problem(where, f"claim source {claim['source']!r} is not one of the file's sources")


def _dialable_from_abroad(contact: dict[str, Any]) -> bool:
    """Every number in international form (+..): short and national numbers do not work abroad."""
    return all(str(p).strip().startswith("+") for p in contact.get("phone") or [])


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
    yield from _check_sources(data["sources"], where, today)
    yield from _check_reviewed(data["reviewed"], today, where)
    yield from _check_hours(data.get("hours"), where)


def _check_contacts(topic: str, audience: str, listed: Any, contacts: dict[str, dict[str, Any]],
                    where: str) -> Iterable[Problem]:
    for contact in listed or []:
        if contact not in contacts:
            yield Problem(where, f"unknown contact {contact!r}")
        elif (topic, audience) in ABROAD_READERS and not _dialable_from_abroad(contacts[contact]):
            yield Problem(where, f"contact {contact!r} has a number that cannot be dialled from abroad")


def check_article(path: Path, today: dt.date, contacts: dict[str, dict[str, Any]]) -> Iterable[Problem]:
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
    for word in wrong_language_words(f"{meta['title']} {body}", meta["language"]):
        yield Problem(where, f"{word!r} is not a word of the text's language ({meta['language']})")
    yield from _check_contacts(meta["topic"], meta["audience"], meta.get("contacts"), contacts, where)
    if meta.get("read_more") is not None and not _URL.match(str(meta["read_more"])):
        yield Problem(where, f"read_more {meta['read_more']!r} is not a URL")
    if meta.get("owner") and "content team" in str(meta["owner"]).lower():
        yield Problem(where, "owner: a name, not English words inside a Swedish or Norwegian file")
    yield from _check_easy(meta, body, where)
    yield from _check_sources(meta["sources"], where, today)
    yield from _check_claims(meta, {meta["language"]: body}, where)
    yield from _check_reviewed(meta["reviewed"], today, where)


def _check_easy(meta: dict[str, Any], body: str, where: str) -> Iterable[Problem]:
    """Easy Swedish is the same text in shorter sentences and commoner words: Swedish only, no
    numbers (the contacts carry them), and measurably easier to read (LIX lower)."""
    easy = meta.get("easy")
    if easy is None:
        return
    if meta["language"] != "sv":
        yield Problem(where, "easy: is easy Swedish; only a Swedish article has one")
        return
    easy = str(easy).strip()
    if not easy:
        yield Problem(where, "easy: is empty")
        return
    for number in find_numbers(easy):
        yield Problem(where, f"phone-like {number!r} in easy: list the contact point instead")
    for word in wrong_language_words(easy, "sv"):
        yield Problem(where, f"{word!r} in easy: is not a Swedish word")
    if len(easy) > MAX_TEXT_CHARS:
        yield Problem(where, f"easy: has {len(easy)} characters; at most {MAX_TEXT_CHARS} fit a chat bubble")
    if lix(easy) >= lix(body):
        yield Problem(where, f"easy: is not easier to read (LIX {lix(easy):.0f}, the text {lix(body):.0f})")


def check_item(path: Path, data: Any, today: dt.date, contacts: dict[str, dict[str, Any]]) -> Iterable[Problem]:
    where = str(path)
    if not isinstance(data, dict):
        yield Problem(where, "not a YAML mapping")
        return
    missing = _missing(data, ITEM_FIELDS, where)
    yield from missing
    if missing:
        return
    expected = f"{str(data['country']).lower()}.{data['audience']}.{path.stem}"
    if data["id"] != expected or path.parent.name != data["audience"] or path.parent.parent.name != data["country"]:
        yield Problem(where, f"file must be items/<country>/<audience>/<slug>.yaml with id {expected!r}")
    if data["country"] not in COUNTRIES:
        yield Problem(where, f"country {data['country']!r} is not one of {COUNTRIES}")
    if data["audience"] not in AUDIENCES:
        yield Problem(where, f"unknown audience {data['audience']!r}")
    if data["topic"] not in TOPICS:
        yield Problem(where, f"unknown topic {data['topic']!r}")
    for field_name in ("title", "answer", "examples", "translation"):
        value = data[field_name]
        if not isinstance(value, dict) or set(value) != set(LANGUAGES):
            yield Problem(where, f"{field_name} must have exactly {LANGUAGES}")
    answers = {lang: str(text) for lang, text in (data["answer"] or {}).items()} if isinstance(data["answer"], dict) else {}
    for lang, text in answers.items():
        if len(text.strip()) > MAX_TEXT_CHARS:
            yield Problem(where, f"answer.{lang} has {len(text.strip())} characters; at most {MAX_TEXT_CHARS}")
        title = str((data["title"] or {}).get(lang, ""))
        for number in find_numbers(f"{title} {text}"):
            yield Problem(where, f"phone-like {number!r} in title or answer ({lang}): list the contact point instead")
        for word in wrong_language_words(f"{title} {text}", lang):
            yield Problem(where, f"answer.{lang}: {word!r} is not a word of {lang}")
    for lang, examples in (data["examples"] or {}).items() if isinstance(data["examples"], dict) else ():
        if not isinstance(examples, list) or len(examples) < MIN_EXAMPLES:
            yield Problem(where, f"examples.{lang}: at least {MIN_EXAMPLES} ways askers write it")
    for lang, status in (data["translation"] or {}).items() if isinstance(data["translation"], dict) else ():
        if status not in TRANSLATION:
            yield Problem(where, f"translation.{lang} must be one of {TRANSLATION}")
    yield from _check_contacts(data["topic"], data["audience"], data["contacts"], contacts, where)
    yield from _check_sources(data["sources"], where, today)
    yield from _check_claims(data, answers, where)
    yield from _check_reviewed(data["reviewed"], today, where)


def validate(root: Path, today: Optional[dt.date] = None) -> list[Problem]:
    today = today or dt.date.today()
    problems: list[Problem] = []
    contacts: dict[str, dict[str, Any]] = {}
    for path in contact_files(root):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            problems.append(Problem(str(path), f"cannot read: {error}"))
            continue
        problems.extend(check_contact(path, data, today))
        if isinstance(data, dict) and "id" in data:
            contacts[data["id"]] = data
    languages: dict[str, set[str]] = defaultdict(set)
    first_path: dict[str, Path] = {}
    for path in article_files(root):
        problems.extend(check_article(path, today, contacts))
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
    for path in item_files(root):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            problems.append(Problem(str(path), f"cannot read: {error}"))
            continue
        problems.extend(check_item(path, data, today, contacts))
    return problems
