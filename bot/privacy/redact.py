"""Replace personal data in a message with typed placeholders before it is stored.

Found: Swedish personnummer and samordningsnummer, Norwegian fødselsnummer and D-nummer (all
with real checksums, so ordinary numbers are left alone), phone numbers (Swedish, Norwegian,
international), e-mail addresses, street addresses, and a first name where the writer
introduces themself ("jag heter …", "jeg heter …", "my name is …").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

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
_ADDRESS = re.compile(
    rf"(?:\b[A-ZÅÄÖØÆ][\wåäöøæéü-]*(?:{_STREET})|\b[A-ZÅÄÖØÆ][\wåäöøæéü-]+ (?:{_STREET}))\.? \d+\s?[A-Za-z]?\b"
    rf"|\b\d+ [A-Z][a-z]+ (?:Street|St|Road|Rd|Avenue|Ave|Lane|Way)\b"
)
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


def _valid_se_id(date: str, serial: str) -> bool:
    month, day = int(date[2:4]), int(date[4:6])
    if day > 60:           # samordningsnummer: day + 60
        day -= 60
    return 1 <= month <= 12 and 1 <= day <= 31 and luhn.is_valid(date + serial)


def _spans(text: str) -> list[Span]:
    spans = [Span(m.start(), m.end(), "email") for m in _EMAIL.finditer(text)]
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


def redact(text: str) -> str:
    """The text with every personal datum found replaced by its placeholder."""
    if not text:
        return text
    out, last = [], 0
    for span in _merge(_spans(text)):
        out.append(text[last:span.start])
        out.append(PLACEHOLDERS[span.kind])
        last = span.end
    out.append(text[last:])
    return "".join(out)
