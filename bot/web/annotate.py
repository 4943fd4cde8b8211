"""What the page needs to know about each message besides its text.

- kind: "crisis" (an escalation, the are-you-safe question, the gateway's own escalation): the
  page shows it as a crisis card, announced at once, with no rating; "fallback" (the bot did not
  understand, or found nothing) and "system" (the gateway's own notices): no rating either;
  "answer" for everything else.
- numbers: every phone number in the text (bot.phone with the phonenumbers library), with what
  its tel: link dials, and `sms: true` where the contact point's file gives that same number for
  text messages (a verified fact; "takes SMS" without the number is not enough for a link).
- quiet (crisis cards): the verified chat and text-message services for someone who cannot talk,
  for the danger level (knowledge/routing.yaml: a suicide line only where self-harm is the
  danger) and the person's country (both when unknown).
- language: for the bot's own texts (domain.yml), the language of the variation said, so that the
  page gives the message its own lang and direction (an Arabic escalation reads right to left);
  absent for other texts (articles, contact lists), whose language the page takes from its choice.
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
from bot.safety.escalation import parse_response

CRISIS_RESPONSES = ("utter_ask_safe_now",)
FALLBACK_RESPONSES = ("utter_default", "utter_out_of_scope", "utter_out_of_scope_joke")


@dataclass(frozen=True)
class Contacts:
    by_number: dict[str, Contact]    # 116 111 is Bris in Sweden and Alarmtelefonen in Norway:
    every: tuple[Contact, ...]       # one of them here, both here

    @property
    def countries(self) -> dict[str, str]:
        return {number: c.country for number, c in self.by_number.items()}


@lru_cache(maxsize=1)
def contacts() -> Contacts:
    every = tuple(read_contacts(KNOWLEDGE))
    return Contacts({canonical(p): c for c in every for p in c.phone}, every)


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


@lru_cache(maxsize=1)
def _quiet_by_level() -> dict[str, tuple[str, ...]]:
    import yaml

    routing = yaml.safe_load((KNOWLEDGE / "routing.yaml").read_text(encoding="utf-8"))
    return {level: tuple(ids) for level, ids in routing["quiet_options"].items()}


def _level(text: str) -> str:
    """The danger level of an escalation text (utter_danger_helper_self_harm -> self_harm)."""
    found = responses.identify(text)
    escalation = parse_response(found[0]) if found else None
    return escalation[0].value if escalation else "default"


def quiet_options(country: Optional[str], language: str, level: str = "default") -> list[dict[str, str]]:
    """Chat and text-message services, for someone who cannot speak (verified contacts only)."""
    by_level = _quiet_by_level()
    wanted = by_level.get(level, by_level["default"])
    options = []
    for contact in contacts().every:
        if contact.id not in wanted or (country and contact.country != country):
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
        out["quiet"] = quiet_options(country, language, _level(text))
    said_in = language_of(text)
    if said_in:
        out["language"] = said_in
    return out


def language_of(text: str) -> Optional[str]:
    """The language of the domain variation whose text this is; None for any other text."""
    found = responses.identify(text)
    said_in = found[1].get("language") if found else None
    return said_in if isinstance(said_in, str) else None
