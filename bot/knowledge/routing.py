"""Contact routing: the best few contact points for who is asking, about what, and when."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

from bot.knowledge.hours import is_open, next_opening
from bot.knowledge.schema import Contact


@dataclass(frozen=True)
class Route:
    contact: Contact
    open_now: Optional[bool]          # None: opening hours not known
    opens_at: Optional[dt.datetime]   # next opening when closed now


def _suits(contact: Contact, country: Optional[str], audience: Optional[str], age: Optional[int],
           urgent: bool, man: bool = False) -> bool:
    if country and contact.country != country:
        return False
    # a man asking for himself is not sent to a women's line; asking for a woman he may be
    if man and contact.women_only and audience not in ("relative", "professional"):
        return False
    if audience and contact.audiences and audience not in contact.audiences:
        return False
    if age is not None and ((contact.age_max is not None and age > contact.age_max)
                            or (contact.age_min is not None and age < contact.age_min)):
        return False
    # Emergency numbers belong to the escalation answers, not to everyday guidance.
    return urgent or not contact.emergency


def route(contacts: Iterable[Contact], *, now: dt.datetime, country: Optional[str] = None,
          region: Optional[str] = None, audience: Optional[str] = None,
          topic: Optional[str] = None, urgency: str = "normal", age: Optional[int] = None,
          preferred: Sequence[str] = (), limit: int = 3, man: bool = False) -> list[Route]:
    """Rank suitable contact points: the article's own picks, topic, region, open now (`man`:
    the person asking says he is a man or boy)."""
    urgent = urgency in ("urgent", "immediate_danger")
    scored = []
    for contact in contacts:
        if not _suits(contact, country, audience, age, urgent, man):
            continue
        open_now = is_open(contact.hours, contact.country, now)
        score = 0.0
        if contact.id in preferred:
            score += 4 - 0.1 * list(preferred).index(contact.id)
        if topic and topic in contact.topics:
            score += 2
        if region and region in (contact.raw.get("regions") or []):
            score += 3
        if urgent and contact.emergency:
            score += 5
        if contact.phone:
            score += 0.5  # something the person can call beats a web page
        score += {True: 2.0, None: 0.5, False: 0.0}[open_now]
        scored.append((score, contact.id, Route(contact, open_now,
                                                None if open_now else next_opening(contact.hours, contact.country, now))))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [route for _, _, route in scored[:limit]]
