"""Composes what the knowledge actions say: an article or a specific item, the contact points
that fit, a clarifying question, the question who is asking (after an answer), or honestly that
nothing fits.

Pure Python over a KnowledgeBase, so it is tested without Rasa; actions/ only pass slots in.
How a free-text question is answered (`question_answer`):
1. who is asking: what the message says outright, else what the conversation knows, else the
   learned guess when it is sure enough, else nobody knows yet;
2. a specific question-and-answer item, when one fits the question clearly (professionals and
   adults of the country);
3. else the topic's article for that audience, when one topic is clearly ahead; when nobody
   knows who is asking, the article for the likeliest reader, and the bot asks once who is
   asking, with buttons (the article for the chosen audience follows). Asking first and
   answering after was the blind reviewers' commonest complaint: 8 of the third set's 9
   questions answered only with the question who asks scored below 2 ("no real answer");
4. else, when a few topics are close, the likeliest one's article with the others as buttons
   ("or is it more about ...?") when it is at least TOPIC_LIKELY; below that, one clarifying
   question with them all as buttons (the third blind set's 11 bare clarifying questions all
   scored below 2; on the development set the likeliest of the close topics was right for 8
   of 12 questions at 0.3 or more);
5. else that nothing fits, with contact points; a second time in a row, the topic buttons too.
The thresholds were chosen on the development set (python -m bot.eval.understanding_report).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Optional, Sequence

import yaml

from bot.knowledge.db import KnowledgeBase
from bot.knowledge.routing import Route, route
from bot.knowledge.schema import Article, Item
from bot.knowledge.topics import TOPIC_INTENTS
from bot.languages import country_name, country_of_language, countries
from bot.paths import KNOWLEDGE

DEFAULT_AUDIENCE = "young"   # the people the service is first of all for
TOPIC_SURE = 0.4             # the best topic is answered when at least this likely ...
TOPIC_LEAD = 0.15            # ... and this far ahead of the next
TOPIC_POSSIBLE = 0.1         # topics at least this likely are offered in a clarifying question
TOPIC_LIKELY = 0.3           # ... and the likeliest of close topics is answered from this on
CLARIFY_OPTIONS = 3
AUDIENCE_PAYLOADS = {"young": "/self_young", "adult": "/self_adult", "relative": "/self_relative",
                     "professional": "/self_professional"}
FIND_HELP_PAYLOAD = "/topic_find_help"


@dataclass(frozen=True)
class Answer:
    text: str
    article_id: Optional[str] = None      # the article or item whose sources "source?" shows
    # What the anonymous figures count (bot/figures): never the question, only closed values.
    topic: Optional[str] = None
    contacts: tuple[str, ...] = ()        # ids of the contact points offered
    answered: bool = True                 # False: nothing in the knowledge base fitted
    searched: bool = False                # the answer to free text, not to a topic button
    buttons: tuple[tuple[str, str], ...] = ()   # (title, payload)
    kind: str = "article"                 # article | item | clarify | not_found | contacts | source
    audience: Optional[str] = None        # whom the text was written for
    asks_audience: bool = False           # the answer ends with the question who is asking

    def figures(self) -> dict[str, Any]:
        return {"topic": self.topic, "contacts": list(self.contacts), "answered": self.answered,
                "searched": self.searched}

    def custom(self) -> dict[str, Any]:
        """What kind of answer this was, for evaluation through the REST channel (the page
        never gets it: the gateway passes text and buttons only)."""
        return {"answer": {"kind": self.kind, "topic": self.topic, "audience": self.audience,
                           "id": self.article_id}}


@dataclass(frozen=True)
class Situation:
    """What the conversation knows when a question is answered."""
    language: str
    now: dt.datetime
    country: Optional[str] = None
    audience: Optional[str] = None        # the conversation's (a button, or said earlier)
    age: Optional[int] = None
    asked_audience: bool = False          # the bot has asked who is asking (only once)
    fallbacks_in_a_row: int = 0           # answers just before this one that found nothing
    register: Optional[str] = None        # "easy": easy Swedish where an article has it
    after_safety_check: bool = False      # the bot has just asked "are you safe right now?"
    man: bool = False                     # the message says the writer is a man or boy


@lru_cache(maxsize=1)
def labels() -> dict[str, Any]:
    return yaml.safe_load((KNOWLEDGE / "ui.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def general_contacts() -> tuple[str, ...]:
    data = yaml.safe_load((KNOWLEDGE / "routing.yaml").read_text(encoding="utf-8"))
    return tuple(data["general_contacts"])


def _contact_line(r: Route, language: str, several_countries: bool) -> str:
    """"• Bris: 116 111 (dygnet runt)"; a name that holds its number stands alone:
    "• 1177 Vårdguiden (dygnet runt)" (with a colon it read as a number left out)."""
    ui = labels()[language]
    c = r.contact
    name = c.name(language)
    reach = ""
    if c.phone and not all(p in name for p in c.phone):
        reach = ", ".join(c.phone)
    elif not c.phone and c.web:
        reach = c.web
    hours = ""
    if r.open_now is True:
        hours = f"({ui['always_open'] if c.hours and c.hours.get('always_open') else ui['open_now']})"
    elif r.opens_at:
        hours = f"({ui['opens_at'].format(day=ui['days'][r.opens_at.weekday()], time=r.opens_at.strftime('%H:%M'))})"
    prefix = f"{ui['country_names'][c.country]}: " if several_countries else ""
    line = f"{name}: {reach}" if reach else name
    return f"• {prefix}{line}" + (f" {hours}" if hours else "")


def contact_block(kb: KnowledgeBase, language: str, *, now: dt.datetime, country: Optional[str],
                  audience: Optional[str], topic: Optional[str], age: Optional[int],
                  preferred: tuple[str, ...] = (), man: bool = False) -> tuple[str, tuple[str, ...]]:
    """The contact lines under a heading, and the ids of the contacts offered.

    The person's country first (what they chose or said, else what their language suggests:
    Norwegian -> Norway), then the other country's after a heading of its own; with no country
    at all, both, each line naming its country.
    """
    contacts = kb.contacts()
    preferred = preferred or general_contacts()
    ui = labels()[language]
    first = country if country in countries() else country_of_language(language)
    lines, ids = [], []
    if first:
        order = [(first, 3, None), *((c, 2, c) for c in countries() if c != first)]
    else:
        order = [(c, 2, None) for c in countries()]
    for code, limit, heading in order:
        routes = route(contacts, now=now, country=code, audience=audience, topic=topic, age=age,
                       preferred=preferred, limit=limit, man=man)
        if routes and heading:
            lines.append(ui["other_country_heading"].format(country=country_name(heading, language)))
        lines += [_contact_line(r, language, first is None) for r in routes]
        ids += [r.contact.id for r in routes]
    if not lines:
        return "", ()
    return "\n".join([ui["contacts_heading"], *lines]), tuple(ids)


def _audience_buttons(language: str) -> tuple[tuple[str, str], ...]:
    choices = labels()[language]["audience_choices"]
    return tuple((choices[a], p) for a, p in AUDIENCE_PAYLOADS.items())


def _article_answer(kb: KnowledgeBase, article: Article, s: Situation, audience: Optional[str],
                    searched: bool, guessed: bool = False, ask: bool = False,
                    others: Sequence[str] = ()) -> Answer:
    ui = labels()[s.language]
    contacts, ids = contact_block(kb, s.language, now=s.now, country=s.country, audience=audience,
                                  topic=article.topic, age=s.age, preferred=article.contacts, man=s.man)
    # Rasa's REST channel sends each "\n\n"-separated part as its own message: at most three
    # bubbles a turn (the article and where to read more, the contacts, a question).
    text = article.easy if s.register == "easy" and article.easy else article.text
    body = f"{text}\n{ui['read_more']} {article.read_more}" if article.read_more else text
    # Who is asking was not said: the answer says it can be fitted to them (not right after the
    # safety check, whose bubble with its buttons comes first: three bubbles a turn at most).
    # The last bubble is one question at most: other close topics as buttons, else who is
    # asking (`ask`: nobody knows and the bot has not asked yet), else the offer to fit it.
    invite = (audience is None or guessed) and not s.after_safety_check
    others = () if s.after_safety_check else others
    ask = ask and not others
    buttons: tuple[tuple[str, str], ...] = ()
    if others:
        question, buttons = ui["clarify_others"], _topic_buttons(s.language, others)
    elif ask:
        question, buttons = ui["ask_audience"], _audience_buttons(s.language)
    else:
        question = ui["ask_role"] if invite else ""
    parts = [body, contacts, question]
    return Answer("\n\n".join(p for p in parts if p), article.id, article.topic, ids, searched=searched,
                  buttons=buttons, kind="article", audience=article.audience, asks_audience=ask)


def item_answer(kb: KnowledgeBase, item: Item, s: Situation) -> Answer:
    contacts, ids = contact_block(kb, s.language, now=s.now, country=item.country, audience=item.audience,
                                  topic=item.topic, age=s.age, preferred=item.contacts, man=s.man)
    body = f"{item.shown(s.language)}\n{labels()[s.language]['item_sources_hint']}"
    return Answer("\n\n".join(p for p in (body, contacts) if p), item.id, item.topic, ids, searched=True,
                  kind="item", audience=item.audience)


def topic_answer(kb: KnowledgeBase, topic: str, s: Situation, audience: Optional[str] = None,
                 searched: bool = False, guessed: bool = False, likely: Optional[str] = None,
                 ask: bool = False, others: Sequence[str] = ()) -> Optional[Answer]:
    """The topic's article for the audience (the conversation's unless given; `guessed`: read
    from the message, not said; `likely`: whom to write for when nobody knows; `ask`: end with
    the question who is asking; `others`: close topics offered as buttons instead)."""
    audience = audience or s.audience
    article = kb.article(topic, audience or likely or DEFAULT_AUDIENCE, s.language)
    if article is None:
        return None
    return _article_answer(kb, article, s, audience, searched, guessed, ask, others)


def _topic_buttons(language: str, topics: Sequence[str]) -> tuple[tuple[str, str], ...]:
    names = labels()[language]["topic_names"]
    return tuple((names[t], f"/{TOPIC_INTENTS[t]}") for t in topics if t in TOPIC_INTENTS)


def clarify_answer(kb: KnowledgeBase, topics: Sequence[str], s: Situation, audience: Optional[str]) -> Answer:
    """One clarifying question, the close topics as buttons, and contacts that fit them all."""
    ui = labels()[s.language]
    contacts, ids = contact_block(kb, s.language, now=s.now, country=s.country, audience=audience,
                                  topic=None, age=s.age, man=s.man)
    return Answer("\n\n".join(p for p in (ui["clarify"], contacts) if p), contacts=ids, searched=True,
                  buttons=_topic_buttons(s.language, topics), kind="clarify", audience=audience)


def not_found_answer(kb: KnowledgeBase, s: Situation, audience: Optional[str]) -> Answer:
    """Honestly that nothing fits, with contact points; a second time in a row, the topics too."""
    ui = labels()[s.language]
    contacts, ids = contact_block(kb, s.language, now=s.now, country=s.country, audience=audience,
                                  topic=None, age=s.age, man=s.man)
    if s.fallbacks_in_a_row:
        buttons = _topic_buttons(s.language, ("honour_violence", "forced_marriage", "abroad_before_trip",
                                              "close_violence", "fgm")) + ((ui["topic_names"]["support_structure"],
                                                                            FIND_HELP_PAYLOAD),)
        return Answer("\n\n".join([ui["not_understood_again"], contacts]), contacts=ids, answered=False,
                      searched=True, buttons=buttons, kind="not_found", audience=audience)
    return Answer("\n\n".join([ui["not_found"].rstrip(":") + ".", contacts]), contacts=ids, answered=False,
                  searched=True, kind="not_found", audience=audience)


def who_asks(reading: dict[str, Any], s: Situation) -> Optional[str]:
    """The audience to answer for: said outright now, else the conversation's, else a sure guess."""
    said = reading.get("audience") or {}
    if said.get("explicit") and said.get("value"):
        return said["value"]
    return s.audience or said.get("value")


