"""Which topic an unanswered question was probably about: a hint for the curator.

Two signals, both already computed for the turn:
1. the understanding layer's topic ranking (bot/understanding/read.py): the question went
   unanswered because no topic was clearly ahead, but the best one, when it is at least
   MIN_TOPIC likely, is the model's own guess;
2. DIET's intent ranking: a topic intent still ranked with some confidence.
Neither: no guess (NULL), which is the honest answer for "who won the match".
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional, Sequence

from bot.knowledge.topics import INTENT_TOPICS

MIN_TOPIC = 0.25
# Measured on tests/data/unanswered_paraphrases.yaml through the trained model: for questions
# that fell back, the best topic intent was 0.15-0.28 on tax questions (noise) and 0.31-0.45 on
# residence permits after divorce (which the abroad and protection topics do touch).
MIN_INTENT_CONFIDENCE = 0.3


def topic_guess(intent_ranking: Optional[Iterable[Mapping[str, Any]]],
                topics: Optional[Sequence[Sequence[Any]]] = None) -> Optional[str]:
    """The topic an unanswered question most likely belongs to, or None."""
    if topics:
        best, p = topics[0][0], float(topics[0][1])
        if p >= MIN_TOPIC:
            return str(best)
    best_intent = max(
        ((float(i.get("confidence") or 0.0), INTENT_TOPICS[i["name"]])
         for i in intent_ranking or () if i.get("name") in INTENT_TOPICS),
        default=None)
    if best_intent and best_intent[0] >= MIN_INTENT_CONFIDENCE:
        return best_intent[1]
    return None
