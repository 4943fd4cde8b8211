"""Replace personal data in a message with typed placeholders before it is stored.

Found: Swedish personnummer and samordningsnummer, Norwegian fødselsnummer and D-nummer (all
with real checksums, so ordinary numbers are left alone), phone numbers (Swedish, Norwegian,
international), e-mail addresses (also written "namn (at) domän dot se", "namn snabel-a
gmail punkt com", "@example .se"), street addresses (also in lower case) and postcodes with
their town, a first name where the writer introduces themself ("jag heter …", "my name is …"),
and names from the lists in names.yaml with the names that follow them ("Ahmed Yusuf Hassan").

Run it on visible text (bot.privacy.storable does): a zero-width space or a bidirectional
override inside a number or an address would otherwise hide it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

import phonenumbers
from stdnum import luhn
from stdnum.no import fodselsnummer

PLACEHOLDERS = {
    "id_se": "[PERSONNUMMER]", "id_no": "[FODSELSNUMMER]", "phone": "[PHONE]",
    "email": "[EMAIL]", "address": "[ADDRESS]", "name": "[NAME]",
}

# At most 64 characters before the @ (the RFC 5321 limit): unbounded, this was quadratic on
# a long run of letters (a 10 MB message through the REST channel would have taken days).
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# 6 or 8 digits of date, optional - or +, 4 digits: YYMMDD-NNNN, YYYYMMDD-NNNN, YYMMDDNNNN.
_SE_ID = re.compile(r"(?<!\d)(?:\d{2})?(\d{6})[-+ ]?(\d{4})(?!\d)")
_NO_ID = re.compile(r"(?<!\d)(\d{6}) ?(\d{5})(?!\d)")
_STREET = (
    r"gatan|gata|vägen|vagen|väg|gränd|grand|torget|stigen|allén|allen|backe|backen|plan|"
    r"gate|gaten|veien|vegen|vei|veg|plass|plassen|street|st|road|rd|avenue|ave|lane|way"
)
# Written out to hide it from harvesters: "amina (at) example (dot) se", "amina snabel-a gmail
# punkt com", "amina at gmail dot com", and a literal @ with spaces: "amina @ example .se".
# Every part is bounded, so that no run of letters makes these patterns slow.
_TLD = r"(?:se|no|com|org|net|nu|io|eu|info|dk|fi|de|uk|co|me|biz|edu|gov|online|app|mail)"
_AT_WORD = r"(?:at|snabel-?a|alfakr[oø]ll|krøllalfa|kroellalfa)"
_DOT_WORD = r"(?:dot|punktum|punkt|prikk)"
_BRACKETED_AT = rf"\s{{0,3}}[(\[{{<]\s{{0,3}}{_AT_WORD}\s{{0,3}}[)\]}}>]\s{{0,3}}"
_SPOKEN_DOT = rf"(?:\s{{0,3}}[(\[{{<]\s{{0,3}}{_DOT_WORD}\s{{0,3}}[)\]}}>]\s{{0,3}}|\s{{1,3}}{_DOT_WORD}\s{{1,3}}|\.)"
_DISGUISED_EMAIL = re.compile(
    rf"\b[\w.+-]{{1,64}}(?:{_BRACKETED_AT}|\s{{1,3}}{_AT_WORD}\s{{1,3}})[\w-]{{1,63}}(?:{_SPOKEN_DOT}[\w-]{{1,63}}){{0,3}}?{_SPOKEN_DOT}{_TLD}\b"
    rf"|[\w.+-]{{1,64}}\s{{0,3}}@\s{{0,3}}[\w-]{{1,63}}(?:\s{{0,3}}\.\s{{0,3}}[\w-]{{1,63}}){{0,3}}?\s{{0,3}}\.\s{{0,3}}{_TLD}\b",
    re.IGNORECASE | re.UNICODE,
)
_ADDRESS = re.compile(
    rf"(?:\b[A-ZÅÄÖØÆ][\wåäöøæéü-]*(?:{_STREET})|\b[A-ZÅÄÖØÆ][\wåäöøæéü-]+ (?:{_STREET}))\.? \d+(?:[A-Za-z]\b| [A-Z]\b)?"
    rf"|\b\d+ [A-Z][a-z]+ (?:Street|St|Road|Rd|Avenue|Ave|Lane|Way)\b"
)
# The same in lower case, where a chat message writes them so: "bor på storgatan 12",
# "karl johans gate 5", "12 baker street": a compound with a stem of three letters or more, a
# separate street word only after a genitive (not "från gate 7" at an airport).
_STREET_LOWER = r"gatan|gata|gaten|gate|vägen|vagen|veien|vegen|vei|veg|gränd|grand|torget|stigen|allén|allen|plassen|backen"
_ADDRESS_LOWER = re.compile(
    rf"\b([a-zåäöøæé][a-zåäöøæé-]{{2,40}}(?:{_STREET_LOWER})|[a-zåäöøæé][a-zåäöøæé-]{{1,40}}s (?:{_STREET_LOWER}))\.? \d{{1,4}}(?:[a-z]\b)?"
    rf"|\b\d{{1,4}} [a-z]{{3,30}} (?:street|road|avenue|lane)\b",
)
# A postcode with its town: five digits, maybe split 3+2, then the town (Sweden); four digits
# and the town (Norway).
# Four digits are also years ("2019 Jag flyttade"), so a Norwegian one counts only after a comma
# or with a town the project knows (bot/country.py), in any case.
_SE_POSTCODE = re.compile(r"\b\d{3} ?\d{2} [A-ZÅÄÖ][a-zåäöé]{1,30}(?: [A-ZÅÄÖ][a-zåäö]{1,30})?\b")
_NO_POSTCODE = re.compile(r"(?:(?<=, )|\b)(\d{4}) ([A-ZÆØÅa-zæøå][a-zæøåé]{1,30})\b")
_INTRO = re.compile(
    r"\b(?:jag heter|jeg heter|eg heiter|mitt namn är|mitt namn ar|mitt navn er|navnet mitt er|"
    r"my name is|my name's|i am called|i'm called|call me|kalla mig|kall meg)\s+"
    r"([^\W\d_][\w'-]*)((?-i:\s+[A-ZÅÄÖØÆ][\w'-]*)?)",
    re.IGNORECASE | re.UNICODE,
)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str


@lru_cache(maxsize=1)
def _names() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(given names, given names that are also words, surnames) from names.yaml."""
    data = yaml.safe_load(Path(__file__).with_name("names.yaml").read_text(encoding="utf-8"))
    ambiguous = frozenset(data["ambiguous"])
    return frozenset(data["given"]) - ambiguous, ambiguous, frozenset(data["surnames"])