def question_answer(kb: KnowledgeBase, reading: dict[str, Any], s: Situation,
                    item: Optional[Item] = None) -> Answer:
    """The answer to a free-text question (see the module's docstring). `item`: the specific
    item the question matched (bot.knowledge.item_match), if any."""
    audience = who_asks(reading, s)
    said = reading.get("audience") or {}
    guessed = audience is not None and s.audience is None and not said.get("explicit")
    if item is not None:
        return item_answer(kb, item, s)
    ranked = [(t, p) for t, p in reading.get("topics") or []]
    if ranked:
        (top, p1), p2 = ranked[0], (ranked[1][1] if len(ranked) > 1 else 0.0)
        ask = audience is None and not s.asked_audience and not s.after_safety_check
        close = [t for t, p in ranked[:CLARIFY_OPTIONS] if p >= TOPIC_POSSIBLE]
        sure = p1 >= TOPIC_SURE and p1 - p2 >= TOPIC_LEAD
        if sure or p1 >= TOPIC_LIKELY:
            found = topic_answer(kb, top, s, audience, searched=True, guessed=guessed,
                                 likely=said.get("likely"), ask=ask, others=() if sure else close[1:])
            if found:
                return found
        if len(close) >= 2 or (close and p1 >= TOPIC_POSSIBLE):
            return clarify_answer(kb, close or [top], s, audience)
    return not_found_answer(kb, s, audience)


def contacts_answer(kb: KnowledgeBase, s: Situation) -> Answer:
    text, ids = contact_block(kb, s.language, now=s.now, country=s.country, audience=s.audience,
                              topic=None, age=s.age, man=s.man)
    return Answer(text, contacts=ids, kind="contacts", audience=s.audience)


def source_answer(kb: KnowledgeBase, answer_id: Optional[str], language: str) -> Answer:
    """Where the last article or item comes from: its sources, by title and organisation."""
    ui = labels()[language]
    article = next((a for a in kb.articles(language) if a.id == answer_id), None) if answer_id else None
    found = article or (kb.item(answer_id) if answer_id else None)
    if found is None:
        return Answer(ui["no_source_yet"], kind="source")
    lines = [ui["sources"], *(f"• {src.label()}: {src.url}" for src in found.sources),
             ui["reviewed"].format(date=found.reviewed, owner=found.owner)]
    return Answer("\n".join(lines), found.id, kind="source")
