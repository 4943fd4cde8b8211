"""Which topic an unanswered question was probably about: a hint for the curator.

Two signals, both already computed for the turn:
1. DIET's intent ranking. The question went unanswered because the best intent stayed under
   the fallback threshold (0.45, config.yml) or its topic had no article; a topic intent
   still ranked with some confidence is the classifier's own guess, learnt from chat-style
   wording, so it comes first.
2. The knowledge search's best-scoring topic under the answer threshold. It also covers
   topics that have articles but no intent (school_role, support_structure, ...), but a low
   BM25 score can rest on one shared word, so it needs a floor.
Neither: no guess (NULL), which is the honest answer for "who won the match".
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional, Sequence

from bot.knowledge.topics import INTENT_TOPICS

# Measured on tests/data/unanswered_paraphrases.yaml through the trained model: for questions
# that fell back, the best topic intent was 0.15-0.28 on tax questions (noise) and 0.31-0.45 on
# residence permits after divorce (which the abroad and protection topics do touch).
MIN_INTENT_CONFIDENCE = 0.3
MIN_SEARCH_SCORE = 1.5         # half of SEARCH_THRESHOLD: more than one weak shared stem


def topic_guess(intent_ranking: Optional[Iterable[Mapping[str, Any]]],
                search_scores: Optional[Sequence[tuple[float, str]]] = None) -> Optional[str]:
    """The topic an unanswered question most likely belongs to, or None."""
    best_intent = max(
        ((float(i.get("confidence") or 0.0), INTENT_TOPICS[i["name"]])
         for i in intent_ranking or () if i.get("name") in INTENT_TOPICS),
        default=None)
    if best_intent and best_intent[0] >= MIN_INTENT_CONFIDENCE:
        return best_intent[1]
    best_search = max(search_scores or (), default=None)
    if best_search and best_search[0] >= MIN_SEARCH_SCORE:
        return best_search[1]
    return None
