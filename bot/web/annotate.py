"""What the page needs to know about each message besides its text.

- kind: "crisis" (an escalation, the are-you-safe question, the gateway's own escalation): the
  page shows it as a crisis card, announced at once, with no rating; "fallback" (the bot did not
  understand, or found nothing) and "system" (the gateway's own notices): no rating either;
  "answer" for everything else.
- numbers: every phone number in the text (bot.phone with the phonenumbers library), with what
  its tel: link dials, and `sms: true` where the contact point's file gives that same number for
  text messages (a verified fact; "takes SMS" without the number is not enough for a link).
- quiet (crisis cards): the verified chat and text-message services for someone who cannot talk,
  for the person's country (both when unknown).
The contact points come from knowledge/contacts once per process.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Optional

from bot import responses
from bot.knowledge.files import read_contacts
from bot.knowledge.schema import Contact
from bot.paths import KNOWLEDGE
from bot.phone import canonical, dialable

CRISIS_RESPONSES = ("utter_ask_safe_now",)
FALLBACK_RESPONSES = ("utter_default", "utter_out_of_scope")


@dataclass(frozen=True)
class Contacts:
    by_number: dict[str, Contact]

    @property
    def countries(self) -> dict[str, str]:
        return {number: c.country for number, c in self.by_number.items()}


@lru_cache(maxsize=1)
def contacts() -> Contacts:
    return Contacts({canonical(p): c for c in read_contacts(KNOWLEDGE) for p in c.phone})


@lru_cache(maxsize=1)
def _not_found_markers() -> tuple[str, ...]:
    import yaml

    ui = yaml.safe_load((KNOWLEDGE / "ui.yaml").read_text(encoding="utf-8"))
    return tuple(labels["not_found"].rstrip(":") for labels in ui.values())


def kind_of(text: str) -> str:
    found = responses.identify(text)
    name = found[0] if found else ""
    if name.startswith("utter_danger_") or name in CRISIS_RESPONSES:
        return "crisis"
    if name in FALLBACK_RESPONSES or any(m in text for m in _not_found_markers()):
        return "fallback"
    return "answer"


def numbers(text: str) -> list[dict[str, Any]]:
    known = contacts()
    found = []
    for number in dialable(text, known.countries):
        contact = known.by_number.get(canonical(text[number.start:number.end]))
        entry: dict[str, Any] = {"start": number.start, "end": number.end, "tel": number.tel}
        if contact is not None and _sms_number(contact) == canonical(text[number.start:number.end]):
            entry["sms"] = True
        found.append(entry)
    return found


def _sms_number(contact: Contact) -> Optional[str]:
    value = contact.raw.get("sms")
    return canonical(value) if isinstance(value, str) and any(ch.isdigit() for ch in value) else None


def quiet_options(country: Optional[str], language: str) -> list[dict[str, str]]:
    """Chat and text-message services, for someone who cannot speak (verified contacts only)."""
    options = []
    for contact in {id(c): c for c in contacts().by_number.values()}.values():
        if country and contact.country != country:
            continue
        chat = contact.raw.get("chat")
        if isinstance(chat, str) and chat:
            href = chat if chat.startswith("https://") else f"https://{chat}"
            options.append({"name": contact.name(language), "href": href, "kind": "chat"})
        sms = _sms_number(contact)
        if sms:
            options.append({"name": contact.name(language), "href": f"sms:{contact.raw['sms']}", "kind": "sms"})
    return sorted(options, key=lambda o: (o["name"], o["kind"]))


def annotate(message: dict[str, Any], language: str, country: Optional[str],
             kind: Optional[str] = None) -> dict[str, Any]:
    """The message as the page gets it: text, buttons, kind, numbers (and quiet options)."""
    text = message["text"]
    out: dict[str, Any] = {"text": text, "kind": kind or kind_of(text)}
    if message.get("buttons"):
        out["buttons"] = message["buttons"]
    found = numbers(text)
    if found:
        out["numbers"] = found
    if out["kind"] == "crisis":
        out["quiet"] = quiet_options(country, language)
    return out