_WORD = re.compile(r"[^\W\d_][\w'’-]{0,40}", re.UNICODE)


# How far name-finding goes, chosen by measurement (python -m bot.eval.pii_report; README,
# "Privacy"): "introduced" finds only "jag heter …"; "lists" adds the names of names.yaml;
# "pairs" also takes any two capitalised words inside a sentence as a name.
NAME_MODES = ("introduced", "lists", "pairs")
NAME_MODE = "lists"
_SENTENCE_END = re.compile(r"[.!?:\n]\s*$")


def _name_spans(text: str, mode: str = NAME_MODE) -> list[Span]:
    """Names from the lists: a given name (any case) or a capitalised given name that is also a
    word ("Stig") next to another name, with up to two capitalised names or surnames after it."""
    if mode == "introduced":
        return []
    given, ambiguous, surnames = _names()
    words = list(_WORD.finditer(text))
    spans: list[Span] = []
    i = 0
    while i < len(words):
        word = words[i].group(0)
        key = word.lower()
        following = 0
        for nxt in words[i + 1:i + 3]:
            gap = text[words[i + following].end():nxt.start()]
            if gap.strip() or len(gap) > 2:
                break
            if nxt.group(0)[0].isupper() or nxt.group(0).lower() in surnames or nxt.group(0).lower() in given:
                following += 1
            else:
                break
        is_name = key in given or (key in ambiguous and word[0].isupper() and following > 0)
        if mode == "pairs" and not is_name and word[0].isupper() and following > 0:
            is_name = bool(text[:words[i].start()].strip()) and not _SENTENCE_END.search(text[:words[i].start()])
        if is_name:
            end = words[i + following].end()
            spans.append(Span(words[i].start(), end, "name"))
            i += following + 1
            continue
        i += 1
    return spans


def _known_town(word: str) -> bool:
    from bot.country import is_town

    return is_town(word)


def _valid_se_id(date: str, serial: str) -> bool:
    month, day = int(date[2:4]), int(date[4:6])
    if day > 60:           # samordningsnummer: day + 60
        day -= 60
    return 1 <= month <= 12 and 1 <= day <= 31 and luhn.is_valid(date + serial)


def _spans(text: str, names: str = NAME_MODE) -> list[Span]:
    spans = [Span(m.start(), m.end(), "email") for m in _EMAIL.finditer(text)]
    spans += [Span(m.start(), m.end(), "email") for m in _DISGUISED_EMAIL.finditer(text)]
    spans += [Span(m.start(), m.end(), "id_se") for m in _SE_ID.finditer(text)
              if _valid_se_id(m.group(1), m.group(2))]
    spans += [Span(m.start(), m.end(), "id_no") for m in _NO_ID.finditer(text)
              if fodselsnummer.is_valid(m.group(1) + m.group(2))]
    # POSSIBLE, not VALID: an unallocated but well-formed number is still someone's data to us.
    for region in ("SE", "NO"):
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.POSSIBLE):
            # A person's number has 7 digits or more; shorter ones are services (112, 116 111).
            if sum(ch.isdigit() for ch in match.raw_string) >= 7:
                spans.append(Span(match.start, match.end, "phone"))
    spans += [Span(m.start(), m.end(), "address") for m in _ADDRESS.finditer(text)]
    spans += [Span(m.start(), m.end(), "address") for m in _ADDRESS_LOWER.finditer(text)]
    spans += [Span(m.start(), m.end(), "address") for m in _SE_POSTCODE.finditer(text)]
    spans += [Span(m.start(), m.end(), "address") for m in _NO_POSTCODE.finditer(text)
              if text[max(0, m.start() - 2):m.start()] == ", " or _known_town(m.group(2))]
    spans += _name_spans(text, names)
    for m in _INTRO.finditer(text):
        spans.append(Span(m.start(1), m.end(2) if m.group(2) else m.end(1), "name"))
    return spans


def _merge(spans: list[Span]) -> list[Span]:
    """Overlapping finds become one; the earlier-listed kind wins (ids before phones)."""
    order = list(PLACEHOLDERS)
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, order.index(s.kind), -s.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = Span(last.start, max(last.end, span.end), last.kind)
        else:
            merged.append(span)
    return merged


def redact(text: str, names: str = NAME_MODE) -> str:
    """The text with every personal datum found replaced by its placeholder."""
    if not text:
        return text
    out, last = [], 0
    for span in _merge(_spans(text, names)):
        out.append(text[last:span.start])
        out.append(PLACEHOLDERS[span.kind])
        last = span.end
    out.append(text[last:])
    return "".join(out)
