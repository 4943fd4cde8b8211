"""A plausible simulated month of figures, for the example report and the tests.

Deterministic for a seed (random.Random only). Proportions are invented but sensible: more
conversations on weekdays, mostly Swedish then Norwegian, young people first, honour-related
violence and violence in close relationships the commonest topics, questions about trips abroad
rising towards the autumn break, a few escalations, about half the searches unanswered, and
rare topics, levels and contact points, so that suppressed cells show in the report.
"""
from __future__ import annotations

import calendar
import datetime as dt
import random
from collections import Counter

from bot.figures.counting import FigureKey
from bot.figures.vocabulary import contact_ids

DAILY = 45                                   # conversations on an ordinary weekday
WEEKDAY = (1.0, 1.0, 1.0, 1.0, 0.9, 0.65, 0.8)
LANGUAGES = {"sv": 0.58, "nb": 0.32, "en": 0.10}
AUDIENCES = {"young": 0.45, "relative": 0.25, "professional": 0.2, "adult": 0.1}
TOPICS = {
    "honour_violence": 18, "close_violence": 16, "forced_marriage": 14, "abroad_before_trip": 6,
    "protection": 7, "social_services": 7, "report_police": 6, "digital_control": 6, "fgm": 4,
    "child_marriage": 3, "school_role": 3, "abroad_already": 2, "healthcare": 2, "lgbtq": 1.5,
    "support_structure": 0.8,
}
LEVELS = {"immediate_danger": 0.25, "child_at_risk": 0.25, "self_harm": 0.2,
          "trip_abroad_soon": 0.2, "already_abroad": 0.1}


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def simulate_month(year: int, month: int, seed: int) -> Counter[FigureKey]:
    rng = random.Random(seed)
    days = calendar.monthrange(year, month)[1]
    # Some contact points are offered far more often than others.
    contacts = {c: rng.uniform(0.1, 3.0) for c in contact_ids()}
    by_country = {country: {c: w for c, w in contacts.items() if c.startswith(prefix)}
                  for country, prefix in (("SE", "se_"), ("NO", "no_"))}
    counts: Counter[FigureKey] = Counter()

    def offer(day: dt.date, language: str, n: int) -> None:
        countries = {"sv": ["SE"], "nb": ["NO"]}.get(language, ["SE", "NO"])
        for country in countries:
            pool = dict(by_country[country])
            for _ in range(n):
                c = _pick(rng, pool)
                pool.pop(c)
                counts[(day, "contact", c)] += 1

    for d in range(1, days + 1):
        day = dt.date(year, month, d)
        topics = dict(TOPICS, abroad_before_trip=TOPICS["abroad_before_trip"] * (1 + 2 * d / days))
        for _ in range(round(DAILY * WEEKDAY[day.weekday()] * rng.uniform(0.8, 1.2))):
            counts[(day, "conversations", "all")] += 1
            language = _pick(rng, LANGUAGES)
            counts[(day, "messages", language)] += rng.randint(2, 9)
            if rng.random() < 0.7:
                counts[(day, "audience", _pick(rng, AUDIENCES))] += 1
            answers = 0
            for _ in range(rng.choices((0, 1, 2), (0.25, 0.5, 0.25))[0]):
                counts[(day, "topic", _pick(rng, topics))] += 1
                offer(day, language, 3 if language != "en" else 2)
                answers += 1
            if rng.random() < 0.3:
                answered = rng.random() < 0.55
                counts[(day, "search", "answered" if answered else "unanswered")] += 1
                if answered:
                    counts[(day, "topic", _pick(rng, topics))] += 1
                offer(day, language, 2)
                answers += 1
            if rng.random() < 0.09:
                counts[(day, "danger", _pick(rng, LEVELS))] += 1
            for _ in range(answers):
                if rng.random() < 0.12:
                    counts[(day, "rating", "up" if rng.random() < 0.78 else "down")] += 1
    return counts
